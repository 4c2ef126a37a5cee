"""Writes to CPD records."""

import datetime as dt
from decimal import Decimal

from django.db import IntegrityError, transaction

from practice_commons.accounts.models import User

from .models import ActivityType, CpdRecord

# Event kinds (and other sources' activity types) mapped onto the record's types.
ACTIVITY_TYPES = {
    "joint_training": ActivityType.TRAINING,
    "conference": ActivityType.CONFERENCE,
    "reflective_session": ActivityType.PEER_REFLECTION,
    "community_meeting": ActivityType.PEER_REFLECTION,
    "practitioners_forum": ActivityType.FORUM,
    "visit": ActivityType.VISIT,
}


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
    """The draft record for one attendance, made once: a second call for the same person
    and source returns the record already there (whatever they have since written in
    it). ``None`` if the person no longer exists. The title is already guarded by the
    app that sent it; the description names only the host."""
    if not User.objects.filter(pk=user_id).exists():
        return None
    existing = CpdRecord.objects.filter(
        user_id=user_id, source_kind=source_kind, source_id=source_id
    ).first()
    if existing is not None:
        return existing
    description = f"Attended: {title}"
    if organisation_name:
        description += f", hosted by {organisation_name}"
    description += "."
    try:
        with transaction.atomic():
            return CpdRecord.objects.create(
                user_id=user_id,
                source_kind=source_kind,
                source_id=source_id,
                title=title[:200],
                date=date,
                hours=Decimal(str(hours or 0)),
                activity_type=ACTIVITY_TYPES.get(activity_type, ActivityType.OTHER),
                description=description,
                peer_reflection=bool(peer_reflection),
                community_id=community_id,
                community_name=(community_name or "")[:120],
            )
    except IntegrityError:
        # Made by a concurrent delivery of the same signal.
        return CpdRecord.objects.get(user_id=user_id, source_kind=source_kind, source_id=source_id)
