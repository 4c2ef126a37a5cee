"""A community's health over a period, from aggregate SQL: a fixed number of queries
whatever the community's size. Every figure that counts people goes through
``suppression`` (fewer than 10 people: "fewer than 10")."""

import statistics
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Avg, Count, Min, OuterRef, Q, Subquery
from django.db.models.functions import TruncMonth
from django.utils import timezone

from practice_commons.communities.models import Community, CommunityMembership, MembershipStatus
from practice_commons.discussions.kinds import ThreadKind
from practice_commons.discussions.models import Post, Thread
from practice_commons.events.models import (
    LONDON,
    Event,
    EventKind,
    EventStatus,
    Feedback,
    Registration,
)
from practice_commons.library.models import ItemKind, ItemStatus, LibraryItem
from practice_commons.reflection.models import SessionFeedback

from . import suppression as s

# Thread kinds that ask something of the community: "answered" is about these.
QUESTION_KINDS = (
    ThreadKind.PROBLEM_SOLVING,
    ThreadKind.REQUEST_FOR_INFORMATION,
    ThreadKind.SEEKING_EXPERIENCE,
)
DEFAULT_DAYS = 90
NO_PREVIOUS = ("members",)
MAX_DAYS = 3 * 366


@dataclass(frozen=True)
class Period:
    start: date  # first day, inclusive
    end: date  # last day, inclusive

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def previous(self) -> "Period":
        end = self.start - timedelta(days=1)
        return Period(end - timedelta(days=self.days - 1), end)

    @property
    def since(self) -> datetime:
        return datetime.combine(self.start, time.min, tzinfo=LONDON)

    @property
    def until(self) -> datetime:
        """The first moment after the period."""
        return datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=LONDON)

    @property
    def label(self) -> str:
        return f"{self.start:%-d %B %Y} to {self.end:%-d %B %Y}"


def period_from(start: date | None, end: date | None, *, today: date | None = None) -> Period:
    """The chosen period, or the last 90 days up to today. Raises ``ValueError`` with a
    sentence for the reader when the dates are the wrong way round or too far apart."""
    today = today or timezone.localdate()
    end = end or today
    start = start or end - timedelta(days=DEFAULT_DAYS - 1)
    if start > end:
        raise ValueError("The start date must be on or before the end date.")
    if (end - start).days + 1 > MAX_DAYS:
        raise ValueError("Choose a period of at most three years.")
    return Period(start, end)


@dataclass
class PeriodFigures:
    period: Period
    members: s.Figure  # active memberships at the end of the period
    new_members: s.Figure
    active_members: s.Figure
    returning_members: s.Figure
    contributors: s.Figure  # people who started a thread or replied
    threads: s.Figure
    threads_by_kind: list[tuple[str, str, s.Figure]]  # (kind, label, figure)
    questions: s.Figure
    questions_answered: s.Figure
    answered_share: s.Figure  # percent of questions with a reply from someone else
    accepted: s.Figure
    median_first_reply_hours: s.Figure
    median_accepted_hours: s.Figure
    solutions: s.Figure
    events_held: s.Figure
    sessions_held: s.Figure
    attendances: s.Figure
    attendees: s.Figure
    feedback_respondents: s.Figure
    feedback_average: s.Figure

    def rows(self):
        """(key, label, figure) in page order: the table, the CSV and the API use it."""
        return [
            ("members", "Members at the end of the period", self.members),
            ("new_members", "New members", self.new_members),
            ("active_members", "Active members (posted or attended)", self.active_members),
            (
                "returning_members",
                "Returning members (active in the previous period too)",
                self.returning_members,
            ),
            ("contributors", "People who started a thread or replied", self.contributors),
            ("threads", "Threads started", self.threads),
            ("questions", "Questions asked", self.questions),
            ("questions_answered", "Questions answered", self.questions_answered),
            ("answered_share", "Share of questions answered (%)", self.answered_share),
            ("accepted_answers", "Questions with an accepted answer", self.accepted),
            (
                "median_first_reply_hours",
                "Median time to first reply (hours)",
                self.median_first_reply_hours,
            ),
            (
                "median_accepted_hours",
                "Median time to an accepted answer (hours)",
                self.median_accepted_hours,
            ),
            ("documented_solutions", "Documented solutions published", self.solutions),
            ("events_held", "Events held", self.events_held),
            ("sessions_held", "Reflective sessions held", self.sessions_held),
            ("attendances", "Attendances at events and sessions", self.attendances),
            ("attendees", "People who attended", self.attendees),
            ("feedback_respondents", "People who gave feedback", self.feedback_respondents),
            ("feedback_average", "Average feedback score (1–5)", self.feedback_average),
        ]


@dataclass
class MonthPoint:
    month: date
    threads: int
    active: s.Figure

    @property
    def label(self) -> str:
        return f"{self.month:%B %Y}"

    @property
    def short_label(self) -> str:
        return f"{self.month:%b %y}"


@dataclass
class Health:
    community: Community
    current: PeriodFigures
    previous: PeriodFigures
    months: list[MonthPoint] = field(default_factory=list)

    def comparison(self):
        """(key, label, this period, previous period, change)."""
        prev = {key: fig for key, _l, fig in self.previous.rows()}
        # Members at the end of the previous period would give this period's new members
        # by subtraction (hidden when fewer than 10), so it is not shown beside it.
        for key in NO_PREVIOUS:
            prev[key] = s.Figure(None)
        return [
            (key, label, fig, prev[key], s.change(fig, prev[key]))
            for key, label, fig in self.current.rows()
        ]


def _activity(community, since, until):
    """Two querysets of user ids: who posted (threads or replies) and who attended."""
    posted = (
        Post.objects.filter(
            thread__community=community,
            deleted_at__isnull=True,
            created_at__gte=since,
            created_at__lt=until,
        )
        .values("author_id")
        .order_by()
    )
    attended = (
        Registration.objects.filter(
            event__community=community,
            attended_at__isnull=False,
            event__starts_at__gte=since,
            event__starts_at__lt=until,
        )
        .values("user_id")
        .order_by()
    )
    return posted, attended


def _hours(deltas) -> float | None:
    if not deltas:
        return None
    return round(statistics.median(d.total_seconds() for d in deltas) / 3600, 1)


def _period_figures(community: Community, period: Period) -> PeriodFigures:
    since, until = period.since, period.until
    members = CommunityMembership.objects.filter(
        community=community, status=MembershipStatus.ACTIVE
    )
    member_counts = members.aggregate(
        total=Count("pk", filter=Q(joined_at__lt=until) | Q(joined_at__isnull=True)),
        new=Count("pk", filter=Q(joined_at__gte=since, joined_at__lt=until)),
    )
    posted, attended = _activity(community, since, until)
    active = posted.union(attended).count()
    prev = period.previous
    p_posted, p_attended = _activity(community, prev.since, prev.until)
    returning = posted.union(attended).intersection(p_posted.union(p_attended)).count()
    contributors = posted.distinct().count()

    threads = Thread.objects.filter(
        community=community, deleted_at__isnull=True, created_at__gte=since, created_at__lt=until
    )
    by_kind = dict(threads.values_list("kind").annotate(n=Count("pk")).order_by())
    first_reply = (
        Post.objects.filter(thread=OuterRef("pk"), is_opening=False, deleted_at__isnull=True)
        .exclude(author_id=OuterRef("author_id"))
        .order_by()
        .values("thread")
        .annotate(first=Min("created_at"))
        .values("first")
    )
    questions = list(
        threads.filter(kind__in=QUESTION_KINDS)
        .annotate(first_reply=Subquery(first_reply))
        .values_list("created_at", "first_reply", "answered_at")
    )
    answered = [q for q in questions if q[1] is not None]
    accepted = [q for q in questions if q[2] is not None]
    solutions = LibraryItem.objects.filter(
        community=community,
        kind=ItemKind.SOLUTION,
        status=ItemStatus.PUBLISHED,
        published_at__gte=since,
        published_at__lt=until,
    ).count()
    held = Event.objects.filter(
        community=community,
        status=EventStatus.PUBLISHED,
        starts_at__gte=since,
        starts_at__lt=until,
        ends_at__lte=timezone.now(),
    ).aggregate(
        events=Count("pk", filter=~Q(kind=EventKind.REFLECTIVE_SESSION)),
        sessions=Count("pk", filter=Q(kind=EventKind.REFLECTIVE_SESSION)),
    )
    attendance = Registration.objects.filter(
        event__community=community,
        attended_at__isnull=False,
        event__starts_at__gte=since,
        event__starts_at__lt=until,
    ).aggregate(n=Count("pk"), people=Count("user_id", distinct=True))
    event_feedback = Feedback.objects.filter(
        registration__event__community=community,
        registration__event__starts_at__gte=since,
        registration__event__starts_at__lt=until,
    ).order_by()
    session_feedback = SessionFeedback.objects.filter(
        session__community=community,
        session__event__starts_at__gte=since,
        session__event__starts_at__lt=until,
    ).order_by()
    scores = event_feedback.aggregate(
        n=Count("pk"), avg=Avg("rating"), people=Count("registration__user_id", distinct=True)
    )
    s_scores = session_feedback.aggregate(
        n=Count("pk"), avg=Avg("usefulness"), people=Count("user_id", distinct=True)
    )
    respondents = (
        event_feedback.values_list("registration__user_id")
        .union(session_feedback.values_list("user_id"))
        .count()
    )
    total_n = (scores["n"] or 0) + (s_scores["n"] or 0)
    average = None
    if total_n:
        total = (scores["avg"] or 0) * (scores["n"] or 0) + (s_scores["avg"] or 0) * (
            s_scores["n"] or 0
        )
        average = round(float(total) / total_n, 1)
    share = round(100 * len(answered) / len(questions)) if questions else None
    return PeriodFigures(
        period=period,
        members=s.people(member_counts["total"]),
        new_members=s.people(member_counts["new"]),
        active_members=s.people(active),
        returning_members=s.people(returning),
        contributors=s.people(contributors),
        threads=s.content(sum(by_kind.values())),
        threads_by_kind=[
            (kind, label, s.content(by_kind.get(kind, 0))) for kind, label in ThreadKind.choices
        ],
        questions=s.content(len(questions)),
        questions_answered=s.content(len(answered)),
        answered_share=s.Figure(share, about_people=False),
        accepted=s.content(len(accepted)),
        median_first_reply_hours=s.Figure(
            _hours([q[1] - q[0] for q in answered]), about_people=False
        ),
        median_accepted_hours=s.Figure(_hours([q[2] - q[0] for q in accepted]), about_people=False),
        solutions=s.content(solutions),
        events_held=s.content(held["events"]),
        sessions_held=s.content(held["sessions"]),
        attendances=s.from_people(attendance["n"], attendance["people"])
        if attendance["n"]
        else s.content(0),
        attendees=s.people(attendance["people"]),
        feedback_respondents=s.people(respondents),
        feedback_average=s.from_people(average, respondents),
    )


def _months(community: Community, period: Period) -> list[MonthPoint]:
    """Threads started and active members, month by month across the period (at most
    36 months): two queries."""
    since, until = period.since, period.until
    threads = dict(
        Thread.objects.filter(
            community=community,
            deleted_at__isnull=True,
            created_at__gte=since,
            created_at__lt=until,
        )
        .annotate(month=TruncMonth("created_at", tzinfo=LONDON))
        .values_list("month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    posted, attended = _activity(community, since, until)
    pairs = set(
        posted.annotate(month=TruncMonth("created_at", tzinfo=LONDON))
        .values_list("month", "author_id")
        .distinct()
        .order_by()
    ) | set(
        attended.annotate(month=TruncMonth("event__starts_at", tzinfo=LONDON))
        .values_list("month", "user_id")
        .distinct()
        .order_by()
    )
    active: dict[date, int] = {}
    for month, _uid in pairs:
        key = _month_key(month)
        active[key] = active.get(key, 0) + 1
    thread_counts = {_month_key(m): n for m, n in threads.items()}
    points = []
    cursor = date(period.start.year, period.start.month, 1)
    while cursor <= period.end:
        points.append(
            MonthPoint(cursor, thread_counts.get(cursor, 0), s.people(active.get(cursor, 0)))
        )
        cursor = date(cursor.year + (cursor.month == 12), cursor.month % 12 + 1, 1)
    return points


def _month_key(value) -> date:
    if isinstance(value, datetime):
        value = value.astimezone(LONDON) if timezone.is_aware(value) else value
    return date(value.year, value.month, 1)


def community_health(community: Community, period: Period) -> Health:
    """The figures for ``period`` and for the period of the same length just before it,
    and the months of ``period``. The caller has checked the reader may see them
    (``policies.can_see_health``)."""
    return Health(
        community=community,
        current=_period_figures(community, period),
        previous=_period_figures(community, period.previous),
        months=_months(community, period),
    )
