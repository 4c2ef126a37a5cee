"""The home page's library block (``library.home``)."""

import datetime as dt

import pytest
from django.utils import timezone

from practice_commons.accounts.tests.factories import ExpertiseTagFactory, UserFactory
from practice_commons.communities.tests.factories import make_community
from practice_commons.library import home
from practice_commons.library.models import ItemKind, ItemStatus, LibraryItem

pytestmark = pytest.mark.django_db


def _item(title, *, topic=None, days_ago=1, **fields):
    fields.setdefault("kind", ItemKind.SOLUTION)
    fields.setdefault("status", ItemStatus.PUBLISHED)
    item = LibraryItem.objects.create(
        title=title,
        summary="What worked.",
        published_at=timezone.now() - dt.timedelta(days=days_ago),
        **fields,
    )
    if topic:
        item.topics.add(topic)
    return item


def test_new_solutions_and_examples_in_my_topics_that_I_may_read():
    topic = ExpertiseTagFactory(name="Kinship care")
    person = UserFactory(expertise=["Kinship care"])
    private = make_community(name="Private set", visibility="private")
    _item("Solution in my topic", topic=topic)
    _item("Example in my topic", topic=topic, kind=ItemKind.PRACTICE_EXAMPLE, days_ago=2)
    _item("A resource", topic=topic, kind=ItemKind.RESOURCE)
    _item("Old news", topic=topic, days_ago=200)
    _item("Another topic", topic=ExpertiseTagFactory(name="Neglect"))
    _item("A draft", topic=topic, status=ItemStatus.DRAFT)
    _item("From a private community", topic=topic, community=private)

    titles = [i.title for i in home.new_in_library(person).items]
    assert titles == ["Solution in my topic", "Example in my topic"]
