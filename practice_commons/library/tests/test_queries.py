"""List pages, the API list and the knowledge map keep fixed query budgets at two sizes."""

import pytest
from django.urls import reverse

from practice_commons.accounts.tests.factories import ExpertiseTagFactory
from practice_commons.library.models import ItemStatus, ItemVersion, LibraryItem

pytestmark = pytest.mark.django_db

# Today: 11, 10, 8, 9, 5 and 8 at both sizes (session and user included).
BUDGETS = {
    "library:home": 13,
    "library:map": 12,
    "library:map_csv": 10,
    "library:drafts": 11,
    "library:review_queue": 7,
    "library:glossary": 10,
}
ITEM_PAGE_BUDGET = 18  # 16 today: item, tags, versions, endorsements, files, reactions


def _fill(n, community, author):
    for i in range(n):
        tag = ExpertiseTagFactory(name=f"Topic {i % 7}")
        item = LibraryItem.objects.create(
            kind=["practice_example", "solution", "resource"][i % 3],
            status=ItemStatus.PUBLISHED if i % 4 else ItemStatus.DRAFT,
            community=community if i % 2 else None,
            title=f"Item {i}",
            summary="A summary.",
            created_by=author,
            contact=author,
        )
        item.topics.set([tag])
        item.organisations.set([author.organisation])
        ItemVersion.objects.create(item=item, number=1, data=item.snapshot())


@pytest.mark.parametrize("n", [3, 40])
def test_pages_keep_their_budget(n, client_for, community, member, django_assert_max_num_queries):
    _fill(n, community, member)
    client = client_for(member)
    for name, budget in BUDGETS.items():
        url = reverse(name)
        client.get(url)
        with django_assert_max_num_queries(budget, info=name):
            assert client.get(url).status_code == 200
    url = reverse("library:community_map", args=[community.slug])
    with django_assert_max_num_queries(BUDGETS["library:map"]):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("n", [2, 30])
def test_item_page_keeps_its_budget_whatever_its_endorsements(
    n, client_for, published, django_assert_max_num_queries
):
    from practice_commons.accounts.tests.factories import UserFactory
    from practice_commons.library import services

    for i in range(n):
        reader = UserFactory(full_name=f"Reader {i}")
        services.endorsement_add(actor=reader, item=published, note="We tried it.")
        services.item_update(actor=published.created_by, item=published, outcomes=f"Outcome {i}.")
    client = client_for(published.created_by)
    client.get(published.get_absolute_url())
    with django_assert_max_num_queries(ITEM_PAGE_BUDGET):
        assert client.get(published.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("n", [3, 40])
def test_api_lists_keep_their_budget(
    n, api_client_for, community, member, django_assert_max_num_queries
):
    _fill(n, community, member)
    api = api_client_for(member)
    for url in ("/api/v1/library/items", "/api/v1/library/map", "/api/v1/glossary/terms"):
        api.get(url)
        with django_assert_max_num_queries(8, info=url):  # 6, 7 and 4 today
            assert api.get(url).status_code == 200
