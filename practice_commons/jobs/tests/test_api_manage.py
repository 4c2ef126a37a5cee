"""The API's job operations beyond the list and posting: read one, edit, withdraw and the
jobs you manage, for every role, through the pages' selectors and services."""

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.module_loading import import_string

from practice_commons.accounts.tests.factories import (
    HostAdminFactory,
    OrganisationFactory,
    ProfessionFactory,
    UserFactory,
)
from practice_commons.confidentiality.testing import NHS_NUMBER
from practice_commons.jobs import services
from practice_commons.jobs.models import Job

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture
def world(db):
    employer = OrganisationFactory(name="Riverside Council")
    other = OrganisationFactory(name="Elsewhere Trust")
    w = {
        "employer": employer,
        "admin": UserFactory(organisation=employer, org_role="admin"),
        "member": UserFactory(organisation=employer),
        "other_admin": UserFactory(organisation=other, org_role="admin"),
        "host_admin": HostAdminFactory(),
        "sw": ProfessionFactory(name="Social worker"),
        "teacher": ProfessionFactory(name="Teacher"),
    }
    w["job"] = services.job_create(
        actor=w["admin"],
        organisation=employer,
        data={
            "title": "Social worker, children in need",
            "profession": w["sw"],
            "location": "Leeds",
            "nation": "england",
            "salary_min": 35000,
            "salary_max": 42000,
            "hours": "37 hours a week",
            "contract_type": "permanent",
            "closes_on": timezone.localdate() + dt.timedelta(days=14),
            "apply_url": "https://jobs.example.org/1",
            "description": "Join our team.",
        },
    )
    return w


def _read_only(user):
    create = import_string("practice_commons.api.services.api_token_create")
    raw = create(actor=user, user=user, name="Read only", scope="read").raw
    return Client(headers={"Authorization": f"Bearer {raw}"})


def _patch(client, url, payload):
    return client.patch(url, data=json.dumps(payload), content_type=JSON)


def test_read_one(world, api_client_for):
    url = f"/api/v1/jobs/{world['job'].pk}"
    assert Client().get(url).status_code == 401
    body = api_client_for(world["other_admin"]).get(url).json()
    assert body["title"] == "Social worker, children in need" and body["employer"] == (
        world["employer"].slug
    )
    assert api_client_for(world["member"]).get("/api/v1/jobs/999999").status_code == 404
    services.job_withdraw(actor=world["admin"], job=world["job"])
    assert api_client_for(world["member"]).get(url).status_code == 404  # withdrawn
    assert api_client_for(world["admin"]).get(url).status_code == 200  # its manager


def test_managed_list(world, api_client_for):
    assert Client().get("/api/v1/jobs/managed").status_code == 401
    mine = api_client_for(world["admin"]).get("/api/v1/jobs/managed").json()
    assert [j["id"] for j in mine["items"]] == [world["job"].pk] and mine["items"][0]["status"]
    assert api_client_for(world["host_admin"]).get("/api/v1/jobs/managed").json()["count"] == 1
    for who in ("member", "other_admin"):
        assert api_client_for(world[who]).get("/api/v1/jobs/managed").json()["count"] == 0


def test_edit(world, api_client_for):
    job = world["job"]
    url = f"/api/v1/jobs/{job.pk}"
    assert Client().patch(url, "{}", content_type=JSON).status_code == 401
    for who in ("member", "other_admin"):
        assert _patch(api_client_for(world[who]), url, {"title": "Taken"}).status_code == 404
    assert _patch(_read_only(world["admin"]), url, {"title": "Taken"}).status_code == 403
    admin = api_client_for(world["admin"])
    bad = _patch(admin, url, {"contract_type": "forever"})
    assert bad.status_code == 422 and "contract_type" in bad.content.decode()
    low = _patch(admin, url, {"salary_max": 1000})
    assert low.status_code == 400 and "salary_max" in low.json()["detail"]
    unknown = _patch(admin, url, {"profession": "astronaut"})
    assert unknown.status_code == 400 and "profession" in unknown.json()["detail"]
    blocked = _patch(admin, url, {"description": f"Ask for NHS {NHS_NUMBER}"})
    assert blocked.status_code == 422 and NHS_NUMBER not in blocked.content.decode()
    job.refresh_from_db()
    assert job.title == "Social worker, children in need" and job.salary_max == 42000
    changed = _patch(admin, url, {"title": "Senior social worker", "profession": "teacher"})
    assert changed.status_code == 200, changed.content
    assert changed.json()["title"] == "Senior social worker"
    assert changed.json()["profession"] == "teacher" and changed.json()["location"] == "Leeds"
    host = _patch(api_client_for(world["host_admin"]), url, {"hours": "Part time"})
    assert host.status_code == 200 and host.json()["hours"] == "Part time"


def test_withdraw(world, api_client_for):
    url = f"/api/v1/jobs/{world['job'].pk}/withdraw"
    assert Client().post(url).status_code == 401
    for who in ("member", "other_admin"):
        assert api_client_for(world[who]).post(url).status_code == 404
    assert _read_only(world["admin"]).post(url).status_code == 403
    assert Job.objects.get().status == Job.Status.OPEN
    done = api_client_for(world["admin"]).post(url)
    assert done.status_code == 200 and done.json()["status"] == "withdrawn"
    assert api_client_for(world["admin"]).post(url).status_code == 409
    edit = _patch(api_client_for(world["admin"]), f"/api/v1/jobs/{world['job'].pk}", {"hours": "x"})
    assert edit.status_code == 409
