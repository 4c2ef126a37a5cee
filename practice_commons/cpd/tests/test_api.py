"""``/api/v1/cpd``: every endpoint, for the owner and for everyone who must be refused
(another member, an organisation admin, a host admin, no token)."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from practice_commons.accounts.tests.factories import HostAdminFactory, OrgAdminFactory, UserFactory
from practice_commons.cpd.models import CpdRecord

from .conftest import REFLECTION

pytestmark = pytest.mark.django_db

BASE = "/api/v1/cpd"
PROGRESS_KEYS = {
    "regulator",
    "year_start",
    "year_end",
    "records_final",
    "records_required",
    "peer_reflection_met",
    "hours",
    "hours_required",
    "days_left",
}


def _today():
    return timezone.localdate()


@pytest.fixture
def world(social_worker, make_record):
    record = make_record(social_worker, title="My private learning", peer_reflection=True)
    others = {
        "other member": UserFactory(),
        "organisation admin": OrgAdminFactory(organisation=social_worker.organisation),
        "host admin": HostAdminFactory(),
    }
    return {"owner": social_worker, "record": record, "others": others}


def test_owner_uses_every_endpoint(api_client_for, social_worker):
    api = api_client_for(social_worker)
    created = api.post(
        f"{BASE}/records",
        {
            "title": "Action learning set",
            "activity_type": "peer_reflection",
            "date": _today().isoformat(),
            "hours": 2,
            "peer_reflection": True,
            "peer_roles": "social workers in my team",
            "pcf_domains": ["6", "1"],
            "standards": ["swe-4"],
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "draft" and body["pcf_domains"] == ["6", "1"]
    record_id = body["id"]

    listed = api.get(f"{BASE}/records").json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == record_id
    assert api.get(f"{BASE}/records?status=final").json()["count"] == 0

    refused = api.post(f"{BASE}/records/{record_id}/finalise")
    assert refused.status_code == 400
    assert set(refused.json()["detail"]) == {"description", "what_learnt", "impact"}

    patched = api.patch(f"{BASE}/records/{record_id}", REFLECTION, content_type="application/json")
    assert patched.status_code == 200 and patched.json()["impact"] == REFLECTION["impact"]
    assert patched.json()["title"] == "Action learning set"  # untouched

    final = api.post(f"{BASE}/records/{record_id}/finalise")
    assert final.status_code == 200 and final.json()["status"] == "final"
    assert api.post(f"{BASE}/records/{record_id}/finalise").status_code == 409
    assert api.get(f"{BASE}/records/{record_id}").json()["status"] == "final"

    progress = api.get(f"{BASE}/progress")
    assert progress.status_code == 200
    data = progress.json()
    assert set(data) == PROGRESS_KEYS
    assert data["regulator"] == "swe" and data["records_final"] == 1
    assert data["records_required"] == 2 and data["peer_reflection_met"] is True
    assert data["hours"] == 2.0 and data["hours_required"] is None
    assert data["year_end"].endswith("-11-30") and data["days_left"] >= 0


def test_bad_input_is_refused_and_changes_nothing(api_client_for, social_worker, make_record):
    api = api_client_for(social_worker)
    future = (_today() + dt.timedelta(days=2)).isoformat()
    for payload, field in (
        ({"title": "Course", "date": future}, "date"),
        ({"title": "Course", "date": _today().isoformat(), "hours": -1}, "hours"),
        ({"title": "Course", "date": _today().isoformat(), "hours": 25}, "hours"),
    ):
        response = api.post(f"{BASE}/records", payload, content_type="application/json")
        assert response.status_code == 400, response.content
        assert field in response.json()["detail"]
    assert not CpdRecord.objects.exists()
    record = make_record(social_worker)
    response = api.patch(
        f"{BASE}/records/{record.pk}", {"hours": 30}, content_type="application/json"
    )
    assert response.status_code == 400
    record.refresh_from_db()
    assert record.hours == 3


def test_guarded_text_is_422_with_kinds_only(api_client_for, social_worker):
    from practice_commons.confidentiality.testing import IDENTIFYING_TEXT, NAME

    api = api_client_for(social_worker)
    response = api.post(
        f"{BASE}/records",
        {"title": "Course", "date": _today().isoformat(), "what_learnt": IDENTIFYING_TEXT},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert NAME not in response.content.decode()
    assert {f["field"] for f in response.json()["findings"]} == {"what_learnt"}
    assert not CpdRecord.objects.exists()


def test_nobody_else_reaches_a_record(api_client_for, world):
    record = world["record"]
    for role, user in world["others"].items():
        api = api_client_for(user)
        assert api.get(f"{BASE}/records/{record.pk}").status_code == 404, role
        patched = api.patch(
            f"{BASE}/records/{record.pk}", {"title": "Taken"}, content_type="application/json"
        )
        assert patched.status_code == 404, role
        assert api.post(f"{BASE}/records/{record.pk}/finalise").status_code == 404, role
        listed = api.get(f"{BASE}/records").json()
        assert listed["count"] == 0, role
        assert "My private learning" not in api.get(f"{BASE}/progress").content.decode()
    record.refresh_from_db()
    assert record.title == "My private learning" and record.status == "draft"


def test_signed_out_is_refused(world):
    client = Client()
    record = world["record"]
    for method, url in (
        ("get", f"{BASE}/records"),
        ("post", f"{BASE}/records"),
        ("get", f"{BASE}/records/{record.pk}"),
        ("patch", f"{BASE}/records/{record.pk}"),
        ("post", f"{BASE}/records/{record.pk}/finalise"),
        ("get", f"{BASE}/progress"),
    ):
        response = getattr(client, method)(url, content_type="application/json")
        assert response.status_code == 401, (method, url)
        assert "My private learning" not in response.content.decode()


def test_api_list_has_a_fixed_query_budget(
    api_client_for, social_worker, make_record, django_assert_max_num_queries
):
    api = api_client_for(social_worker)
    make_record(social_worker)
    with django_assert_max_num_queries(8):
        assert api.get(f"{BASE}/records").json()["count"] == 1
    for i in range(25):
        make_record(social_worker, title=f"Record {i}")
    with django_assert_max_num_queries(8):
        assert len(api.get(f"{BASE}/records?limit=50").json()["items"]) == 26


def test_openapi_documents_the_contract(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/cpd/records"])
    assert {"get", "patch"} <= set(paths["/api/v1/cpd/records/{record_id}"])
    assert "post" in paths["/api/v1/cpd/records/{record_id}/finalise"]
    assert "get" in paths["/api/v1/cpd/progress"]
