"""The home page's block registry (``core.home``), with blocks made up for the test:
core imports no app above it, so the apps' own blocks are tested in their apps and
together in ``tests/integration/test_home_page.py``."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from practice_commons.core import home
from practice_commons.core.home import NEEDS, NEW, Block, Item, Link


@pytest.fixture
def registry(monkeypatch):
    """An empty registry for the test (the apps' blocks come back afterwards)."""
    home.discover_blocks()
    monkeypatch.setattr(home, "_registry", {})
    return home._registry


def test_blocks_come_by_section_in_order_and_none_means_not_for_this_person(registry, user):
    home.register_block("later", lambda u: Block("Later"), section=NEEDS, order=20)
    home.register_block("first", lambda u: Block("First"), section=NEEDS, order=10)
    home.register_block("news", lambda u: Block("News"), section=NEW, order=1)
    home.register_block("not_mine", lambda u: None, section=NEEDS, order=15)

    found = home.blocks_for(user)

    assert [b.title for b in found[NEEDS]] == ["First", "Later"]
    assert [b.key for b in found[NEEDS]] == ["first", "later"]
    assert [(b.title, b.section) for b in found[NEW]] == [("News", NEW)]


def test_a_block_shows_at_most_five_items(registry, user):
    many = [Item(f"Item {n}", f"/{n}/") for n in range(9)]
    home.register_block("many", lambda u: Block("Many", items=many))
    assert len(home.blocks_for(user)[NEEDS][0].items) == home.MAX_ITEMS == 5


def test_registering_again_replaces_and_a_bad_section_is_refused(registry):
    home.register_block("one", lambda u: Block("A"))
    home.register_block("one", lambda u: Block("B"))
    assert len(home.registered_blocks()) == 1
    with pytest.raises(ValueError, match="section"):
        home.register_block("two", lambda u: Block("C"), section="elsewhere")
    home.unregister_block("one")
    assert home.registered_blocks() == []


def test_the_apps_blocks_are_discovered_from_their_home_modules():
    keys = {spec.key for spec in home.registered_blocks()}
    assert {
        "requests_for_information",
        "replies_and_mentions",
        "next_events",
        "next_sessions",
        "your_communities",
        "join_requests",
        "reports_waiting",
        "cpd_drafts",
        "agreements",
        "wellbeing",
        "unread_threads",
        "communities_for_you",
        "events_for_you",
        "new_in_library",
    } <= keys


def test_page_shows_items_and_empty_states_with_their_links(registry, client, user):
    home.register_block(
        "full",
        lambda u: Block(
            "Things to do",
            items=[Item("Answer Sam", "/threads/1/", detail="by Thu 3 Dec", tag="Due soon")],
            see_all=Link("Everything", "/all/"),
        ),
    )
    home.register_block(
        "empty",
        lambda u: Block(
            "Nothing here", empty="Nothing yet.", empty_link=Link("Start something", "/start/")
        ),
        section=NEW,
    )
    client.force_login(user)
    page = client.get(reverse("core:home")).content.decode()

    assert '<h2 class="govuk-heading-m">Things to do' in page
    assert '<a class="govuk-link" href="/threads/1/">Answer Sam</a>' in page
    assert "by Thu 3 Dec" in page and "Due soon" in page
    assert 'href="/all/">Everything</a>' in page
    assert '<h2 class="govuk-heading-s">Nothing here</h2>' in page
    assert 'Nothing yet. <a class="govuk-link" href="/start/">Start something</a>' in page


def test_visitors_get_the_landing_page_and_no_blocks(registry, client):
    called = []
    home.register_block("spy", lambda u: called.append(u) or Block("Spy"))
    page = client.get(reverse("core:home")).content.decode()
    assert "Learn from each other, across agencies" in page
    assert called == []


def test_short_dates_are_london_time_and_name_other_years(settings):
    settings.TIME_ZONE = "Europe/London"
    this_year = timezone.localdate().year
    summer = dt.datetime(this_year, 7, 2, 13, 30, tzinfo=dt.UTC)  # 14:30 BST
    assert home.short_datetime(summer) == f"{summer:%a} 2 Jul, 14:30"
    assert home.short_date(dt.date(2020, 12, 5)) == "Sat 5 Dec 2020"
