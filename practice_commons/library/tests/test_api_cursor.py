"""Library items and glossary terms page with a cursor: following ``next`` gives each
once, in order, and never an item the caller may not read."""

import pytest

from practice_commons.core.tests.api_paging import refused_elsewhere, walk_pages
from practice_commons.library.models import GlossaryTerm

pytestmark = pytest.mark.django_db


def test_items_page(api_client_for, make_item, member, community, facilitator, private_item):
    for i in range(4):
        make_item(member, community, reviewer=facilitator, title=f"Practice {i}")
    client = api_client_for(member)
    pages = walk_pages(client, "/api/v1/library/items", limit=2)
    seen = {i for p in pages for i in p}
    assert len(seen) == 4 and private_item.pk not in seen
    refused_elsewhere(client, "/api/v1/library/items", "/api/v1/library/items?kind=resource")


def test_glossary_terms_page(api_client_for, outsider):
    for i in range(5):
        GlossaryTerm.objects.create(
            term=f"Term {i % 2}", slug=f"term-{i}", definition="A meaning.", status="approved"
        )
    client = api_client_for(outsider)
    pages = walk_pages(client, "/api/v1/glossary/terms", limit=2)
    assert [len(p) for p in pages] == [2, 2, 1]
    refused_elsewhere(client, "/api/v1/glossary/terms", "/api/v1/glossary/terms?q=Term")
