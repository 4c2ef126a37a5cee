"""Sign-up, verification, sign-in, password reset and rate limits, through allauth's own
views with Django's test client (mail lands in the locmem outbox)."""

import re
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from practice_commons.accounts.models import User

from .factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = reverse("account_signup")
LOGIN = reverse("account_login")
RESET = reverse("account_reset_password")
NEW_PASSWORD = "a-long-and-new-passphrase"


def link_in(message, pattern: str) -> str:
    """The path of the first link in the mail's text that matches ``pattern``."""
    match = re.search(rf"https?://[^/\s]+({pattern})", message.body)
    assert match, f"no link matching {pattern!r} in:\n{message.body}"
    return match.group(1)


def sign_up(client, email="new.person@example.org", password=NEW_PASSWORD):
    return client.post(SIGNUP, {"email": email, "password1": password, "password2": password})


def sign_in(client, email, password):
    return client.post(LOGIN, {"login": email, "password": password})


def is_signed_in(client) -> bool:
    return "_auth_user_id" in client.session


class TestSignup:
    def test_creates_an_unverified_address_and_mails_a_link_that_verifies_it(self, client):
        response = sign_up(client)
        assert response.status_code == 302
        assert response["Location"] == reverse("account_email_verification_sent")
        user = User.objects.get(email="new.person@example.org")
        address = EmailAddress.objects.get(user=user)
        assert address.verified is False and address.primary is True
        assert user.check_password(NEW_PASSWORD)

        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == ["new.person@example.org"]
        assert message.subject == "Confirm your email address for Practice Commons"
        path = link_in(message, r"/account/confirm-email/[^/\s]+/")

        # Confirming takes a POST (ACCOUNT_CONFIRM_EMAIL_ON_GET is off): a GET changes nothing.
        assert client.get(path).status_code == 200
        address.refresh_from_db()
        assert address.verified is False

        response = client.post(path)
        address.refresh_from_db()
        assert address.verified is True
        # Signed in and sent to complete the profile.
        assert response.status_code == 302
        assert response["Location"] == reverse("accounts:profile_edit")
        assert is_signed_in(client)

    def test_duplicate_email_stores_nothing_and_tells_the_owner_by_mail(self, client):
        existing = UserFactory(email="taken@example.org")
        response = sign_up(client, email="TAKEN@example.org")
        # The page does not reveal that the address is registered (enumeration); the
        # owner of the address is told instead.
        assert response.status_code == 302
        assert User.objects.filter(email__iexact="taken@example.org").count() == 1
        assert EmailAddress.objects.filter(email__iexact="taken@example.org").count() == 1
        assert existing.check_password(PASSWORD)
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == ["TAKEN@example.org"] or mail.outbox[0].to == [
            "taken@example.org"
        ]
        assert "already" in mail.outbox[0].body.lower()

    @pytest.mark.parametrize(
        ("password", "message"),
        [
            ("short", "This password is too short. It must contain at least 10 characters."),
            ("password123", "This password is too common."),
            ("8472910385", "This password is entirely numeric."),
        ],
    )
    def test_weak_password_is_refused_with_a_message(self, client, password, message):
        response = sign_up(client, password=password)
        assert response.status_code == 200
        assert message in response.content.decode()
        assert "There is a problem" in response.content.decode()
        assert not User.objects.filter(email="new.person@example.org").exists()
        assert not mail.outbox

    def test_mismatched_passwords_are_refused(self, client):
        response = client.post(
            SIGNUP,
            {"email": "a@example.org", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD + "x"},
        )
        assert response.status_code == 200
        assert "Passwords must match" in response.content.decode()
        assert not User.objects.exists()

    def test_invalid_email_is_refused(self, client):
        response = sign_up(client, email="not-an-email")
        assert response.status_code == 200
        assert (
            "Enter an email address in the correct format, like name@example.org"
            in response.content.decode()
        )
        assert not User.objects.exists()


class TestSignin:
    def test_verified_user_signs_in_and_lands_on_the_dashboard(self, client, user):
        response = sign_in(client, user.email, PASSWORD)
        assert response.status_code == 302
        assert response["Location"] == reverse("core:dashboard")
        assert is_signed_in(client)

    def test_wrong_password_is_refused(self, client, user):
        response = sign_in(client, user.email, "not-the-password")
        assert response.status_code == 200
        assert (
            "The email address and/or password you specified are not correct."
            in response.content.decode()
        )
        assert not is_signed_in(client)

    def test_unverified_user_is_sent_to_verification_not_signed_in(self, client):
        person = UserFactory(verified=False)
        response = sign_in(client, person.email, PASSWORD)
        assert response.status_code == 302
        assert response["Location"] == reverse("account_email_verification_sent")
        assert not is_signed_in(client)
        # A fresh verification link is sent.
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == [person.email]

    def test_inactive_user_cannot_sign_in(self, client):
        person = UserFactory(is_active=False)
        sign_in(client, person.email, PASSWORD)
        assert not is_signed_in(client)


class TestPasswordReset:
    def test_reset_mail_link_sets_a_new_password(self, client, user):
        response = client.post(RESET, {"email": user.email})
        assert response.status_code == 302
        assert len(mail.outbox) == 1
        path = link_in(mail.outbox[0], r"/account/password/reset/key/[^/\s]+/")

        # The key is swapped for a session token so it does not leak through Referer.
        response = client.get(path)
        assert response.status_code == 302
        form_path = response["Location"]
        assert client.get(form_path).status_code == 200
        response = client.post(form_path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
        assert response.status_code == 302
        user.refresh_from_db()
        assert user.check_password(NEW_PASSWORD)
        assert not user.check_password(PASSWORD)

        fresh = Client()
        assert sign_in(fresh, user.email, NEW_PASSWORD).status_code == 302
        assert is_signed_in(fresh)

    def test_link_cannot_be_used_twice(self, client, user):
        client.post(RESET, {"email": user.email})
        path = link_in(mail.outbox[0], r"/account/password/reset/key/[^/\s]+/")
        form_path = client.get(path)["Location"]
        client.post(form_path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
        other = Client()
        response = other.get(path, follow=True)
        assert "password1" not in response.content.decode()
        user.refresh_from_db()
        assert user.check_password(NEW_PASSWORD)

    def test_weak_new_password_is_refused(self, client, user):
        client.post(RESET, {"email": user.email})
        path = link_in(mail.outbox[0], r"/account/password/reset/key/[^/\s]+/")
        form_path = client.get(path)["Location"]
        response = client.post(form_path, {"password1": "password", "password2": "password"})
        assert response.status_code == 200
        assert "This password is too" in response.content.decode()
        user.refresh_from_db()
        assert user.check_password(PASSWORD)

    def test_unknown_address_gets_no_reset_link(self, client):
        response = client.post(RESET, {"email": "nobody@example.org"})
        assert response.status_code == 302  # same answer as for a known address
        assert all("/password/reset/key/" not in m.body for m in mail.outbox)


def login_failed_limits() -> tuple[int, int]:
    """(per address, per account) failed sign-ins allowed, from the configured limits."""
    per_ip = per_key = None
    for rule in settings.ACCOUNT_RATE_LIMITS["login_failed"].split(","):
        amount, _period, *kind = rule.split("/")
        if kind == ["ip"]:
            per_ip = int(amount)
        elif kind == ["key"]:
            per_key = int(amount)
    assert per_ip and per_key, "login_failed must be limited per ip and per key"
    return per_ip, per_key


TOO_MANY = "Too many failed login attempts. Try again later."


def test_the_limits_are_the_ones_the_readme_states():
    """The README promises these numbers to the people who rely on them; the tests below
    prove the configured limits hold, this one that they are the promised ones."""
    readme = " ".join((Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8").split())
    promise = (
        "Failed sign-ins are limited per account (5 in 5 minutes) and per address (20 a minute)"
    )
    assert promise in readme
    assert settings.ACCOUNT_RATE_LIMITS["login_failed"] == "20/m/ip,5/5m/key"
    assert login_failed_limits() == (20, 5)


class TestRateLimits:
    def test_per_account_the_right_password_is_refused_after_too_many_failures(self, user):
        _per_ip, per_key = login_failed_limits()
        # Each attempt from a different address, so only the per-account limit applies.
        for i in range(per_key):
            attacker = Client(REMOTE_ADDR=f"10.0.0.{i + 1}")
            response = sign_in(attacker, user.email, f"wrong-{i}")
            assert TOO_MANY not in response.content.decode()

        owner = Client(REMOTE_ADDR="10.0.1.1")
        response = sign_in(owner, user.email, PASSWORD)
        assert response.status_code == 200
        assert TOO_MANY in response.content.decode()
        assert not is_signed_in(owner)

        # Another account is not affected.
        other = UserFactory()
        assert sign_in(Client(REMOTE_ADDR="10.0.1.2"), other.email, PASSWORD).status_code == 302

    def test_per_address_further_sign_ins_are_refused_after_too_many_failures(self, user):
        per_ip, per_key = login_failed_limits()
        client = Client(REMOTE_ADDR="192.0.2.7")
        # Spread the failures over accounts so no single account reaches its own limit.
        victims = [UserFactory() for _ in range(per_ip // max(per_key - 1, 1) + 1)]
        for i in range(per_ip):
            victim = victims[i // max(per_key - 1, 1)]
            response = sign_in(client, victim.email, f"wrong-{i}")
            assert TOO_MANY not in response.content.decode()

        response = sign_in(client, user.email, PASSWORD)
        assert TOO_MANY in response.content.decode()
        assert not is_signed_in(client)

        # The same account from another address still signs in.
        elsewhere = Client(REMOTE_ADDR="192.0.2.8")
        assert sign_in(elsewhere, user.email, PASSWORD).status_code == 302
        assert is_signed_in(elsewhere)
