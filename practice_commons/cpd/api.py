"""``/api/v1/cpd``: the signed-in person's own CPD records and progress, nobody else's.

The same selectors and services as the pages: another person's record is 404 (whoever
asks, host and organisation admins included), bad input is 400 with messages keyed by
field, a blocked text is 422 with kinds and offsets only, finalising twice is 409.
"""

import datetime as dt

from ninja import Field, Query, Router, Schema, Status

from practice_commons.core.api_pagination import LimitOffset, cursor_page, next_field
from practice_commons.core.api_schemas import LIST_MAX, Choice, ErrorOut, GuardErrorOut, example

from . import progress, selectors, services
from .models import ActivityType, RecordStatus

router = Router(tags=["cpd"])

TEXT_MAX = 4000


class EvidenceOut(Schema):
    id: int
    kind: str
    label: str
    url: str


class RecordOut(Schema):
    id: int
    title: str
    activity_type: str
    activity_type_label: str
    date: dt.date
    end_date: dt.date | None
    hours: float
    description: str
    what_learnt: str
    impact: str
    peer_reflection: bool
    peer_roles: str
    peer_learning: str
    pcf_domains: list[str]
    standards: list[str]
    evidence: list[EvidenceOut]
    status: str
    source_kind: str
    community_name: str
    created_at: dt.datetime
    updated_at: dt.datetime
    finalised_at: dt.datetime | None
    url: str


class RecordListOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[RecordOut]
    next: str | None = next_field()


class RecordIn(Schema):
    model_config = example(
        {
            "title": "Multi-agency training on neglect and the graded care profile",
            "activity_type": "training",
            "date": "2026-11-12",
            "hours": 3,
            "description": "A half-day session with health visitors and school nurses.",
            "what_learnt": "How each agency weighs the same signs of neglect differently.",
            "impact": "I now share the graded care profile with the health visitor first.",
            "peer_reflection": True,
            "peer_roles": "Health visitor, school nurse",
            "pcf_domains": ["5", "7"],
            "standards": ["swe-4"],
            "confidentiality_acknowledged": False,
        }
    )

    title: str = Field(..., max_length=800, description="Up to 200 characters.")
    activity_type: Choice = Field(ActivityType.OTHER, description="One of the activity types.")
    date: dt.date
    end_date: dt.date | None = Field(None, description="The last day, for more than one day.")
    hours: float = Field(0, allow_inf_nan=False, ge=-1e6, le=1e6, description="0 to 24 a day.")
    description: str = Field("", max_length=TEXT_MAX)
    what_learnt: str = Field("", max_length=TEXT_MAX)
    impact: str = Field("", max_length=TEXT_MAX)
    peer_reflection: bool = False
    peer_roles: str = Field("", max_length=200, description="Roles only, never names.")
    peer_learning: str = Field("", max_length=TEXT_MAX)
    pcf_domains: list[Choice] = Field([], max_length=LIST_MAX, description="'1' to '9'.")
    standards: list[Choice] = Field(
        [], max_length=LIST_MAX, description="Codes of your framework's standards."
    )
    confidentiality_acknowledged: bool = False


class RecordPatch(Schema):
    model_config = example(
        {
            "impact": "I now plan joint visits with the health visitor when neglect is a concern.",
            "standards": ["swe-4", "swe-5"],
        }
    )

    title: str | None = Field(None, max_length=800)
    activity_type: Choice | None = None
    date: dt.date | None = None
    end_date: dt.date | None = None
    hours: float | None = Field(None, allow_inf_nan=False, ge=-1e6, le=1e6)
    description: str | None = Field(None, max_length=TEXT_MAX)
    what_learnt: str | None = Field(None, max_length=TEXT_MAX)
    impact: str | None = Field(None, max_length=TEXT_MAX)
    peer_reflection: bool | None = None
    peer_roles: str | None = Field(None, max_length=200)
    peer_learning: str | None = Field(None, max_length=TEXT_MAX)
    pcf_domains: list[Choice] | None = Field(None, max_length=LIST_MAX)
    standards: list[Choice] | None = Field(None, max_length=LIST_MAX)
    confidentiality_acknowledged: bool = False


class RecordPage(LimitOffset):
    status: Choice | None = Field(None, description="draft or final.")


class ProgressOut(Schema):
    regulator: str
    year_start: dt.date
    year_end: dt.date
    records_final: int
    records_required: int
    peer_reflection_met: bool
    hours: float
    hours_required: float | None
    days_left: int


def evidence_out(evidence) -> dict:
    return {"id": evidence.pk, "kind": evidence.kind, "label": evidence.label, "url": evidence.url}


def record_out(record) -> dict:
    return {
        "id": record.pk,
        "title": record.title,
        "activity_type": record.activity_type,
        "activity_type_label": str(record.get_activity_type_display()),
        "date": record.date,
        "end_date": record.end_date,
        "hours": float(record.hours),
        "description": record.description,
        "what_learnt": record.what_learnt,
        "impact": record.impact,
        "peer_reflection": record.peer_reflection,
        "peer_roles": record.peer_roles,
        "peer_learning": record.peer_learning,
        "pcf_domains": list(record.pcf_domains or []),
        "standards": list(record.standards or []),
        "evidence": [evidence_out(e) for e in record.evidence.all()],
        "status": record.status,
        "source_kind": record.source_kind,
        "community_name": record.community_name,
        "created_at": record.created_at,
        "updated_at": record.updated_at,
        "finalised_at": record.finalised_at,
        "url": record.get_absolute_url(),
    }


def _data(payload, *, partial: bool) -> tuple[dict, bool]:
    data = payload.dict(exclude_unset=partial)
    acknowledged = bool(data.pop("confidentiality_acknowledged", False))
    if partial:
        data = {k: v for k, v in data.items() if v is not None or k == "end_date"}
    return data, acknowledged


@router.get("/records", response={200: RecordListOut, 400: ErrorOut}, summary="Your CPD records")
def record_list(request, page: Query[RecordPage]):
    """The signed-in person's own CPD records, newest first; ``status`` keeps drafts or
    final records only. Nobody else's records are ever listed, whatever the caller's role."""
    limit, offset = page.limit, page.offset
    qs = selectors.records_for(request.user).prefetch_related("evidence")
    if page.status in RecordStatus.values:
        qs = qs.filter(status=page.status)
    return cursor_page(
        request,
        qs,
        scope="cpd.records",
        out=record_out,
        cursor=page.cursor,
        limit=limit,
        offset=offset,
    )


@router.post(
    "/records",
    response={201: RecordOut, 400: ErrorOut, 422: GuardErrorOut},
    summary="Start a CPD record (a draft)",
)
def record_create(request, payload: RecordIn):
    """Start a draft record. The free text passes the confidentiality guard: identifying
    details are 422 with their kinds and offsets, and a record of only uncertain names is
    saved when ``confidentiality_acknowledged`` is true. Standards are codes of the
    framework of the caller's regulator."""
    data, acknowledged = _data(payload, partial=False)
    record = services.record_create(
        actor=request.user, data=data, confidentiality_acknowledged=acknowledged
    )
    return Status(201, record_out(selectors.record_for_owner(request.user, record.pk)))


@router.get(
    "/records/{record_id}", response={200: RecordOut, 404: ErrorOut}, summary="One of your records"
)
def record_read(request, record_id: int):
    """One of the caller's own records with its evidence; another person's is 404."""
    return record_out(selectors.record_for_owner(request.user, record_id))


@router.patch(
    "/records/{record_id}",
    response={200: RecordOut, 400: ErrorOut, 404: ErrorOut, 422: GuardErrorOut},
    summary="Change some of a record's fields",
)
def record_update(request, record_id: int, payload: RecordPatch):
    """Change only the fields sent; the others keep their values. Text passes the guard
    as on creation; a final record stays final and must still be complete."""
    record = selectors.record_for_owner(request.user, record_id)
    data, acknowledged = _data(payload, partial=True)
    services.record_update(
        actor=request.user, record=record, data=data, confidentiality_acknowledged=acknowledged
    )
    return record_out(selectors.record_for_owner(request.user, record_id))


@router.delete(
    "/records/{record_id}",
    response={204: None, 404: ErrorOut},
    summary="Delete one of your records and its evidence",
)
def record_delete(request, record_id: int):
    """Deletes one of the caller's records, draft or final, with its evidence; another
    person's is 404. A draft made from an event or session is not made again."""
    record = selectors.record_for_owner(request.user, record_id)
    services.record_delete(actor=request.user, record=record)
    return Status(204, None)


@router.post(
    "/records/{record_id}/finalise",
    response={200: RecordOut, 400: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Make a record final (its reflective parts must be written)",
)
def record_finalise(request, record_id: int):
    """Make a draft final: what happened, what was learnt and its impact must be written
    (400 names the missing parts); finalising a final record is 409."""
    record = selectors.record_for_owner(request.user, record_id)
    services.record_finalise(actor=request.user, record=record)
    return record_out(selectors.record_for_owner(request.user, record_id))


@router.get(
    "/progress",
    response=ProgressOut,
    summary="Your progress in the current registration period",
)
def progress_read(request):
    """Progress towards the caller's regulator's CPD requirement in the current
    registration period: final records, peer reflection, hours and days left."""
    return progress.progress_for(request.user).as_api()
