import pytest
from django.utils.module_loading import import_string

from practice_commons.notifications import services
from practice_commons.notifications.kinds import NotificationKind
from practice_commons.notifications.models import Notification

pytestmark = pytest.mark.django_db
BASE = "/api/v1/notifications"


@pytest.fixture
def token_for():
    # The API app sits above us in the layers, so its token service is looked up by name
    # (a test-only need; import-linter checks static imports).
    create = import_string("practice_commons.api.services.api_token_create")

    def make(user):
        raw = create(actor=user, user=user, name="test", scope="write").raw
        return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    return make


def notify(person, n=1):
    for i in range(n):
        services.notify(
            recipient=person, kind=NotificationKind.MENTION, title=f"Mention {i}", url="/x/"
        )


def test_requires_a_token(client):
    assert client.get(BASE).status_code == 401
    assert client.post(f"{BASE}/read-all").status_code == 401


@pytest.mark.parametrize("count", [2, 30])
def test_list_is_paginated_and_own_only(
    client, person, other_person, token_for, count, django_assert_max_num_queries
):
    notify(person, count)
    notify(other_person, 2)
    headers = token_for(person)
    with django_assert_max_num_queries(6):
        response = client.get(BASE, **headers)
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == count
    assert len(data["items"]) == min(count, 20)
    assert {item["title"] for item in data["items"]} <= {f"Mention {i}" for i in range(count)}
    assert data["items"][0]["kind"] == "mention"


def test_read_one(client, person, other_person, token_for):
    notify(person)
    notify(other_person)
    mine = Notification.objects.get(recipient=person)
    theirs = Notification.objects.get(recipient=other_person)
    headers = token_for(person)
    response = client.post(f"{BASE}/{mine.pk}/read", **headers)
    assert response.status_code == 200 and response.json()["read_at"]
    assert client.post(f"{BASE}/{theirs.pk}/read", **headers).status_code == 404
    assert client.post(f"{BASE}/999999/read", **headers).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_read_all_and_unread_count(client, person, other_person, token_for):
    notify(person, 3)
    notify(other_person, 1)
    headers = token_for(person)
    assert client.get(f"{BASE}/unread-count", **headers).json() == {"unread": 3}
    response = client.post(f"{BASE}/read-all", **headers)
    assert response.json() == {"marked_read": 3}
    assert client.get(f"{BASE}/unread-count", **headers).json() == {"unread": 0}
    assert Notification.objects.filter(recipient=other_person, read_at__isnull=True).count() == 1


def test_openapi_lists_the_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/notifications" in paths
    assert "/api/v1/notifications/{notification_id}/read" in paths
    assert "/api/v1/notifications/read-all" in paths


def test_cursor_pages_follow_next_without_overlap(client, person, other_person, token_for):
    from practice_commons.core.tests.api_paging import refused_elsewhere, walk_pages

    notify(person, 5)
    notify(other_person, 3)
    headers = token_for(person)
    pages = walk_pages(client, BASE, limit=2, headers=headers)
    assert [len(p) for p in pages] == [2, 2, 1]
    mine = set(Notification.objects.filter(recipient=person).values_list("pk", flat=True))
    assert {i for p in pages for i in p} == mine
    # another person's cursor, or a bad one, is refused rather than answered
    cursor = client.get(f"{BASE}?limit=1", **headers).json()["next"]
    other = client.get(f"{BASE}?limit=1&cursor={cursor}", **token_for(other_person))
    assert other.status_code == 400
    assert client.get(f"{BASE}?cursor=nonsense", **headers).status_code == 400
    refused_elsewhere(client, BASE, f"{BASE}?page=2", headers=headers)


def test_deprecated_page_numbers_still_work(client, person, token_for):
    notify(person, 5)
    headers = token_for(person)
    body = client.get(f"{BASE}?page=2&page_size=2", **headers).json()
    assert [i["title"] for i in body["items"]] == ["Mention 2", "Mention 1"]
    assert body["count"] == 5 and body["next"]
