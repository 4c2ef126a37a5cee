"""``GET /api/v1/jobs`` pages with a cursor: ``next`` gives the following jobs, soonest
closing first, each once; a cursor is bound to its filters; offset still works."""

import datetime as dt

import pytest
from django.utils import timezone

from practice_commons.accounts.tests.factories import (
    OrganisationFactory,
    ProfessionFactory,
    UserFactory,
)
from practice_commons.core.tests.api_paging import refused_elsewhere, walk_pages
from practice_commons.jobs.models import Job

pytestmark = pytest.mark.django_db


def test_jobs_page_with_a_cursor(api_client_for):
    employer, profession = OrganisationFactory(), ProfessionFactory(name="Social worker")
    for i in range(5):
        Job.objects.create(
            title=f"Job {i}",
            organisation=employer,
            profession=profession,
            location="Leeds",
            contract_type="permanent",
            closes_on=timezone.localdate() + dt.timedelta(days=3 + i % 2),  # ties
            description="A job.",
        )
    Job.objects.create(  # closed: never on any page
        title="Closed",
        organisation=employer,
        profession=profession,
        location="Leeds",
        contract_type="permanent",
        closes_on=timezone.localdate() - dt.timedelta(days=1),
        description="A job.",
    )
    api = api_client_for(UserFactory())
    pages = walk_pages(api, "/api/v1/jobs", limit=2)
    assert [len(p) for p in pages] == [2, 2, 1]
    refused_elsewhere(api, "/api/v1/jobs", "/api/v1/jobs?q=Leeds")
    old = api.get("/api/v1/jobs?limit=2&offset=4").json()
    assert [j["id"] for j in old["items"]] == pages[2] and old["next"] is None
    assert old["count"] == 5
