import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_pages_render(client, published, member, facilitator):
    client.force_login(member)
    for url in [
        reverse("library:home"),
        reverse("library:item", args=[published.pk]),
        reverse("library:new", args=["practice-example"]),
        reverse("library:new", args=["resource"]),
        reverse("library:edit", args=[published.pk]),
        reverse("library:versions", args=[published.pk]),
        reverse("library:drafts"),
        reverse("library:review_queue"),
        reverse("library:glossary"),
        reverse("library:map"),
        reverse("library:community_map", args=[published.community.slug]),
        reverse("library:map_csv"),
        published.community.get_absolute_url(),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
