"""In a real browser: the profile's "Download your data" section passes axe (WCAG 2.2
AA) before and after asking, at phone and desktop widths, and the link it offers
downloads the archive."""

import zipfile

import pytest
from django.urls import reverse

from tests.browser import conftest as browser

from .factories import UserFactory

# The browser fixtures live in tests/browser/conftest.py; make them visible here.
chromium = browser.chromium
built_assets = browser.built_assets
new_page = browser.new_page
signed_in_page = browser.signed_in_page
axe_check = browser.axe_check
assert_accessible = browser.assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", [browser.MOBILE, browser.DESKTOP], ids=["phone", "desktop"])
def test_request_and_download_in_a_browser(
    signed_in_page, assert_accessible, settings, tmp_path, viewport
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    person = UserFactory(full_name="Dana Download")
    page = signed_in_page(person, viewport=viewport)

    page.goto(reverse("accounts:profile"))
    assert page.get_by_role("heading", name="Download your data").is_visible()
    assert_accessible(page)

    # The immediate task backend builds the archive as soon as the request commits.
    page.get_by_role("button", name="Request a copy of your data").click()
    page.wait_for_url("**/profile/#your-data")
    assert page.get_by_text("We are preparing your data").is_visible()
    link = page.locator("#your-data a", has_text="Download your data")
    assert link.is_visible()
    assert_accessible(page)

    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename.endswith(".zip")
    with zipfile.ZipFile(download.path()) as archive:
        assert "personal-data.json" in archive.namelist()
