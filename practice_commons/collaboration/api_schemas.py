"""The collaboration API's schemas (split from ``api.py`` to keep modules short)."""

from datetime import date, datetime
from typing import Annotated

from ninja import Field, Schema

from practice_commons.accounts.models import Nation
from practice_commons.core.api_pagination import next_field
from practice_commons.core.api_schemas import ObjectId, Slug, name_field

from .models import OpportunityKind, Sector, ShadowingKind
from .models.opportunities import MESSAGE_MAX_LENGTH, SHORT_MAX_LENGTH, TEXT_MAX_LENGTH
from .services.agreements import MAX_PARTIES
from .terms import TEXT_MAX_LENGTH as TERMS_MAX_LENGTH


class DirectoryPersonOut(Schema):
    id: int
    name: str
    profession: str | None
    organisation: str | None = Field(
        None, description="Slug, only when the affiliation is verified."
    )
    organisation_name: str | None
    organisation_kind: str | None
    nation: str
    area: str
    expertise: list[str]
    open_to_collaborate: bool
    networker: bool
    champion: bool
    bio: str | None = Field(None, description="Only when the person chose to show it.")


class DirectoryPersonListOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[DirectoryPersonOut]
    next: str | None = next_field()


class OpportunityOut(Schema):
    id: int
    kind: str
    title: str
    description: str
    organisation: str | None
    poster: str
    sectors: list[str]
    professions: list[str]
    nation: str
    area: str
    commitment: str
    closes_on: date
    status: str
    url: str


class OpportunityListOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[OpportunityOut]
    next: str | None = next_field()


class OpportunityIn(Schema):
    kind: OpportunityKind
    title: name_field("Title", 150)
    description: str = Field(..., max_length=TEXT_MAX_LENGTH)
    sectors: list[Sector] = Field(default_factory=list, max_length=10)
    professions: list[Slug] = Field(default_factory=list, max_length=20)
    nation: Nation | None = None
    area: str = Field("", max_length=SHORT_MAX_LENGTH)
    commitment: str = Field("", max_length=SHORT_MAX_LENGTH)
    closes_on: date
    organisation: Slug | None = Field(None, description="Post in this organisation's name.")
    confidentiality_acknowledged: bool = False


class InterestIn(Schema):
    message: str = Field(..., max_length=MESSAGE_MAX_LENGTH)
    confidentiality_acknowledged: bool = False


class InterestOut(Schema):
    id: int
    opportunity_id: int
    person: str
    message: str
    status: str
    reply: str
    created_at: datetime


class PartyOut(Schema):
    organisation: str
    organisation_name: str
    contact_id: int
    contact_name: str


class AcceptanceOut(Schema):
    organisation: str
    person_id: int
    person: str
    accepted_at: datetime
    text_hash: str


class AgreementVersionOut(Schema):
    number: int
    text: str
    text_hash: str
    terms: dict
    created_at: datetime
    acceptances: list[AcceptanceOut]


class MilestoneOut(Schema):
    title: str
    due_on: date
    done_on: date | None


class AgreementOut(Schema):
    id: int
    kind: str
    title: str
    state: str
    current_version: int
    agreed_version: int | None
    start_on: date | None
    end_on: date | None
    review_on: date | None
    published: bool
    parties: list[PartyOut]
    url: str


class AgreementDetailOut(AgreementOut):
    versions: list[AgreementVersionOut]
    milestones: list[MilestoneOut]


class AgreementListOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[AgreementOut]
    next: str | None = next_field()


class PartyIn(Schema):
    organisation: Slug
    contact: ObjectId = Field(
        ..., description="The named contact's user id (verified at the organisation)."
    )


class AgreementIn(Schema):
    title: name_field("Title", 150)
    parties: list[PartyIn] = Field(..., min_length=2, max_length=MAX_PARTIES)
    purpose: str = Field(..., max_length=TERMS_MAX_LENGTH)
    responsibilities: list[Annotated[str, Field(max_length=TERMS_MAX_LENGTH)]] = Field(
        ..., max_length=10, description="Each party's responsibilities, in the order of parties."
    )
    milestones: list[Annotated[str, Field(max_length=200)]] = Field(
        default_factory=list, max_length=20, description='"YYYY-MM-DD what is due", one each.'
    )
    communication_internal: str = Field("", max_length=TERMS_MAX_LENGTH)
    communication_external: str = Field("", max_length=TERMS_MAX_LENGTH)
    recognition: str = Field("", max_length=TERMS_MAX_LENGTH)
    data_sharing: str = Field("", max_length=TERMS_MAX_LENGTH)
    start_on: date
    end_on: date | None = None
    review_on: date
    published: bool = False
    propose: bool = Field(False, description="Propose it to the other parties at once.")
    confidentiality_acknowledged: bool = False


class AcceptIn(Schema):
    version: int = Field(..., ge=1, le=100_000)


class ShadowingOut(Schema):
    id: int
    kind: str
    title: str
    description: str
    organisation: str | None
    profession: str | None
    nation: str
    area: str
    status: str
    poster: str
    url: str


class ShadowingListOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[ShadowingOut]
    next: str | None = next_field()


class ShadowingIn(Schema):
    kind: ShadowingKind
    title: name_field("Title", 150)
    description: str = Field(..., max_length=TEXT_MAX_LENGTH)
    profession: Slug | None = None
    nation: Nation | None = None
    area: str = Field("", max_length=SHORT_MAX_LENGTH)
    organisation: Slug | None = Field(None, description="Offers: the host organisation (yours).")
    confidentiality_acknowledged: bool = False
