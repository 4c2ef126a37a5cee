"""allauth's emails and messages speak as Practice Commons in plain English: subjects that
name the site, never the request's domain ("Hello from 127.0.0.1:8000"), a "[site]"
prefix or a username, and messages that never name anyone by part of their email."""

import datetime
import re
from pathlib import Path

import allauth
import pytest
from allauth.account.adapter import get_adapter
from allauth.core import context
from django.conf import settings
from django.contrib.messages import get_messages
from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse

from practice_commons.accounts.adapter import user_display

from .factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "practice_commons" / "templates"

NEW_PASSWORD = "a-long-and-new-passphrase"
# What allauth's own templates say, which no email or message may say any more.
ALLAUTH_WORDING = (
    "Hello from",
    "Thank you for using",
    "You're receiving this email",
    "Successfully signed in as",
    "[example.com]",
    "[testserver]",
    "testserver",
    "127.0.0.1",
    "Please Confirm Your Email Address",
    "Password Reset Email",
    "your username is",
)


def assert_plain(message):
    """An email that names the site and never the domain, a username or allauth's words."""
    # The links carry the site's address, as they must; the words around them never do.
    whole = re.sub(r"https?://\S+", "<link>", f"{message.subject}\n{message.body}")
    for phrase in ALLAUTH_WORDING:
        assert phrase not in whole, phrase
    assert not message.subject.startswith("["), message.subject
    assert "Practice Commons" in message.subject
    assert message.body.rstrip().endswith(
        "Practice Commons: practitioners across agencies, learning from each other."
    )


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_signup_confirmation_email(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "walker86021@example.org",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.subject == "Confirm your email address for Practice Commons"
    assert message.body.startswith("Thank you for creating an account on Practice Commons.")
    assert re.search(r"https?://\S+/account/confirm-email/\S+", message.body)
    assert "walker86021" not in message.body
    assert_plain(message)


def test_signing_up_again_with_an_existing_address(client):
    UserFactory(email="taken@example.org")
    client.post(
        reverse("account_signup"),
        {"email": "taken@example.org", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    [message] = mail.outbox
    assert message.subject == "You already have a Practice Commons account"
    assert "/account/password/reset/" in message.body
    assert_plain(message)


def test_password_reset_email_and_the_change_it_makes(client):
    user = UserFactory(email="walker86021@example.org", full_name="Wren Walker")
    client.post(reverse("account_reset_password"), {"email": user.email})
    [message] = mail.outbox
    assert message.subject == "Reset your Practice Commons password"
    assert message.body.startswith(
        "We received a request to reset the password for your Practice Commons account."
    )
    assert "walker86021" not in message.body
    assert_plain(message)

    link = re.search(r"https?://[^/\s]+(/account/password/reset/key/\S+)", message.body).group(1)
    form_url = client.get(link)["Location"]
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    for text in messages_of(response):
        assert not any(phrase in text for phrase in ALLAUTH_WORDING), text
    assert client.login(username=user.email, password=NEW_PASSWORD)


def test_password_reset_for_an_unknown_address(client):
    client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    for message in mail.outbox:
        assert_plain(message)


def test_signing_in_and_out_says_so_without_naming_anyone(client):
    user = UserFactory(email="walker86021@example.org", full_name="")
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert messages_of(response) == ["You are signed in."]
    response = client.post(reverse("account_logout"))
    assert messages_of(response)[-1] == "You have signed out."


def test_changing_the_password_is_told_plainly(client):
    user = UserFactory(email="walker86021@example.org")
    client.force_login(user)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert "Your password has been changed." in messages_of(response)


def _ours(kind: str) -> set[str]:
    return {
        str(path.relative_to(TEMPLATES))
        for folder in ("account", "mfa")
        for path in (TEMPLATES / folder / kind).glob("*.txt")
    }


def _allauths(kind: str) -> set[str]:
    root = Path(allauth.__file__).parent / "templates"
    return {
        str(path.relative_to(root))
        for folder in ("account", "mfa")
        for path in (root / folder / kind).glob("*.txt")
    }


def test_every_allauth_email_and_message_has_our_wording():
    for kind in ("email", "messages"):
        missing = _allauths(kind) - _ours(kind)
        assert not missing, f"allauth's own wording would be used for {sorted(missing)}"


SAMPLE_CONTEXT = {
    "code": "ABC123",
    "activate_url": "https://commons.example.org/account/confirm-email/key/",
    "password_reset_url": "https://commons.example.org/account/password/reset/key/x/",
    "signup_url": "https://commons.example.org/account/signup/",
    "from_email": "old@example.org",
    "to_email": "new@example.org",
    "deleted_email": "old@example.org",
    "email": "walker86021@example.org",
    "timestamp": datetime.datetime(2025, 3, 4, 18, 0, tzinfo=datetime.UTC),
    "ip": "192.0.2.1",
    "user_agent": "Firefox",
    "username": "walker86021",
}


@pytest.mark.parametrize(
    "prefix", sorted(p.removesuffix("_subject.txt") for p in _ours("email") if "_subject" in p)
)
def test_each_account_email_reads_plainly(rf, prefix):
    user = UserFactory.build(email="walker86021@example.org", full_name="")
    with context.request_context(rf.get("/")):
        message = get_adapter().render_mail(prefix, user.email, {**SAMPLE_CONTEXT, "user": user})
    assert_plain(message)
    assert "walker86021" not in message.subject + message.body.replace(SAMPLE_CONTEXT["email"], "")
    assert "{{" not in message.body and "{%" not in message.body


@pytest.mark.parametrize("path", sorted(_ours("messages")))
def test_each_account_message_reads_plainly(rf, path):
    request = rf.get("/")
    request.user = UserFactory(email="walker86021@example.org", full_name="")
    text = render_to_string(path, {**SAMPLE_CONTEXT, "user": request.user}, request).strip()
    assert text and not any(phrase in text for phrase in ALLAUTH_WORDING), text
    assert "walker86021" not in text.replace(SAMPLE_CONTEXT["email"], "")


def test_allauth_names_people_by_name_only():
    assert user_display(UserFactory.build(full_name="Wren Walker")) == "Wren Walker"
    assert user_display(UserFactory.build(full_name="", email="walker86021@example.org")) == (
        "New member"
    )
