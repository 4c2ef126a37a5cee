"""Drafts that make themselves from what people did on the platform.

One generic service, ``cpd_draft_from_source``, makes the draft for one (person, source)
once; each source's thin wrapper says what its payload means. Lower apps never import
this: they send a signal after commit and ``handlers`` calls the wrapper. Receivers must
be idempotent (a signal may be sent again), and they are: a second call returns the
record already there, whatever the person has since written in it.
"""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone

from practice_commons.accounts.models import User

from ..models import ActivityType, CpdRecord

# Event kinds (and other sources' activity types) mapped onto the record's types.
ACTIVITY_TYPES = {
    "joint_training": ActivityType.TRAINING,
    "conference": ActivityType.TRAINING,
    "reflective_session": ActivityType.PEER_REFLECTION,
    "community_meeting": ActivityType.PEER_REFLECTION,
    "practitioners_forum": ActivityType.TRAINING,
    "visit": ActivityType.SHADOWING,
    "shadowing": ActivityType.SHADOWING,
    "library_item": ActivityType.READING,
    "reading": ActivityType.READING,
}

MAX_DRAFT_HOURS = Decimal("999.9")


def _hours(value) -> Decimal:
    try:
        hours = Decimal(str(value or 0)).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        return Decimal(0)
    return min(max(hours, Decimal(0)), MAX_DRAFT_HOURS)


def cpd_draft_from_source(
    *,
    user_id: int,
    source_kind: str,
    source_id: int,
    title: str,
    date: dt.date,
    hours=0,
    activity_type: str = "",
    description: str = "",
    peer_reflection: bool = False,
    community_id: int | None = None,
    community_name: str = "",
    end_date: dt.date | None = None,
    **_extra,
) -> CpdRecord | None:
    """The draft record for one source, made once: ``(user, source_kind, source_id)`` is
    unique. ``None`` if the person no longer exists. The title is already guarded by the
    app that sent it; the description is written here from facts (never user text)."""
    if not source_kind or source_id is None:
        raise ValueError("A draft from a source needs its kind and id.")
    if not User.objects.filter(pk=user_id).exists():
        return None
    existing = CpdRecord.objects.filter(
        user_id=user_id, source_kind=source_kind, source_id=source_id
    ).first()
    if existing is not None:
        return existing
    today = timezone.localdate()
    date = date or today
    if end_date is not None and end_date > today:
        end_date = today  # a draft records what has happened
    kind = ACTIVITY_TYPES.get(activity_type) or (
        activity_type if activity_type in ActivityType.values else ActivityType.OTHER
    )
    now = timezone.now()
    try:
        with transaction.atomic():
            return CpdRecord.objects.create(
                user_id=user_id,
                source_kind=source_kind,
                source_id=source_id,
                title=(title or "Learning")[:200],
                date=date,
                end_date=end_date if end_date and end_date > date else None,
                hours=_hours(hours),
                activity_type=kind,
                description=description[:4000],
                peer_reflection=bool(peer_reflection),
                community_id=community_id,
                community_name=(community_name or "")[:120],
                created_at=now,
                updated_at=now,
            )
    except IntegrityError:
        # Made by a concurrent delivery of the same signal.
        return CpdRecord.objects.get(user_id=user_id, source_kind=source_kind, source_id=source_id)


def cpd_draft_from_attendance(
    *,
    user_id: int,
    source_kind: str,
    source_id: int,
    title: str,
    date: dt.date,
    hours,
    community_id: int | None = None,
    community_name: str = "",
    peer_reflection: bool = False,
    activity_type: str = "",
    organisation_name: str = "",
    **_extra,
) -> CpdRecord | None:
    """``events.signals.attendance_recorded`` (events and reflective sessions): the hours
    the event is worth and whether it counts as peer reflection come from the event."""
    description = f"Attended: {title}"
    if organisation_name:
        description += f", hosted by {organisation_name}"
    description += "."
    return cpd_draft_from_source(
        user_id=user_id,
        source_kind=source_kind,
        source_id=source_id,
        title=title,
        date=date,
        hours=hours,
        activity_type=activity_type,
        description=description,
        peer_reflection=peer_reflection,
        community_id=community_id,
        community_name=community_name,
    )


def cpd_draft_from_library_item(
    *,
    user_id: int,
    source_id: int,
    title: str,
    date: dt.date,
    source_kind: str = "library_item",
    **_extra,
) -> CpdRecord | None:
    """``library.signals.item_reflected``: a library item the person marked as read and
    reflected on becomes a reading draft (no hours: the person adds them)."""
    return cpd_draft_from_source(
        user_id=user_id,
        source_kind=source_kind,
        source_id=source_id,
        title=title,
        date=date,
        activity_type="library_item",
        description=f"Read and reflected on: {title}.",
    )


def cpd_draft_from_shadowing(
    *,
    user_id: int,
    source_id: int,
    title: str,
    date: dt.date,
    hours=0,
    end_date: dt.date | None = None,
    organisation_name: str = "",
    source_kind: str = "shadowing",
    **_extra,
) -> CpdRecord | None:
    """A shadowing day (``collaboration``, when it sends its signal): a shadowing draft
    with the hours agreed and the host organisation named."""
    description = f"Work shadowing: {title}"
    if organisation_name:
        description += f", at {organisation_name}"
    description += "."
    return cpd_draft_from_source(
        user_id=user_id,
        source_kind=source_kind,
        source_id=source_id,
        title=title,
        date=date,
        end_date=end_date,
        hours=hours,
        activity_type="shadowing",
        description=description,
    )
