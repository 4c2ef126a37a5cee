from ninja import Schema

from practice_commons.core.api_schemas import ErrorOut  # noqa: F401 - re-exported


class ProfileOut(Schema):
    id: int
    email: str
    full_name: str
    pronouns: str
    profession: str | None
    organisation: str | None
    nation: str
    area: str
    regulator: str
    expertise: list[str]
    open_to_collaborate: bool
    happy_to_network: bool
    host_membership: str
    language: str
