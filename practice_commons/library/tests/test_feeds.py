"""``/library/feed.atom``: published items a visitor may read, the same for everyone;
never a draft, an item waiting for review, or an item of a members-only or private
community; within a fixed query budget."""

import pytest
from django.urls import reverse

from practice_commons.accounts.tests.factories import HostAdminFactory, UserFactory
from practice_commons.communities.tests.factories import add_member, make_community
from practice_commons.core.testing import atom_entries
from practice_commons.library.models import ItemStatus

pytestmark = pytest.mark.django_db

URL = "/library/feed.atom"


@pytest.fixture
def host_admin(db):
    return HostAdminFactory()


@pytest.fixture
def host_wide(make_item, outsider, host_admin):
    return make_item(outsider, title="Host-wide resource guide", reviewer=host_admin)


def test_url_is_the_contract_path():
    assert reverse("library:feed") == URL


def test_published_public_items_only(
    client,
    make_item,
    published,
    host_wide,
    member,
    facilitator,
    private_item,
    members_only_community,
    host_admin,
):
    make_item(member, None, publish=False, title="Unfinished draft")
    in_review = make_item(member, None, publish=False, title="Waiting for review")
    from practice_commons.library import services

    services.item_submit(actor=member, item=in_review)
    in_review.refresh_from_db()
    assert in_review.status == ItemStatus.IN_REVIEW
    owner = members_only_community.memberships.get(role="owner").user
    make_item(owner, members_only_community, title="Members-only example", reviewer=host_admin)

    response = client.get(URL)
    entries = atom_entries(response)

    assert {e["title"] for e in entries} == {published.title, host_wide.title}
    body = response.content.decode()
    for hidden in ("Unfinished draft", "Waiting for review", "Secret-set", "Members-only example"):
        assert hidden not in body, hidden
    entry = next(e for e in entries if e["title"] == published.title)
    assert entry["link"] == f"http://testserver{published.get_absolute_url()}"
    assert entry["author"] == "Mo Member"  # the contact, as the item's page names them
    assert entry["summary"].startswith("Practice example in Early help and CAF practitioners.")
    assert "lead professionals bring stalled plans" in entry["summary"]


@pytest.mark.parametrize("role", ("member", "facilitator", "private owner", "host admin"))
def test_the_same_for_everyone(client, published, private_item, member, facilitator, role):
    from practice_commons.communities.models import CommunityMembership

    people = {
        "member": member,
        "facilitator": facilitator,
        "private owner": CommunityMembership.objects.get(
            community=private_item.community, role="owner"
        ).user,
        "host admin": HostAdminFactory(),
    }
    signed_out = atom_entries(client.get(URL))
    client.force_login(people[role])
    signed_in = client.get(URL)
    # Host admins and the private community's own members may open the private item,
    # but the feed is the visitors' one.
    assert atom_entries(signed_in) == signed_out
    assert private_item.title not in signed_in.content.decode()
    assert "public" in signed_in["Cache-Control"]


@pytest.mark.parametrize("size", (2, 15))
def test_query_budget(client, make_item, host_admin, size, django_assert_max_num_queries):
    for i in range(size):
        community = make_community(name=f"Community for item {i}")
        writer = add_member(community, UserFactory())
        make_item(writer, community, title=f"Example {i}", reviewer=host_admin)
    with django_assert_max_num_queries(2):
        response = client.get(URL)
    assert len(atom_entries(response)) == size


def test_library_page_links_to_the_feed(client):
    html = client.get(reverse("library:home")).content.decode()
    assert (
        f'<link rel="alternate" type="application/atom+xml" title="Library (Atom feed)" '
        f'href="{URL}">' in html
    )
    assert f'href="{URL}">Subscribe (Atom feed)</a>' in html
