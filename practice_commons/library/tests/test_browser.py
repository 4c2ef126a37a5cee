"""In a real browser: every library page is axe-clean with no Content-Security-Policy
violation, a glossary term opens its definition in place (aria-expanded), and the map's
table fits a phone."""

import pytest

from practice_commons.accounts.tests.factories import (
    ExpertiseTagFactory,
    HostAdminFactory,
    UserFactory,
)
from practice_commons.communities.models import Role
from practice_commons.communities.tests.factories import add_member, make_community
from practice_commons.library import services
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
    community = make_community(name="Early help and CAF practitioners")
    community.topics.set([ExpertiseTagFactory(name="Early help")])
    member = add_member(community, UserFactory(full_name="Mo Member"))
    facilitator = add_member(community, UserFactory(full_name="Fay Facil"), role=Role.FACILITATOR)
    services.term_suggest(
        actor=HostAdminFactory(), term="CAF", definition="Common Assessment Framework."
    )
    item = services.item_create(
        actor=member,
        kind="practice_example",
        community=community,
        title="A council's CAF practitioners' forum",
        summary="A monthly forum for lead professionals.",
        what_was_done="Lead professionals bring a stalled CAF plan.",
        outcomes="Plans moved on.",
    )
    services.item_submit(actor=member, item=item)
    services.item_review(actor=facilitator, item=item, approve=True)
    services.item_update(actor=member, item=item, outcomes="Most plans moved on within weeks.")
    return {"community": community, "member": member, "facilitator": facilitator, "item": item}


def test_library_pages_are_accessible(world, signed_in_page, assert_accessible):
    item, community = world["item"], world["community"]
    page = signed_in_page(world["member"])
    for url in [
        "/library/",
        f"/library/items/{item.pk}/",
        f"/library/items/{item.pk}/versions/",
        f"/library/items/{item.pk}/edit/",
        "/library/new/practice-example/",
        "/library/new/resource/",
        "/library/drafts/",
        "/library/glossary/",
        "/library/map/",
        f"/library/communities/{community.slug}/map/",
    ]:
        page.goto(url)
        assert_accessible(page)
    page.goto(f"/library/items/{item.pk}/")
    button = page.locator(".pc-term__button").first
    assert button.get_attribute("aria-expanded") == "false"
    button.click()
    assert button.get_attribute("aria-expanded") == "true"
    assert page.locator(".pc-term__definition").first.is_visible()
    assert_accessible(page)
    facilitator = signed_in_page(world["facilitator"])
    facilitator.goto("/library/review/")
    assert_accessible(facilitator)


def test_signed_out_and_on_a_phone(world, new_page, assert_accessible):
    page = new_page(viewport=browser.MOBILE)
    for url in ["/library/", f"/library/items/{world['item'].pk}/", "/library/map/"]:
        page.goto(url)
        assert_accessible(page)
        # The page's own content fits (the shared header is tested with the layout).
        # (wide tables scroll inside their own region, .pc-table-scroll)
        right = page.evaluate(
            "Math.max(...Array.from(document.querySelectorAll('#main-content *'))"
            ".filter(e => !e.closest('.pc-table-scroll table'))"
            ".map(e => e.getBoundingClientRect().right))"
        )
        assert right <= browser.MOBILE["width"] + 1, (url, right)
