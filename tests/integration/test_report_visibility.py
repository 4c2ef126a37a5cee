"""A report page, or a report through the API, exists only for what the person may see:
otherwise it is the 404 of something that does not exist, and its form never shows the
title of a private community's thread (stepping through ids must reveal nothing)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from practice_commons.accounts.tests.factories import UserFactory
from practice_commons.communities.tests.factories import add_member, make_community
from practice_commons.discussions import services as discussion_services
from practice_commons.safeguarding.models import Report

pytestmark = pytest.mark.django_db

TITLE = "Planning a joint visit with the police liaison team"


@pytest.fixture
def private_reply():
    community = make_community(visibility="private")
    writer = add_member(community, UserFactory())
    thread = discussion_services.thread_create(
        actor=writer, community=community, kind="problem_solving", title=TITLE, body="How?"
    )
    reply = discussion_services.thread_reply(actor=writer, thread=thread, body="Like this.")
    return community, thread, reply


def report_page(obj):
    content_type = ContentType.objects.get_for_model(obj)
    return reverse(
        "safeguarding:report", kwargs={"content_type_id": content_type.pk, "object_id": obj.pk}
    )


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_outsider_gets_404_and_never_the_title(private_reply):
    _community, thread, reply = private_reply
    outsider = signed_in(UserFactory())
    for obj in (thread, reply):
        response = outsider.get(report_page(obj))
        assert response.status_code == 404
        assert TITLE not in response.content.decode()
        response = outsider.post(report_page(obj), {"reason": "confidentiality", "details": ""})
        assert response.status_code == 404
    assert not Report.objects.exists()


def test_a_member_of_the_community_may_report(private_reply):
    community, _thread, reply = private_reply
    member = signed_in(add_member(community, UserFactory()))
    response = member.get(report_page(reply))
    assert response.status_code == 200 and TITLE in response.content.decode()


def test_the_api_answers_the_same(private_reply, api_client_for):
    community, _thread, reply = private_reply
    body = {"target": "discussions.post", "object_id": reply.pk, "reason": "confidentiality"}
    outsider = api_client_for(UserFactory())
    response = outsider.post("/api/v1/reports", body, content_type="application/json")
    assert response.status_code == 404 and TITLE not in response.content.decode()
    assert not Report.objects.exists()
    member = api_client_for(add_member(community, UserFactory()))
    response = member.post("/api/v1/reports", body, content_type="application/json")
    assert response.status_code == 201
    assert Report.objects.count() == 1


def test_a_private_message_only_to_its_participants():
    from practice_commons.discussions.models import Message

    community = make_community()
    sender = add_member(community, UserFactory())
    recipient = add_member(community, UserFactory())
    conversation = discussion_services.conversation_start(
        actor=sender, recipients=[recipient], body="Are you free on Tuesday?"
    )
    message = Message.objects.filter(conversation=conversation).first()
    assert signed_in(UserFactory()).get(report_page(message)).status_code == 404
    assert signed_in(recipient).get(report_page(message)).status_code == 200
