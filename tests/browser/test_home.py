"""The signed-in home page in a real browser: axe-clean with data for a member, a
facilitator and a non-member of the host, at desktop width and at 320 px (no sideways
scrolling), and each person reaching their tasks from it by clicking links only.

With ``UPDATE_DOCS_SCREENSHOTS=1`` the screenshots for the README are written to
``docs/screenshots/home-<role>.png`` (otherwise to ``test-artifacts/screenshots/``)."""

import os
import re

import pytest
from integration.home_world import build_world

from .conftest import DESKTOP, ROOT

pytestmark = pytest.mark.django_db(transaction=True)

NARROW = {"width": 320, "height": 800}


@pytest.fixture
def world(db):
    return build_world()


def open_home(signed_in_page, user, viewport=None):
    page = signed_in_page(user, viewport=viewport)
    page.goto("/")
    page.get_by_role("heading", level=1, name=re.compile("^Welcome")).wait_for()
    return page


def follow(page, name):
    """Click the home page's link called ``name`` (in the main content) and wait."""
    with page.expect_navigation():
        page.locator("main").get_by_role("link", name=name, exact=True).first.click()


@pytest.mark.parametrize("viewport", [DESKTOP, NARROW], ids=["desktop", "320px"])
@pytest.mark.parametrize("role", ["member", "facilitator", "non_member"])
def test_home_page_is_accessible_and_fits_a_narrow_screen(
    world, signed_in_page, assert_accessible, role, viewport
):
    page = open_home(signed_in_page, getattr(world, role), viewport)
    assert_accessible(page)
    assert page.get_by_role("heading", level=2).count() >= 8
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px at {viewport['width']}px"


def test_member_reaches_each_task_from_the_home_page(world, signed_in_page):
    page = open_home(signed_in_page, world.member)

    # Answer a request for information.
    follow(page, world.rfi.title)
    page.get_by_role("heading", level=1, name=world.rfi.title).wait_for()
    page.locator("#reply-area textarea").first.fill(
        "The allowance policy is on the council's kinship page; the team manager holds it."
    )
    page.get_by_role("button", name="Post reply").click()
    page.get_by_text("the team manager holds it").first.wait_for()

    # Their next event, their reflective session, a reply to their thread, a CPD draft.
    for link, heading in [
        (world.event.title, world.event.title),
        ("Kinship care reflective session", "Kinship care reflective session"),
        (world.own_thread.title, world.own_thread.title),
        ("Reading: kinship assessments", "Reading: kinship assessments"),
    ]:
        page.goto("/")
        follow(page, link)
        page.get_by_role("heading", level=1, name=heading).wait_for()

    # The wellbeing check-in.
    page.goto("/")
    follow(page, "How are you doing? Take the two-minute check-in")
    assert page.url.endswith("/wellbeing/check-in/")


def test_facilitator_reaches_join_requests_from_the_home_page(world, signed_in_page):
    page = open_home(signed_in_page, world.facilitator)
    follow(page, "Rory Requester asks to join Kinship care practice")
    assert page.url.endswith(f"/communities/{world.community.slug}/requests/")
    assert page.get_by_text("Rory Requester").first.is_visible()

    page.goto("/")
    follow(page, "Kinship care reflective session")
    page.get_by_role("heading", level=1, name="Kinship care reflective session").wait_for()


def test_non_member_reaches_a_trial_event_and_a_community_to_join(world, signed_in_page):
    page = open_home(signed_in_page, world.non_member)
    assert page.locator("#home-events_for_you").get_by_text("Trial place").is_visible()
    follow(page, world.trial_event.title)
    page.get_by_role("heading", level=1, name=world.trial_event.title).wait_for()
    assert page.get_by_role("button", name=re.compile("trial|Register|Book", re.I)).count() >= 1

    page.goto("/")
    follow(page, world.community.name)
    page.get_by_role("heading", level=1, name=world.community.name).wait_for()
    assert page.get_by_role("button", name=re.compile("join", re.I)).count() >= 1


def test_home_screenshots(world, signed_in_page):
    if os.environ.get("UPDATE_DOCS_SCREENSHOTS"):
        folder = ROOT / "docs" / "screenshots"
    else:
        folder = ROOT / "test-artifacts" / "screenshots"
    artifacts = ROOT / "test-artifacts" / "screenshots"
    for where in (folder, artifacts):
        where.mkdir(parents=True, exist_ok=True)
    for role, name in [
        ("member", "home-member.png"),
        ("facilitator", "home-facilitator.png"),
        ("non_member", "home-non-member.png"),
    ]:
        page = open_home(signed_in_page, getattr(world, role))
        page.screenshot(path=folder / name, full_page=True)
        narrow = open_home(signed_in_page, getattr(world, role), NARROW)
        narrow.screenshot(path=artifacts / f"320-{name}", full_page=True)
