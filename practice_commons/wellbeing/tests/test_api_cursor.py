"""``GET /api/v1/wellbeing/checkins`` pages with a cursor: newest day first, ties in id
order, each check-in once, and another person's cursor is refused."""

import pytest

from practice_commons.core.tests.api_paging import walk_pages

from .conftest import AUGUST, JULY, Q2_DAY, answer, staff

pytestmark = pytest.mark.django_db


def test_checkins_page(api_client_for, org):
    person, other = staff(org, 2)
    for i in range(5):
        answer(person, [Q2_DAY, JULY, AUGUST][i % 3])  # ties on the day
    answer(other, JULY)
    api = api_client_for(person)
    pages = walk_pages(api, "/api/v1/wellbeing/checkins", limit=2)
    assert [len(p) for p in pages] == [2, 2, 1]
    body = api.get("/api/v1/wellbeing/checkins?limit=50").json()
    days = [item["date"] for item in body["items"]]
    assert days == sorted(days, reverse=True) and body["count"] == 5
    cursor = api.get("/api/v1/wellbeing/checkins?limit=1").json()["next"]
    refused = api_client_for(other).get(f"/api/v1/wellbeing/checkins?cursor={cursor}")
    assert refused.status_code == 400
    assert api.get(f"/api/v1/wellbeing/checkins?cursor={cursor}&offset=1").status_code == 400
