"""After a session: the attendance form's rows, feedback, the consented testimonials on
the community page, and the sessions whose material the retention rule deletes."""

from django.db.models import Q, QuerySet

from practice_commons.communities.models import Community
from practice_commons.events.models import Registration, RegistrationStatus

from ..models import Participant, ReflectiveSession, SessionFeedback
from .access import signed_in


def feedback_of(user, session: ReflectiveSession) -> SessionFeedback | None:
    if not signed_in(user):
        return None
    return SessionFeedback.objects.filter(session_id=session.pk, user_id=user.pk).first()


def attendance_rows(session: ReflectiveSession) -> list[dict]:
    """For the facilitator's attendance form: everyone with a confirmed place (or already
    marked attended), whether they joined the live session, and whether their attendance
    is recorded. Two queries."""
    registrations = list(
        Registration.objects.filter(event_id=session.event_id)
        .filter(Q(status=RegistrationStatus.CONFIRMED) | Q(attended_at__isnull=False))
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )
    joined = {p.user_id: p for p in Participant.objects.filter(session_id=session.pk)}
    rows = []
    for registration in registrations:
        participant = joined.get(registration.user_id)
        rows.append(
            {
                "user": registration.user,
                "registration": registration,
                "joined": bool(participant and participant.has_joined),
                "attended": registration.attended_at is not None,
            }
        )
    return rows


def testimonials(community: Community, *, limit: int = 5) -> list[SessionFeedback]:
    """Consented quotes, newest first, without names (one query)."""
    return list(
        SessionFeedback.objects.filter(session__community=community, consent_to_quote=True)
        .exclude(gave_you="")
        .only("gave_you", "created_at")
        .order_by("-created_at", "-pk")[:limit]
    )


def sessions_with_material_due(cutoff) -> QuerySet[ReflectiveSession]:
    """Sessions that ended before ``cutoff`` and still hold session material."""
    return ReflectiveSession.objects.filter(
        material_purged_at__isnull=True, event__ends_at__lte=cutoff
    ).order_by("pk")
