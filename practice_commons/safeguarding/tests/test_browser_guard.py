"""In a real browser: a practitioner puts an NHS number in their profile, sees it
highlighted, clicks "Redact and continue", and the saved profile holds ``[NHS number]``.

Uses the Playwright fixtures from ``tests/browser/conftest.py`` (Debian's Chromium;
skipped with the reason when it is missing).
"""

import re

import pytest

from practice_commons.confidentiality.testing import IDENTIFYING_TEXT, NHS_NUMBER

pytest.importorskip("playwright")

from tests.browser.conftest import (  # noqa: E402, F401 - fixtures for this module
    assert_accessible,
    axe_check,
    built_assets,
    chromium,
    new_page,
    signed_in_page,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_practitioner_redacts_an_nhs_number_from_their_bio(signed_in_page, assert_accessible):  # noqa: F811
    from practice_commons.accounts.models import Profession, User

    profession, _ = Profession.objects.get_or_create(
        slug="social-worker", defaults={"name": "Social worker"}
    )
    user = User.objects.create_user(
        email="sam.browser@example.org", password="x" * 12, full_name="Sam Patel"
    )
    page = signed_in_page(user)
    page.goto("/profile/edit/")
    page.get_by_label("Profession").select_option(label=profession.name)
    page.get_by_label("England").check()
    page.get_by_label("About you").fill(IDENTIFYING_TEXT)
    page.get_by_role("button", name="Save profile").click()
    page.wait_for_load_state()

    mark = page.locator("mark.pc-guard-mark", has_text=NHS_NUMBER)
    assert mark.is_visible()
    assert "NHS number" in mark.inner_text()
    assert page.get_by_text(
        "This contains details that could identify someone you work with"
    ).first.is_visible()
    assert_accessible(page)
    user.refresh_from_db()
    assert user.bio == ""

    page.get_by_role("button", name="Redact and continue").click()
    page.wait_for_url(re.compile(r"/profile/$"))
    user.refresh_from_db()
    assert "[NHS number]" in user.bio
    assert NHS_NUMBER not in user.bio
    assert page.get_by_text("[NHS number]").first.is_visible()


def test_report_page_is_accessible_and_hides_the_profile(signed_in_page, assert_accessible):  # noqa: F811
    from practice_commons.accounts.models import User
    from practice_commons.safeguarding import selectors

    reporter = User.objects.create_user(email="rep@example.org", password="x" * 12)
    subject = User.objects.create_user(
        email="subj@example.org", password="x" * 12, full_name="Alex Doe"
    )
    page = signed_in_page(reporter)
    page.goto(selectors.report_url(subject))
    assert page.get_by_role("button", name="Emergency Exit this page").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Send report").click()
    page.wait_for_load_state()
    assert page.get_by_text("Choose why you are reporting this.").first.is_visible()
    assert_accessible(page)
    page.get_by_label("Safeguarding concern about a person at risk").check()
    page.get_by_role("button", name="Send report").click()
    page.get_by_role("heading", name="Report sent").wait_for()
    assert selectors.is_hidden(subject)
