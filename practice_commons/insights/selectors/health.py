"""A community's health over a period, from aggregate SQL: a fixed number of queries
whatever the community's size. Every figure that counts people goes through
``suppression`` (fewer than 10 people: "fewer than 10")."""

import itertools
import statistics
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Avg, Count, Min, OuterRef, Q, Subquery
from django.db.models.functions import TruncMonth, TruncQuarter
from django.utils import dateformat, timezone
from django.utils.translation import gettext, gettext_noop

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
MAX_QUARTERS_OFFERED = 12


@dataclass(frozen=True)
class Period:
    """A calendar quarter (London days, first to last inclusive). Health figures are
    published for closed quarters only: one fixed grid of periods that never overlap, so
    no two periods can be subtracted to isolate a few people (see ``_membership_figures``
    and ``_people_figures`` for the rules inside the grid)."""

    start: date  # first day, inclusive
    end: date  # last day, inclusive

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def previous(self) -> "Period":
        return quarter_of(self.start - timedelta(days=1))

    @property
    def since(self) -> datetime:
        return datetime.combine(self.start, time.min, tzinfo=LONDON)

    @property
    def until(self) -> datetime:
        """The first moment after the period."""
        return datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=LONDON)

    @property
    def label(self) -> str:
        return gettext("%(start)s to %(end)s") % {
            "start": dateformat.format(self.start, "F"),
            "end": dateformat.format(self.end, "F Y"),
        }

    @property
    def months(self) -> list[date]:
        return [date(self.start.year, self.start.month + i, 1) for i in range(3)]


def quarter_of(day: date) -> Period:
    first = (day.month - 1) // 3 * 3 + 1
    start = date(day.year, first, 1)
    after = date(day.year + (first == 10), (first + 2) % 12 + 1, 1)
    return Period(start, after - timedelta(days=1))


def last_closed_quarter(today: date | None = None) -> Period:
    return quarter_of(today or timezone.localdate()).previous


def closed_quarters(today: date | None = None, count: int = MAX_QUARTERS_OFFERED) -> list[Period]:
    """The quarters a reader may choose, newest first."""
    out = [last_closed_quarter(today)]
    while len(out) < count:
        out.append(out[-1].previous)
    return out


def period_from(start: date | None, end: date | None, *, today: date | None = None) -> Period:
    """The chosen quarter, or the last closed one. ``start`` alone (the page's choice)
    means the quarter it falls in; ``start`` and ``end`` (the API) must be exactly a
    calendar quarter. Raises ``ValueError`` with a sentence for the reader."""
    today = today or timezone.localdate()
    if start is None and end is None:
        return last_closed_quarter(today)
    if start is not None and end is not None and start > end:
        raise ValueError(gettext("The start date must be on or before the end date."))
    quarter = quarter_of(start or end)
    if start is not None and end is not None and (start, end) != (quarter.start, quarter.end):
        raise ValueError(
            gettext(
                "Choose a calendar quarter: from 1 January, 1 April, 1 July or 1 October to "
                "the last day of March, June, September or December."
            )
        )
    if quarter.end >= today:
        raise ValueError(
            gettext("Figures are shown for quarters that have ended. The latest is %(latest)s.")
            % {"latest": last_closed_quarter(today).label}
        )
    return quarter


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
        """(key, label, figure) in page order: the table, the CSV and the API use it. The
        labels stay English here (the API speaks English); pages translate them."""
        return [
            ("members", gettext_noop("Members at the end of the quarter"), self.members),
            ("new_members", gettext_noop("New members"), self.new_members),
            (
                "active_members",
                gettext_noop("Active members (posted or attended)"),
                self.active_members,
            ),
            (
                "returning_members",
                gettext_noop("Returning members (active in the previous quarter too)"),
                self.returning_members,
            ),
            (
                "contributors",
                gettext_noop("People who started a thread or replied"),
                self.contributors,
            ),
            ("threads", gettext_noop("Threads started"), self.threads),
            ("questions", gettext_noop("Questions asked"), self.questions),
            ("questions_answered", gettext_noop("Questions answered"), self.questions_answered),
            (
                "answered_share",
                gettext_noop("Share of questions answered (%)"),
                self.answered_share,
            ),
            ("accepted_answers", gettext_noop("Questions with an accepted answer"), self.accepted),
            (
                "median_first_reply_hours",
                gettext_noop("Median time to first reply (hours)"),
                self.median_first_reply_hours,
            ),
            (
                "median_accepted_hours",
                gettext_noop("Median time to an accepted answer (hours)"),
                self.median_accepted_hours,
            ),
            (
                "documented_solutions",
                gettext_noop("Documented solutions published"),
                self.solutions,
            ),
            ("events_held", gettext_noop("Events held"), self.events_held),
            ("sessions_held", gettext_noop("Reflective sessions held"), self.sessions_held),
            ("attendances", gettext_noop("Attendances at events and sessions"), self.attendances),
            ("attendees", gettext_noop("People who attended"), self.attendees),
            (
                "feedback_respondents",
                gettext_noop("People who gave feedback"),
                self.feedback_respondents,
            ),
            (
                "feedback_average",
                gettext_noop("Average feedback score (1–5)"),
                self.feedback_average,
            ),
        ]


@dataclass
class MonthPoint:
    month: date
    threads: int
    active: s.Figure

    @property
    def label(self) -> str:
        return dateformat.format(self.month, "F Y")

    @property
    def short_label(self) -> str:
        return dateformat.format(self.month, "M y")


@dataclass
class Health:
    community: Community
    current: PeriodFigures
    previous: PeriodFigures
    months: list[MonthPoint] = field(default_factory=list)
    quarters: list[Period] = field(default_factory=list)

    def comparison(self):
        """(key, label, this period, previous period, change). The previous quarter's
        figures are exactly what that quarter's own page shows (the same rules)."""
        prev = {key: fig for key, _l, fig in self.previous.rows()}
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


def _by_month(qs, when: str, who: str) -> dict[date, set[int]]:
    """month → the distinct people, from (month, person) pairs: one query."""
    out: dict[date, set[int]] = {}
    for month, uid in (
        qs.annotate(month=TruncMonth(when, tzinfo=LONDON))
        .values_list("month", who)
        .distinct()
        .order_by()
    ):
        if uid is not None:
            out.setdefault(_month_key(month), set()).add(uid)
    return out


def _in(by_month: dict[date, set[int]], period: Period) -> set[int]:
    people: set[int] = set()
    for month in period.months:
        people |= by_month.get(month, set())
    return people


@dataclass
class _People:
    """Month by month, who did what (distinct people), over three quarters: the chosen
    one, the previous and the one before (for the previous quarter's returning members)."""

    posted: dict[date, set[int]]
    attended: dict[date, set[int]]
    feedback: dict[date, set[int]]

    def active(self, period: Period) -> set[int]:
        return _in(self.posted, period) | _in(self.attended, period)

    def active_in_month(self, month: date) -> set[int]:
        return self.posted.get(month, set()) | self.attended.get(month, set())


def _people_data(community: Community, period: Period) -> _People:
    since, until = period.previous.previous.since, period.until
    posted, attended = _activity(community, since, until)
    event_feedback = Feedback.objects.filter(
        registration__event__community=community,
        registration__event__starts_at__gte=since,
        registration__event__starts_at__lt=until,
    )
    session_feedback = SessionFeedback.objects.filter(
        session__community=community,
        session__event__starts_at__gte=since,
        session__event__starts_at__lt=until,
    )
    feedback = _by_month(event_feedback, "registration__event__starts_at", "registration__user_id")
    for month, people in _by_month(
        session_feedback, "session__event__starts_at", "user_id"
    ).items():
        feedback.setdefault(month, set()).update(people)
    return _People(
        posted=_by_month(
            Post.objects.filter(
                thread__community=community,
                deleted_at__isnull=True,
                created_at__gte=since,
                created_at__lt=until,
            ),
            "created_at",
            "author_id",
        ),
        attended=_by_month(
            Registration.objects.filter(
                event__community=community,
                attended_at__isnull=False,
                event__starts_at__gte=since,
                event__starts_at__lt=until,
            ),
            "event__starts_at",
            "user_id",
        ),
        feedback=feedback,
    )


def _people_figures(people: _People, period: Period) -> dict[str, s.Figure]:
    """The figures about people for one quarter, with the rules that stop them being
    subtracted from each other: a figure is hidden under 10, and a figure about a subset
    of a published figure is hidden when the two differ by 1 to 9 (active members minus
    people who posted would count the few who only attended)."""
    active = people.active(period)
    before = people.active(period.previous)
    posted = _in(people.posted, period)
    attended = _in(people.attended, period)
    returning = active & before
    return {
        "active_members": s.people(len(active)),
        "contributors": s.subset(len(posted), len(active)),
        "attendees": s.subset(len(attended), len(active)),
        "returning_members": s.subset(len(returning), len(active), len(before)),
        "feedback_respondents": s.people(len(_in(people.feedback, period))),
    }


def _membership_figures(community: Community, upto: Period) -> dict[date, tuple]:
    """New members and members at the end, for every quarter up to ``upto``: quarter
    start → (new members, members at the end), both ``Figure``s.

    Both are sums of the same joins, so any two published figures subtract to the joins
    between two quarter boundaries (members at the end of June minus members at the end
    of March are April to June's new members). The figures are published as edges of a
    graph on the quarter boundaries (and "before anyone joined"); a reader who has every
    published figure knows the difference of the member counts at any two boundaries
    joined by published edges, and nothing else. Edges are taken oldest quarter first
    (so a closed quarter's decision does not change when later quarters close) and an
    edge is published only if, in the part of the graph it joins, neighbouring
    boundaries still differ by none or at least 10 joins. One query."""
    joins: dict[date, int] = {}
    baseline = 0
    for quarter, n in (
        CommunityMembership.objects.filter(
            community=community, status=MembershipStatus.ACTIVE, joined_at__lt=upto.until
        )
        .annotate(quarter=TruncQuarter("joined_at", tzinfo=LONDON))
        .values_list("quarter")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        if quarter is None:
            baseline += n
        else:
            key = _month_key(quarter)
            joins[key] = joins.get(key, 0) + n
    first = quarter_of(min(joins)) if joins else upto.previous
    if first.start > upto.previous.start:
        first = upto.previous
    quarters = [first]
    while quarters[-1].start < upto.start:
        quarters.append(quarter_of(quarters[-1].end + timedelta(days=1)))
    # Boundary i is the start of quarters[i]; boundary len(quarters) is the end of the
    # last; point -1 is "before anyone joined" (no members).
    level = {-1: 0}
    running = baseline
    for i, q in enumerate(quarters):
        level[i] = running
        running += joins.get(q.start, 0)
    level[len(quarters)] = running
    parts = _Parts(level)
    out = {}
    for i, q in enumerate(quarters):
        new = level[i + 1] - level[i]
        new_fig = s.people(new) if parts.join(i, i + 1) else s.Figure(None, suppressed=True)
        end_fig = (
            s.people(level[i + 1]) if parts.join(-1, i + 1) else s.Figure(None, suppressed=True)
        )
        out[q.start] = (new_fig, end_fig)
    return out


class _Parts:
    """Union-find over boundaries with a cumulative level each: a join is allowed only if
    the merged part's levels, in order, step by none or at least ``K``."""

    def __init__(self, level: dict[int, int]):
        self.level = level
        self.parent = {p: p for p in level}
        self.members = {p: [p] for p in level}

    def find(self, p):
        while self.parent[p] != p:
            p = self.parent[p]
        return p

    def join(self, a, b) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True  # already derivable from what is published
        merged = sorted(self.members[ra] + self.members[rb], key=lambda p: (self.level[p], p))
        levels = [self.level[p] for p in merged]
        if any(0 < y - x < s.K for x, y in itertools.pairwise(levels)):
            return False
        self.parent[rb] = ra
        self.members[ra] = merged
        del self.members[rb]
        return True


def _hours(deltas) -> float | None:
    if not deltas:
        return None
    return round(statistics.median(d.total_seconds() for d in deltas) / 3600, 1)


def _period_figures(
    community: Community, period: Period, people: _People, membership: dict
) -> PeriodFigures:
    since, until = period.since, period.until
    new_members, members = membership[period.start]
    who = _people_figures(people, period)
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
    attendances = Registration.objects.filter(
        event__community=community,
        attended_at__isnull=False,
        event__starts_at__gte=since,
        event__starts_at__lt=until,
    ).count()
    scores = Feedback.objects.filter(
        registration__event__community=community,
        registration__event__starts_at__gte=since,
        registration__event__starts_at__lt=until,
    ).aggregate(n=Count("pk"), avg=Avg("rating"))
    s_scores = SessionFeedback.objects.filter(
        session__community=community,
        session__event__starts_at__gte=since,
        session__event__starts_at__lt=until,
    ).aggregate(n=Count("pk"), avg=Avg("usefulness"))
    total_n = (scores["n"] or 0) + (s_scores["n"] or 0)
    average = None
    if total_n:
        total = (scores["avg"] or 0) * (scores["n"] or 0) + (s_scores["avg"] or 0) * (
            s_scores["n"] or 0
        )
        average = round(float(total) / total_n, 1)
    respondents = who["feedback_respondents"]
    attendees = who["attendees"]
    share = round(100 * len(answered) / len(questions)) if questions else None
    return PeriodFigures(
        period=period,
        members=members,
        new_members=new_members,
        active_members=who["active_members"],
        returning_members=who["returning_members"],
        contributors=who["contributors"],
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
        # Shown only beside a published count of the people behind it.
        attendances=s.behind(attendances, attendees),
        attendees=attendees,
        feedback_respondents=respondents,
        feedback_average=s.behind(average, respondents),
    )


def _months(community: Community, period: Period, people: _People, active: s.Figure):
    """Threads started and active members, month by month. A month's active members are
    hidden under 10 and when the quarter's published figure exceeds them by 1 to 9
    (the quarter minus the month would count the few active only in the other months)."""
    threads = dict(
        Thread.objects.filter(
            community=community,
            deleted_at__isnull=True,
            created_at__gte=period.since,
            created_at__lt=period.until,
        )
        .annotate(month=TruncMonth("created_at", tzinfo=LONDON))
        .values_list("month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    thread_counts = {_month_key(m): n for m, n in threads.items()}
    quarter = active.value if not active.suppressed else None
    points = []
    for month in period.months:
        n = len(people.active_in_month(month))
        fig = s.subset(n, quarter) if quarter is not None else s.people(n)
        points.append(MonthPoint(month, thread_counts.get(month, 0), fig))
    return points


def _month_key(value) -> date:
    if isinstance(value, datetime):
        value = value.astimezone(LONDON) if timezone.is_aware(value) else value
    return date(value.year, value.month, 1)


def community_health(community: Community, period: Period) -> Health:
    """The figures for the quarter ``period`` and the quarter before it, and its months.
    The caller has checked the reader may see them (``policies.can_see_health``)."""
    people = _people_data(community, period)
    membership = _membership_figures(community, period)
    current = _period_figures(community, period, people, membership)
    return Health(
        community=community,
        current=current,
        previous=_period_figures(community, period.previous, people, membership),
        months=_months(community, period, people, current.active_members),
        quarters=closed_quarters(),
    )
