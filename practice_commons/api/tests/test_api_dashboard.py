"""``GET /api/v1/me/today``: the home page's "what needs you today" for the caller, from
the same block registry (``core.home.blocks_for``) as the page."""

import pytest
from django.test import Client

from practice_commons.accounts.tests.factories import UserFactory
from practice_commons.api.services import api_token_create
from practice_commons.core import home
from practice_commons.core.home import NEEDS, NEW, Block, Item, Link

pytestmark = pytest.mark.django_db

URL = "/api/v1/me/today"


@pytest.fixture
def registry(monkeypatch):
    """Blocks made up for the test, in place of the apps' (which their apps test)."""
    home.discover_blocks()
    monkeypatch.setattr(home, "_registry", {})
    return home._registry


def _yours(user):
    return Block(
        "Replies to you",
        items=[Item(f"Reply to {user.full_name} {n}", f"/r/{user.pk}/{n}/") for n in range(7)],
        see_all=Link("All replies", "/replies/"),
    )


def test_the_callers_own_queue_in_the_pages_order(registry, api_client_for):
    alice, bob = UserFactory(full_name="Alice"), UserFactory(full_name="Bob")
    home.register_block("replies", _yours, section=NEEDS, order=20)
    home.register_block("first", lambda u: Block("First", empty="Nothing yet"), order=10)
    home.register_block(
        "only_bob", lambda u: Block("Bob's queue") if u.pk == bob.pk else None, order=30
    )
    home.register_block("news", lambda u: Block("News", items=[Item("New", "/n/")]), section=NEW)
    body = api_client_for(alice).get(URL).json()
    assert [b["key"] for b in body["needs"]] == ["first", "replies"], "not for her: left out"
    replies = body["needs"][1]
    assert len(replies["items"]) == home.MAX_ITEMS
    assert all(i["title"].startswith("Reply to Alice") for i in replies["items"])
    assert replies["see_all"] == {"label": "All replies", "url": "/replies/"}
    assert body["needs"][0] == {
        "key": "first",
        "title": "First",
        "items": [],
        "empty": "Nothing yet",
        "empty_link": None,
        "see_all": None,
    }
    assert body["new"][0]["items"] == [{"title": "New", "url": "/n/", "detail": "", "tag": ""}]
    # The page shows the same.
    page = Client()
    page.force_login(alice)
    content = page.get(home_url()).content.decode()
    assert "Reply to Alice 0" in content and "Bob&#x27;s queue" not in content
    assert [b["key"] for b in api_client_for(bob).get(URL).json()["needs"]] == [
        "first",
        "replies",
        "only_bob",
    ]


def home_url():
    from django.urls import reverse

    return reverse("core:dashboard")


def test_the_apps_blocks_answer_for_a_real_person(api_client_for):
    response = api_client_for(UserFactory()).get(URL)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"needs", "new"}
    keys = {b["key"] for b in body["needs"] + body["new"]}
    assert "your_communities" in keys


def test_visitors_are_refused_and_a_read_token_may_read(registry):
    assert Client().get(URL).status_code == 401
    person = UserFactory()
    issued = api_token_create(actor=person, user=person, name="Read", scope="read")
    client = Client(headers={"Authorization": f"Bearer {issued.raw}"})
    assert client.get(URL).status_code == 200
    assert client.post(URL).status_code in (403, 405)
