"""In a real browser: a member starts a typed thread, another replies (htmx), the author
marks the answer and the thread shows as solved; every page on the way is axe-clean and
raises no Content-Security-Policy violation."""

import pytest

from practice_commons.accounts.tests.factories import UserFactory
from practice_commons.communities.tests.factories import add_member, make_community
from practice_commons.discussions.models import Thread
from tests.browser import conftest as browser

# The shared browser fixtures live in tests/browser/conftest.py, which only tests under
# tests/browser/ see; these names make them visible here. One Chromium serves the whole
# run (two Playwright instances cannot run in one thread).
chromium = browser.chromium
built_assets = browser.built_assets
new_page = browser.new_page
signed_in_page = browser.signed_in_page
axe_check = browser.axe_check
assert_accessible = browser.assert_accessible


pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people(db):
    community = make_community(
        name="Early help and CAF practitioners", allow_anonymous_questions=True
    )
    asker = add_member(community, UserFactory(full_name="Asha Asker"))
    helper = add_member(community, UserFactory(full_name="Hal Helper"))
    return community, asker, helper


def test_typed_thread_reply_answer_solved(people, signed_in_page, assert_accessible):
    community, asker, helper = people
    page = signed_in_page(asker)
    page.goto(f"/communities/{community.slug}/threads/")
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Start a thread").click()
    page.get_by_role("heading", name="What kind of thread is this?").wait_for()
    assert_accessible(page)
    page.get_by_label("Request for information").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()
    page.get_by_label("By when do you need it?").fill("2030-03-27")
    assert_accessible(page)
    page.get_by_label("Title").fill("A template for multi-agency chronologies?")
    page.get_by_label("What do you need to know?").fill(
        "Looking for a template that works when several services contribute."
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Post thread").click()
    page.get_by_role("heading", name="A template for multi-agency chronologies?").wait_for()
    assert page.get_by_text("By when do you need it?").is_visible()
    assert_accessible(page)
    thread = Thread.objects.get()
    assert thread.kind == "request_for_information"

    other = signed_in_page(helper)
    other.goto(thread.get_absolute_url())
    other.get_by_label("Your reply").fill(
        "We use a five-column table: the impact column is what makes it useful."
    )
    other.get_by_role("button", name="Post reply").click()
    # htmx appends the reply without a reload and gives back an empty form.
    other.locator("#posts article").nth(1).get_by_text("five-column table").wait_for()
    assert other.get_by_label("Your reply").input_value() == ""
    assert_accessible(other)

    page.goto(thread.get_absolute_url())
    with page.expect_navigation():
        page.get_by_role("button", name="Mark as the answer").click()
    page.get_by_role("heading", name="Solved").wait_for()
    assert page.get_by_role(
        "button", name="Add to the library as a documented solution"
    ).is_visible()
    assert_accessible(page)
    thread.refresh_from_db()
    assert thread.is_solved

    page.goto(f"/communities/{community.slug}/")
    assert (
        page.locator("#solved_threads, section")
        .get_by_text("A template for multi-agency chronologies?")
        .first.is_visible()
    )


def test_reaction_toggles_without_reload(people, signed_in_page, assert_accessible):
    from practice_commons.discussions import services

    community, asker, helper = people
    thread = services.thread_create(
        actor=asker,
        community=community,
        kind="problem_solving",
        title="Transfers keep slipping",
        body="Ideas welcome.",
    )
    page = signed_in_page(helper)
    page.goto(thread.get_absolute_url())
    button = page.get_by_role("button", name="Helpful")
    button.click()
    page.locator('button[aria-pressed="true"]').wait_for()
    assert_accessible(page)
