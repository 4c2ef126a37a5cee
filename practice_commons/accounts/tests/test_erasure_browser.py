"""In a real browser, by keyboard: from the profile to "Delete your account", a wrong
address (an accessible error), then the right one; every step passes axe (WCAG 2.2 AA)
at phone and desktop widths, and the person ends signed out with the account gone."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser import conftest as browser

from .factories import UserFactory

chromium = browser.chromium
built_assets = browser.built_assets
new_page = browser.new_page
signed_in_page = browser.signed_in_page
axe_check = browser.axe_check
assert_accessible = browser.assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", [browser.MOBILE, browser.DESKTOP], ids=["phone", "desktop"])
def test_delete_your_account_in_a_browser(signed_in_page, assert_accessible, viewport):
    person = UserFactory(full_name="Erin Erase", email="erin.erase@riverside.example")
    page = signed_in_page(person, viewport=viewport)

    page.goto(reverse("accounts:profile"))
    page.get_by_role("link", name="Delete your account").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/profile/delete/")
    assert page.get_by_role("heading", name="What is deleted").is_visible()
    assert_accessible(page)

    field = page.get_by_label("Type the email address you sign in with")
    field.fill("someone.else@example.org")
    page.get_by_role("button", name="Delete my account").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    assert get_user_model().objects.filter(pk=person.pk).exists()

    page.get_by_label("Type the email address you sign in with").fill(person.email)
    page.get_by_role("button", name="Delete my account").press("Enter")
    page.wait_for_url("**/account-deleted/")
    assert page.get_by_role("heading", name="Your account has been deleted").is_visible()
    assert_accessible(page)
    assert not get_user_model().objects.filter(pk=person.pk).exists()
