"""Jobs: posting by the employer's organisation admins only, expiry at the closing date,
"jobs like this", the pages and the API for every role."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from practice_commons.accounts.models import Profession
from practice_commons.accounts.tests.factories import (
    HostAdminFactory,
    OrganisationFactory,
    ProfessionFactory,
    UserFactory,
)
from practice_commons.confidentiality.guard import ConfidentialityError
from practice_commons.confidentiality.testing import IDENTIFYING_TEXT
from practice_commons.core.errors import PermissionDenied
from practice_commons.jobs import selectors, services
from practice_commons.jobs.models import Job

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


@pytest.fixture
def world(db):
    employer = OrganisationFactory(name="Riverside Council")
    other = OrganisationFactory(name="Elsewhere Trust")
    return {
        "employer": employer,
        "admin": UserFactory(organisation=employer, org_role="admin"),
        "champion": UserFactory(organisation=employer, org_role="champion"),
        "member": UserFactory(organisation=employer),
        "other_admin": UserFactory(organisation=other, org_role="admin"),
        "host_admin": HostAdminFactory(),
        "sw": ProfessionFactory(name="Social worker"),
        "teacher": ProfessionFactory(name="Teacher"),
    }


def data(world, **overrides):
    base = {
        "title": "Social worker, children in need",
        "profession": world["sw"],
        "location": "Leeds",
        "nation": "england",
        "salary_min": 35000,
        "salary_max": 42000,
        "hours": "37 hours a week",
        "contract_type": "permanent",
        "closes_on": today() + dt.timedelta(days=14),
        "apply_url": "https://jobs.example.org/1",
        "description": "Join our team.",
    }
    base.update(overrides)
    return base


def post(world, **overrides):
    return services.job_create(
        actor=world["admin"], organisation=world["employer"], data=data(world, **overrides)
    )


@pytest.mark.parametrize("who", ["champion", "member", "other_admin"])
def test_only_the_employers_admins_post(world, who):
    with pytest.raises(PermissionDenied):
        services.job_create(actor=world[who], organisation=world["employer"], data=data(world))
    assert not Job.objects.exists()


def test_host_admins_may_post_and_manage(world):
    job = services.job_create(
        actor=world["host_admin"], organisation=world["employer"], data=data(world)
    )
    services.job_withdraw(actor=world["host_admin"], job=job)


def test_validation(world):
    with pytest.raises(ValidationError) as exc:
        post(
            world,
            salary_min=50000,
            salary_max=40000,
            closes_on=today() - dt.timedelta(days=1),
            apply_url="",
            contract_type="forever",
            location="",
        )
    assert set(exc.value.message_dict) >= {
        "salary_max",
        "closes_on",
        "apply_url",
        "contract_type",
        "location",
    }
    assert not Job.objects.exists()


def test_guard(world):
    with pytest.raises(ConfidentialityError):
        post(world, description=IDENTIFYING_TEXT)
    assert not Job.objects.exists()


def test_expiry_at_the_closing_date(world):
    job = post(world, closes_on=today())
    assert list(selectors.jobs_list()) == [job]
    Job.objects.filter(pk=job.pk).update(closes_on=today() - dt.timedelta(days=1))
    assert not selectors.jobs_list().exists()
    job.refresh_from_db()
    assert not job.is_open


def test_jobs_like_this(world):
    job = post(world)
    same_profession = post(
        world, title="Senior social worker", nation="wales", contract_type="locum"
    )
    same_nation_and_contract = post(world, title="Teacher", profession=world["teacher"])
    unrelated = post(
        world,
        title="Teacher in Wales",
        profession=world["teacher"],
        nation="wales",
        contract_type="locum",
    )
    closed = post(world, title="Closed social worker")
    Job.objects.filter(pk=closed.pk).update(closes_on=today() - dt.timedelta(days=1))
    like = list(selectors.jobs_like(job))
    assert like == [same_profession, same_nation_and_contract]
    assert job not in like and unrelated not in like


ROLES = ("visitor", "admin", "champion", "member", "other_admin", "host_admin")


@pytest.mark.parametrize("role", ROLES)
def test_pages_for_each_role(client, world, role):
    job = post(world)
    if role != "visitor":
        client.force_login(world[role])
    assert client.get(reverse("jobs:list")).status_code == 200
    feed = client.get(reverse("jobs:feed"))  # the visitors' feed, for everyone
    assert feed.status_code == 200 and job.title in feed.content.decode()
    detail = client.get(job.get_absolute_url())
    assert detail.status_code == 200 and "Jobs like this" in detail.content.decode()
    managers = {"admin", "host_admin"}
    edit = client.get(reverse("jobs:edit", args=[job.pk])).status_code
    assert edit == (302 if role == "visitor" else 200 if role in managers else 404)
    new = client.get(reverse("jobs:new")).status_code
    assert new == (302 if role == "visitor" else 200 if role in {"admin", "other_admin"} else 403)
    withdraw = client.post(reverse("jobs:withdraw", args=[job.pk])).status_code
    assert withdraw == (302 if role in managers | {"visitor"} else 404)
    job.refresh_from_db()
    assert (job.status == "withdrawn") == (role in managers)
    # a withdrawn listing is gone for everyone but its managers
    if role in managers:
        assert client.get(job.get_absolute_url()).status_code == 200
    else:
        Job.objects.filter(pk=job.pk).update(status="withdrawn")
        assert client.get(job.get_absolute_url()).status_code == 404


def test_post_through_the_page(client, world):
    client.force_login(world["admin"])
    response = client.post(
        reverse("jobs:new"),
        {
            "organisation": str(world["employer"].pk),
            "title": "Social worker",
            "profession": str(world["sw"].pk),
            "location": "Leeds",
            "contract_type": "permanent",
            "closes_on": (today() + dt.timedelta(days=7)).isoformat(),
            "apply_email": "jobs@example.org",
            "description": "Join us.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    job = Job.objects.get()
    assert job.apply_email == "jobs@example.org" and job.posted_by == world["admin"]


def test_api(world, api_client_for):
    post(world)
    api = api_client_for(world["member"])
    listed = api.get("/api/v1/jobs?profession=social-worker")
    assert listed.status_code == 200 and listed.json()["count"] == 1
    assert listed.json()["items"][0]["employer"] == world["employer"].slug
    payload = {
        "employer": world["employer"].slug,
        "title": "Teacher",
        "location": "Leeds",
        "contract_type": "permanent",
        "profession": Profession.objects.get(pk=world["teacher"].pk).slug,
        "closes_on": (today() + dt.timedelta(days=7)).isoformat(),
        "apply_url": "https://jobs.example.org/2",
        "description": "Join us.",
    }
    assert api.post("/api/v1/jobs", payload, content_type="application/json").status_code == 403
    admin = api_client_for(world["admin"])
    created = admin.post("/api/v1/jobs", payload, content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["title"] == "Teacher"
    bad = admin.post("/api/v1/jobs", {**payload, "apply_url": ""}, content_type="application/json")
    assert bad.status_code == 400
