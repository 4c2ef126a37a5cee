"""``GET /api/v1/insights/communities/{slug}/stories`` pages with a cursor: featured
first, then newest, each story once; a cursor is refused on another filter."""

import pytest

from practice_commons.core.tests.api_paging import refused_elsewhere, walk_pages
from practice_commons.insights import services

pytestmark = pytest.mark.django_db


def test_stories_page(api_client_for, community, member):
    for i in range(5):
        services.story_create(
            actor=member,
            community=community,
            title=f"Joint visits {i}",
            cycles=["immediate"],
            what_happened="We compared notes in a thread.",
            what_it_gave="A contact in health.",
            consent_to_publish=True,
        )
    client = api_client_for(member)
    url = f"/api/v1/insights/communities/{community.slug}/stories"
    pages = walk_pages(client, url, limit=2)
    assert [len(p) for p in pages] == [2, 2, 1]
    refused_elsewhere(client, url, f"{url}?featured=true")
