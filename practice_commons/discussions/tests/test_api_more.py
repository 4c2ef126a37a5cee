"""``/api/v1/threads`` and ``/api/v1/communities/{slug}/threads``: following, moderating,
moving, revealing who asked, the library, polls, and editing, deleting and hiding posts;
the same services as the pages, per role."""

import json

import pytest
from django.test import Client

from practice_commons.communities.models import Role
from practice_commons.communities.tests.factories import add_member, make_community
from practice_commons.confidentiality.testing import NHS_NUMBER
from practice_commons.discussions import services
from practice_commons.discussions.models import (
    CommunityFollow,
    Post,
    PostRevision,
    Thread,
    ThreadFollow,
)

pytestmark = pytest.mark.django_db
BASE = "/api/v1/threads"


@pytest.fixture
def api(api_client_for):
    return lambda user: Client() if user is None else api_client_for(user)


def send(client, method, url, payload=None):
    return getattr(client, method)(url, json.dumps(payload or {}), content_type="application/json")


def test_visitors_need_a_token(api, thread):
    assert (
        send(api(None), "put", f"{BASE}/{thread.pk}/following", {"following": True}).status_code
        == 401
    )
    assert api(None).get(f"{BASE}/{thread.pk}/poll").status_code == 401


def test_follow_a_thread_and_a_community(api, member, thread, community):
    client = api(member)
    response = send(client, "put", f"{BASE}/{thread.pk}/following", {"following": False})
    assert response.status_code == 200 and response.json() == {"following": False}
    assert ThreadFollow.objects.get(user=member, thread=thread).following is False
    url = f"/api/v1/communities/{community.slug}/threads/following"
    assert send(client, "put", url, {"following": True}).json() == {"following": True}
    assert CommunityFollow.objects.filter(user=member, community=community).exists()


def test_a_private_community_is_not_found_for_outsiders(api, outsider, private_thread):
    client = api(outsider)
    url = f"{BASE}/{private_thread.pk}/following"
    assert send(client, "put", url, {"following": True}).status_code == 404
    slug = private_thread.community.slug
    follow = f"/api/v1/communities/{slug}/threads/following"
    assert send(client, "put", follow, {"following": True}).status_code == 404
    assert not ThreadFollow.objects.filter(user=outsider).exists()


def test_facilitators_lock_pin_and_move(api, facilitator, member, thread, community):
    client = api(facilitator)
    locked = send(client, "post", f"{BASE}/{thread.pk}/moderation", {"action": "lock"})
    assert locked.status_code == 200 and locked.json()["is_locked"] is True
    pinned = send(client, "post", f"{BASE}/{thread.pk}/moderation", {"action": "pin"})
    assert pinned.json()["is_pinned"] is True
    other = make_community(name="Fostering practice")
    add_member(other, facilitator, role=Role.FACILITATOR)
    moved = send(client, "post", f"{BASE}/{thread.pk}/move", {"community": other.slug})
    assert moved.status_code == 200, moved.content
    assert Thread.objects.get(pk=thread.pk).community == other


def test_members_cannot_moderate(api, member, thread):
    client = api(member)
    assert (
        send(client, "post", f"{BASE}/{thread.pk}/moderation", {"action": "lock"}).status_code
        == 403
    )
    other = make_community(name="Somewhere else")
    assert send(
        client, "post", f"{BASE}/{thread.pk}/move", {"community": other.slug}
    ).status_code in (403, 404)
    thread.refresh_from_db()
    assert not thread.is_locked and thread.community_id != other.pk
    bad = send(client, "post", f"{BASE}/{thread.pk}/moderation", {"action": "explode"})
    assert bad.status_code == 422


def test_only_the_lead_learns_who_asked(api, community, member, lead, facilitator, make_thread):
    asked = make_thread(member, community, title="A question", is_anonymous=True)
    url = f"{BASE}/{asked.pk}/reveal"
    assert (
        send(api(facilitator), "post", url, {"reason": "Safeguarding concern"}).status_code == 403
    )
    revealed = send(api(lead), "post", url, {"reason": "Safeguarding concern raised"})
    assert revealed.status_code == 200, revealed.content
    assert revealed.json()["author"]["name"] == "Sam Patel"
    assert revealed["Cache-Control"] == "no-store"
    guarded = send(api(lead), "post", url, {"reason": f"Concern about NHS {NHS_NUMBER}"})
    assert guarded.status_code == 422 and NHS_NUMBER not in guarded.content.decode()


def test_polls_results_after_voting(api, member, other_member, thread):
    url = f"{BASE}/{thread.pk}/poll"
    created = send(api(member), "post", url, {"question": "Which day?", "options": ["Mon", "Tue"]})
    assert created.status_code == 201, created.content
    assert [o["votes"] for o in created.json()["options"]] == [None, None]
    refused = send(api(other_member), "post", url, {"question": "Mine?", "options": ["a", "b"]})
    assert refused.status_code == 403
    option = created.json()["options"][1]["id"]
    voted = send(api(other_member), "post", f"{url}/votes", {"option_ids": [option]})
    assert voted.status_code == 200
    assert [(o["label"], o["votes"], o["chosen"]) for o in voted.json()["options"]] == [
        ("Mon", 0, False),
        ("Tue", 1, True),
    ]
    bad = send(api(member), "post", f"{url}/votes", {"option_ids": [999999]})
    assert bad.status_code == 400


def test_edit_and_history(api, member, facilitator, other_member, thread, reply):
    url = f"{BASE}/{thread.pk}/posts/{reply.pk}"
    assert send(api(member), "patch", url, {"body": "Not mine"}).status_code == 403
    edited = send(api(other_member), "patch", url, {"body": "We hold them jointly, always."})
    assert edited.status_code == 200, edited.content
    assert "always" in edited.json()["body"]
    assert api(other_member).get(f"{url}/history").status_code == 404
    history = api(facilitator).get(f"{url}/history")
    assert history.status_code == 200
    assert [h["body"] for h in history.json()] == ["We hold them jointly with both team managers."]
    guarded = send(api(other_member), "patch", url, {"body": f"NHS {NHS_NUMBER}"})
    assert guarded.status_code == 422
    assert PostRevision.objects.filter(post=reply).count() == 1


def test_hide_unhide_and_delete(api, member, facilitator, other_member, thread, reply):
    url = f"{BASE}/{thread.pk}/posts/{reply.pk}"
    assert send(api(member), "post", f"{url}/hide", {"reason": "Off topic"}).status_code == 403
    hidden = send(api(facilitator), "post", f"{url}/hide", {"reason": "Off topic for now"})
    assert hidden.status_code == 200, hidden.content
    assert Post.objects.get(pk=reply.pk).hidden_at is not None
    shown = send(api(facilitator), "post", f"{url}/unhide")
    assert shown.status_code == 200 and Post.objects.get(pk=reply.pk).hidden_at is None
    assert send(api(member), "delete", url).status_code == 403
    assert send(api(other_member), "delete", url).status_code == 204
    assert Post.objects.get(pk=reply.pk).deleted_at is not None


def test_library_request_needs_a_solved_thread(api, member, thread, reply):
    url = f"{BASE}/{thread.pk}/library"
    refused = send(api(member), "post", url)
    assert refused.status_code == 400, refused.content
    services.thread_mark_answer(actor=member, thread=thread, post=reply)
    accepted = send(api(member), "post", url)
    assert accepted.status_code == 202, accepted.content
