"""Communities pages in a real browser: axe-clean for every role that sees them (with data,
which the navigation crawler does not have), error states, and the htmx join/leave swap.
"""

import pytest

from practice_commons.accounts.tests.factories import UserFactory
from practice_commons.communities import services
from practice_commons.communities.models import CommunityMembership, MembershipStatus, Role
from practice_commons.communities.tests.factories import invitation_link

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(db):
    owner = UserFactory(full_name="Olu Owner")
    community = services.community_create(
        actor=owner,
        name="Children and families decision-making",
        purpose="Thinking together about hard decisions.",
        domain_statement="Risk, strengths and the child's voice.",
        meeting_rhythm="Every second Tuesday, 12:30 to 13:30, online",
        joining_policy="request",
        topic_names=["Decision-making"],
    )
    member = UserFactory(full_name="Mia Member")
    CommunityMembership.objects.create(
        community=community, user=member, status=MembershipStatus.ACTIVE, accepted_rules_version=1
    )
    CommunityMembership.objects.create(
        community=community, user=UserFactory(), status=MembershipStatus.REQUESTED
    )
    services.membership_set_coordinator_title(
        actor=owner,
        membership=CommunityMembership.objects.get(user=member),
        title="Events coordinator",
    )
    sub = services.community_create(
        actor=owner,
        name="Reflective set",
        purpose="A set of eight.",
        domain_statement="Reflection.",
        parent=community,
        visibility="private",
        joining_policy="invitation",
    )
    invitation = services.invitation_create(
        actor=owner, community=community, email="new@example.org"
    )
    target = CommunityMembership.objects.get(user=member)
    return {
        "owner": owner,
        "member": member,
        "community": community,
        "sub": sub,
        "invitation": invitation,
        "invitation_link": invitation_link(invitation),
        "target": target,
    }


def _pages(world):
    slug = world["community"].slug
    return [
        "/communities/",
        f"/communities/{slug}/",
        f"/communities/{slug}/rules/",
        f"/communities/{slug}/members/",
        f"/communities/{slug}/edit/",
        f"/communities/{slug}/rules/edit/",
        f"/communities/{slug}/requests/",
        f"/communities/{slug}/invitations/",
        f"/communities/{slug}/safeguarding-leads/",
        f"/communities/{slug}/subgroups/new/",
        f"/communities/{slug}/members/{world['target'].pk}/",
        f"/communities/{world['sub'].slug}/",
        "/communities/new/",
    ]


def test_owner_pages_are_accessible(world, signed_in_page, assert_accessible):
    page = signed_in_page(world["owner"])
    for path in _pages(world):
        response = page.goto(path)
        assert response.status == 200, path
        assert_accessible(page)


def test_visitor_and_invitee_pages_are_accessible(world, browser_page, assert_accessible):
    page = browser_page
    for path in [
        "/communities/",
        world["community"].get_absolute_url(),
        world["invitation_link"],
    ]:
        assert page.goto(path).status == 200
        assert_accessible(page)


def test_join_with_errors_then_htmx_swap(world, signed_in_page, assert_accessible):
    community = world["community"]
    community.joining_policy = "open"
    community.save()
    person = UserFactory()
    page = signed_in_page(person)
    page.goto(f"/communities/{community.slug}/join/")
    page.click("#main-content form button[type=submit]")
    page.wait_for_selector(".govuk-error-summary")
    assert page.title().startswith("Error:")
    assert_accessible(page)
    # On the community page, joining swaps the panel in place (htmx, no reload).
    page.goto(community.get_absolute_url())
    page.evaluate("window.__notReloaded = true")
    page.check("#id_accept_rules")
    page.click("#membership-panel button[type=submit]")
    page.wait_for_selector("#membership-panel >> text=Leave")
    assert page.evaluate("window.__notReloaded === true")
    assert CommunityMembership.objects.get(community=community, user=person).role == Role.MEMBER
    assert_accessible(page)


def test_create_form_errors_are_accessible(world, signed_in_page, assert_accessible):
    page = signed_in_page(world["member"])
    page.goto("/communities/new/")
    page.click("#main-content form button[type=submit]")
    page.wait_for_selector(".govuk-error-summary")
    for href in page.eval_on_selector_all(
        ".govuk-error-summary__list a", "els => els.map(e => e.getAttribute('href'))"
    ):
        assert page.locator(href).count() == 1, f"summary link {href} has no target"
    assert_accessible(page)


@pytest.mark.parametrize("width", [320, 1280])
def test_community_page_puts_the_rules_beside_the_join_control(
    width, world, new_page, signed_in_page, assert_accessible
):
    """Someone deciding whether to join sees the rules right under the join button, at
    any width; nothing is wider than the screen. Screenshots go to test-artifacts/."""
    from .conftest import ROOT

    viewport = {"width": width, "height": 900}
    person = UserFactory(full_name="Nia Newcomer")
    for who, page in [
        ("newcomer", signed_in_page(person, viewport=viewport)),
        ("member", signed_in_page(world["member"], viewport=viewport)),
    ]:
        page.goto(world["community"].get_absolute_url())
        rules = page.locator("#rules")
        assert page.locator("#join #membership-panel").is_visible()
        if who == "newcomer":
            assert rules.get_attribute("open") is not None
            assert page.locator("#rules li").first.is_visible()
        else:
            assert rules.get_attribute("open") is None
        assert page.evaluate(
            "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        )
        shots = ROOT / "test-artifacts" / "screenshots"
        shots.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=shots / f"community-{who}-{width}.png", full_page=True)
        assert_accessible(page)
