"""The events API's shared schemas (``api.py`` and ``api_more.py`` hold the operations):
events, registrations, invitations and attendance. Each input schema carries an example
body."""

from datetime import datetime
from typing import Annotated

from ninja import Field, Schema

from practice_commons.core.api_pagination import LimitOffset, next_field
from practice_commons.core.api_schemas import (
    LIST_MAX,
    Choice,
    ObjectId,
    Slug,
    example,
    name_field,
    optional_name_field,
)

from .models import Audience, EventFormat

# Column limits: the service refuses values outside its own ranges with a 400 that
# names the field; these only keep a number the database cannot hold from reaching it.
INT_MAX = 2_147_483_647
SMALLINT_MAX = 32_767
Email = Annotated[str, Field(max_length=254)]


class RegistrationOut(Schema):
    id: int
    event_id: int
    status: str
    waitlist_position: int | None
    waitlist_reason: str
    offer_expires_at: datetime | None
    is_trial: bool
    attended: bool


class EventOut(Schema):
    id: int
    title: str
    description: str
    title_cy: str = Field(..., description="The title in Welsh; empty when there is none.")
    description_cy: str = Field(
        ..., description="The description in Welsh; empty when there is none."
    )
    kind: str
    status: str
    format: str
    starts_at: datetime
    ends_at: datetime
    starts_at_london: str
    ends_at_london: str
    venue: str
    address: str
    venue_notes: str
    online_url: str | None
    nation: str
    area: str
    capacity: int | None
    places_taken: int
    audience: str
    trial_allowed: bool
    target_professions: list[str]
    max_profession_share: int | None
    cpd_hours: float
    community: str | None
    organisation: str | None
    co_hosts: list[str]
    series_id: int | None
    url: str
    your_registration: RegistrationOut | None = None


class EventListOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[EventOut]
    next: str | None = next_field()


class EventIn(Schema):
    model_config = example(
        {
            "title": "Working with parental neglect: joint training for "
            "children's services and health",
            "description": "A half-day course for social workers, health visitors "
            "and school nurses on recognising cumulative neglect "
            "and building a shared chronology. Bring an anonymised "
            "example from your own practice.",
            "title_cy": "Gweithio gydag esgeulustod gan rieni: hyfforddiant ar y cyd",
            "description_cy": "Cwrs hanner diwrnod i weithwyr cymdeithasol, ymwelwyr "
            "iechyd a nyrsys ysgol ar adnabod esgeulustod cronnus.",
            "kind": "joint_training",
            "starts_at": "2027-03-04T10:00:00Z",
            "ends_at": "2027-03-04T13:00:00Z",
            "format": "hybrid",
            "venue": "Riverside Civic Centre, Training Room 2",
            "online_url": "https://meet.riverside-trust.example.org/neglect-training",
            "nation": "england",
            "area": "Riverside",
            "capacity": 40,
            "audience": "signed_in",
            "target_professions": ["social-worker", "health-visitor"],
            "max_profession_share": 50,
            "cpd_hours": 3,
            "offer_hours": 24,
            "community": "riverside-safeguarding",
            "publish": True,
            "confidentiality_acknowledged": False,
        }
    )

    title: name_field("Title", 200)
    description: str = Field(..., max_length=5000)
    title_cy: optional_name_field("Title in Welsh", 200) = Field(
        "", description="The title in Welsh (optional; shown to people reading in Welsh)."
    )
    description_cy: str = Field(
        "", max_length=5000, description="The description in Welsh (optional)."
    )
    kind: Choice
    starts_at: datetime
    ends_at: datetime
    format: Choice = EventFormat.IN_PERSON
    venue: str = Field("", max_length=200)
    address: str = Field("", max_length=300)
    venue_notes: str = Field("", max_length=1000)
    online_url: str = Field("", max_length=500)
    nation: Choice = ""
    area: str = Field("", max_length=120)
    capacity: int | None = Field(None, le=INT_MAX)
    contact_name: optional_name_field("Contact name", 150) = ""
    contact_email: Email = ""
    audience: Choice = Audience.SIGNED_IN
    trial_allowed: bool = False
    target_professions: list[Slug] = Field([], max_length=LIST_MAX, description="Slugs.")
    max_profession_share: int | None = Field(None, le=SMALLINT_MAX, description="1 to 100 (%).")
    cpd_hours: float = Field(0, allow_inf_nan=False, le=INT_MAX, description="0 to 99.")
    show_attendee_names: bool = False
    offer_hours: int = Field(24, le=SMALLINT_MAX, description="1 to 168.")
    community: Slug | None = Field(None, description="The host community's slug.")
    organisation: Slug | None = Field(None, description="The host organisation's slug.")
    co_hosts: list[Slug] = Field([], max_length=LIST_MAX, description="Organisation slugs.")
    publish: bool = False
    confidentiality_acknowledged: bool = False


class RegisterIn(Schema):
    model_config = example({"invitation_token": ""})

    invitation_token: str = Field("", max_length=200)


class RegistrantOut(Schema):
    id: int
    user_id: int
    name: str
    profession: str | None
    organisation: str | None
    status: str
    attended: bool


class InvitationsIn(Schema):
    model_config = example(
        {
            "emails": [
                "duty.team@riverside-council.example.org",
                "safeguarding.nurses@riverside-health.example.org",
            ],
            "message": "We would welcome colleagues from your team at this session on neglect.",
            "community": "riverside-safeguarding",
            "confidentiality_acknowledged": False,
        }
    )

    emails: list[Email] = Field(..., max_length=LIST_MAX)
    message: str = Field("", max_length=1000)
    community: Slug | None = Field(None, description="The inviting community's slug.")
    confidentiality_acknowledged: bool = False


class InvitationOut(Schema):
    """The link is not here: its token exists only in the invitee's email."""

    id: int
    email: str
    community: str | None
    expires_at: datetime
    accepted: bool
    withdrawn: bool
    delivery: str  # sending | retrying | sent | failed
    sent_at: datetime | None


class AttendanceIn(Schema):
    model_config = example({"registration_ids": [5120, 5121, 5127], "attended": True})

    registration_ids: list[ObjectId] = Field(..., max_length=2000)
    attended: bool = True


class AttendanceOut(Schema):
    changed: int


class EventFilters(LimitOffset):
    kind: Choice = ""
    profession: Slug = Field("", description="A profession's slug.")
    nation: Choice = ""
    format: Choice = Field("", description="online or in_person.")
    community: Slug = Field("", description="A community's slug.")
