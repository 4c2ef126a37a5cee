"""The health figures: what counts, suppression under 10 people, the previous period,
bounded queries at two sizes."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from practice_commons.insights import selectors
from practice_commons.insights.selectors import suppression as s

from .conftest import post_thread

pytestmark = pytest.mark.django_db


def _fig(health, key):
    return {k: f for k, _l, f in health.current.rows()}[key]


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


def test_small_community_figures_about_people_are_suppressed(community, facilitator, make_members):
    members = make_members(3)
    post_thread(community, members[0], replies=[(members[1], 2)])
    health = selectors.community_health(community, selectors.period_from(None, None))
    assert _fig(health, "active_members").suppressed
    assert _fig(health, "members").suppressed  # 4 people + owner
    assert _fig(health, "threads").value == 1  # content, not people
    assert _fig(health, "questions_answered").value == 1
    assert _fig(health, "median_first_reply_hours").value == 2.0


def test_figures_count_active_new_returning_and_answers(community, facilitator, make_members):
    people = make_members(14)
    today = timezone.localdate()
    earlier = timezone.now() - timedelta(days=120)
    # 12 people posted before the period, 11 of them again now: returning = 11.
    for person in people[:12]:
        post_thread(community, person, when=earlier)
    for person in people[:11]:
        post_thread(community, person, replies=[(people[13], 5)])
    unanswered = post_thread(community, people[12])
    accepted = post_thread(community, people[0], replies=[(people[1], 1)])
    accepted.answered_at = accepted.created_at + timedelta(hours=10)
    accepted.save(update_fields=["answered_at"])
    health = selectors.community_health(community, selectors.period_from(None, today))
    assert _fig(health, "active_members").value == 13  # people 0-10, 12 and 13
    assert _fig(health, "returning_members").value == 11  # people 0-10
    assert _fig(health, "questions").value == 13
    assert _fig(health, "questions_answered").value == 12
    assert _fig(health, "answered_share").value == round(100 * 12 / 13)
    assert _fig(health, "accepted_answers").value == 1
    assert _fig(health, "median_accepted_hours").value == 10.0
    assert _fig(health, "new_members").value == 16  # 14 members, facilitator, owner
    prev = {k: f for k, _l, f in health.previous.rows()}
    assert prev["threads"].value == 12
    assert unanswered.pk


def test_period_validation():
    with pytest.raises(ValueError, match="on or before"):
        selectors.period_from(date(2026, 5, 1), date(2026, 4, 1))
    with pytest.raises(ValueError, match="three years"):
        selectors.period_from(date(2020, 1, 1), date(2026, 1, 1))
    p = selectors.period_from(date(2026, 1, 1), date(2026, 1, 31))
    assert p.previous == selectors.Period(date(2025, 12, 1), date(2025, 12, 31))


@pytest.mark.parametrize("size", [2, 20])
def test_health_query_budget_is_the_same_at_two_sizes(
    size, community, facilitator, make_members, django_assert_max_num_queries
):
    people = make_members(size)
    for person in people:
        post_thread(community, person, replies=[(people[0], 3)])
    with django_assert_max_num_queries(28):
        selectors.community_health(community, selectors.period_from(None, None))
