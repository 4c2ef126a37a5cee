"""``GET /api/v1/communities/{slug}/threads`` pages with a cursor: pinned first, then by
last activity, each thread once; a cursor is refused on another filter or community."""

import pytest

from practice_commons.communities.tests.factories import make_community
from practice_commons.core.tests.api_paging import refused_elsewhere, walk_pages

pytestmark = pytest.mark.django_db


def test_threads_page(api_client_for, community, member, make_thread, outsider):
    for i in range(5):
        make_thread(member, community, title=f"Question {i}")
    other = make_community(name="Elsewhere")
    client = api_client_for(outsider)
    url = f"/api/v1/communities/{community.slug}/threads"
    pages = walk_pages(client, url, limit=2)
    assert [len(p) for p in pages] == [2, 2, 1]
    refused_elsewhere(client, url, f"{url}?status=unanswered")
    refused_elsewhere(client, url, f"/api/v1/communities/{other.slug}/threads")
