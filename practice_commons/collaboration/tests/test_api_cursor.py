"""Every collaboration list pages with a cursor: following ``next`` gives each item once,
in order; a cursor is refused on another filter or list; offset still works."""

import datetime as dt

import pytest

from practice_commons.core.tests.api_paging import refused_elsewhere, walk_pages

from .conftest import draft, today

pytestmark = pytest.mark.django_db


def post(client, path, body):
    response = client.post(path, body, content_type="application/json")
    assert response.status_code == 201, response.content
    return response.json()


def test_directory_pages(world, api_client_for):
    api = api_client_for(world["council_admin"])
    pages = walk_pages(api, "/api/v1/directory", limit=2)
    assert len(pages) >= 3
    refused_elsewhere(api, "/api/v1/directory", "/api/v1/directory?q=a")


def test_opportunities_pages(world, api_client_for):
    council = api_client_for(world["council_admin"])
    for i in range(5):
        post(
            council,
            "/api/v1/opportunities",
            {
                "kind": "secondment",
                "title": f"Secondment {i}",
                "description": "Six months.",
                "closes_on": (today() + dt.timedelta(days=9 + i % 2)).isoformat(),
                "organisation": world["council"].slug,
            },
        )
    police = api_client_for(world["police_contact"])
    pages = walk_pages(police, "/api/v1/opportunities?kind=secondment", limit=2)
    assert [len(p) for p in pages] == [2, 2, 1]
    refused_elsewhere(
        police, "/api/v1/opportunities?kind=secondment", "/api/v1/opportunities?kind=research"
    )
    refused_elsewhere(police, "/api/v1/opportunities", "/api/v1/shadowing")
    old = police.get("/api/v1/opportunities?kind=secondment&limit=2&offset=2").json()
    assert [x["id"] for x in old["items"]] == pages[1] and old["count"] == 5 and old["next"]


def test_agreements_pages_only_the_parties_agreements(world, api_client_for):
    for i in range(3):
        draft(world, title=f"Agreement {i}")
    council = api_client_for(world["council_admin"])
    pages = walk_pages(council, "/api/v1/agreements", limit=2)
    assert [len(p) for p in pages] == [2, 1]
    # someone who is party to none cannot use the council's cursor to see anything
    cursor = council.get("/api/v1/agreements?limit=1").json()["next"]
    other = api_client_for(world["other_admin"]).get(f"/api/v1/agreements?cursor={cursor}")
    assert other.status_code == 400


def test_shadowing_pages(world, api_client_for):
    police = api_client_for(world["police_contact"])
    for i in range(3):
        post(
            police,
            "/api/v1/shadowing",
            {"kind": "request", "title": f"Shadow {i}", "description": "A day."},
        )
    council = api_client_for(world["council_admin"])
    pages = walk_pages(council, "/api/v1/shadowing?kind=request", limit=2)
    assert [len(p) for p in pages] == [2, 1]
