import re

import pytest
from django.urls import reverse

from practice_commons.accounts.tests.factories import UserFactory
from practice_commons.api.models import ApiToken, hash_token
from practice_commons.api.services import api_token_create

pytestmark = pytest.mark.django_db

TOKENS = reverse("api:tokens")


def revoke_url(token):
    return reverse("api:token_revoke", kwargs={"token_id": token.pk})


def test_visitor_is_sent_to_sign_in(client):
    response = client.get(TOKENS)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_visitor_cannot_revoke(client, user):
    issued = api_token_create(actor=user, user=user, name="t")
    response = client.post(revoke_url(issued.token))
    assert response.status_code == 302
    issued.token.refresh_from_db()
    assert issued.token.revoked_at is None


def test_page_lists_own_tokens_only(client, user):
    api_token_create(actor=user, user=user, name="Mine")
    other = UserFactory()
    api_token_create(actor=other, user=other, name="Theirs")
    client.force_login(user)
    page = client.get(TOKENS).content.decode()
    assert "Mine" in page
    assert "Theirs" not in page


def test_create_shows_the_raw_token_once_and_stores_only_its_digest(client, user):
    client.force_login(user)
    response = client.post(
        TOKENS, {"name": "Reporting script", "days_valid": "30", "scope": "read"}
    )
    assert response.status_code == 200
    match = re.search(r'id="new-token">(pc_[A-Za-z0-9_-]+)<', response.content.decode())
    assert match, "the new token is not shown"
    raw = match.group(1)
    token = ApiToken.objects.get(user=user)
    assert token.digest == hash_token(raw)
    assert token.name == "Reporting script"
    assert ApiToken.objects.filter(digest=raw).count() == 0
    # Shown once: the next visit does not show it.
    assert raw not in client.get(TOKENS).content.decode()


def test_invalid_form_shows_errors_and_creates_nothing(client, user):
    client.force_login(user)
    response = client.post(TOKENS, {"name": "", "days_valid": "7"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert 'id="id_name_error"' in page
    assert not ApiToken.objects.exists()


def test_revoke_own_token(client, user):
    issued = api_token_create(actor=user, user=user, name="Old script")
    client.force_login(user)
    response = client.post(revoke_url(issued.token))
    assert response.status_code == 302
    assert response["Location"] == TOKENS
    issued.token.refresh_from_db()
    assert issued.token.revoked_at is not None
    assert "has been revoked" in client.get(TOKENS).content.decode()


def test_cannot_revoke_someone_elses_token(client, user):
    other = UserFactory()
    issued = api_token_create(actor=other, user=other, name="Theirs")
    client.force_login(user)
    assert client.post(revoke_url(issued.token)).status_code == 404
    issued.token.refresh_from_db()
    assert issued.token.revoked_at is None


def test_revoke_needs_post(client, user):
    issued = api_token_create(actor=user, user=user, name="t")
    client.force_login(user)
    assert client.get(revoke_url(issued.token)).status_code == 405


@pytest.mark.django_db
def test_token_form_shows_the_guard_and_stores_nothing(client):
    from practice_commons.confidentiality.testing import assert_form_view_guarded

    client.force_login(UserFactory())
    assert_form_view_guarded(
        client,
        reverse("api:tokens"),
        {"days_valid": "30", "scope": "read"},
        "name",
        model=ApiToken,
        text="Script for 943 476 5919",
    )


@pytest.mark.django_db
def test_token_form_redact_and_continue_saves_the_redacted_name(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("api:tokens"),
        {
            "name": "Script for 943 476 5919",
            "days_valid": "30",
            "scope": "read",
            "confidentiality_action": "redact",
        },
    )
    assert response.status_code == 200
    assert ApiToken.objects.get(user=user).name == "Script for [NHS number]"
