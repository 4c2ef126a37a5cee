"""After a session: the attendance form's rows, feedback, the consented testimonials on
the community page, and the sessions whose material the retention rule deletes."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db.models import DateTimeField, Q, QuerySet, Value
from django.utils import timezone

from practice_commons.communities.models import Community
from practice_commons.events.models import LONDON, Registration, RegistrationStatus

from ..durations import hours_between
from ..models import Participant, ReflectiveSession, SessionFeedback
from .access import signed_in
from .sessions import sessions_visible_to


def feedback_of(user, session: ReflectiveSession) -> SessionFeedback | None:
    if not signed_in(user):
        return None
    return SessionFeedback.objects.filter(session_id=session.pk, user_id=user.pk).first()


@dataclass(frozen=True)
class Participation:
    """The time someone took part: from joining to leaving (or the close), less time away
    between leaving and coming back. Someone ticked who never joined on a device (in the
    room with the facilitator) took part from the opening to the close."""

    start: datetime
    end: datetime
    away: timedelta
    left_early: bool

    @property
    def hours(self) -> Decimal:
        return hours_between(self.start, self.end, away=self.away)

    @property
    def date(self):
        return timezone.localtime(self.start, LONDON).date()


def participation_of(
    session: ReflectiveSession, participant: Participant | None, *, now=None
) -> Participation | None:
    """Real times, never the timetable: a session opened early or closed before its
    scheduled start records when it actually ran. ``None`` before it opened."""
    if session.opened_at is None:
        return None
    close = session.closed_at or now or timezone.now()
    if participant is None or participant.joined_at is None:
        return Participation(session.opened_at, close, timedelta(0), left_early=False)
    start = max(participant.joined_at, session.opened_at)
    left_early = participant.left_at is not None and participant.left_at < close
    end = participant.left_at if left_early else close
    away = timedelta(seconds=participant.away_seconds or 0)
    return Participation(start, max(end, start), away, left_early=left_early)


def participation_by_user(event, user_ids) -> dict:
    """For ``events.participation``: the hours and date each of ``user_ids`` took part in
    the reflective session held as ``event`` (whichever page or API call records their
    attendance). ``{}`` for another event, or a session never opened live (then the
    event's scheduled hours stand). Two queries."""
    session = ReflectiveSession.objects.filter(event_id=event.pk).first()
    if session is None or session.opened_at is None:
        return {}
    rows = Participant.objects.filter(session_id=session.pk, user_id__in=user_ids)
    people = {p.user_id: p for p in rows}
    now = timezone.now()
    found = {}
    for user_id in user_ids:
        taking_part = participation_of(session, people.get(user_id), now=now)
        if taking_part is not None:
            found[user_id] = {"hours": taking_part.hours, "date": taking_part.date}
    return found


def attendance_rows(session: ReflectiveSession, *, now=None) -> list[dict]:
    """For the facilitator's attendance form: everyone with a confirmed place (or already
    marked attended), whether they joined the live session (pre-ticked), whether they
    left early and when, the time they took part, and whether their attendance is
    recorded. Two queries."""
    registrations = list(
        Registration.objects.filter(event_id=session.event_id)
        .filter(Q(status=RegistrationStatus.CONFIRMED) | Q(attended_at__isnull=False))
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )
    by_user = {p.user_id: p for p in Participant.objects.filter(session_id=session.pk)}
    rows = []
    for registration in registrations:
        participant = by_user.get(registration.user_id)
        joined = bool(participant and participant.has_joined)
        taking_part = participation_of(session, participant, now=now) if joined else None
        rows.append(
            {
                "user": registration.user,
                "registration": registration,
                "participant": participant,
                "joined": joined,
                "left_early": bool(taking_part and taking_part.left_early),
                "left_at": participant.left_at if participant else None,
                "participation": taking_part,
                "attended": registration.attended_at is not None,
            }
        )
    return rows


def _quotes(community: Community) -> QuerySet[SessionFeedback]:
    return SessionFeedback.objects.filter(
        session__community=community, consent_to_quote=True
    ).exclude(gave_you="")


def testimonials(community: Community, *, limit: int = 5) -> list[SessionFeedback]:
    """Consented quotes, newest first, without names (one query)."""
    return list(
        _quotes(community).only("gave_you", "created_at").order_by("-created_at", "-pk")[:limit]
    )


@dataclass(frozen=True)
class QuotesPanel:
    """What the community page's testimonials panel shows, from ``testimonials_panel``."""

    quotes: list[dict]  # ``gave_you`` and ``created_at``, as ``testimonials`` gives them
    shown: bool  # there are quotes, or sessions of the community the reader may see


def _blank_row_per_session(user, community: Community) -> QuerySet:
    """A row shaped like a quote (``_quotes``) for each of the community's sessions
    ``user`` may see."""
    return (
        sessions_visible_to(user)
        .filter(community=community)
        .order_by()
        .annotate(
            quote=Value(""),
            quoted_at=Value(None, output_field=DateTimeField()),
            quote_pk=Value(0),
            is_quote=Value(False),
        )
        .values("quote", "quoted_at", "quote_pk", "is_quote")
    )


def testimonials_panel(user, community: Community, *, limit: int = 5) -> QuotesPanel:
    """``testimonials``, and whether ``user`` may see any of the community's sessions,
    in one query: the quotes, newest first, then a blank row per such session, cut at
    ``limit`` rows. SQLite cannot cut each part of a UNION, hence the one cut."""
    quotes = (
        _quotes(community)
        .order_by()
        .annotate(is_quote=Value(True))
        .values("gave_you", "created_at", "pk", "is_quote")
    )
    rows = list(
        quotes.union(_blank_row_per_session(user, community), all=True).order_by(
            "-is_quote", "-created_at", "-pk"
        )[:limit]
    )
    return QuotesPanel(
        quotes=[
            {"gave_you": row["gave_you"], "created_at": row["created_at"]}
            for row in rows
            if row["is_quote"]
        ],
        shown=bool(rows),
    )


def sessions_with_material_due(cutoff) -> QuerySet[ReflectiveSession]:
    """Sessions that ended before ``cutoff`` and still hold session material."""
    return ReflectiveSession.objects.filter(
        material_purged_at__isnull=True, event__ends_at__lte=cutoff
    ).order_by("pk")
