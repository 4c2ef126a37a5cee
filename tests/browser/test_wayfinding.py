"""Wayfinding in a real browser: a members-only event tells a non-member before they
register, the events list shows a series once with its dates behind a <details>, and a
reflective session's page books an eligible member and tells an outsider why not and
what to do. Every page passes axe-core's WCAG 2.2 AA rules.

Set ``WAYFINDING_SCREENSHOTS=<dir>`` to keep a screenshot of each page."""

import os
from datetime import time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _shot(page, name):
    folder = os.environ.get("WAYFINDING_SCREENSHOTS")
    if folder:
        page.screenshot(path=os.path.join(folder, f"{name}.png"), full_page=True)


@pytest.fixture
def world(db):
    from practice_commons.accounts.models import HostMembership, OrganisationMembership
    from practice_commons.accounts.tests.factories import OrganisationFactory, UserFactory
    from practice_commons.communities.models import Role
    from practice_commons.communities.tests.factories import add_member, make_community
    from practice_commons.events import services as event_services
    from practice_commons.reflection import services as reflection_services

    organisation = OrganisationFactory(name="Leeds City Council", slug="leeds-city-council")
    organiser = UserFactory(organisation=organisation, org_role=OrganisationMembership.Role.ADMIN)
    start = (timezone.now() + timedelta(days=5)).replace(second=0, microsecond=0)
    data = {
        "title": "Members' briefing on the new guidance",
        "kind": "practitioners_forum",
        "description": "A briefing for members on the new safeguarding guidance.",
        "starts_at": start,
        "ends_at": start + timedelta(hours=2),
        "format": "online",
        "online_url": "https://meet.example.org/briefing",
        "capacity": 30,
        "organisation": organisation,
        "audience": "members",
        "trial_allowed": True,
    }
    members_event = event_services.event_create(actor=organiser, publish=True, data=data)
    event_services.series_create(
        actor=organiser,
        data={**data, "title": "Evening forum", "audience": "signed_in", "trial_allowed": False},
        rule="FREQ=WEEKLY;BYDAY=WE;COUNT=4",
        start_date=timezone.localdate() + timedelta(days=1),
        start_time=time(18, 0),
        end_time=time(19, 30),
        publish=True,
    )
    community = make_community(name="Children and families reflective set")
    facilitator = add_member(
        community, UserFactory(full_name="Fay Facilitator"), role=Role.FACILITATOR
    )
    session_start = (timezone.now() + timedelta(days=2)).replace(second=0, microsecond=0)
    session = reflection_services.session_schedule(
        actor=facilitator,
        community=community,
        title="Wednesday reflective session",
        theme="Holding uncertainty",
        starts_at=session_start,
        ends_at=session_start + timedelta(minutes=90),
        where="online",
        online_url="https://meet.example.org/reflect",
        capacity=8,
    )
    return {
        "members_event": members_event,
        "session": session,
        "non_member": UserFactory(
            host_membership=HostMembership.NON_MEMBER, full_name="Nia Nonmember"
        ),
        "member": add_member(community, UserFactory(full_name="Mia Member")),
        "outsider": UserFactory(full_name="Otto Outsider"),
    }


def test_members_only_event_and_series_in_the_list(world, signed_in_page, assert_accessible):
    page = signed_in_page(world["non_member"])
    page.goto("/events/")
    assert page.get_by_text("Trial place available to you").is_visible()
    assert page.get_by_role("link", name="Evening forum").count() == 1
    page.locator("main details summary").first.click()
    expect(page.get_by_text("Every week on Wednesday").first).to_be_visible()
    dates = page.locator("main details .govuk-details__text li")
    assert dates.count() == 4 and dates.first.is_visible()
    assert_accessible(page)
    _shot(page, "events-list-non-member")

    page.goto(world["members_event"].get_absolute_url())
    outlook = page.locator("#registration-outlook")
    assert "your one trial" in outlook.inner_text()
    assert page.get_by_role("button", name="Register on trial").is_visible()
    assert page.get_by_role("link", name="How to become a member").first.is_visible()
    assert_accessible(page)
    _shot(page, "members-event-non-member")


def test_session_page_for_an_eligible_member_and_an_outsider(
    world, signed_in_page, assert_accessible
):
    session = world["session"]
    page = signed_in_page(world["member"])
    page.goto(session.get_absolute_url())
    assert page.get_by_role("button", name="Book a place").is_visible()
    assert_accessible(page)
    _shot(page, "session-member")
    page.get_by_role("button", name="Book a place").click()
    page.wait_for_load_state()
    assert page.get_by_text("You have a place").first.is_visible()
    assert_accessible(page)

    page = signed_in_page(world["outsider"])
    page.goto(session.get_absolute_url())
    assert page.get_by_text("You cannot book this session.").is_visible()
    assert page.get_by_role("link", name=f"Join {session.community.name}").is_visible()
    assert page.get_by_role("button", name="Book a place").count() == 0
    assert_accessible(page)
    _shot(page, "session-outsider")

    page.goto(f"/reflection/communities/{session.community.slug}/")
    assert page.get_by_role("link", name=session.event.title).first.is_visible()
    assert_accessible(page)
