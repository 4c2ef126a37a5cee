"""In a real browser: the results page (with results, filters, pages and none) is
axe-clean on a desktop and a phone, with no Content-Security-Policy violation; the
header's search box takes someone there; typing a thread's title shows existing
answers beside the form (htmx)."""

import pytest

from practice_commons.accounts.tests.factories import UserFactory
from practice_commons.communities.tests.factories import add_member, make_community
from practice_commons.discussions import services as discussions
from tests.browser import conftest as browser

chromium = browser.chromium
built_assets = browser.built_assets
new_page = browser.new_page
signed_in_page = browser.signed_in_page
axe_check = browser.axe_check
assert_accessible = browser.assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(db):
    community = make_community(name="Kinship care practice")
    member = add_member(community, UserFactory(full_name="Mo Member"))
    for i in range(25):
        discussions.thread_create(
            actor=member,
            community=community,
            kind="problem_solving",
            title=f"Kinship assessment timescales {i}",
            body="How long do your kinship assessments take, and what helps?",
        )
    return {"community": community, "member": member}


def test_results_page_is_accessible(world, signed_in_page, assert_accessible):
    page = signed_in_page(world["member"])
    for url in [
        "/search/",
        "/search/?q=kinship+assessment",
        "/search/?q=kinship&kind=thread&since=year",
        "/search/?q=nothingmatchesthis",
    ]:
        page.goto(url)
        assert_accessible(page)
    page.goto("/search/?q=kinship")
    page.get_by_role("link", name="Next page").click()
    page.wait_for_url("**cursor=**")
    assert_accessible(page)
    page.set_viewport_size(browser.MOBILE)
    page.goto("/search/?q=kinship+assessment")
    assert_accessible(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    wide = page.evaluate(
        "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right"
        " > document.documentElement.clientWidth).map(e => e.tagName + '.' + e.className)"
    )
    assert width <= browser.MOBILE["width"], f"the page scrolls sideways: {wide}"


def test_header_box_and_thread_form_suggestions(world, signed_in_page):
    page = signed_in_page(world["member"])
    page.goto("/")
    page.get_by_label("Search Practice Commons").fill("kinship")
    page.get_by_label("Search Practice Commons").press("Enter")
    page.wait_for_url("**/search/?q=kinship")
    assert "results for" in page.content()
    slug = world["community"].slug
    page.goto(f"/communities/{slug}/threads/new/?kind=problem_solving")
    page.locator("#id_title").fill("kinship assessment")
    page.locator("#thread-suggestions").get_by_text("Already answered?").wait_for()
    assert "Kinship assessment timescales" in page.locator("#thread-suggestions").inner_text()
