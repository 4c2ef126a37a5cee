"""A token holder who must have two-factor sign-in and has not set it up gets a 403
naming the rule (``api.auth.BearerTokenAuth``), whatever the token's scope; once they
have set it up, the same token works again."""

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client, override_settings

from practice_commons.accounts.mfa_policy import organisation_rules_changed
from practice_commons.accounts.tests.factories import (
    HostAdminFactory,
    OrganisationFactory,
    UserFactory,
)
from practice_commons.api.models import ApiToken
from practice_commons.api.services import api_token_create

pytestmark = pytest.mark.django_db

ME = "/api/v1/me"


def bearer(raw: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {raw}"})


def token_for(user, scope=ApiToken.Scope.READ) -> str:
    return api_token_create(actor=user, user=user, name="Script", scope=scope).raw


def test_organisation_rule_refuses_tokens_until_set_up():
    org = OrganisationFactory()
    person = UserFactory(organisation=org)
    raw = token_for(person, ApiToken.Scope.ADMIN)  # made before the rule
    assert bearer(raw).get(ME).status_code == 200
    org.mfa_required = True
    org.save(update_fields=["mfa_required"])
    organisation_rules_changed()  # what the service does after commit
    response = bearer(raw).get(ME)
    assert response.status_code == 403
    assert "Two-factor sign-in is required" in response.content.decode()
    Authenticator.objects.create(user=person, type=Authenticator.Type.TOTP, data={"secret": "A"})
    assert bearer(raw).get(ME).status_code == 200


@override_settings(MFA_REQUIRED_FOR_HOST_ADMINS=True)
def test_host_admin_rule_refuses_tokens_until_set_up():
    admin = HostAdminFactory()
    raw = token_for(admin)
    assert bearer(raw).get(ME).status_code == 403
    Authenticator.objects.create(user=admin, type=Authenticator.Type.TOTP, data={"secret": "A"})
    assert bearer(raw).get(ME).status_code == 200


def test_people_under_no_rule_are_unaffected():
    raw = token_for(UserFactory())
    assert bearer(raw).get(ME).status_code == 200
