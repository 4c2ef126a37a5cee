"""Two-factor authentication (TOTP with recovery codes) through allauth's views."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal import auth as totp_auth
from django.urls import reverse

from .factories import PASSWORD

pytestmark = pytest.mark.django_db

ACTIVATE = reverse("mfa_activate_totp")
AUTHENTICATE = reverse("mfa_authenticate")
LOGIN = reverse("account_login")
RECOVERY_CODES = reverse("mfa_view_recovery_codes")
REAUTHENTICATE = reverse("account_reauthenticate")


@pytest.fixture
def fixed_counter(monkeypatch):
    """Pin the TOTP time step so a code computed here cannot expire mid-test."""
    counter = 58_000_000
    monkeypatch.setattr(totp_auth, "yield_hotp_counters_from_time", lambda: iter([counter]))
    return counter


def code_for(secret: str, counter: int) -> str:
    return totp_auth.format_hotp_value(totp_auth.hotp_value(secret, counter))


def sign_in(client, user):
    return client.post(LOGIN, {"login": user.email, "password": PASSWORD})


def open_activation(client, user):
    """Sign in, confirm the password again (allauth asks before changing security
    settings) and open the activation form."""
    assert sign_in(client, user).status_code == 302
    response = client.get(ACTIVATE)
    assert response.status_code == 302
    assert response["Location"].startswith(REAUTHENTICATE)
    response = client.post(response["Location"], {"password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == ACTIVATE
    response = client.get(ACTIVATE)
    assert response.status_code == 200
    return response


def is_signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def activate_totp(client, user, counter) -> str:
    """Sign in with the password and turn on TOTP; return the secret."""
    secret = open_activation(client, user).context["form"].secret
    response = client.post(ACTIVATE, {"code": code_for(secret, counter)})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == RECOVERY_CODES
    return secret


def test_visitor_cannot_open_activation(client):
    response = client.get(ACTIVATE)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_wrong_code_does_not_activate(client, user, fixed_counter):
    secret = open_activation(client, user).context["form"].secret
    wrong = code_for(secret, fixed_counter + 10)
    response = client.post(ACTIVATE, {"code": wrong})
    assert response.status_code == 200
    assert "Incorrect code." in response.content.decode()
    assert not Authenticator.objects.filter(user=user).exists()


def test_activation_makes_recovery_codes(client, user, fixed_counter):
    activate_totp(client, user, fixed_counter)
    types = set(Authenticator.objects.filter(user=user).values_list("type", flat=True))
    assert types == {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}
    codes = Authenticator.objects.get(user=user, type="recovery_codes").wrap().get_unused_codes()
    assert len(codes) >= 10
    page = client.get(RECOVERY_CODES).content.decode()
    assert codes[0] in page


def test_sign_in_then_requires_the_code(client, user, fixed_counter, django_user_model):
    secret = activate_totp(client, user, fixed_counter)
    client.logout()

    response = sign_in(client, user)
    assert response.status_code == 302
    assert response["Location"] == AUTHENTICATE
    assert not is_signed_in(client), "the password alone must not sign in"

    response = client.post(
        AUTHENTICATE,
        {"code": "000000" if code_for(secret, fixed_counter) != "000000" else "111111"},
    )
    assert response.status_code == 200
    assert not is_signed_in(client)

    response = client.post(AUTHENTICATE, {"code": code_for(secret, fixed_counter)})
    assert response.status_code == 302
    assert response["Location"] == reverse("core:dashboard")
    assert is_signed_in(client)
    assert int(client.session["_auth_user_id"]) == user.pk


def test_a_recovery_code_signs_in_once(client, user, fixed_counter):
    activate_totp(client, user, fixed_counter)
    code = Authenticator.objects.get(user=user, type="recovery_codes").wrap().get_unused_codes()[0]
    client.logout()

    sign_in(client, user)
    response = client.post(AUTHENTICATE, {"code": code})
    assert response.status_code == 302
    assert is_signed_in(client)

    client.logout()
    sign_in(client, user)
    response = client.post(AUTHENTICATE, {"code": code})
    assert response.status_code == 200
    assert not is_signed_in(client)
