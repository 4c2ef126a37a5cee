"""The health figures: what counts, suppression under 10 people, closed quarters only,
the previous quarter beside them, and that no figure hidden in one quarter can be
recovered by subtracting figures shown for others (or for its months)."""

import itertools
from datetime import date, datetime, time, timedelta

import pytest

from practice_commons.communities.models import CommunityMembership
from practice_commons.events.models import LONDON
from practice_commons.insights import selectors
from practice_commons.insights.selectors import suppression as s

from .conftest import post_thread

pytestmark = pytest.mark.django_db

Q = selectors.last_closed_quarter()


def _fig(health, key):
    return {k: f for k, _l, f in health.current.rows()}[key]


def _at(day: date, hour=12) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=LONDON)


def _joined(people, day: date):
    CommunityMembership.objects.filter(user__in=people).update(joined_at=_at(day))


def test_suppression_rules():
    assert s.people(0).text == "0"
    assert s.people(9).suppressed and s.people(9).text == "fewer than 10"
    assert s.people(10).value == 10
    assert s.from_people(4.2, 9).suppressed
    assert s.from_people(4.2, 10).value == 4.2
    assert s.change(s.people(12), s.people(3)).suppressed
    assert s.change(s.people(12), s.people(10)).suppressed  # a change of 2 people
    assert s.change(s.people(30), s.people(10)).value == 20
    assert s.change(s.content(12), s.content(10)).value == 2
    assert not s.content(3).suppressed
    assert s.subset(10, 12).suppressed  # 2 people are in the whole but not the part
    assert s.subset(10, 20).value == 10 and s.subset(12, 12).value == 12
    assert s.subset(0, 5).value == 0
    assert s.behind(40, s.people(4)).suppressed and s.behind(40, s.people(12)).value == 40
    assert s.change(s.people(30), s.people(10)).change_text == "up 20"
    assert s.change(s.content(3), s.content(5)).change_text == "down 2"
    assert s.change(s.content(3), s.content(3)).change_text == "no change"
    assert s.change(s.people(12), s.people(3)).change_text.startswith("not shown")


def test_period_is_a_closed_calendar_quarter():
    today = date(2026, 12, 2)
    assert selectors.period_from(None, None, today=today) == selectors.Period(
        date(2026, 7, 1), date(2026, 9, 30)
    )
    assert selectors.period_from(date(2026, 5, 17), None, today=today).start == date(2026, 4, 1)
    q1 = selectors.period_from(date(2026, 1, 1), date(2026, 3, 31), today=today)
    assert q1.previous == selectors.Period(date(2025, 10, 1), date(2025, 12, 31))
    assert q1.label == "January to March 2026"
    with pytest.raises(ValueError, match="on or before"):
        selectors.period_from(date(2026, 5, 1), date(2026, 4, 1), today=today)
    with pytest.raises(ValueError, match="calendar quarter"):
        selectors.period_from(date(2026, 1, 1), date(2026, 1, 31), today=today)
    with pytest.raises(ValueError, match="ended"):
        selectors.period_from(date(2026, 10, 1), date(2026, 12, 31), today=today)
    quarters = selectors.closed_quarters(today)
    assert quarters[0].start == date(2026, 7, 1) and len(quarters) == 12
    assert all(a.previous == b for a, b in itertools.pairwise(quarters))


def test_small_community_figures_about_people_are_suppressed(community, facilitator, make_members):
    members = make_members(3)
    _joined(members, Q.start)
    post_thread(community, members[0], when=_at(Q.start), replies=[(members[1], 2)])
    health = selectors.community_health(community, Q)
    assert _fig(health, "active_members").suppressed
    assert _fig(health, "new_members").suppressed
    assert _fig(health, "threads").value == 1  # content, not people
    assert _fig(health, "questions_answered").value == 1
    assert _fig(health, "median_first_reply_hours").value == 2.0


def test_figures_count_active_new_returning_and_answers(community, facilitator, make_members):
    people = make_members(14)
    _joined(people, Q.previous.start)
    earlier = _at(Q.previous.start + timedelta(days=5))
    now = _at(Q.start + timedelta(days=5))
    # 12 people posted in the previous quarter, 11 of them again now: returning = 11.
    for person in people[:12]:
        post_thread(community, person, when=earlier)
    for person in people[:11]:
        post_thread(community, person, when=now, replies=[(people[13], 5)])
    post_thread(community, people[12], when=now)
    accepted = post_thread(community, people[0], when=now, replies=[(people[1], 1)])
    accepted.answered_at = accepted.created_at + timedelta(hours=10)
    accepted.save(update_fields=["answered_at"])
    health = selectors.community_health(community, Q)
    assert _fig(health, "active_members").value == 13  # people 0-10, 12 and 13
    # 11 of 13 active people returned: a difference of 2 would count who did not, so
    # returning is hidden.
    assert _fig(health, "returning_members").suppressed
    assert _fig(health, "contributors").value == 13
    assert _fig(health, "questions").value == 13
    assert _fig(health, "questions_answered").value == 12
    assert _fig(health, "answered_share").value == round(100 * 12 / 13)
    assert _fig(health, "accepted_answers").value == 1
    assert _fig(health, "median_accepted_hours").value == 10.0
    prev = {k: f for k, _l, f in health.previous.rows()}
    assert prev["threads"].value == 12
    assert prev["new_members"].value == 14  # the owner and facilitator joined today
    assert prev["members"].value == 14
    assert _fig(health, "new_members").value == 0
    assert _fig(health, "members").value == 14


# --- differencing ------------------------------------------------------------------------


def _published(api, community, quarters):
    """Every figure the API shows for each quarter (as the current and the previous
    quarter): key → {quarter start → value}, hidden figures left out."""
    seen: dict[str, dict[date, int]] = {}
    for quarter in quarters:
        body = api.get(
            f"/api/v1/insights/communities/{community.slug}/health"
            f"?from={quarter.start:%Y-%m-%d}&to={quarter.end:%Y-%m-%d}"
        ).json()
        for f in body["figures"]:
            for start, value in (
                (quarter.start, f["value"]),
                (quarter.previous.start, f["previous"]),
            ):
                if value is not None:
                    old = seen.setdefault(f["key"], {}).setdefault(start, value)
                    assert old == value, "a quarter shows one figure, whichever page asks"
        seen.setdefault("months", {})
        for m in body["months"]:
            if m["active_members"] is not None:
                seen["months"][m["month"]] = m["active_members"]
    return seen


def test_hidden_joiners_cannot_be_recovered_from_other_quarters(
    community, facilitator, make_members, roles, api_client_for
):
    """12 join in one quarter, 3 in the next, 15 in the one after. Whatever quarters a
    reader asks for, the member counts and new members they see never combine into a
    count of 1 to 9 joiners."""
    q3 = Q.previous.previous
    batches = [(q3, 12), (Q.previous, 3), (Q, 15)]
    for quarter, n in batches:
        _joined(make_members(n), quarter.start + timedelta(days=3))
    CommunityMembership.objects.filter(user__in=[facilitator]).update(
        joined_at=_at(q3.start - timedelta(days=400))
    )
    CommunityMembership.objects.filter(community=community, joined_at__gt=_at(Q.end)).update(
        joined_at=_at(q3.start - timedelta(days=400))
    )
    quarters = selectors.closed_quarters(count=6)
    seen = _published(api_client_for(roles["facilitator"]), community, quarters)
    # The levels (members at each quarter boundary) that published figures tie together.
    edges = []
    for start, value in seen.get("new_members", {}).items():
        q = selectors.quarter_of(start)
        edges.append((("b", q.start), ("b", q.end + timedelta(days=1)), value))
    for start, value in seen.get("members", {}).items():
        q = selectors.quarter_of(start)
        edges.append((("zero",), ("b", q.end + timedelta(days=1)), value))
    # Give each group of tied-together boundaries levels relative to one of them.
    nodes = {n for a, b, _v in edges for n in (a, b)}
    level, part = {}, {}
    for root in sorted(nodes, key=str):
        if root in level:
            continue
        level[root], part[root] = 0, root
        changed = True
        while changed:
            changed = False
            for a, b, value in edges:
                if a in level and b not in level:
                    level[b], part[b] = level[a] + value, part[a]
                    changed = True
                elif b in level and a not in level:
                    level[a], part[a] = level[b] - value, part[b]
                    changed = True
    for x, y in itertools.combinations(nodes, 2):
        if part[x] == part[y]:
            assert not 0 < abs(level[x] - level[y]) < 10, (x, y, level[x], level[y])
    # The quarter of 3 joiners is hidden, and so is something beside it.
    assert Q.previous.start not in seen.get("new_members", {})
    assert seen["new_members"][Q.start] == 15
    assert not (Q.previous.start in seen["members"] and q3.start in seen["members"])
    assert seen["members"][Q.start] == 33  # 30 joiners and 3 long before


def test_a_month_cannot_be_subtracted_from_its_quarter(community, facilitator, make_members):
    people = make_members(12)
    first, second, _third = Q.months
    for person in people[:11]:
        post_thread(community, person, when=_at(first + timedelta(days=2)))
    post_thread(community, people[11], when=_at(second + timedelta(days=2)))
    health = selectors.community_health(community, Q)
    assert _fig(health, "active_members").value == 12
    months = {m.month: m.active for m in health.months}
    assert months[first].suppressed  # 12 - 11 would count the one active only later
    assert months[second].suppressed  # 1 person


def test_parts_of_active_members_cannot_be_subtracted(
    community, facilitator, make_members, roles, api_client_for
):
    """12 active: 12 posted, 10 of them attended too. People who attended (10) would
    leave 2 who only posted, so it is hidden; the same holds in the API."""
    from practice_commons.events.models import EventKind

    people = make_members(12)
    for person in people:
        post_thread(community, person, when=_at(Q.start + timedelta(days=3)))
    _held(community, EventKind.COMMUNITY_MEETING, Q.start + timedelta(days=10), people[:10])
    health = selectors.community_health(community, Q)
    assert _fig(health, "active_members").value == 12
    assert _fig(health, "contributors").value == 12
    assert _fig(health, "attendees").suppressed
    assert _fig(health, "attendances").suppressed  # nobody may count them from it
    body = api_client_for(roles["facilitator"]).get(
        f"/api/v1/insights/communities/{community.slug}/health"
    )
    figures = {f["key"]: f for f in body.json()["figures"]}
    assert figures["attendees"]["value"] is None and figures["attendees"]["suppressed"]
    shown = {k: f["value"] for k, f in figures.items() if f["value"] is not None}
    parts = ("contributors", "attendees", "returning_members")
    for part in parts:
        if part in shown and "active_members" in shown:
            assert not 0 < shown["active_members"] - shown[part] < 10


def _held(community, kind, day, people):
    """An event of ``kind`` on ``day`` (ended) that ``people`` attended."""
    from practice_commons.events.models import Event, EventStatus, Registration, RegistrationStatus

    event = Event.objects.create(
        title="Held",
        description="Held.",
        kind=kind,
        status=EventStatus.PUBLISHED,
        community=community,
        starts_at=_at(day),
        ends_at=_at(day, hour=14),
    )
    return [
        Registration.objects.create(
            event=event,
            user=person,
            status=RegistrationStatus.CONFIRMED,
            sequence=i + 1,
            attended_at=event.starts_at,
        )
        for i, person in enumerate(people)
    ]


def test_events_sessions_attendances_feedback_and_solutions_by_quarter(
    community, facilitator, make_members
):
    """The counts read month by month in one query land in the right quarter: events and
    sessions held, attendances (a person at two events counts twice), the average of event
    and session feedback together, solutions published, threads by month."""
    from practice_commons.events.models import EventKind, Feedback
    from practice_commons.library.models import ItemKind, ItemStatus, LibraryItem
    from practice_commons.reflection.models import ReflectiveSession, SessionFeedback

    people = make_members(12)
    first, second = Q.start + timedelta(days=3), Q.start + timedelta(days=40)
    meeting = _held(community, EventKind.COMMUNITY_MEETING, first, people)
    _held(community, EventKind.COMMUNITY_MEETING, second, people[:10])
    _held(community, EventKind.COMMUNITY_MEETING, Q.previous.start + timedelta(days=9), people[:2])
    session_regs = _held(community, EventKind.REFLECTIVE_SESSION, second, people[:2])
    session = ReflectiveSession.objects.create(
        event=session_regs[0].event, community=community, theme="Holding uncertainty"
    )
    for registration in meeting:
        Feedback.objects.create(registration=registration, rating=4)
    for person in people[:2]:
        SessionFeedback.objects.create(
            session=session, user=person, usefulness=1, gave_you="Space.", consent_to_quote=False
        )
    for day in (Q.start + timedelta(days=50), Q.previous.start):
        LibraryItem.objects.create(
            kind=ItemKind.SOLUTION,
            status=ItemStatus.PUBLISHED,
            community=community,
            title="What worked",
            summary="It worked.",
            published_at=_at(day),
        )
    post_thread(community, people[0], when=_at(second))
    post_thread(community, people[1], when=_at(second), kind="documenting_solutions")

    health = selectors.community_health(community, Q)
    assert _fig(health, "events_held").value == 2
    assert _fig(health, "sessions_held").value == 1
    assert _fig(health, "attendees").value == 12
    assert _fig(health, "attendances").value == 12 + 10 + 2
    assert _fig(health, "feedback_respondents").value == 12
    assert _fig(health, "feedback_average").value == round((12 * 4 + 2 * 1) / 14, 1)
    assert _fig(health, "documented_solutions").value == 1
    assert _fig(health, "threads").value == 2
    kinds = {kind: fig.value for kind, _label, fig in health.current.threads_by_kind}
    assert kinds["documenting_solutions"] == 1 and kinds["problem_solving"] == 1
    assert [p.threads for p in health.months] == [0, 2, 0]
    prev = {k: f for k, _l, f in health.previous.rows()}
    assert prev["events_held"].value == 1 and prev["sessions_held"].value == 0
    assert prev["documented_solutions"].value == 1 and prev["threads"].value == 0
    assert prev["attendees"].suppressed and prev["feedback_average"].value is None


@pytest.mark.parametrize("size", [2, 20])
def test_health_query_budget_is_the_same_at_two_sizes(
    size, community, facilitator, make_members, django_assert_max_num_queries
):
    people = make_members(size)
    for person in people:
        post_thread(community, person, when=_at(Q.start), replies=[(people[0], 3)])
    with django_assert_max_num_queries(3):
        selectors.community_health(community, Q)
