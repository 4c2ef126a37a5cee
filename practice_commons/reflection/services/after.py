"""After a session: attendance (through the events attendance service, so its
``attendance_recorded`` signal makes each attendee's draft CPD record), the feedback
request and form, and the retention rule for session material."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from practice_commons.accounts.models import User
from practice_commons.accounts.services import audit_record
from practice_commons.confidentiality.guard import guard_texts
from practice_commons.core.bilingual import lazy_in_language
from practice_commons.core.lazy_text import lazy_format
from practice_commons.events import services as event_services
from practice_commons.events.models import Registration, RegistrationStatus
from practice_commons.notifications import services as notification_services
from practice_commons.notifications.kinds import NotificationKind

from .. import selectors
from ..models import ActionCommitment, ReflectiveSession, SessionFeedback, Stage
from ._common import SessionRefused, clean_text, lock, require_runner, require_signed_in

logger = logging.getLogger(__name__)

DEFAULT_RETENTION_DAYS = 90
MAX_FEEDBACK = 1000


def retention_days() -> int:
    """The host's retention period for session material (read when used, not at import)."""
    return int(getattr(settings, "REFLECTION_RETENTION_DAYS", DEFAULT_RETENTION_DAYS))


@transaction.atomic
def attendance_record(*, actor, session: ReflectiveSession, user_ids) -> int:
    """Record who attended, from the live view, at check-out or after closing. Ticked
    people with a confirmed place are marked attended by the events service (which
    sends ``attendance_recorded`` after commit: a draft CPD record with peer reflection,
    the community, nothing of the case, and the hours and date each person actually
    took part: joined to left or close, less time away, in quarter hours — never the
    timetable's length). People marked before and now unticked are unmarked. Returns
    how many changed."""
    require_runner(actor, session)
    session = lock(session)
    if session.stage not in (Stage.CHECK_OUT, Stage.CLOSED):
        raise SessionRefused(
            _("Record attendance at check-out or after the session has closed."),
            code="too_early",
        )
    wanted = {int(pk) for pk in user_ids}
    registrations = list(
        Registration.objects.filter(event_id=session.event_id).values_list(
            "pk", "user_id", "status", "attended_at"
        )
    )
    mark = [
        pk
        for pk, uid, status, _at in registrations
        if uid in wanted and status == RegistrationStatus.CONFIRMED
    ]
    unmark = [pk for pk, uid, _status, at in registrations if uid not in wanted and at]
    changed = 0
    if mark:
        # Each person's own hours and date come from ``selectors.participation_by_user``,
        # registered with events (``registrations.py``), so every way of recording
        # attendance sends them.
        changed += event_services.attendance_mark(
            actor=actor, event=session.event, registration_ids=mark, attended=True
        )
    if unmark:
        changed += event_services.attendance_mark(
            actor=actor, event=session.event, registration_ids=unmark, attended=False
        )
    audit_record(
        actor=actor,
        action="reflection.attendance",
        target=session,
        data={"attended": len(mark), "unmarked": len(unmark)},
    )
    return changed


def feedback_request_send(*, user_id: int, event_id: int) -> bool:
    """Ask one attendee for feedback (called for every ``attendance_recorded`` of a
    session's event, whichever page recorded it). At most once per person and session
    (``dedupe_key``). ``False`` if the event is not a reflective session."""
    session = (
        ReflectiveSession.objects.select_related("event", "community")
        .filter(event_id=event_id)
        .first()
    )
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if session is None or user is None:
        return False
    notification_services.notify(
        recipient=user,
        kind=NotificationKind.REMINDER,
        title=lazy_format(
            gettext_lazy("How was “%(title)s”? Tell us what it gave you"),
            title=lazy_in_language(session.event, "title"),
        ),
        url=reverse("reflection:feedback", kwargs={"pk": session.pk}),
        body=gettext_lazy(
            "Your attendance is recorded and a draft CPD record is waiting for you. Two "
            "minutes of feedback helps the facilitators."
        ),
        community_id=session.community_id,
        dedupe_key=f"reflection:{session.pk}:feedback",
    )
    return True


@transaction.atomic
def feedback_submit(
    *,
    actor,
    session: ReflectiveSession,
    usefulness,
    gave_you: str = "",
    consent_to_quote: bool = False,
    confidentiality_acknowledged: bool = False,
) -> SessionFeedback:
    """One attendee's feedback, once. Refused for a session they did not attend, and a
    second time."""
    require_signed_in(actor)
    gave_you = clean_text(gave_you, field="gave_you", max_length=MAX_FEEDBACK)
    guard_texts(texts={"gave_you": gave_you}, acknowledged=confidentiality_acknowledged)
    try:
        usefulness = int(usefulness)
    except (TypeError, ValueError):
        usefulness = 0
    if not 1 <= usefulness <= 5:
        raise ValidationError({"usefulness": _("Choose how useful it was, from 1 to 5.")})
    session = lock(session)
    if not selectors.has_attended(actor, session):
        raise SessionRefused(
            _(
                "You can only give feedback on a session you attended (once the facilitator "
                "has recorded attendance)."
            ),
            code="not_attended",
        )
    if SessionFeedback.objects.filter(session=session, user=actor).exists():
        raise SessionRefused(
            _("You have already given feedback on this session. Thank you."), code="twice"
        )
    feedback = SessionFeedback.objects.create(
        session=session,
        user=actor,
        usefulness=usefulness,
        gave_you=gave_you,
        consent_to_quote=bool(consent_to_quote) and bool(gave_you),
    )
    audit_record(actor=actor, action="reflection.feedback", target=session)
    return feedback


def material_purge_due(*, now: datetime | None = None, batch_size: int = 200) -> int:
    """The retention rule: delete the presenter's prepared issue, their summary and
    their action commitments from every session that ended more than
    ``REFLECTION_RETENTION_DAYS`` ago. Private notes are not touched: they stay with
    their authors. Idempotent (``material_purged_at``); each batch commits on its own.
    Returns how many sessions were purged."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=retention_days())
    purged = 0
    while True:
        ids = list(
            selectors.sessions_with_material_due(cutoff).values_list("pk", flat=True)[:batch_size]
        )
        if not ids:
            break
        with transaction.atomic():
            ActionCommitment.objects.filter(session_id__in=ids).delete()
            ReflectiveSession.objects.filter(pk__in=ids, material_purged_at__isnull=True).update(
                issue_summary="",
                presenter_summary="",
                material_purged_at=now,
                live_version=F("live_version") + 1,
                updated_at=now,
            )
            audit_record(
                actor=None,
                action="reflection.purge_material",
                target=None,
                data={"session_ids": ids, "retention_days": retention_days()},
            )
        purged += len(ids)
    return purged
