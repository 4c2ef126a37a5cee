from ninja import Schema


class ErrorOut(Schema):
    detail: str


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
