"""In a real browser: a host admin reaches the audit trail from the Account menu, and the
page passes axe (WCAG 2.2 AA) at phone and desktop widths, filtered, unfiltered and with
a filter's error."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from practice_commons.accounts import services
from tests.browser import conftest as browser

from .factories import HostAdminFactory, UserFactory

# The browser fixtures live in tests/browser/conftest.py; make them visible here.
chromium = browser.chromium
built_assets = browser.built_assets
new_page = browser.new_page
signed_in_page = browser.signed_in_page
axe_check = browser.axe_check
assert_accessible = browser.assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", [browser.MOBILE, browser.DESKTOP], ids=["phone", "desktop"])
def test_audit_trail_for_a_host_admin(signed_in_page, assert_accessible, viewport):
    admin = HostAdminFactory(full_name="Hana Host")
    moderator = UserFactory(full_name="Mo Derator")
    services.audit_record(
        actor=moderator, action="report.hide", target=moderator, reason="Hidden after review"
    )
    services.audit_record(actor=None, action="host_membership.expire")
    page = signed_in_page(admin, viewport=viewport)

    page.goto(reverse("core:dashboard"))
    toggle = page.locator(".govuk-service-navigation__toggle")
    if toggle.is_visible():
        toggle.click()
    page.locator("summary", has_text="Account").click()
    page.get_by_role("link", name="Audit trail").click()
    expect(page.get_by_role("heading", name="Audit trail")).to_be_visible()
    assert page.get_by_text("Hidden after review").is_visible()
    assert_accessible(page)

    page.get_by_label("Action").fill("report.")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**/audit/?*")
    assert page.get_by_text("1 entry matching the filters").is_visible()
    assert_accessible(page)

    page.goto(reverse("accounts:audit") + "?date_from=2026-03-29&date_to=2026-03-28")
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.title().startswith("Error:")
    assert_accessible(page)
