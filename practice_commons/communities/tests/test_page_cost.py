"""The community page reads without writing: a member's visit is written down at most
once a minute, and within the minute the page asks nothing about it. The reader's
membership is read once for all the page's questions, its people in one query, its
professions and topics in another."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from practice_commons.accounts.tests.factories import (
    ExpertiseTagFactory,
    ProfessionFactory,
    UserFactory,
)
from practice_commons.communities import selectors
from practice_commons.communities.models import CommunityMembership, MembershipStatus, Role

from .factories import add_member

WRITES = ("INSERT", "UPDATE", "DELETE")


def _writes(ctx) -> list[str]:
    return [q["sql"] for q in ctx.captured_queries if q["sql"].lstrip().upper().startswith(WRITES)]


def test_coming_back_within_the_minute_writes_nothing(client_for, community):
    member = add_member(community)
    client = client_for(member)
    client.get(community.get_absolute_url())
    first = CommunityMembership.objects.get(community=community, user=member).last_visited_at
    assert first is not None
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(community.get_absolute_url()).status_code == 200
    assert _writes(ctx) == []


def test_a_visit_after_the_minute_is_written_once(client_for, community):
    member = add_member(community)
    earlier = timezone.now() - timedelta(minutes=5)
    CommunityMembership.objects.filter(community=community, user=member).update(
        last_visited_at=earlier
    )
    client = client_for(member)
    with CaptureQueriesContext(connection) as ctx:
        client.get(community.get_absolute_url())
    assert len(_writes(ctx)) == 1
    row = CommunityMembership.objects.get(community=community, user=member)
    assert row.last_visited_at > earlier


@pytest.mark.parametrize("size", [2, 50])
def test_the_pages_people_and_counts_come_in_one_query(community, size, django_assert_num_queries):
    for i in range(size):
        add_member(community, user=UserFactory(full_name=f"Member {i:03}"))
    # Sorted last by name, so outside the preview, yet listed as facilitator and coordinator.
    facilitator = add_member(
        community, user=UserFactory(full_name="Zoe Facilitator"), role=Role.FACILITATOR
    )
    coordinator = add_member(
        community, user=UserFactory(full_name="Zak Coordinator"), coordinator_title="Practice lead"
    )
    for _ in range(3):
        add_member(community, status=MembershipStatus.REQUESTED)
    everyone = selectors.active_members(community)

    with django_assert_num_queries(1):
        people = selectors.page_people(community, preview=12, requests=True)
    assert people.member_count == size + 3  # with the owner and the two above
    assert people.request_count == 3
    assert [m.pk for m in people.preview] == [m.pk for m in everyone[:12]]
    assert facilitator in [m.user for m in people.facilitators]
    assert [m.user for m in people.coordinators] == [coordinator]
    with django_assert_num_queries(1):
        people = selectors.page_people(community, preview=0, requests=False)
    assert people.preview == [] and people.request_count == 0
    assert people.member_count == size + 3


def test_a_primed_membership_answers_every_question(community, django_assert_num_queries):
    member = add_member(community)
    with django_assert_num_queries(1):
        selectors.prime_membership(member, community)
    with django_assert_num_queries(0):
        assert selectors.can_read(member, community)
        assert selectors.is_member(member, community)
        assert selectors.can_post(member, community) == (True, "")
        assert not selectors.can_moderate(member, community)


def test_a_primed_membership_is_only_the_readers(community, django_assert_num_queries):
    member = add_member(community)
    other = add_member(community)
    selectors.prime_membership(member, community)
    with django_assert_num_queries(1):
        assert selectors.is_member(other, community)


def test_the_pages_professions_and_topics_come_in_one_query_in_their_order(
    community, django_assert_num_queries
):
    community.professions.set(
        [
            ProfessionFactory(name="Youth worker", sort_order=20),
            ProfessionFactory(name="Advocate", sort_order=20),
            ProfessionFactory(name="Nurse", sort_order=10),
        ]
    )
    community.topics.set([ExpertiseTagFactory(name=name) for name in ("Neglect", "Adoption")])
    with django_assert_num_queries(1):
        labels = selectors.page_labels(community)
    assert labels.professions == ["Nurse", "Advocate", "Youth worker"]
    assert labels.topics == ["Adoption", "Neglect"]
    assert labels.professions == [p.name for p in community.professions.all()]
    assert labels.topics == [t.name for t in community.topics.all()]


def test_a_community_without_professions_or_topics_has_no_labels(community):
    labels = selectors.page_labels(community)
    assert labels.professions == [] and labels.topics == []
