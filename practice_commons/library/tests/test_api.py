"""The API contract: every endpoint, its filters and refusals."""

import json

import pytest

from practice_commons.confidentiality.testing import NHS_NUMBER
from practice_commons.library.models import GlossaryTerm, LibraryItem

pytestmark = pytest.mark.django_db


def _post(client, url, payload):
    return client.post(url, data=json.dumps(payload), content_type="application/json")


def test_items_list_filters_and_detail(api_client_for, outsider, published, private_item, topic):
    client = api_client_for(outsider)
    assert (
        __import__("django.test", fromlist=["Client"])
        .Client()
        .get("/api/v1/library/items")
        .status_code
        == 401
    )
    body = client.get("/api/v1/library/items").json()
    ids = [i["id"] for i in body["items"]]
    assert published.pk in ids and private_item.pk not in ids
    assert body["count"] == 1
    assert client.get("/api/v1/library/items?kind=resource").json()["count"] == 0
    assert client.get(f"/api/v1/library/items?topic={topic.slug}").json()["count"] == 1
    assert client.get("/api/v1/library/items?nation=scotland").json()["count"] == 0
    assert (
        client.get(f"/api/v1/library/items?community={published.community.slug}").json()["count"]
        == 1
    )
    assert (
        client.get(f"/api/v1/library/items?community={private_item.community.slug}").status_code
        == 404
    )
    detail = client.get(f"/api/v1/library/items/{published.pk}").json()
    assert detail["versions"][0]["number"] == 1 and detail["what_was_done"]
    assert client.get(f"/api/v1/library/items/{private_item.pk}").status_code == 404
    assert client.get("/api/v1/library/items/999999").status_code == 404


def test_create_endorse_and_refusals(api_client_for, member, other_member, community, settings):
    settings.LIBRARY_REVIEW_REQUIRED = False
    api = api_client_for(member)
    payload = {
        "kind": "practice_example",
        "community": community.slug,
        "title": "Joint training with police and teachers",
        "summary": "Half-day joint sessions.",
        "what_was_done": "Six sessions a year.",
        "outcomes": "More joint referrals.",
        "nations": ["england"],
        "submit": True,
    }
    response = _post(api, "/api/v1/library/items", payload)
    assert response.status_code == 201, response.content
    item_id = response.json()["id"]
    assert response.json()["status"] == "published"
    assert _post(api, "/api/v1/library/items", {**payload, "kind": "solution"}).status_code in (
        400,
        422,
    )
    blocked = _post(api, "/api/v1/library/items", {**payload, "summary": f"NHS {NHS_NUMBER}"})
    assert blocked.status_code == 422 and NHS_NUMBER not in blocked.content.decode()
    assert _post(
        api, "/api/v1/library/items", {**payload, "nations": ["atlantis"]}
    ).status_code in (400, 422)
    assert LibraryItem.objects.count() == 1
    other = api_client_for(other_member)
    endorsed = _post(
        other, f"/api/v1/library/items/{item_id}/endorsements", {"note": "We did too."}
    )
    assert endorsed.status_code == 201 and endorsed.json()["endorsements"] == 1
    assert _post(other, f"/api/v1/library/items/{item_id}/endorsements", {}).status_code == 409
    assert _post(api, f"/api/v1/library/items/{item_id}/endorsements", {}).status_code == 403
    anonymous = _post(
        __import__("django.test", fromlist=["Client"]).Client(), "/api/v1/library/items", payload
    )
    assert anonymous.status_code in (401, 403)


def test_glossary_terms(api_client_for, outsider, member, facilitator):
    client = api_client_for(outsider)
    response = _post(
        api_client_for(member),
        "/api/v1/glossary/terms",
        {"term": "CIN", "definition": "Child in need (section 17).", "also_known_as": []},
    )
    assert response.status_code == 201 and response.json()["status"] == "suggested"
    assert client.get("/api/v1/glossary/terms").json()["count"] == 0  # not approved yet
    approved = _post(
        api_client_for(facilitator),
        "/api/v1/glossary/terms",
        {"term": "MASH", "definition": "Multi-Agency Safeguarding Hub."},
    )
    assert approved.json()["status"] == "approved"
    assert [t["term"] for t in client.get("/api/v1/glossary/terms").json()["items"]] == ["MASH"]
    blocked = _post(
        api_client_for(member),
        "/api/v1/glossary/terms",
        {"term": "EHCP", "definition": f"NHS {NHS_NUMBER}"},
    )
    assert blocked.status_code == 422
    assert GlossaryTerm.objects.count() == 2


def test_map_endpoint(api_client_for, outsider, published, private_item):
    client = api_client_for(outsider)
    body = client.get("/api/v1/library/map").json()
    assert body["community"] is None and body["kinds"] == [
        "solution",
        "practice_example",
        "resource",
        "answered",
    ]
    row = next(r for r in body["topics"] if r["topic"] == "Early help")
    assert row["counts"]["practice_example"] == 1
    assert (
        client.get(f"/api/v1/library/map?community={published.community.slug}").status_code == 200
    )
    assert (
        client.get(f"/api/v1/library/map?community={private_item.community.slug}").status_code
        == 404
    )
