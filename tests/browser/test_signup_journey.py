"""The "done" journey, in a real browser: a visitor registers, verifies their email
address from the message they were sent, signs out and in, turns on two-factor
authentication with an authenticator app, sees their recovery codes, and signs in
again with a code from the app. Then they complete their profile.

Email comes from ``django.core.mail.outbox`` (test settings use the locmem backend;
the live server runs in a thread of this process, so the outbox is shared). TOTP codes
are computed with allauth's own HOTP helper from the secret the page shows, exactly
as an authenticator app would.
"""

import re
import time
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import NoReverseMatch, reverse
from playwright.sync_api import expect

from .conftest import ROOT

pytestmark = pytest.mark.browser

EMAIL = "sam.example@example.org"
PASSWORD = "a-long-and-unusual-passphrase-42"


def totp_code(secret: str) -> str:
    """The code an authenticator app shows now, waiting out the last seconds of a
    30-second window so the code cannot expire on the way to the server."""
    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    period = app_settings.TOTP_PERIOD
    if period - time.time() % period < 3:
        time.sleep(period - time.time() % period + 0.2)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))


def snap(page, name):
    """Keep a screenshot of the step for people to look at (test-artifacts/ is ignored)."""
    folder = ROOT / "test-artifacts" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=folder / f"journey-{name}.png", full_page=True)


def sign_out(page):
    # Sign out sits in the account menu (a <details>) of the main navigation.
    page.get_by_role("navigation", name="Menu").get_by_text("Account", exact=True).click()
    # The page clears what it saved on the device first (core/static/core/offline.js).
    with page.expect_navigation():
        page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in").first).to_be_visible()


def sign_in(page, email, password):
    page.goto("/account/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.locator("form[action='/account/login/'] button[type=submit]").click()
    page.wait_for_load_state()


def test_register_verify_enable_two_factor_and_sign_in(browser_page, assert_accessible):
    page = browser_page
    mail.outbox.clear()

    # Register.
    page.goto("/")
    page.get_by_role("link", name="Create an account").first.click()
    assert urlsplit(page.url).path == reverse("account_signup")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Confirm password").fill(PASSWORD)
    page.locator("form[action='/account/signup/'] button[type=submit]").click()
    page.wait_for_load_state()
    assert urlsplit(page.url).path == reverse("account_email_verification_sent")
    assert_accessible(page)

    # Open the verification message and follow its link.
    assert len(mail.outbox) == 1, [m.subject for m in mail.outbox]
    message = mail.outbox[0]
    assert message.to == [EMAIL]
    match = re.search(r"https?://[^\s/]+(/account/confirm-email/[^\s]+/)", message.body)
    assert match, message.body
    page.goto(match.group(1))
    assert_accessible(page)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_load_state()
    # Confirming signs the person in and asks them to complete their profile.
    assert page.locator(".app-nav-menu__summary").is_visible()  # the signed-in account menu

    # Sign out, and back in with email and password.
    sign_out(page)
    sign_in(page, EMAIL, PASSWORD)
    assert urlsplit(page.url).path == reverse("core:dashboard")

    # Turn on two-factor authentication with an authenticator app.
    page.goto(reverse("mfa_index"))
    assert_accessible(page)
    page.get_by_role("button", name="Set up authenticator app").or_(
        page.get_by_role("link", name="Set up authenticator app")
    ).first.click()
    page.wait_for_load_state()
    # Changing two-factor settings asks for the password again (allauth's reauthentication).
    assert urlsplit(page.url).path == reverse("account_reauthenticate")
    assert_accessible(page)
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert urlsplit(page.url).path == reverse("mfa_activate_totp")
    qr = page.locator("img.app-qr-code")
    assert qr.get_attribute("src").startswith("data:image/svg+xml")
    assert_accessible(page)
    snap(page, "totp-activate")
    secret = page.locator("#authenticator_secret").input_value()
    assert re.fullmatch(r"[A-Z2-7]{16,}=*", secret), secret
    page.get_by_label("Authenticator code").fill(totp_code(secret))
    page.locator("form[action='/account/2fa/totp/activate/'] button[type=submit]").click()
    page.wait_for_load_state()

    # Recovery codes are shown once two-factor is on.
    assert urlsplit(page.url).path == reverse("mfa_view_recovery_codes")
    codes = page.locator("#recovery_codes").input_value().split()
    assert len(codes) >= 5 and all(re.fullmatch(r"[0-9a-z]{6,}", c) for c in codes), codes
    assert_accessible(page)
    snap(page, "recovery-codes")

    # Sign out; signing in now needs a code from the app.
    sign_out(page)
    sign_in(page, EMAIL, PASSWORD)
    assert urlsplit(page.url).path == reverse("mfa_authenticate")
    assert_accessible(page)
    snap(page, "totp-sign-in")
    page.get_by_label("Code", exact=True).fill(totp_code(secret))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    assert urlsplit(page.url).path == reverse("core:dashboard")
    assert page.locator(".app-nav-menu__summary").is_visible()  # the signed-in account menu

    complete_profile(page, assert_accessible)


def complete_profile(page, assert_accessible):
    """Edit the profile, if the profile page exists yet: an empty submission shows GOV.UK
    errors, a complete one saves and shows a success banner."""
    try:
        edit_url = reverse("accounts:profile_edit")
    except NoReverseMatch:
        return
    from practice_commons.accounts.models import Profession

    # Curated professions come from a data migration, which transactional tests flush.
    if not Profession.objects.exists():
        Profession.objects.create(name="Social worker", slug="social-worker", is_social_work=True)

    page.goto(edit_url)
    page.get_by_label("Full name").fill("")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)

    page.get_by_label("Full name").fill("Sam Example")
    page.get_by_label("Profession").select_option(index=1)
    page.get_by_label("England").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert not page.locator(".govuk-error-summary").count(), page.locator("main").inner_text()
    assert page.locator(".govuk-notification-banner--success").is_visible()
    snap(page, "profile-saved")
    assert "Sam Example" in page.locator("main").inner_text()
