"""``/api/v1/messages``: private conversations with the pages' rules. A conversation the
caller is not in is 404 whether or not it exists; only people who share a community can
be messaged; blocking works both ways; held messages show no text."""

import json

import pytest
from django.test import Client

from practice_commons.accounts.tests.factories import UserFactory
from practice_commons.confidentiality.testing import NHS_NUMBER
from practice_commons.discussions.models import Block, Conversation, Message

pytestmark = pytest.mark.django_db
BASE = "/api/v1/messages"


@pytest.fixture
def api(api_client_for):
    return lambda user: Client() if user is None else api_client_for(user)


def send(client, method, url, payload=None):
    return getattr(client, method)(url, json.dumps(payload or {}), content_type="application/json")


def start(client, to, body="Could we compare notes on transfer meetings?"):
    return send(client, "post", BASE, {"recipients": [to.pk], "subject": "Transfers", "body": body})


def test_visitors_need_a_token(api):
    assert api(None).get(BASE).status_code == 401


def test_start_read_reply_and_leave(api, member, other_member):
    started = start(api(member), other_member)
    assert started.status_code == 201, started.content
    conversation_id = started.json()["id"]
    assert started.json()["others"] == [{"id": other_member.pk, "name": "Alex Morgan"}]
    inbox = api(other_member).get(BASE).json()["items"]
    assert [(c["id"], c["unread"]) for c in inbox] == [(conversation_id, True)]
    read = api(other_member).get(f"{BASE}/{conversation_id}").json()
    assert [m["body"] for m in read["messages"]] == ["Could we compare notes on transfer meetings?"]
    assert api(other_member).get(BASE).json()["items"][0]["unread"] is False
    reply = send(api(other_member), "post", f"{BASE}/{conversation_id}/messages", {"body": "Yes!"})
    assert reply.status_code == 201 and reply.json()["sender"]["name"] == "Alex Morgan"
    assert send(api(member), "post", f"{BASE}/{conversation_id}/leave").status_code == 204
    assert api(member).get(BASE).json()["items"] == []


def test_outsiders_see_nothing(api, member, other_member, outsider):
    conversation_id = start(api(member), other_member).json()["id"]
    assert api(outsider).get(f"{BASE}/{conversation_id}").status_code == 404
    reply = send(api(outsider), "post", f"{BASE}/{conversation_id}/messages", {"body": "Hi"})
    assert reply.status_code == 404
    assert send(api(outsider), "post", f"{BASE}/{conversation_id}/leave").status_code == 404
    assert api(outsider).get(f"{BASE}/999999").status_code == 404
    assert Message.objects.count() == 1


def test_only_people_sharing_a_community_can_be_messaged(api, member, outsider):
    refused = start(api(member), outsider)
    assert refused.status_code == 403
    assert "in a community with you" in refused.content.decode()
    assert not Conversation.objects.exists()


def test_the_guard_refuses_and_nothing_is_stored(api, member, other_member):
    refused = start(api(member), other_member, body=f"NHS number {NHS_NUMBER}")
    assert refused.status_code == 422 and NHS_NUMBER not in refused.content.decode()
    assert not Conversation.objects.exists() and not Message.objects.exists()


def test_block_and_unblock(api, member, other_member):
    url = f"{BASE}/people/{other_member.pk}/block"
    assert send(api(member), "put", url, {"blocked": True}).json() == {"blocked": True}
    assert api(member).get(f"{BASE}/blocked").json() == [
        {"id": other_member.pk, "name": "Alex Morgan"}
    ]
    assert start(api(other_member), member).status_code == 403
    assert send(api(member), "put", url, {"blocked": False}).json() == {"blocked": False}
    assert not Block.objects.exists()
    stranger = UserFactory()
    assert (
        send(
            api(member), "put", f"{BASE}/people/{stranger.pk}/block", {"blocked": True}
        ).status_code
        == 403
    )
    assert (
        send(api(member), "put", f"{BASE}/people/{member.pk}/block", {"blocked": True}).status_code
        == 404
    )


def test_a_held_message_shows_no_text(api, member, other_member, monkeypatch):
    conversation_id = start(api(member), other_member).json()["id"]
    message = Message.objects.get()
    from practice_commons.safeguarding import selectors as safeguarding_selectors

    monkeypatch.setattr(safeguarding_selectors, "hidden_ids", lambda model: [message.pk])
    shown = api(other_member).get(f"{BASE}/{conversation_id}").json()["messages"]
    assert shown == [
        {
            "id": message.pk,
            "sender": {"id": member.pk, "name": "Sam Patel"},
            "body": None,
            "held": True,
            "created_at": shown[0]["created_at"],
        }
    ]
