import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from practice_commons.accounts.models import AuditEvent
from practice_commons.accounts.tests.factories import UserFactory
from practice_commons.api.models import ApiToken, hash_token
from practice_commons.api.services import (
    MAX_TOKENS_PER_USER,
    api_token_authenticate,
    api_token_create,
    api_token_revoke,
)

pytestmark = pytest.mark.django_db


def test_create_stores_only_the_digest(user):
    issued = api_token_create(actor=user, user=user, name="  Reporting   script ")
    token = ApiToken.objects.get(pk=issued.token.pk)
    assert token.name == "Reporting script"
    assert token.digest == hash_token(issued.raw)
    assert issued.raw not in {token.digest, token.prefix, token.name}
    assert issued.raw.startswith(token.prefix)
    assert token.expires_at is not None
    assert AuditEvent.objects.filter(action="api_token.create").count() == 1


def test_cannot_create_for_someone_else(user):
    with pytest.raises(PermissionDenied):
        api_token_create(actor=user, user=UserFactory(), name="x")
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("name", ["", "   ", "x" * 101])
def test_name_is_required_and_bounded(user, name):
    with pytest.raises(ValidationError):
        api_token_create(actor=user, user=user, name=name)
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("days", [0, -1, 366, None])
def test_every_token_expires_within_a_year(user, days):
    with pytest.raises(ValidationError) as caught:
        api_token_create(actor=user, user=user, name="Script", days_valid=days)
    assert "must expire" in caught.value.message_dict["days_valid"][0]
    assert not ApiToken.objects.exists()


def test_active_tokens_are_capped(user):
    for i in range(MAX_TOKENS_PER_USER):
        api_token_create(actor=user, user=user, name=f"t{i}")
    with pytest.raises(ValidationError):
        api_token_create(actor=user, user=user, name="one too many")


def test_revoke_own_only_and_audited(user):
    issued = api_token_create(actor=user, user=user, name="t")
    with pytest.raises(PermissionDenied):
        api_token_revoke(actor=UserFactory(), token=issued.token)
    assert api_token_authenticate(issued.raw).user == user
    api_token_revoke(actor=user, token=issued.token)
    assert api_token_authenticate(issued.raw) is None
    assert AuditEvent.objects.filter(action="api_token.revoke").count() == 1


TOKEN_NAME_WITH_NHS_NUMBER = "Script for 943 476 5919"


@pytest.mark.django_db
def test_token_names_pass_the_confidentiality_guard():
    from practice_commons.confidentiality.testing import assert_service_guarded

    user = UserFactory()
    assert_service_guarded(
        lambda text: api_token_create(actor=user, user=user, name=text),
        model=ApiToken,
        text=TOKEN_NAME_WITH_NHS_NUMBER,
    )
