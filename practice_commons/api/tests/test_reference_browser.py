"""The API reference in Chromium: no axe violation, and no sideways scrolling, at
desktop width and at 320 CSS pixels."""

import pytest

from tests.browser import conftest as browser

chromium = browser.chromium
built_assets = browser.built_assets
new_page = browser.new_page
axe_check = browser.axe_check
assert_accessible = browser.assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARROW = {"width": 320, "height": 800}


@pytest.mark.parametrize("viewport", [browser.DESKTOP, NARROW], ids=["desktop", "320px"])
def test_the_reference_is_accessible(new_page, assert_accessible, viewport):
    page = new_page(viewport=viewport)
    page.goto("/api/reference/")
    assert page.get_by_role("heading", level=1, name="API reference").is_visible()
    assert_accessible(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"], f"the page scrolls sideways ({width}px)"
