"""Every error under /api/ carries the same ``error`` object beside DESIGN.md's
``detail``, whatever produced it."""

import pytest
from django.core.cache import cache
from django.test import Client

from practice_commons.accounts.tests.factories import UserFactory
from practice_commons.core.api_errors import error_for

pytestmark = pytest.mark.django_db

NHS = "Spoke to Mrs Kowalski, NHS 943 476 5919"


@pytest.fixture
def member(api_client_for):
    return api_client_for(UserFactory())


def error_of(response, status):
    assert response.status_code == status, response.content[:300]
    body = response.json()
    assert "detail" in body
    error = body["error"]
    assert set(error) == {"code", "message", "fields"}
    assert isinstance(error["message"], str) and error["message"]
    return error


def test_no_token():
    error = error_of(Client().get("/api/v1/me"), 401)
    assert error["code"] == "unauthenticated" and error["fields"] == {}


def test_not_found_from_ninja_and_from_django(member):
    assert error_of(member.get("/api/v1/threads/999999"), 404)["code"] == "not_found"
    assert error_of(member.get("/api/v1/no-such-thing/"), 404)["code"] == "not_found"


def test_validation_names_the_fields(member):
    error = error_of(member.get("/api/v1/communities?limit=100000"), 422)
    assert error["code"] == "validation"
    assert list(error["fields"]) == ["limit"]
    error = error_of(
        member.post("/api/v1/communities", {"name": "x"}, content_type="application/json"), 422
    )
    assert {"purpose", "domain_statement"} <= set(error["fields"])
    assert "see fields" in error["message"]


def test_the_guard_names_fields_and_kinds_never_the_text(member):
    response = member.post(
        "/api/v1/communities",
        {"name": "Neglect practice", "purpose": NHS, "domain_statement": "Neglect."},
        content_type="application/json",
    )
    error = error_of(response, 422)
    assert error["code"] == "confidentiality"
    assert "nhs_number" in error["fields"]["purpose"]
    assert "943" not in response.content.decode() and "Kowalski" not in response.content.decode()


def test_a_scope_refusal_and_the_rate_limit(settings):
    cache.clear()
    from practice_commons.api.services import api_token_create

    person = UserFactory()
    raw = api_token_create(actor=person, user=person, name="r").raw
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    error = error_of(client.post("/api/v1/notifications/read-all"), 403)
    assert error["code"] == "forbidden" and "write scope" in error["message"]
    settings.API_TOKEN_RATE_LIMIT = "1/m"
    client.get("/api/v1/me")
    assert error_of(client.get("/api/v1/me"), 429)["code"] == "rate_limited"
    cache.clear()


def test_a_refusal_keeps_its_own_code():
    assert error_for(409, {"detail": "Full.", "code": "full"}) == {
        "code": "full",
        "message": "Full.",
        "fields": {},
    }
    assert error_for(400, {"detail": {"name": ["Enter a name."]}}) == {
        "code": "invalid",
        "message": "The request was refused: see fields for what to change.",
        "fields": {"name": ["Enter a name."]},
    }
    assert error_for(500, {"detail": "Something went wrong on our side."})["code"] == (
        "server_error"
    )


def test_success_and_pages_are_untouched(member, client):
    body = member.get("/api/v1/me").json()
    assert "error" not in body
    assert "error" not in client.get("/no-such-page/").content.decode()[:50]


def test_the_document_describes_the_error_object():
    document = Client().get("/api/v1/openapi.json").json()
    schemas = document["components"]["schemas"]
    assert set(schemas["ErrorDetailOut"]["properties"]) == {"code", "message", "fields"}
    for name in ("ErrorOut", "ValidationErrorOut", "GuardErrorOut"):
        assert "error" in schemas[name]["properties"], name
