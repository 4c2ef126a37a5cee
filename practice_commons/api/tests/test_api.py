from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from practice_commons.accounts.tests.factories import UserFactory
from practice_commons.api.models import ApiToken
from practice_commons.api.services import api_token_create, api_token_revoke

pytestmark = pytest.mark.django_db

ME = "/api/v1/me"


def bearer(raw: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {raw}"})


class TestMe:
    def test_401_without_a_token(self, client):
        response = client.get(ME)
        assert response.status_code == 401
        assert response.json()["detail"] == "Unauthorized"

    def test_401_with_a_session_but_no_token(self, client, user):
        client.force_login(user)
        assert client.get(ME).status_code == 401

    @pytest.mark.parametrize("raw", ["garbage", "pc_" + "x" * 43, "", "Bearer"])
    def test_401_with_a_garbage_token(self, raw):
        assert bearer(raw).get(ME).status_code == 401

    def test_401_with_another_scheme(self, user):
        issued = api_token_create(actor=user, user=user, name="t")
        client = Client(headers={"Authorization": f"Token {issued.raw}"})
        assert client.get(ME).status_code == 401

    def test_401_with_a_revoked_token(self, user):
        issued = api_token_create(actor=user, user=user, name="t")
        api_token_revoke(actor=user, token=issued.token)
        assert bearer(issued.raw).get(ME).status_code == 401

    def test_401_with_an_expired_token(self, user):
        issued = api_token_create(actor=user, user=user, name="t")
        ApiToken.objects.filter(pk=issued.token.pk).update(
            expires_at=timezone.now() - timedelta(seconds=1)
        )
        assert bearer(issued.raw).get(ME).status_code == 401

    def test_401_for_an_inactive_account(self, user):
        issued = api_token_create(actor=user, user=user, name="t")
        user.is_active = False
        user.save(update_fields=["is_active"])
        assert bearer(issued.raw).get(ME).status_code == 401

    def test_200_with_the_profile(self, api_client_for):
        person = UserFactory(
            full_name="Niamh Doherty",
            pronouns="she/her",
            nation="northern_ireland",
            area="Belfast",
            regulator="niscc",
            organisation__name="Belfast Health and Social Care Trust",
            expertise=["Kinship care"],
            open_to_collaborate=True,
        )
        response = api_client_for(person).get(ME)
        assert response.status_code == 200
        assert response.json() == {
            "id": person.pk,
            "email": person.email,
            "full_name": "Niamh Doherty",
            "pronouns": "she/her",
            "profession": "Social worker",
            "organisation": "Belfast Health and Social Care Trust",
            "nation": "northern_ireland",
            "area": "Belfast",
            "regulator": "niscc",
            "expertise": ["Kinship care"],
            "open_to_collaborate": True,
            "happy_to_network": False,
            "host_membership": "member",
            "language": "en-gb",
        }

    def test_profile_without_profession_or_organisation(self, api_client_for):
        person = UserFactory(profession=None, organisation=None)
        body = api_client_for(person).get(ME).json()
        assert body["profession"] is None
        assert body["organisation"] is None

    def test_records_last_use(self, api_client_for, user):
        client = api_client_for(user)
        assert ApiToken.objects.get(user=user).last_used_at is None
        client.get(ME)
        assert ApiToken.objects.get(user=user).last_used_at is not None

    def test_token_answers_only_as_its_owner(self, api_client_for, user):
        other = UserFactory()
        assert api_client_for(other).get(ME).json()["id"] == other.pk


class TestOpenApi:
    def test_document_is_valid_json_with_the_me_path(self, client):
        response = client.get("/api/v1/openapi.json")
        assert response.status_code == 200
        doc = response.json()
        assert doc["openapi"].startswith("3.")
        assert doc["info"]["title"] == "Practice Commons API"
        assert "get" in doc["paths"]["/api/v1/me"]
        schemes = doc["components"]["securitySchemes"]
        assert any(s.get("scheme") == "bearer" for s in schemes.values())

    def test_no_swagger_ui_from_a_cdn(self, client):
        assert client.get("/api/v1/docs").status_code == 404


def test_openapi_error_components_are_defined_once(client):
    """Each app's routers share the error schemas, so one component name means one shape."""
    schema = client.get("/api/v1/openapi.json").json()
    components = schema["components"]["schemas"]
    assert set(components["GuardErrorOut"]["properties"]) == {
        "detail",
        "blocking",
        "findings",
        "error",
    }
    finding = components["FindingOut"]["properties"]
    assert "text" not in finding and {"kind", "start", "end"} <= set(finding)
    assert {"detail", "code", "error"} == set(components["RefusedOut"]["properties"])
