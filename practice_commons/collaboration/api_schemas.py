"""The collaboration API's schemas (split from ``api.py`` to keep modules short)."""

from datetime import date, datetime
from typing import Annotated

from ninja import Field, Schema

from practice_commons.accounts.models import Nation
from practice_commons.core.api_pagination import next_field
from practice_commons.core.api_schemas import ObjectId, Slug, example, name_field

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
    model_config = example(
        {
            "kind": "joint_training",
            "title": "Co-deliver neglect training with a health partner",
            "description": "We are looking for a community health partner to "
            "co-design and deliver two half-day sessions on "
            "recognising cumulative neglect for social workers and "
            "health visitors.",
            "sectors": ["nhs_body"],
            "professions": ["health-visitor"],
            "nation": "england",
            "area": "Riverside",
            "commitment": "Two half-days between March and May 2027, plus planning",
            "closes_on": "2027-02-26",
            "confidentiality_acknowledged": False,
        }
    )

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
    model_config = example(
        {
            "message": "Our health visiting team would like to be involved: we "
            "ran a similar session last year and can bring a "
            "co-trainer.",
            "confidentiality_acknowledged": False,
        }
    )

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


# The terms an agreement example proposes (shared by its creation and its change).
_TERMS_EXAMPLE = {
    "title": "Joint neglect training partnership 2027",
    "purpose": "Co-design and deliver joint training on recognising "
    "neglect for staff in children's social care and community "
    "health.",
    "responsibilities": [
        "Provide the venue, a co-trainer and evaluation of the sessions.",
        "Provide a health visitor co-trainer and recruit health staff to attend.",
    ],
    "milestones": [
        "2027-03-31 Course materials agreed",
        "2027-05-14 First joint session delivered",
    ],
    "communication_internal": "A monthly call between the two named contacts.",
    "communication_external": "Joint announcements agreed by both parties before publication.",
    "recognition": "Both organisations' names on course materials.",
    "data_sharing": "No personal data is shared under this agreement.",
    "start_on": "2027-03-01",
    "end_on": "2028-02-28",
    "review_on": "2027-09-01",
}


class AgreementIn(Schema):
    model_config = example(
        {
            **_TERMS_EXAMPLE,
            "parties": [
                {"organisation": "riverside-council", "contact": 1042},
                {"organisation": "riverside-community-health", "contact": 2087},
            ],
            "published": True,
            "propose": False,
            "confidentiality_acknowledged": False,
        }
    )

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
    model_config = example({"version": 2})

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
    model_config = example(
        {
            "kind": "offer",
            "title": "Shadow a day with a children's disability team",
            "description": "A day alongside our team: a transitions planning "
            "meeting, a team huddle and time with a practice "
            "educator. Suits social workers and occupational "
            "therapists.",
            "profession": "social-worker",
            "nation": "england",
            "area": "Riverside",
            "confidentiality_acknowledged": False,
        }
    )

    kind: ShadowingKind
    title: name_field("Title", 150)
    description: str = Field(..., max_length=TEXT_MAX_LENGTH)
    profession: Slug | None = None
    nation: Nation | None = None
    area: str = Field("", max_length=SHORT_MAX_LENGTH)
    organisation: Slug | None = Field(None, description="Offers: the host organisation (yours).")
    confidentiality_acknowledged: bool = False


class AgreementTermsIn(Schema):
    """The terms of ``POST /agreements`` without the parties (they cannot change)."""

    model_config = example({**_TERMS_EXAMPLE, "confidentiality_acknowledged": False})

    title: str = Field(max_length=150)
    purpose: str = Field(max_length=5000)
    responsibilities: list[Annotated[str, Field(max_length=5000)]] = Field(
        max_length=10, description="One per party, in order."
    )
    milestones: list[Annotated[str, Field(max_length=200)]] = Field(
        [], max_length=20, description='"YYYY-MM-DD what is due".'
    )
    communication_internal: str = Field("", max_length=5000)
    communication_external: str = Field("", max_length=5000)
    recognition: str = Field("", max_length=5000)
    data_sharing: str = Field("", max_length=5000)
    start_on: date
    end_on: date | None = None
    review_on: date
    confidentiality_acknowledged: bool = False
