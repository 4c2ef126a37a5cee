"""Every list page and API list within a fixed number of queries, at two data sizes
(a handful, and more than a page)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from practice_commons.accounts.tests.factories import ExpertiseTagFactory, UserFactory
from practice_commons.collaboration import services

from .conftest import draft, today

pytestmark = pytest.mark.django_db

SIZES = (3, 25)


def _populate(world, n):
    tag = ExpertiseTagFactory(name="Neglect")
    for i in range(n):
        person = UserFactory(
            organisation=world["police"], full_name=f"Person {i:03}", open_to_collaborate=True
        )
        person.expertise.add(tag)
        if i % 3 == 0:
            services.directory_settings_update(
                actor=person, visibility="host_members", show_bio=True
            )
        services.opportunity_create(
            actor=world["council_admin"],
            organisation=world["council"],
            data={
                "kind": "research",
                "title": f"Opportunity {i}",
                "description": "D",
                "closes_on": today() + dt.timedelta(days=5),
            },
        ).professions.set([world["council_admin"].profession])
        agreement = draft(world, title=f"Agreement {i}")
        if i % 2 == 0:
            services.agreement_propose(actor=world["council_admin"], agreement=agreement)
            services.agreement_accept(actor=world["council_admin"], agreement=agreement, version=1)
            services.agreement_accept(actor=world["police_contact"], agreement=agreement, version=1)
            services.agreement_set_published(
                actor=world["council_admin"], agreement=agreement, published=True
            )
        services.shadowing_listing_create(
            actor=world["council_admin"],
            kind="offer",
            title=f"Shadow {i}",
            description="D",
            profession=world["police_contact"].profession,
            organisation=world["council"],
        )


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)


URLS = [
    ("collaboration:directory", 12),
    ("collaboration:opportunities", 11),
    ("collaboration:agreements", 11),
    ("collaboration:shadowing", 11),
    ("collaboration:register", 10),
    ("collaboration:overdue", 9),
    ("collaboration:champions", 8),
]
API = [
    ("/api/v1/directory", 12),
    ("/api/v1/opportunities", 12),
    ("/api/v1/agreements", 12),
    ("/api/v1/shadowing", 12),
]


@pytest.mark.parametrize("size", SIZES)
def test_list_pages_within_budget(world, client, api_client_for, size):
    _populate(world, size)
    client.force_login(world["police_admin"])
    counts = {}
    for name, budget in URLS:
        counts[name] = _count(client, reverse(name))
        assert counts[name] <= budget, (name, counts[name])
    counts["champion_page"] = _count(
        client, reverse("collaboration:champion_page", args=[world["council"].slug])
    )
    assert counts["champion_page"] <= 14, counts
    api = api_client_for(world["police_admin"])
    for url, budget in API:
        with CaptureQueriesContext(connection) as ctx:
            response = api.get(url)
        assert response.status_code == 200
        assert len(ctx.captured_queries) <= budget, (url, len(ctx.captured_queries))
        assert response.json()["count"] >= min(size, 1)
    print(f"\nqueries at {size} of each: {counts}")


def test_same_queries_at_both_sizes(world, client):
    """Not just under the budget: the count does not grow with the data."""
    client.force_login(world["police_admin"])
    _populate(world, 2)
    small = {name: _count(client, reverse(name)) for name, _b in URLS}
    _populate(world, 22)
    large = {name: _count(client, reverse(name)) for name, _b in URLS}
    assert small == large, (small, large)
