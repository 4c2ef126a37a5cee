"""The API contract: paths, bodies and the fields each answer carries."""

import datetime as dt

import pytest

from practice_commons.collaboration.models import Agreement

from .conftest import today

pytestmark = pytest.mark.django_db


def test_paths_are_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path, methods in {
        "/api/v1/directory": {"get"},
        "/api/v1/opportunities": {"get", "post"},
        "/api/v1/opportunities/{opportunity_id}/interests": {"post"},
        "/api/v1/agreements": {"get", "post"},
        "/api/v1/agreements/{agreement_id}": {"get"},
        "/api/v1/agreements/{agreement_id}/accept": {"post"},
        "/api/v1/shadowing": {"get", "post"},
        "/api/v1/jobs": {"get", "post"},
    }.items():
        assert methods <= set(paths[path]), path


def test_agreement_round_trip(world, api_client_for):
    council = api_client_for(world["council_admin"])
    police = api_client_for(world["police_contact"])
    payload = {
        "title": "Joint neglect training",
        "parties": [
            {"organisation": world["council"].slug, "contact": world["council_admin"].pk},
            {"organisation": world["police"].slug, "contact": world["police_contact"].pk},
        ],
        "purpose": "Train together.",
        "responsibilities": ["Runs it.", "Hosts it."],
        "milestones": [f"{(today() + dt.timedelta(days=5)).isoformat()} First session"],
        "start_on": today().isoformat(),
        "review_on": (today() + dt.timedelta(days=90)).isoformat(),
        "propose": True,
    }
    created = council.post("/api/v1/agreements", payload, content_type="application/json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["state"] == "proposed" and body["current_version"] == 1
    assert [p["organisation"] for p in body["parties"]] == [
        world["council"].slug,
        world["police"].slug,
    ]
    (version,) = body["versions"]
    assert len(version["text_hash"]) == 64 and version["acceptances"] == []
    assert body["milestones"][0]["title"] == "First session"
    agreement_id = body["id"]
    accepted = council.post(
        f"/api/v1/agreements/{agreement_id}/accept", {"version": 1}, content_type="application/json"
    ).json()
    assert accepted["versions"][0]["acceptances"][0]["text_hash"] == version["text_hash"]
    final = police.post(
        f"/api/v1/agreements/{agreement_id}/accept", {"version": 1}, content_type="application/json"
    ).json()
    assert final["state"] == "active" and final["agreed_version"] == 1
    assert {a["organisation"] for a in final["versions"][0]["acceptances"]} == {
        world["council"].slug,
        world["police"].slug,
    }
    assert police.get(f"/api/v1/agreements/{agreement_id}").json()["id"] == agreement_id


def test_agreement_refusals(world, api_client_for):
    council = api_client_for(world["council_admin"])
    bad = {
        "title": "X",
        "parties": [
            {"organisation": world["council"].slug, "contact": world["council_admin"].pk},
            {"organisation": world["police"].slug, "contact": world["other_admin"].pk},
        ],
        "purpose": "P",
        "responsibilities": ["a", "b"],
        "start_on": today().isoformat(),
        "review_on": today().isoformat(),
    }
    response = council.post("/api/v1/agreements", bad, content_type="application/json")
    assert response.status_code == 400 and "verified" in str(response.json()["detail"])
    member = api_client_for(world["council_member"])
    bad["parties"][1]["contact"] = world["police_contact"].pk
    assert (
        member.post("/api/v1/agreements", bad, content_type="application/json").status_code == 403
    )
    missing = council.post("/api/v1/agreements", {"title": "X"}, content_type="application/json")
    assert missing.status_code == 422
    assert not Agreement.objects.exists()
    assert council.get("/api/v1/agreements/999999").status_code == 404


def test_opportunities_and_interest(world, api_client_for):
    council = api_client_for(world["council_admin"])
    created = council.post(
        "/api/v1/opportunities",
        {
            "kind": "secondment",
            "title": "Secondment to the MASH",
            "description": "Six months.",
            "sectors": ["police_force"],
            "professions": ["social-worker"],
            "closes_on": (today() + dt.timedelta(days=9)).isoformat(),
            "organisation": world["council"].slug,
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    o = created.json()
    assert o["organisation"] == world["council"].slug and o["professions"] == ["social-worker"]
    police = api_client_for(world["police_contact"])
    listed = police.get("/api/v1/opportunities?kind=secondment&sector=police_force").json()
    assert [x["id"] for x in listed["items"]] == [o["id"]]
    assert police.get("/api/v1/opportunities?kind=research").json()["count"] == 0
    interest = police.post(
        f"/api/v1/opportunities/{o['id']}/interests",
        {"message": "Interested."},
        content_type="application/json",
    )
    assert interest.status_code == 201 and interest.json()["status"] == "new"
    again = police.post(
        f"/api/v1/opportunities/{o['id']}/interests",
        {"message": "Again."},
        content_type="application/json",
    )
    assert again.status_code == 409
    member = api_client_for(world["council_member"])
    refused = member.post(
        "/api/v1/opportunities",
        {
            "kind": "research",
            "title": "T",
            "description": "D",
            "closes_on": today().isoformat(),
            "organisation": world["council"].slug,
        },
        content_type="application/json",
    )
    assert refused.status_code == 403


def test_shadowing_api(world, api_client_for):
    police = api_client_for(world["police_contact"])
    created = police.post(
        "/api/v1/shadowing",
        {
            "kind": "request",
            "title": "Shadow a MASH",
            "description": "A day.",
            "profession": "social-worker",
            "nation": "england",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["organisation"] == world["police"].slug
    council = api_client_for(world["council_admin"])
    listed = council.get("/api/v1/shadowing?kind=request&profession=social-worker").json()
    assert [x["id"] for x in listed["items"]] == [created.json()["id"]]
    refused = api_client_for(world["non_member"]).post(
        "/api/v1/shadowing",
        {"kind": "offer", "title": "T", "description": "D"},
        content_type="application/json",
    )
    assert refused.status_code == 403
