"""Sessions as a reader may see them: whoever may see a session's event sees the session
(``events.selectors.events_visible_to``), so a private community's sessions are
``NotFound`` to outsiders."""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from practice_commons.communities import selectors as community_selectors
from practice_commons.communities.models import MODERATOR_ROLES, Community
from practice_commons.core.errors import NotFound
from practice_commons.events import selectors as event_selectors
from practice_commons.events.models import (
    ACTIVE_STATUSES,
    EventStatus,
    Registration,
    RegistrationStatus,
)

from ..models import Participant, ReflectiveSession, SessionFeedback, Stage
from .access import rules_confirmed, signed_in


def _base() -> QuerySet[ReflectiveSession]:
    return ReflectiveSession.objects.select_related(
        "event", "community", "community__current_rules", "facilitator", "presenter"
    )


def sessions_visible_to(user) -> QuerySet[ReflectiveSession]:
    return _base().filter(event__in=event_selectors.events_visible_to(user).values("pk"))


def session_for(user, pk: int) -> ReflectiveSession:
    """The session if ``user`` may see its event, else ``NotFound`` (never 403)."""
    session = sessions_visible_to(user).filter(pk=pk).first()
    if session is None:
        raise NotFound
    return session


def community_sessions(user, community: Community, *, upcoming: bool) -> QuerySet:
    now = timezone.now()
    qs = sessions_visible_to(user).filter(community=community)
    if upcoming:
        return (
            qs.filter(event__ends_at__gte=now)
            .exclude(stage=Stage.CLOSED)
            .order_by("event__starts_at", "pk")
        )
    return qs.filter(Q(event__ends_at__lt=now) | Q(stage=Stage.CLOSED)).order_by(
        "-event__starts_at", "-pk"
    )


def sessions_for_user(user) -> QuerySet[ReflectiveSession]:
    """Sessions the person has a place at (or had), or runs."""
    if not signed_in(user):
        return ReflectiveSession.objects.none()
    booked = Registration.objects.filter(event_id=OuterRef("event_id"), user_id=user.pk).filter(
        Q(status__in=ACTIVE_STATUSES) | Q(attended_at__isnull=False)
    )
    return (
        sessions_visible_to(user)
        .filter(Exists(booked) | Q(facilitator_id=user.pk))
        .exclude(event__status=EventStatus.CANCELLED)
        .order_by("-event__starts_at", "-pk")
    )


def api_sessions_for(user) -> QuerySet[ReflectiveSession]:
    return sessions_for_user(user)


def you_in(user, sessions) -> dict[int, dict]:
    """Per session, the reader's own standing (place, attendance, rules, presenter, runs
    it, feedback given), for many sessions in four queries."""
    sessions = list(sessions)
    if not signed_in(user) or not sessions:
        return {}
    ids = [s.pk for s in sessions]
    registrations = {
        r.event_id: r
        for r in Registration.objects.filter(
            user_id=user.pk, event_id__in=[s.event_id for s in sessions]
        )
    }
    mine = {
        p.session_id: p for p in Participant.objects.filter(user_id=user.pk, session_id__in=ids)
    }
    given = set(
        SessionFeedback.objects.filter(user_id=user.pk, session_id__in=ids).values_list(
            "session_id", flat=True
        )
    )
    runs = set(
        community_selectors.memberships_for_user(user)
        .filter(role__in=MODERATOR_ROLES)
        .values_list("community_id", flat=True)
    )
    out = {}
    for session in sessions:
        registration = registrations.get(session.event_id)
        out[session.pk] = {
            "has_place": bool(registration and registration.status == RegistrationStatus.CONFIRMED),
            "attended": bool(registration and registration.attended_at),
            "rules_confirmed": rules_confirmed(mine.get(session.pk), session),
            "is_presenter": session.presenter_id == user.pk,
            "runs_it": session.facilitator_id == user.pk or session.community_id in runs,
            "feedback_given": session.pk in given,
        }
    return out
