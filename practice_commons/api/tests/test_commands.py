from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from practice_commons.api.models import ApiToken

pytestmark = pytest.mark.django_db


def test_prints_a_working_token(user):
    out = StringIO()
    call_command("create_api_token", user.email.upper(), stdout=out)
    raw = out.getvalue().strip()
    assert raw.startswith("pc_")
    assert ApiToken.objects.get(user=user).name == "Command-line token"
    response = Client(headers={"Authorization": f"Bearer {raw}"}).get("/api/v1/me")
    assert response.status_code == 200
    assert response.json()["email"] == user.email


@pytest.mark.parametrize("days", ["0", "-3", "366"])
def test_every_token_expires(user, days):
    with pytest.raises(CommandError, match="--days must be between 1 and 365"):
        call_command("create_api_token", user.email, "--days", days, stdout=StringIO())
    assert not ApiToken.objects.exists()


def test_days_sets_the_expiry(user):
    from datetime import timedelta

    from django.utils import timezone

    call_command("create_api_token", user.email, "--days", "7", "--name", "CI", stdout=StringIO())
    token = ApiToken.objects.get(user=user)
    assert token.name == "CI"
    left = token.expires_at - timezone.now()
    assert timedelta(days=6, hours=23) < left <= timedelta(days=7)


def test_unknown_email_is_a_clear_error():
    with pytest.raises(CommandError, match="No user with the email address 'nobody@example.org'"):
        call_command("create_api_token", "nobody@example.org", stdout=StringIO())
    assert not ApiToken.objects.exists()


def test_create_api_token_refuses_an_identifying_name_without_echoing_it(user):
    with pytest.raises(CommandError) as error:
        call_command("create_api_token", user.email, "--name", "Script for 943 476 5919")
    assert "nhs_number" in str(error.value) and "943" not in str(error.value)
    assert not ApiToken.objects.filter(user=user).exists()
