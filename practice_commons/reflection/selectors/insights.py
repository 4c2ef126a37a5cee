"""The facilitators' figures for a community, month by month: sessions run, attendance,
returning attendees and feedback scores (aggregates only: no names, no material)."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Avg, Count
from django.utils import timezone
from django.utils.dateformat import format as date_format

from practice_commons.communities.models import Community
from practice_commons.events.models import LONDON, Registration

from ..models import ReflectiveSession, SessionFeedback


@dataclass
class MonthRow:
    month: date
    sessions: int = 0
    attendances: int = 0
    attendees: int = 0
    returning: int = 0
    responses: int = 0
    average: float | None = None

    @property
    def label(self) -> str:
        return date_format(self.month, "F Y")

    @property
    def short_label(self) -> str:
        return date_format(self.month, "M y")


@dataclass
class CommunityStats:
    months: list[MonthRow]
    sessions_run: int
    attendances: int
    attendees: int
    returning: int
    responses: int
    average: float | None


def community_stats(community: Community, *, months: int = 12, today=None) -> CommunityStats:
    """Sessions run, attendance, returning attendees (people who had attended an earlier
    session of this community) and feedback scores, month by month for the last
    ``months`` months. Three queries, whatever the number of sessions."""
    today = today or timezone.localdate()
    first = date(today.year, today.month, 1)
    for _i in range(months - 1):
        first = date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1)
    run = (
        ReflectiveSession.objects.filter(community=community, opened_at__isnull=False)
        .values_list("pk", "event__starts_at")
        .order_by("event__starts_at", "pk")
    )
    sessions = [(pk, starts.astimezone(LONDON).date()) for pk, starts in run]
    attended = list(
        Registration.objects.filter(
            event__reflective_session__community=community, attended_at__isnull=False
        )
        .values_list("event__reflective_session__id", "user_id")
        .order_by("event__starts_at", "pk")
    )
    feedback = {
        row["session_id"]: row
        for row in SessionFeedback.objects.filter(session__community=community)
        .values("session_id")
        .annotate(n=Count("pk"), total=Avg("usefulness"))
        .order_by()
    }
    session_month = {pk: date(d.year, d.month, 1) for pk, d in sessions}
    rows = {}
    cursor = first
    while cursor <= today:
        rows[cursor] = MonthRow(cursor)
        cursor = date(cursor.year + (cursor.month == 12), cursor.month % 12 + 1, 1)
    people_by_month: dict[date, set[int]] = defaultdict(set)
    returning_by_month: dict[date, set[int]] = defaultdict(set)
    seen: set[int] = set()
    all_returning: set[int] = set()
    total_attendances = 0
    for session_id, user_id in attended:
        month = session_month.get(session_id)
        if month is None:
            continue
        total_attendances += 1
        if user_id in seen:
            all_returning.add(user_id)
            returning_by_month[month].add(user_id)
        seen.add(user_id)
        if month in rows:
            rows[month].attendances += 1
            people_by_month[month].add(user_id)
    sums: dict[date, tuple[float, int]] = defaultdict(lambda: (0.0, 0))
    total_score, total_responses = 0.0, 0
    for pk, month in session_month.items():
        row = feedback.get(pk)
        if row:
            total_score += float(row["total"]) * row["n"]
            total_responses += row["n"]
        if month not in rows:
            continue
        rows[month].sessions += 1
        if row:
            s, n = sums[month]
            sums[month] = (s + float(row["total"]) * row["n"], n + row["n"])
    for month, row in rows.items():
        row.attendees = len(people_by_month[month])
        row.returning = len(returning_by_month[month])
        s, n = sums[month]
        row.responses = n
        row.average = round(s / n, 1) if n else None
    return CommunityStats(
        months=list(rows.values()),
        sessions_run=len(sessions),
        attendances=total_attendances,
        attendees=len(seen),
        returning=len(all_returning),
        responses=total_responses,
        average=round(total_score / total_responses, 1) if total_responses else None,
    )
