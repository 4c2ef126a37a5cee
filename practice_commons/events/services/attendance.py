"""Attendance (list and QR check-in), the ``attendance_recorded`` signal, feedback."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from practice_commons.accounts.services import audit_record
from practice_commons.confidentiality.guard import guard_texts
from practice_commons.core.errors import PermissionDenied

from .. import selectors, timefmt
from ..models import (
    PEER_REFLECTION_KINDS,
    Event,
    EventStatus,
    Feedback,
    Registration,
    RegistrationStatus,
)
from ..participation import participation_for
from ..signals import attendance_recorded
from .common import (
    ATTENDANCE_OPENS_BEFORE,
    require_manager,
)

# --- Attendance, feedback ------------------------------------------------------------------


def attendance_payload(event: Event, user_id: int) -> dict:
    """What ``attendance_recorded`` carries (see ``signals``)."""
    community = event.community
    return {
        "user_id": user_id,
        "source_kind": "event",
        "source_id": event.pk,
        "title": event.title,
        "date": timefmt.london(event.starts_at).date(),
        "hours": Decimal(event.cpd_hours or 0),
        "activity_type": event.kind,
        "community_id": event.community_id,
        "community_name": community.name if community else "",
        "peer_reflection": event.kind in PEER_REFLECTION_KINDS,
        "organisation_name": event.host_name,
    }


def _send_attendance_recorded(payloads: list[dict]) -> None:
    for payload in payloads:
        attendance_recorded.send(sender=Event, **payload)


# What a caller that knows better than the timetable may set per person in the payload.
PARTICIPATION_KEYS = frozenset({"hours", "date"})


@transaction.atomic
def attendance_mark(
    *, actor, event: Event, registration_ids, attended: bool = True, participation=None
) -> int:
    """Mark (or unmark) people as attended. Only confirmed places can attend. Each newly
    attended person gets ``attendance_recorded`` after commit (a draft CPD record, the
    feedback form and their certificate follow from it). ``participation`` maps a user id
    to the ``hours`` and ``date`` they actually took part; left out, the providers
    registered in ``participation`` are asked (a reflective session knows each person's
    own time, joined to left or close, whichever page or API call records attendance);
    for anyone neither covers, the event's CPD hours and date are sent."""
    require_manager(actor, event)
    now = timezone.now()
    if event.starts_at - ATTENDANCE_OPENS_BEFORE > now:
        raise ValidationError(_("Attendance can be taken from an hour before the start."))
    if event.status != EventStatus.PUBLISHED:
        raise ValidationError(_("Attendance is only taken at published events."))
    registrations = Registration.objects.filter(
        event=event, pk__in=list(registration_ids), status=RegistrationStatus.CONFIRMED
    )
    if attended:
        newly = list(registrations.filter(attended_at__isnull=True))
        Registration.objects.filter(pk__in=[r.pk for r in newly]).update(
            attended_at=now, attendance_marked_by=actor, updated_at=now
        )
        if participation is None:
            participation = participation_for(event, [r.user_id for r in newly])
        payloads = [
            {
                **attendance_payload(event, r.user_id),
                **{
                    k: v
                    for k, v in participation.get(r.user_id, {}).items()
                    if k in PARTICIPATION_KEYS
                },
            }
            for r in newly
        ]
        if payloads:
            transaction.on_commit(lambda: _send_attendance_recorded(payloads))
        changed = len(newly)
    else:
        changed = registrations.filter(attended_at__isnull=False).update(
            attended_at=None, attendance_marked_by=None, updated_at=now
        )
    if changed:
        audit_record(
            actor=actor,
            action="event.attendance",
            target=event,
            data={"attended": attended, "count": changed},
        )
    return changed


def check_in(*, actor, event: Event, code: str) -> Registration:
    """QR check-in at the door: the organiser's device reads the person's signed code."""
    require_manager(actor, event)
    registration = selectors.registration_from_checkin_code(event, code)
    if registration.status != RegistrationStatus.CONFIRMED:
        raise ValidationError(
            _("%(name)s does not hold a confirmed place.")
            % {"name": registration.user.display_name}
        )
    attendance_mark(actor=actor, event=event, registration_ids=[registration.pk])
    registration.refresh_from_db(fields=["attended_at"])
    return registration


@transaction.atomic
def feedback_submit(
    *,
    actor,
    registration: Registration,
    rating: int,
    learnt: str = "",
    impact: str = "",
    comments: str = "",
    confidentiality_acknowledged: bool = False,
) -> Feedback:
    """An attendee's feedback (one per registration; sending again replaces it)."""
    if registration.user_id != getattr(actor, "pk", None):
        raise PermissionDenied(_("Only the attendee can give this feedback."))
    if registration.attended_at is None:
        raise ValidationError(_("You can give feedback once your attendance is recorded."))
    texts = {
        "learnt": (learnt or "").strip(),
        "impact": (impact or "").strip(),
        "comments": (comments or "").strip(),
    }
    guard_texts(texts=texts, acknowledged=confidentiality_acknowledged)
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        rating = 0
    if not 1 <= rating <= 5:
        raise ValidationError({"rating": _("Choose a rating from 1 to 5.")})
    for field, text in texts.items():
        if len(text) > 2000:
            raise ValidationError({field: _("Use 2000 characters or fewer.")})
    feedback, _created = Feedback.objects.update_or_create(
        registration=registration,
        defaults={"rating": rating, **texts, "updated_at": timezone.now()},
    )
    return feedback
