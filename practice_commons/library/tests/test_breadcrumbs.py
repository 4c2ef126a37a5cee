"""A page deep in the library shows the trail a reader followed to reach it."""

import pytest
from django.urls import reverse

from practice_commons.core.testing import breadcrumb_trail

pytestmark = pytest.mark.django_db


def test_editing_an_item_shows_library_item_and_edit(client_for, member, published):
    response = client_for(member).get(reverse("library:edit", args=[published.pk]))
    assert response.status_code == 200
    links, current = breadcrumb_trail(response.content.decode())
    assert links == [
        ("Home", "/"),
        ("Library", reverse("library:home")),
        ("A council&#x27;s CAF practitioners&#x27; forum", published.get_absolute_url()),
    ]
    assert current == ["Edit"]


def test_a_community_knowledge_map_sits_under_the_knowledge_map(client_for, member, community):
    response = client_for(member).get(reverse("library:community_map", args=[community.slug]))
    assert response.status_code == 200
    links, current = breadcrumb_trail(response.content.decode())
    assert links == [
        ("Home", "/"),
        ("Library", reverse("library:home")),
        ("Knowledge map", reverse("library:map")),
    ]
    assert current == [community.name]
