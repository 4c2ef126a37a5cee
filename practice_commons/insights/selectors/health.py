"""A community's health over a period, from aggregate SQL: a fixed number of queries
whatever the community's size. Every figure that counts people goes through
``suppression`` (fewer than 10 people: "fewer than 10")."""

import itertools
import statistics
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, F, IntegerField, Min, OuterRef, Subquery, Sum, Value
from django.db.models.functions import TruncMonth, TruncQuarter
from django.utils import dateformat, timezone
from django.utils.translation import gettext_noop

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
from .quarters import Period, closed_quarters, quarter_of

# Thread kinds that ask something of the community: "answered" is about these.
QUESTION_KINDS = (
    ThreadKind.PROBLEM_SOLVING,
    ThreadKind.REQUEST_FOR_INFORMATION,
    ThreadKind.SEEKING_EXPERIENCE,
)


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


def _in(by_month: dict[date, set[int]], period: Period) -> set[int]:
    people: set[int] = set()
    for month in period.months:
        people |= by_month.get(month, set())
    return people


def _sum(by_month: dict[date, int], period: Period) -> int:
    return sum(by_month.get(month, 0) for month in period.months)


@dataclass
class _People:
    """Month by month over three quarters (the chosen one, the previous and the one
    before, for the previous quarter's returning members): who did what (distinct
    people), how many attendances, and the feedback scores (count and total)."""

    posted: dict[date, set[int]] = field(default_factory=dict)
    attended: dict[date, set[int]] = field(default_factory=dict)
    feedback: dict[date, set[int]] = field(default_factory=dict)
    attendances: dict[date, int] = field(default_factory=dict)
    ratings: dict[date, int] = field(default_factory=dict)
    rating_total: dict[date, int] = field(default_factory=dict)

    def active(self, period: Period) -> set[int]:
        return _in(self.posted, period) | _in(self.attended, period)

    def active_in_month(self, month: date) -> set[int]:
        return self.posted.get(month, set()) | self.attended.get(month, set())

    def feedback_average(self, period: Period) -> float | None:
        n = _sum(self.ratings, period)
        return round(_sum(self.rating_total, period) / n, 1) if n else None

    def add(self, part: str, month: date, person: int, n: int, total: int) -> None:
        getattr(self, part).setdefault(month, set()).add(person)
        if part == "attended":
            self.attendances[month] = self.attendances.get(month, 0) + n
        elif part == "feedback":
            self.ratings[month] = self.ratings.get(month, 0) + n
            self.rating_total[month] = self.rating_total.get(month, 0) + total


def _per_person_month(qs, part: str, when: str, who: str, score: str | None = None):
    """(part, month, person, rows, total of ``score``) for one kind of activity: a part
    of ``_people_data``'s ``UNION ALL``."""
    return (
        qs.order_by()
        .values(part=Value(part), month=TruncMonth(when, tzinfo=LONDON), who=F(who))
        .annotate(
            n=Count("pk"),
            total=Sum(score) if score else Value(0, output_field=IntegerField()),
        )
    )


def _people_data(community: Community, period: Period) -> _People:
    """Who posted, attended and gave feedback, month by month: one query."""
    since, until = period.previous.previous.since, period.until
    posted = _per_person_month(
        Post.objects.filter(
            thread__community=community,
            deleted_at__isnull=True,
            created_at__gte=since,
            created_at__lt=until,
        ),
        "posted",
        "created_at",
        "author_id",
    )
    attended = _per_person_month(
        Registration.objects.filter(
            event__community=community,
            attended_at__isnull=False,
            event__starts_at__gte=since,
            event__starts_at__lt=until,
        ),
        "attended",
        "event__starts_at",
        "user_id",
    )
    event_feedback = _per_person_month(
        Feedback.objects.filter(
            registration__event__community=community,
            registration__event__starts_at__gte=since,
            registration__event__starts_at__lt=until,
        ),
        "feedback",
        "registration__event__starts_at",
        "registration__user_id",
        "rating",
    )
    session_feedback = _per_person_month(
        SessionFeedback.objects.filter(
            session__community=community,
            session__event__starts_at__gte=since,
            session__event__starts_at__lt=until,
        ),
        "feedback",
        "session__event__starts_at",
        "user_id",
        "usefulness",
    )
    people = _People()
    for row in posted.union(attended, event_feedback, session_feedback, all=True):
        if row["who"] is not None:
            people.add(row["part"], _month_key(row["month"]), row["who"], row["n"], row["total"])
    return people


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


def _membership_figures(joins: dict[date, int], upto: Period) -> dict[date, tuple]:
    """New members and members at the end, for every quarter up to ``upto``, from the
    active memberships' joins by quarter (``_Counts.joins``): quarter start → (new
    members, members at the end), both ``Figure``s.

    Both are sums of the same joins, so any two published figures subtract to the joins
    between two quarter boundaries (members at the end of June minus members at the end
    of March are April to June's new members). The figures are published as edges of a
    graph on the quarter boundaries (and "before anyone joined"); a reader who has every
    published figure knows the difference of the member counts at any two boundaries
    joined by published edges, and nothing else. Edges are taken oldest quarter first
    (so a closed quarter's decision does not change when later quarters close) and an
    edge is published only if, in the part of the graph it joins, neighbouring
    boundaries still differ by none or at least 10 joins."""
    first = quarter_of(min(joins)) if joins else upto.previous
    if first.start > upto.previous.start:
        first = upto.previous
    quarters = [first]
    while quarters[-1].start < upto.start:
        quarters.append(quarter_of(quarters[-1].end + timedelta(days=1)))
    # Boundary i is the start of quarters[i]; boundary len(quarters) is the end of the
    # last; point -1 is "before anyone joined" (no members).
    level = {-1: 0}
    running = 0
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


@dataclass
class _Counts:
    """Counts of things (not people) over the chosen quarter and the previous one, month
    by month, and the active memberships' joins by quarter up to the chosen one."""

    threads: dict[tuple[date, str], int] = field(default_factory=dict)  # (month, kind)
    solutions: dict[date, int] = field(default_factory=dict)
    events: dict[date, int] = field(default_factory=dict)
    sessions: dict[date, int] = field(default_factory=dict)
    joins: dict[date, int] = field(default_factory=dict)  # quarter start

    def threads_by_kind(self, period: Period) -> dict[str, int]:
        out: dict[str, int] = {}
        for (month, kind), n in self.threads.items():
            if month in period.months:
                out[kind] = out.get(kind, 0) + n
        return out

    def threads_in(self, month: date) -> int:
        return sum(n for (m, _kind), n in self.threads.items() if m == month)

    def add(self, part: str, when: date, kind: str, n: int) -> None:
        if part == "threads":
            self.threads[when, kind] = n
        elif part == "held":
            into = self.sessions if kind == EventKind.REFLECTIVE_SESSION else self.events
            into[when] = into.get(when, 0) + n
        else:
            into = getattr(self, part)
            into[when] = into.get(when, 0) + n


def _per_month(qs, part: str, when, kind=None):
    """(part, month or quarter, kind, rows): a part of ``_counts``'s ``UNION ALL``."""
    return (
        qs.order_by()
        .values(part=Value(part), month=when, of_kind=kind or Value(""))
        .annotate(n=Count("pk"))
    )


def _counts(community: Community, period: Period) -> _Counts:
    """Threads by month and type, documented solutions, events and sessions held, and
    members' joins: one query."""
    since, until = period.previous.since, period.until
    threads = _per_month(
        Thread.objects.filter(
            community=community,
            deleted_at__isnull=True,
            created_at__gte=since,
            created_at__lt=until,
        ),
        "threads",
        TruncMonth("created_at", tzinfo=LONDON),
        F("kind"),
    )
    solutions = _per_month(
        LibraryItem.objects.filter(
            community=community,
            kind=ItemKind.SOLUTION,
            status=ItemStatus.PUBLISHED,
            published_at__gte=since,
            published_at__lt=until,
        ),
        "solutions",
        TruncMonth("published_at", tzinfo=LONDON),
    )
    held = _per_month(
        Event.objects.filter(
            community=community,
            status=EventStatus.PUBLISHED,
            starts_at__gte=since,
            starts_at__lt=until,
            ends_at__lte=timezone.now(),
        ),
        "held",
        TruncMonth("starts_at", tzinfo=LONDON),
        F("kind"),
    )
    joins = _per_month(
        CommunityMembership.objects.filter(
            community=community, status=MembershipStatus.ACTIVE, joined_at__lt=until
        ),
        "joins",
        TruncQuarter("joined_at", tzinfo=LONDON),
    )
    counts = _Counts()
    for row in threads.union(solutions, held, joins, all=True):
        counts.add(row["part"], _month_key(row["month"]), row["of_kind"], row["n"])
    return counts


def _questions(community: Community, period: Period) -> list[tuple]:
    """(asked, first reply from someone else, accepted) for the questions of the chosen
    quarter and the previous one: one query."""
    first_reply = (
        Post.objects.filter(thread=OuterRef("pk"), is_opening=False, deleted_at__isnull=True)
        .exclude(author_id=OuterRef("author_id"))
        .order_by()
        .values("thread")
        .annotate(first=Min("created_at"))
        .values("first")
    )
    return list(
        Thread.objects.filter(
            community=community,
            deleted_at__isnull=True,
            created_at__gte=period.previous.since,
            created_at__lt=period.until,
            kind__in=QUESTION_KINDS,
        )
        .annotate(first_reply=Subquery(first_reply))
        .values_list("created_at", "first_reply", "answered_at")
    )


def _period_figures(
    period: Period, people: _People, counts: _Counts, questions: list[tuple], membership: dict
) -> PeriodFigures:
    new_members, members = membership[period.start]
    who = _people_figures(people, period)
    by_kind = counts.threads_by_kind(period)
    questions = [q for q in questions if period.since <= q[0] < period.until]
    answered = [q for q in questions if q[1] is not None]
    accepted = [q for q in questions if q[2] is not None]
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
        solutions=s.content(_sum(counts.solutions, period)),
        events_held=s.content(_sum(counts.events, period)),
        sessions_held=s.content(_sum(counts.sessions, period)),
        # Shown only beside a published count of the people behind it.
        attendances=s.behind(_sum(people.attendances, period), attendees),
        attendees=attendees,
        feedback_respondents=respondents,
        feedback_average=s.behind(people.feedback_average(period), respondents),
    )


def _months(period: Period, people: _People, counts: _Counts, active: s.Figure):
    """Threads started and active members, month by month. A month's active members are
    hidden under 10 and when the quarter's published figure exceeds them by 1 to 9
    (the quarter minus the month would count the few active only in the other months)."""
    quarter = active.value if not active.suppressed else None
    points = []
    for month in period.months:
        n = len(people.active_in_month(month))
        fig = s.subset(n, quarter) if quarter is not None else s.people(n)
        points.append(MonthPoint(month, counts.threads_in(month), fig))
    return points


def _month_key(value) -> date:
    if isinstance(value, datetime):
        value = value.astimezone(LONDON) if timezone.is_aware(value) else value
    return date(value.year, value.month, 1)


def community_health(community: Community, period: Period) -> Health:
    """The figures for the quarter ``period`` and the quarter before it, and its months:
    three queries, whatever the community's size. The caller has checked the reader may
    see them (``policies.can_see_health``)."""
    people = _people_data(community, period)
    counts = _counts(community, period)
    questions = _questions(community, period)
    membership = _membership_figures(counts.joins, period)
    current = _period_figures(period, people, counts, questions, membership)
    return Health(
        community=community,
        current=current,
        previous=_period_figures(period.previous, people, counts, questions, membership),
        months=_months(period, people, counts, current.active_members),
        quarters=closed_quarters(),
    )
