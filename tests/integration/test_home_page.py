"""The signed-in home page ("what needs me today") with every app's blocks, for a
member, a facilitator, a non-member of the host and a host admin: the right items, no
private community's content for someone outside it, empty states, and a fixed query
budget at two data sizes."""

import pytest
from django.urls import reverse

from practice_commons.accounts.tests.factories import UserFactory
from practice_commons.core.testing import html_contains

from .home_world import build_world

pytestmark = pytest.mark.django_db

HOME = reverse("core:home")


@pytest.fixture
def world():
    return build_world()


def page_for(client, user) -> str:
    client.force_login(user)
    response = client.get(HOME)
    assert response.status_code == 200
    return response.content.decode()


def block(page: str, key: str) -> str:
    """The HTML of one block (``id="home-<key>"``), or "" when it is not on the page."""
    start = page.find(f'id="home-{key}"')
    if start == -1:
        return ""
    end = page.find('<div class="pc-home-block"', start + 1)
    return page[start : end if end != -1 else len(page)]


def test_member_sees_what_needs_them(client, world):
    page = page_for(client, world.member)

    rfi = block(page, "requests_for_information")
    assert html_contains(rfi, world.rfi.title)
    assert world.rfi.get_absolute_url() in rfi
    assert "by " in rfi
    replies = block(page, "replies_and_mentions")
    assert html_contains(replies, world.own_thread.title)
    assert "1 new reply" in replies
    events = block(page, "next_events")
    assert html_contains(events, world.event.title) and "Civic Hall, Leeds" in events
    sessions = block(page, "next_sessions")
    assert html_contains(sessions, "Kinship care reflective session")
    assert world.session.get_absolute_url() in sessions and "Online" in sessions
    assert "Reading: kinship assessments" in block(page, "cpd_drafts")
    assert "Take the two-minute check-in" in block(page, "wellbeing")
    assert "Family group conferences" in block(page, "new_in_library")
    # Not theirs: moderation and join requests.
    assert block(page, "join_requests") == ""
    assert block(page, "reports_waiting") == ""
    assert block(page, "agreements") == ""


def test_nothing_from_a_private_community_reaches_someone_outside_it(client, world):
    for person in (world.member, world.facilitator, world.non_member):
        page = page_for(client, person)
        assert not html_contains(page, world.private_rfi.title)
        assert world.private.slug not in page
        assert not html_contains(page, world.private.name)


def test_facilitator_sees_join_requests_and_the_sessions_they_run(client, world):
    page = page_for(client, world.facilitator)
    requests = block(page, "join_requests")
    assert html_contains(requests, "Rory Requester asks to join Kinship care practice")
    assert reverse("communities:requests", args=[world.community.slug]) in requests
    sessions = block(page, "next_sessions")
    assert "You facilitate" in sessions
    # Their own community's request is not one for them to answer... but they are a
    # member, so the colleague's request is.
    assert html_contains(block(page, "requests_for_information"), world.rfi.title)


def test_non_member_is_offered_a_trial_place_and_communities_to_join(client, world):
    page = page_for(client, world.non_member)
    suggested = block(page, "events_for_you")
    assert html_contains(suggested, world.trial_event.title)
    assert "Trial place" in suggested
    assert html_contains(block(page, "communities_for_you"), world.community.name)
    # A public community for their profession: its open request is theirs to answer.
    assert html_contains(block(page, "requests_for_information"), world.rfi.title)
    assert block(page, "next_events").count("<li>") == 0
    assert "You have no events booked." in block(page, "next_events")
    assert block(page, "join_requests") == ""


def test_the_busiest_person_sees_every_block_of_theirs(client, world):
    page = page_for(client, world.busy)
    assert "Misinformation" in block(page, "reports_waiting")
    assert html_contains(block(page, "join_requests"), "Rory Requester")
    agreements = block(page, "agreements")
    assert agreements.index("Joint neglect training") < agreements.index("Shared triage")
    assert "Accept" in agreements and "Review due" in agreements
    assert 'class="govuk-tag govuk-tag--red">1<' in page  # the bell's unread count


def test_host_admin_sees_reports_and_every_join_request(client, world):
    page = page_for(client, world.host_admin)
    reports = block(page, "reports_waiting")
    assert "Misinformation" in reports
    assert html_contains(block(page, "join_requests"), "Rory Requester")


def test_a_newcomer_gets_an_empty_state_with_a_next_step_in_every_block(client, world):
    newcomer = UserFactory(full_name="Nell Newcomer", area="", profession=None)
    page = page_for(client, newcomer)
    for key, text, link in [
        ("requests_for_information", "No open requests", reverse("communities:directory")),
        ("replies_and_mentions", "Nothing new on your threads", reverse("communities:directory")),
        ("next_events", "You have no events booked.", reverse("events:list")),
        ("next_sessions", "No reflective sessions booked.", reverse("communities:directory")),
        ("your_communities", "Nothing waiting in your communities.", None),
        ("cpd_drafts", "No CPD drafts waiting.", reverse("cpd:new")),
        ("unread_threads", "You are up to date.", None),
        ("communities_for_you", "No more communities match", reverse("accounts:profile_edit")),
        ("new_in_library", "Nothing new in your topics.", reverse("accounts:profile_edit")),
    ]:
        html = block(page, key)
        assert text in html, key
        assert "<li>" not in html, key
        if link:
            assert f'href="{link}"' in html, key


def test_rules_to_accept_again_are_asked_for(client, world):
    from practice_commons.communities import services

    services.community_rules_update(
        actor=world.facilitator,
        community=world.community,
        rules=[{"title": "Confidentiality", "description": "What is said here stays here."}],
    )
    page = page_for(client, world.member)
    mine = block(page, "your_communities")
    assert "Accept the rules" in mine
    assert reverse("communities:rules", args=[world.community.slug]) in mine


@pytest.mark.parametrize("extra", [0, 12])
@pytest.mark.parametrize("role", ["member", "facilitator", "non_member", "host_admin", "busy"])
def test_query_budget_whatever_the_data_size(client, django_assert_max_num_queries, role, extra):
    world = build_world(extra=extra)
    person = getattr(world, role)
    client.force_login(person)
    # Once first, so the process's own caches (content types, the minute's glossary) are
    # warm, as they are for every page but a worker's first: counted cold, the budget
    # depended on which test ran first in the process.
    client.get(HOME)
    with django_assert_max_num_queries(15):
        response = client.get(HOME)
    assert response.status_code == 200
