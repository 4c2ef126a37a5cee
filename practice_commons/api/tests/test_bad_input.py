"""Bad input gets a clear 4xx and stores nothing; every status is in the OpenAPI document."""

import json

import pytest

from practice_commons.communities.models import Community
from practice_commons.communities.tests.factories import add_member, make_community

pytestmark = pytest.mark.django_db


@pytest.fixture
def member_client(user, api_client_for):
    community = make_community(name="Neglect practice")
    add_member(community, user)
    client = api_client_for(user)
    client.community = community
    return client


def _post(client, path, raw_body: str):
    return client.post(path, data=raw_body, content_type="application/json")


def test_a_lone_surrogate_is_refused_with_a_reason(member_client):
    slug = member_client.community.slug
    body = '{"kind": "problem_solving", "title": "Help \\ud800", "body": "fine"}'
    before = Community.objects.count()
    response = _post(member_client, f"/api/v1/communities/{slug}/threads", body)
    assert response.status_code == 400
    assert "unpaired surrogate" in response.json()["detail"]
    assert "body.title" in response.json()["detail"]
    assert Community.objects.count() == before


def test_a_surrogate_in_a_key_or_a_list_is_refused_too(member_client):
    for body in ('{"\\udfff": 1}', '{"names": ["ok", "\\ud83d"]}'):
        response = _post(member_client, "/api/v1/communities", body)
        assert response.status_code == 400, body


def test_a_body_that_is_not_json_says_so(member_client):
    response = _post(member_client, "/api/v1/communities", "{not json")
    assert response.status_code == 400
    assert response.json() == {"detail": "Cannot parse request body"}


def test_every_operation_documents_the_shared_statuses(client):
    doc = client.get("/api/v1/openapi.json").json()
    schemas = doc["components"]["schemas"]
    assert {"ErrorOut", "ValidationErrorOut", "GuardErrorOut"} <= set(schemas)
    for path, operations in doc["paths"].items():
        for method, operation in operations.items():
            statuses = set(operation["responses"])
            if operation.get("security"):
                assert {"401", "403"} <= statuses, (method, path)
            if "{" in path:
                assert "404" in statuses, (method, path)
            if "requestBody" in operation:
                assert {"400", "422"} <= statuses, (method, path)
            if method in {"post", "put", "patch", "delete"}:
                assert "409" in statuses, (method, path)


def test_guarded_writes_document_both_422_bodies(client):
    doc = client.get("/api/v1/openapi.json").json()
    reply = doc["paths"]["/api/v1/threads/{thread_id}/replies"]["post"]["responses"]["422"]
    refs = {s["$ref"] for s in reply["content"]["application/json"]["schema"]["oneOf"]}
    assert refs == {
        "#/components/schemas/GuardErrorOut",
        "#/components/schemas/ValidationErrorOut",
    }


def test_validation_and_guard_422_bodies_are_distinct(member_client):
    slug = member_client.community.slug
    invalid = _post(member_client, f"/api/v1/communities/{slug}/threads", json.dumps({}))
    assert invalid.status_code == 422
    assert isinstance(invalid.json()["detail"], list)
    guarded = _post(
        member_client,
        f"/api/v1/communities/{slug}/threads",
        json.dumps({"kind": "problem_solving", "title": "Help", "body": "NHS number 943 476 5919"}),
    )
    assert guarded.status_code == 422
    assert guarded.json()["blocking"] is True and guarded.json()["findings"]
