"""``GET /api/v1/search/suggest``: the new thread form's "Has this been answered
already?", with the caller's own permissions (the same selector as the page)."""

import pytest
from django.test import Client

from practice_commons.search import indexing

pytestmark = pytest.mark.django_db

URL = "/api/v1/search/suggest"


@pytest.fixture
def threads(world, thread_in):
    public = thread_in(
        world["people"]["member"], world["public"], "Delays in kinship assessments", "Months"
    )
    private = thread_in(
        world["people"]["private_member"],
        world["private"],
        "Kinship assessments in our set",
        "Private",
    )
    indexing.reindex_recent()
    return {"public": public, "private": private}


@pytest.mark.parametrize(
    "role, sees_private",
    [
        ("non_host", False),
        ("outsider", False),
        ("member", False),
        ("private_member", True),
        ("host_admin", True),
    ],
)
def test_suggestions_follow_the_callers_permissions(
    world, threads, api_client_for, role, sees_private
):
    response = api_client_for(world["people"][role]).get(URL, {"title": "kinship assessm"})
    assert response.status_code == 200
    results = response.json()["results"]
    titles = {r["title"] for r in results}
    assert "Delays in kinship assessments" in titles
    assert ("Kinship assessments in our set" in titles) is sees_private
    assert all(r["kind"] in ("thread", "solution") for r in results)
    assert len(results) <= 5


def test_visitor_is_refused(world, threads):
    assert Client().get(URL, {"title": "kinship assessm"}).status_code == 401


def test_short_and_bad_titles(world, threads, api_client_for):
    client = api_client_for(world["people"]["member"])
    assert client.get(URL, {"title": "ki"}).json() == {"results": []}
    missing = client.get(URL)
    assert missing.status_code == 422 and "title" in missing.content.decode()
    too_long = client.get(URL, {"title": "k" * 201})
    assert too_long.status_code == 422 and "title" in too_long.content.decode()
