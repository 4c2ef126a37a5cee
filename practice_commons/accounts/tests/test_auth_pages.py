"""The wording of allauth's pages (GOV.UK content style: sentence case, specific error
messages), and that the reworded forms still behave as allauth's do."""

import re

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail
from django.urls import reverse

from practice_commons.accounts.models import User

from .factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("account_login")
SIGNUP = reverse("account_signup")
RESET = reverse("account_reset_password")
REAUTHENTICATE = reverse("account_reauthenticate")
NEW_PASSWORD = "a-long-and-new-passphrase"
EMAIL_FORMAT = "Enter an email address in the correct format, like name@example.org"
# allauth's and Django's own wording, which no page should show any more.
OLD_WORDING = [
    "Sign In",
    "Sign Up",
    "Remember Me",
    "Forgot your password?",
    "Password (again)",
    "This field is required.",
    "You must type the same password each time.",
    "Enter a valid email address.",
]


def text(fragment: str) -> str:
    """Markup removed and whitespace collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", fragment).split())


def heading(response) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", response.content.decode(), re.S)
    assert match, "no <h1> on the page"
    return text(match.group(1))


def title(response) -> str:
    match = re.search(r"<title>(.*?)</title>", response.content.decode(), re.S)
    assert match, "no <title> on the page"
    return text(match.group(1))


def main(response) -> str:
    match = re.search(r"<main[^>]*>(.*?)</main>", response.content.decode(), re.S)
    assert match, "no <main> on the page"
    return text(match.group(1))


def error_summary(response) -> str:
    html = response.content.decode()
    match = re.search(r'<div class="govuk-error-summary".*?</ul>', html, re.S)
    assert match, "no error summary on the page"
    return text(match.group(0))


def assert_no_old_wording(response):
    page = main(response)
    for phrase in OLD_WORDING:
        assert phrase not in page, phrase


def is_signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def reauthenticated(client, user):
    """Signed in, and the password entered again just now (allauth asks for it before
    changes to email addresses and two-factor settings)."""
    client.force_login(user)
    response = client.post(REAUTHENTICATE, {"password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:2000]
    return client


@pytest.fixture
def user_with_totp(user):
    TOTP.activate(user, generate_totp_secret())
    RecoveryCodes.activate(user)
    return user


def reset_form_path(client, user) -> str:
    """Ask for a reset link and follow it to the set-a-new-password form."""
    client.post(RESET, {"email": user.email})
    match = re.search(
        r"https?://[^/\s]+(/account/password/reset/key/[^/\s]+/)", mail.outbox[-1].body
    )
    assert match, mail.outbox[-1].body
    response = client.get(match.group(1))
    assert response.status_code == 302
    return response["Location"]


class TestSignedOutPages:
    @pytest.mark.parametrize(
        ("url", "expected"),
        [
            (LOGIN, "Sign in"),
            (SIGNUP, "Create an account"),
            (RESET, "Reset your password"),
            (reverse("account_reset_password_done"), "Check your email"),
            (reverse("account_email_verification_sent"), "Check your email"),
        ],
    )
    def test_heading_and_title_are_in_sentence_case(self, client, url, expected):
        response = client.get(url)
        assert response.status_code == 200
        assert heading(response) == expected
        assert title(response) == f"{expected} — Practice Commons"
        assert_no_old_wording(response)

    def test_sign_in_labels_and_button(self, client):
        response = client.get(LOGIN)
        page = response.content.decode()
        assert ">Email address</label>" in page
        assert ">Password</label>" in page
        assert ">Remember me on this device</label>" in page
        assert "Forgotten your password?" in page
        assert re.search(r"<button[^>]*>\s*Sign in\s*</button>", page)
        assert f'href="{SIGNUP}">' in page

    def test_sign_up_explains_and_labels(self, client):
        response = client.get(SIGNUP)
        page = main(response)
        assert "Use your work email address. You will need to confirm it." in page
        assert "Confirm password" in page
        # The password hint follows the configured validators (10 characters here).
        assert "Use at least 10 characters." in page
        assert re.search(r"<button[^>]*>\s*Create account\s*</button>", response.content.decode())

    def test_password_reset_button(self, client):
        response = client.get(RESET)
        assert re.search(r"<button[^>]*>\s*Send reset link\s*</button>", response.content.decode())

    def test_email_confirmation_page(self, client):
        person = UserFactory(verified=False)
        address = EmailAddress.objects.get(user=person)
        key = EmailConfirmationHMAC(address).key
        response = client.get(reverse("account_confirm_email", args=[key]))
        assert response.status_code == 200
        assert heading(response) == "Confirm your email address"
        assert f"Confirm that {person.email} is your email address." in main(response)
        assert "Confirm email address" in main(response)

    def test_expired_email_confirmation_link(self, client):
        response = client.get(reverse("account_confirm_email", args=["not-a-key"]))
        assert response.status_code == 200
        assert "This link has expired or has already been used." in main(response)

    def test_password_reset_from_key_and_done(self, client, user):
        form_path = reset_form_path(client, user)
        response = client.get(form_path)
        assert heading(response) == "Reset your password"
        assert "New password" in main(response) and "Confirm new password" in main(response)
        assert_no_old_wording(response)

        response = client.post(form_path, {"password1": "", "password2": ""})
        assert "Enter a new password" in error_summary(response)
        assert "Confirm your new password" in error_summary(response)

        response = client.post(form_path, {"password1": NEW_PASSWORD, "password2": "different"})
        assert "Passwords must match" in error_summary(response)

        response = client.post(form_path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
        assert response.status_code == 302
        response = client.get(response["Location"])
        assert heading(response) == "Your password has been reset"
        user.refresh_from_db()
        assert user.check_password(NEW_PASSWORD)

    def test_password_reset_link_that_does_not_work(self, client):
        response = client.get(
            reverse("account_reset_password_from_key", kwargs={"uidb36": "zz", "key": "bad-key"})
        )
        assert response.status_code == 200
        assert heading(response) == "This link does not work"


class TestSignedInPages:
    @pytest.mark.parametrize(
        ("url_name", "expected"),
        [
            ("account_logout", "Sign out"),
            ("account_change_password", "Change your password"),
            ("account_reauthenticate", "Confirm it’s you"),
            ("mfa_index", "Two-factor authentication"),
        ],
    )
    def test_heading(self, client, user, url_name, expected):
        client.force_login(user)
        response = client.get(reverse(url_name))
        assert response.status_code == 200
        assert heading(response) == expected
        assert_no_old_wording(response)

    def test_email_addresses(self, client, user):
        reauthenticated(client, user)
        response = client.get(reverse("account_email"))
        assert response.status_code == 200
        assert heading(response) == "Email addresses"
        page = main(response)
        assert "Add an email address" in page and "Main address" in page

    def test_set_password_for_a_person_without_one(self, client):
        person = UserFactory()
        person.set_unusable_password()
        person.save()
        client.force_login(person)
        response = client.get(reverse("account_set_password"))
        assert response.status_code == 200
        assert heading(response) == "Set a password"
        response = client.post(reverse("account_set_password"), {"password1": "", "password2": ""})
        assert "Enter a password" in error_summary(response)

    def test_set_up_authenticator_app(self, client, user):
        reauthenticated(client, user)
        response = client.get(reverse("mfa_activate_totp"))
        assert response.status_code == 200
        assert heading(response) == "Set up an authenticator app"
        assert "Secret key" in main(response)

    @pytest.mark.parametrize(
        ("url_name", "expected"),
        [
            ("mfa_deactivate_totp", "Remove your authenticator app"),
            ("mfa_view_recovery_codes", "Recovery codes"),
            ("mfa_generate_recovery_codes", "Create new recovery codes"),
        ],
    )
    def test_two_factor_pages_once_it_is_on(self, client, user_with_totp, url_name, expected):
        reauthenticated(client, user_with_totp)
        response = client.get(reverse(url_name))
        assert response.status_code == 200
        assert heading(response) == expected

    def test_two_factor_status_once_it_is_on(self, client, user_with_totp):
        client.force_login(user_with_totp)
        page = main(client.get(reverse("mfa_index")))
        assert "Two-factor authentication is on." in page
        assert "Remove authenticator app" in page

    def test_two_factor_sign_in_step(self, client, user_with_totp):
        response = client.post(LOGIN, {"login": user_with_totp.email, "password": PASSWORD})
        assert response["Location"] == reverse("mfa_authenticate")
        response = client.get(reverse("mfa_authenticate"))
        assert response.status_code == 200
        assert heading(response) == "Two-factor authentication"
        assert "Enter the code from your authenticator app." in main(response)
        assert_no_old_wording(response)


class TestSignInForm:
    def test_empty_form_says_what_to_enter(self, client):
        response = client.post(LOGIN, {"login": "", "password": ""})
        assert response.status_code == 200
        summary = error_summary(response)
        assert "There is a problem" in summary
        assert "Enter your email address" in summary
        assert "Enter your password" in summary
        assert 'href="#id_login"' in response.content.decode()
        assert response.content.decode().count("Enter your email address") == 2  # summary, field
        assert title(response) == "Error: Sign in — Practice Commons"
        assert_no_old_wording(response)

    def test_badly_formatted_email(self, client):
        response = client.post(LOGIN, {"login": "not-an-email", "password": "x"})
        assert EMAIL_FORMAT in error_summary(response)

    def test_sign_in_still_works(self, client, user):
        response = client.post(LOGIN, {"login": user.email, "password": PASSWORD})
        assert response.status_code == 302
        assert response["Location"] == reverse("core:dashboard")
        assert is_signed_in(client)

    def test_remember_me_is_still_honoured(self, client, user):
        client.post(LOGIN, {"login": user.email, "password": PASSWORD})
        assert client.session.get_expire_at_browser_close()
        client.logout()
        client.post(LOGIN, {"login": user.email, "password": PASSWORD, "remember": "on"})
        assert not client.session.get_expire_at_browser_close()

    def test_wrong_password_is_still_refused(self, client, user):
        response = client.post(LOGIN, {"login": user.email, "password": "not-the-password"})
        assert response.status_code == 200
        assert "There is a problem" in error_summary(response)
        assert not is_signed_in(client)


class TestSignUpForm:
    def test_empty_form_says_what_to_enter(self, client):
        response = client.post(SIGNUP, {"email": "", "password1": "", "password2": ""})
        assert response.status_code == 200
        summary = error_summary(response)
        assert "Enter your email address" in summary
        assert "Enter a password" in summary
        assert "Confirm your password" in summary
        assert_no_old_wording(response)
        assert not User.objects.exists()

    def test_badly_formatted_email(self, client):
        response = client.post(
            SIGNUP, {"email": "not-an-email", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
        )
        assert EMAIL_FORMAT in error_summary(response)
        assert not User.objects.exists()

    def test_passwords_must_match(self, client):
        response = client.post(
            SIGNUP,
            {"email": "a@example.org", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD + "x"},
        )
        assert "Passwords must match" in error_summary(response)
        assert not User.objects.exists()

    def test_weak_password_is_refused_with_a_clear_message(self, client):
        response = client.post(
            SIGNUP, {"email": "a@example.org", "password1": "short", "password2": "short"}
        )
        assert response.status_code == 200
        assert (
            "This password is too short. It must contain at least 10 characters."
            in error_summary(response)
        )
        assert not User.objects.exists()
        assert not mail.outbox

    def test_sign_up_still_sends_the_verification_email(self, client):
        response = client.post(
            SIGNUP,
            {
                "email": "new.person@example.org",
                "password1": NEW_PASSWORD,
                "password2": NEW_PASSWORD,
            },
        )
        assert response.status_code == 302
        assert response["Location"] == reverse("account_email_verification_sent")
        assert EmailAddress.objects.get(email="new.person@example.org").verified is False
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == ["new.person@example.org"]
        assert "/account/confirm-email/" in mail.outbox[0].body

    def test_duplicate_sign_up_looks_the_same_and_reveals_nothing(self, client):
        UserFactory(email="taken@example.org")
        response = client.post(
            SIGNUP,
            {"email": "taken@example.org", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
            follow=True,
        )
        assert response.redirect_chain[-1][0] == reverse("account_email_verification_sent")
        assert heading(response) == "Check your email"
        assert "already" not in main(response).lower()
        assert User.objects.filter(email="taken@example.org").count() == 1


class TestOtherForms:
    def test_password_reset_empty_and_unknown_address(self, client):
        response = client.post(RESET, {"email": ""})
        assert "Enter your email address" in error_summary(response)
        response = client.post(RESET, {"email": "bad"})
        assert EMAIL_FORMAT in error_summary(response)
        # An address with no account gets the same answer as one with an account.
        response = client.post(RESET, {"email": "nobody@example.org"})
        assert response.status_code == 302

    def test_change_password_messages(self, client, user):
        client.force_login(user)
        url = reverse("account_change_password")
        response = client.post(url, {"oldpassword": "", "password1": "", "password2": ""})
        summary = error_summary(response)
        assert "Enter your current password" in summary
        assert "Enter a new password" in summary
        assert "Confirm your new password" in summary

        response = client.post(
            url, {"oldpassword": "wrong", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
        )
        assert "The current password you entered is not correct" in error_summary(response)

        response = client.post(
            url, {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": "different"}
        )
        assert "Passwords must match" in error_summary(response)

        response = client.post(
            url, {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
        )
        assert response.status_code == 302
        user.refresh_from_db()
        assert user.check_password(NEW_PASSWORD)

    def test_add_email_address_messages(self, client, user):
        reauthenticated(client, user)
        url = reverse("account_email")
        response = client.post(url, {"action_add": "", "email": ""})
        assert "Enter an email address" in error_summary(response)
        response = client.post(url, {"action_add": "", "email": "bad"})
        assert EMAIL_FORMAT in error_summary(response)

    def test_reauthenticate_messages(self, client, user):
        client.force_login(user)
        response = client.post(REAUTHENTICATE, {"password": ""})
        assert "Enter your password" in error_summary(response)
