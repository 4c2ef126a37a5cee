"""A person without a name, in a real browser: every page where they would post, book or
join says to add their name first, links to their profile, and stays axe-clean; other
people see them as "New member", never by their email address."""

from datetime import timedelta

import pytest
from django.utils import timezone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOCAL_PART = "dafydd.douglas.111"


@pytest.fixture
def world(db):
    from practice_commons.accounts.models import OrganisationMembership
    from practice_commons.accounts.tests.factories import OrganisationFactory, UserFactory
    from practice_commons.communities import services as community_services
    from practice_commons.communities.models import CommunityMembership, MembershipStatus, Role
    from practice_commons.discussions import services as discussion_services
    from practice_commons.events import services as event_services
    from practice_commons.reflection import services as reflection_services

    owner = UserFactory(full_name="Olu Owner")
    joined = community_services.community_create(
        actor=owner,
        name="Kinship care practice",
        purpose="Peers reflecting on kinship care.",
        domain_statement="Kinship care.",
    )
    other = community_services.community_create(
        actor=owner,
        name="Transitions to adult services",
        purpose="Moving on well.",
        domain_statement="Transitions.",
    )
    nameless = UserFactory(full_name="", email=f"{LOCAL_PART}@example.org")
    CommunityMembership.objects.create(
        community=joined,
        user=nameless,
        status=MembershipStatus.ACTIVE,
        accepted_rules_version=joined.current_rules.version,
    )
    CommunityMembership.objects.filter(community=joined, user=owner).update(role=Role.OWNER)
    thread = discussion_services.thread_create(
        actor=owner,
        community=joined,
        kind="problem_solving",
        title="Transfer meetings that work",
        body="How do other teams run transfer meetings?",
    )
    organisation = OrganisationFactory(name="Leeds City Council", slug="leeds-city-council")
    organiser = UserFactory(organisation=organisation, org_role=OrganisationMembership.Role.ADMIN)
    start = (timezone.now() + timedelta(days=5)).replace(second=0, microsecond=0)
    event = event_services.event_create(
        actor=organiser,
        publish=True,
        data={
            "title": "Recognising neglect together",
            "kind": "joint_training",
            "description": "Joint training for social workers and teachers.",
            "starts_at": start,
            "ends_at": start + timedelta(hours=3),
            "format": "online",
            "online_url": "https://meet.example.org/neglect",
            "capacity": 20,
            "organisation": organisation,
        },
    )
    session = reflection_services.session_schedule(
        actor=owner,
        community=joined,
        title="Wednesday reflective session",
        theme="Holding uncertainty",
        starts_at=start,
        ends_at=start + timedelta(minutes=90),
        online_url="https://meet.example.org/reflect",
    )
    return {
        "owner": owner,
        "nameless": nameless,
        "joined": joined,
        "other": other,
        "thread": thread,
        "event": event,
        "session": session,
    }


def test_pages_ask_for_a_name_before_posting_booking_or_joining(
    world, signed_in_page, assert_accessible
):
    page = signed_in_page(world["nameless"])
    for path, action in (
        (world["other"].get_absolute_url(), "join"),
        (f"/communities/{world['joined'].slug}/threads/", "post"),
        (world["thread"].get_absolute_url(), "post"),
        (world["event"].get_absolute_url(), "book"),
        (world["session"].get_absolute_url(), "book"),
        ("/messages/new/", "post"),
    ):
        page.goto(path)
        message = page.get_by_text(f"Add your name to your profile before you {action}.")
        assert message.is_visible(), path
        assert page.get_by_role("link", name="Add your name to your profile").is_visible(), path
        assert_accessible(page)
    page.get_by_role("link", name="Add your name to your profile").click()
    page.wait_for_load_state()
    assert page.url.endswith("/accounts/profile/edit/") or "/profile/edit/" in page.url


def test_others_see_new_member_never_the_email(world, signed_in_page, assert_accessible):
    page = signed_in_page(world["owner"])
    page.goto(f"/communities/{world['joined'].slug}/members/")
    assert page.get_by_text("New member").first.is_visible()
    assert "dafydd" not in page.content()
    assert_accessible(page)
