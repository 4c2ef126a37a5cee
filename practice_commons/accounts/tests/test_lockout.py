"""Lockout with notification: once an account's failed sign-ins pass the per-account
limit, its holder gets one email saying signing in is paused, and the response to the
person trying is the same whether or not the address has an account."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from .factories import PASSWORD, UserFactory
from .test_auth_flows import login_failed_limits

pytestmark = pytest.mark.django_db

LOGIN = reverse("account_login")


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()  # allauth's rate limits and the notice window live in the cache
    yield
    cache.clear()


def fail_until_locked(email: str, *, extra: int = 1) -> list:
    """Wrong passwords from different addresses (so only the per-account limit counts),
    then ``extra`` more attempts once locked; the last responses."""
    _per_ip, per_key = login_failed_limits()
    for i in range(per_key):
        Client(REMOTE_ADDR=f"10.0.0.{i + 1}").post(LOGIN, {"login": email, "password": "no"})
    return [
        Client(REMOTE_ADDR=f"10.0.1.{i + 1}").post(LOGIN, {"login": email, "password": "no"})
        for i in range(extra)
    ]


def locked_notices() -> list:
    return [m for m in mail.outbox if "has been paused" in m.subject]


def test_the_account_holder_is_told_once_per_window():
    person = UserFactory(email="ada@riverside.example")
    responses = fail_until_locked(person.email, extra=3)
    assert all("Too many failed login attempts" in r.content.decode() for r in responses)
    (notice,) = locked_notices()
    assert notice.to == [person.email]
    assert "Signing in to your Practice Commons account has been paused" in notice.subject
    body = notice.body
    assert "wrong password too many times" in body
    assert "10.0.1.1" in body  # where the refused attempt came from
    assert "reset your password" in body
    assert PASSWORD not in body


def test_a_new_window_sends_a_new_notice(settings):
    person = UserFactory()
    fail_until_locked(person.email)
    assert len(locked_notices()) == 1
    cache.delete(f"accounts:lockout-notice:{person.pk}")  # the notice window has passed
    Client(REMOTE_ADDR="10.0.2.1").post(LOGIN, {"login": person.email, "password": "no"})
    assert len(locked_notices()) == 2


def test_an_address_without_an_account_gets_nothing_and_looks_the_same():
    UserFactory(email="real@riverside.example")
    unknown = fail_until_locked("nobody@riverside.example")[0]
    known = fail_until_locked("real@riverside.example")[0]
    assert unknown.status_code == known.status_code == 200
    assert ("Too many failed login attempts" in unknown.content.decode()) == (
        "Too many failed login attempts" in known.content.decode()
    )
    assert [m.to for m in locked_notices()] == [["real@riverside.example"]]


def test_an_unverified_address_is_not_written_to():
    from allauth.account.models import EmailAddress

    person = UserFactory()
    EmailAddress.objects.filter(user=person).update(verified=False)
    fail_until_locked(person.email)
    assert locked_notices() == []


def test_failures_below_the_limit_send_nothing():
    person = UserFactory()
    _per_ip, per_key = login_failed_limits()
    for i in range(per_key - 1):
        Client(REMOTE_ADDR=f"10.0.0.{i + 1}").post(LOGIN, {"login": person.email, "password": "x"})
    assert locked_notices() == []
