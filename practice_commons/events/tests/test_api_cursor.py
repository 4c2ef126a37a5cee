"""``GET /api/v1/events`` pages with a cursor: soonest first, ties by id, each event once;
a cursor is refused on another filter; offset still works."""

import pytest

from practice_commons.core.tests.api_paging import refused_elsewhere, walk_pages

from .conftest import event_data

pytestmark = pytest.mark.django_db


def test_events_page(api_client_for, make_event, member):
    start = event_data()["starts_at"]
    for _ in range(5):
        make_event(starts_at=start)  # all at the same time: the id breaks the tie
    make_event(publish=False)  # a draft is on no page
    api = api_client_for(member)
    pages = walk_pages(api, "/api/v1/events", limit=2)
    assert [len(p) for p in pages] == [2, 2, 1]
    refused_elsewhere(api, "/api/v1/events", "/api/v1/events?format=online")
    old = api.get("/api/v1/events?limit=2&offset=2").json()
    assert [e["id"] for e in old["items"]] == pages[1] and old["count"] == 5
