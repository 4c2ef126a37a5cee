"""``GET /api/v1/cpd/records`` pages with a cursor: newest date first, each of the
caller's own records once; another person's cursor is refused."""

import datetime as dt

import pytest
from django.utils import timezone

from practice_commons.accounts.tests.factories import UserFactory
from practice_commons.core.tests.api_paging import refused_elsewhere, walk_pages

pytestmark = pytest.mark.django_db


def test_records_page(api_client_for, social_worker, make_record):
    for i in range(5):
        make_record(social_worker, date=timezone.localdate() - dt.timedelta(days=i % 2))
    other = UserFactory(regulator="swe")
    make_record(other)
    api = api_client_for(social_worker)
    pages = walk_pages(api, "/api/v1/cpd/records", limit=2)
    assert [len(p) for p in pages] == [2, 2, 1]
    refused_elsewhere(api, "/api/v1/cpd/records", "/api/v1/cpd/records?status=final")
    cursor = api.get("/api/v1/cpd/records?limit=1").json()["next"]
    theirs = api_client_for(other).get(f"/api/v1/cpd/records?cursor={cursor}")
    assert theirs.status_code == 400
