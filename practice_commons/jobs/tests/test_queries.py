"""The jobs board, a listing and the API list within fixed query budgets at two sizes."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from practice_commons.accounts.tests.factories import OrganisationFactory, UserFactory
from practice_commons.jobs import services

pytestmark = pytest.mark.django_db


def _populate(n):
    for i in range(n):
        org = OrganisationFactory()
        admin = UserFactory(organisation=org, org_role="admin")
        services.job_create(
            actor=admin,
            organisation=org,
            data={
                "title": f"Job {i}",
                "profession": admin.profession,
                "location": "Leeds",
                "contract_type": "permanent",
                "closes_on": timezone.localdate() + dt.timedelta(days=5 + i % 7),
                "apply_url": "https://jobs.example.org/",
                "description": "D",
            },
        )
    return admin


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("size", (3, 25))
def test_within_budget(client, api_client_for, size):
    admin = _populate(size)
    from practice_commons.jobs.models import Job

    job = Job.objects.first()
    assert _count(client, reverse("jobs:list")) <= 4  # signed out
    assert _count(client, job.get_absolute_url()) <= 4
    client.force_login(admin)
    assert _count(client, reverse("jobs:list")) <= 10
    assert _count(client, reverse("jobs:manage")) <= 10
    api = api_client_for(admin)
    with CaptureQueriesContext(connection) as ctx:
        assert api.get("/api/v1/jobs").status_code == 200
    assert len(ctx.captured_queries) <= 8
