"""Community lists page with a cursor: following ``next`` gives each item once, in order;
a cursor is refused on another community, status or filter."""

import pytest

from practice_commons.accounts.tests.factories import UserFactory
from practice_commons.core.tests.api_paging import refused_elsewhere, walk_pages

from .factories import add_member, make_community

pytestmark = pytest.mark.django_db
BASE = "/api/v1/communities"


def test_communities_page(api_client_for):
    for i in range(5):
        make_community(name=f"Practice group {i}")
    api = api_client_for(UserFactory())
    pages = walk_pages(api, BASE, limit=2)
    assert sum(len(p) for p in pages) >= 5
    refused_elsewhere(api, BASE, f"{BASE}?q=group")


def test_memberships_page_and_a_cursor_stays_in_its_community(api_client_for):
    community, other = make_community(name="One"), make_community(name="Two")
    people = [add_member(community, UserFactory(full_name=f"Person {i % 2}")) for i in range(4)]
    add_member(other, people[0])
    api = api_client_for(people[0])
    pages = walk_pages(api, f"{BASE}/{community.slug}/memberships", limit=2)
    assert sum(len(p) for p in pages) == 5  # the four and the owner
    refused_elsewhere(
        api, f"{BASE}/{community.slug}/memberships", f"{BASE}/{other.slug}/memberships"
    )
