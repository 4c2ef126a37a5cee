"""The community page draws panels registered by several apps (threads, solved threads,
events and sessions, testimonials). Each app tests its own panel; this tests the whole
page as people see it, with every panel, at two data sizes."""

from datetime import timedelta

import pytest
from django.utils import timezone

from practice_commons.communities.models import Role
from practice_commons.communities.panels import _PANELS
from practice_commons.communities.tests.factories import add_member, make_community
from practice_commons.discussions import services as discussions
from practice_commons.events import services as events
from practice_commons.events.tests.conftest import event_data

# 15 with every panel at both sizes, for an owner or a member: the page's own reads (its
# people and counts in one query, its professions and topics in one, the thread panels'
# lists in one) come to 11; the library, events and reflection panels add the rest (a
# query each for their rows, the reflection panel's quotes and sessions together; the
# navigation's organisations are read once a request, however many panels).
PAGE_BUDGET = 15


def _fill(community, owner, n):
    for i in range(n):
        author = add_member(community)
        thread = discussions.thread_create(
            actor=author,
            community=community,
            kind="problem_solving",
            title=f"How do your teams run transfer meetings? ({i})",
            body="We are rethinking how cases move between locality teams.",
        )
        reply = discussions.thread_reply(
            actor=owner, thread=thread, body="We hold them weekly with both teams."
        )
        discussions.thread_mark_answer(actor=author, thread=thread, post=reply)
        start = (timezone.now() + timedelta(days=3 + i)).replace(second=0, microsecond=0)
        events.event_create(
            actor=owner,
            data=event_data(
                title=f"Practitioners' forum {i}",
                community=community,
                starts_at=start,
                ends_at=start + timedelta(hours=2),
            ),
            professions=(),
            co_hosts=(),
            publish=True,
        )


@pytest.mark.django_db
@pytest.mark.parametrize("viewer", ["owner", "member"])
@pytest.mark.parametrize("n", [2, 12])
def test_community_page_with_every_panel_keeps_its_budget(
    n, viewer, client_for, django_assert_max_num_queries
):
    assert {"upcoming_events", "reflection_testimonials"} <= set(_PANELS)
    community = make_community()
    owner = community.memberships.get(role=Role.OWNER).user
    _fill(community, owner, n)
    client = client_for(owner if viewer == "owner" else add_member(community))
    client.get(community.get_absolute_url())
    with django_assert_max_num_queries(PAGE_BUDGET):
        response = client.get(community.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert "Practitioners&#x27; forum 0" in page  # the soonest event
    assert f"How do your teams run transfer meetings? ({n - 1})" in page  # the newest thread
