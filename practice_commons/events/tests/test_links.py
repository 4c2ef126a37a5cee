from types import SimpleNamespace

import pytest

from practice_commons.events import links


@pytest.fixture
def no_resolvers(monkeypatch):
    monkeypatch.setattr(links, "_RESOLVERS", [])


def test_links_come_from_registered_resolvers_in_order(no_resolvers):
    event = SimpleNamespace(pk=7)
    links.register_event_link(lambda e, user: links.EventLink("First", f"/a/{e.pk}/"))
    links.register_event_link(lambda e, user: None)  # nothing to say about this event
    links.register_event_link(lambda e, user: links.EventLink("Second", "/b/"))
    assert links.links_for(event, None) == [
        links.EventLink("First", "/a/7/"),
        links.EventLink("Second", "/b/"),
    ]


def test_a_resolver_registered_twice_links_once(no_resolvers):
    def resolver(event, user):
        return links.EventLink("Once", "/once/")

    links.register_event_link(resolver)
    links.register_event_link(resolver)
    assert links.links_for(SimpleNamespace(pk=1), None) == [links.EventLink("Once", "/once/")]
