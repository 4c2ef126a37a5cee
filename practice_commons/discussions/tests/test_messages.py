"""Private messages: shared-community rule, groups up to eight, blocking, the guard, pages."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from practice_commons.accounts.tests.factories import UserFactory
from practice_commons.communities.tests.factories import add_member
from practice_commons.confidentiality.testing import (
    assert_form_view_guarded,
    assert_service_guarded,
)
from practice_commons.core.testing import html_contains
from practice_commons.discussions import selectors, services
from practice_commons.discussions.models import Conversation, Message
from practice_commons.notifications.models import Notification


def test_members_sharing_a_community_can_message(
    member, other_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        conversation = services.conversation_start(
            actor=member, recipients=[other_member], body="Could we talk about transfers?"
        )
    assert conversation.participants.count() == 2
    note = Notification.objects.get(recipient=other_member)
    assert note.kind == "message" and note.actor == member
    # A second one-to-one message carries on the same conversation.
    again = services.conversation_start(actor=member, recipients=[other_member], body="Hi")
    assert again == conversation and conversation.messages.count() == 2


def test_people_who_share_no_community_cannot_start(member, outsider, private_community):
    add_member(private_community, outsider)
    with pytest.raises(PermissionDenied, match="in a community with you"):
        services.conversation_start(actor=member, recipients=[outsider], body="Hello")
    assert not Conversation.objects.exists()
    assert outsider not in selectors.messageable_people(member)


def test_group_of_up_to_eight(member, community):
    others = [add_member(community) for _ in range(7)]
    conversation = services.conversation_start(actor=member, recipients=others, body="All")
    assert conversation.participants.count() == 8
    with pytest.raises(ValidationError):
        services.conversation_start(
            actor=member, recipients=[*others, add_member(community)], body="Too many"
        )


def test_blocked_person_cannot_message(member, other_member):
    conversation = services.conversation_start(
        actor=other_member, recipients=[member], body="Hello"
    )
    services.user_block(actor=member, user=other_member)
    with pytest.raises(PermissionDenied):
        services.message_send(actor=other_member, conversation=conversation, body="Hello?")
    with pytest.raises(PermissionDenied):
        services.conversation_start(actor=other_member, recipients=[member], body="Again")
    assert other_member not in selectors.messageable_people(member)
    assert member not in selectors.messageable_people(other_member)
    services.user_unblock(actor=member, user=other_member)
    services.message_send(actor=other_member, conversation=conversation, body="Thanks")


def test_messages_are_guarded(member, other_member):
    assert_service_guarded(
        lambda text: services.conversation_start(
            actor=member, recipients=[other_member], body=text
        ),
        model=Message,
    )
    conversation = services.conversation_start(
        actor=member, recipients=[other_member], body="Hello"
    )
    assert_service_guarded(
        lambda text: services.message_send(
            actor=other_member, conversation=conversation, body=text
        ),
        model=Message,
    )


def test_empty_and_oversized_messages(member, other_member):
    for body in ("", "x" * 5001):
        with pytest.raises(ValidationError):
            services.conversation_start(actor=member, recipients=[other_member], body=body)


def test_only_participants_see_a_conversation(client_for, member, other_member, community):
    conversation = services.conversation_start(
        actor=member, recipients=[other_member], body="Private words"
    )
    url = conversation.get_absolute_url()
    assert client_for(other_member).get(url).status_code == 200
    assert client_for(add_member(community)).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 302


def test_message_pages(client_for, member, other_member):
    client = client_for(member)
    assert client.get(reverse("messages:inbox")).status_code == 200
    page = client.get(reverse("messages:new") + f"?to={other_member.pk}")
    assert page.status_code == 200
    assert html_contains(page.content.decode(), other_member.display_name)
    response = client.post(
        reverse("messages:new"),
        {"recipients": [other_member.pk], "subject": "", "body": "Hello there"},
    )
    conversation = Conversation.objects.get()
    assert response.status_code == 302 and response.url == conversation.get_absolute_url()
    response = client.post(conversation.get_absolute_url(), {"body": "And again"})
    assert response.status_code == 302
    page = client_for(other_member).get(reverse("messages:inbox")).content.decode()
    assert "Unread" in page and html_contains(page, member.display_name)
    page = client_for(other_member).get(conversation.get_absolute_url()).content.decode()
    assert "And again" in page and "Report" in page


def test_message_form_is_guarded(client_for, member, other_member):
    conversation = services.conversation_start(
        actor=member, recipients=[other_member], body="Hello"
    )
    client = client_for(other_member)
    assert_form_view_guarded(client, conversation.get_absolute_url(), {}, "body", model=Message)


def test_htmx_send_returns_the_message_and_a_fresh_form(client_for, member, other_member):
    conversation = services.conversation_start(
        actor=member, recipients=[other_member], body="Hello"
    )
    response = client_for(other_member).post(
        conversation.get_absolute_url(), {"body": "Quick reply"}, HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'hx-swap-oob="beforeend:#messages"' in page and "Quick reply" in page
    assert "<html" not in page


@pytest.mark.parametrize("to", ["\u00b2", "abc", "-1", ""])
def test_new_message_page_ignores_a_recipient_that_is_not_a_number(client_for, member, to):
    """A superscript digit passes ``str.isdigit`` but is no id: the page, not a 500."""
    response = client_for(member).get(reverse("messages:new"), {"to": to})
    assert response.status_code == 200


def test_new_message_page_starts_with_the_chosen_person(client_for, member, other_member):
    response = client_for(member).get(reverse("messages:new"), {"to": str(other_member.pk)})
    assert response.status_code == 200
    assert response.context["form"].initial["recipients"] == [other_member.pk]


def test_block_and_unblock_pages(client_for, member, other_member):
    services.conversation_start(actor=member, recipients=[other_member], body="Hello")
    client = client_for(member)
    response = client.post(reverse("messages:block", args=[other_member.pk]), {"action": "block"})
    assert response.status_code == 302
    assert html_contains(
        client.get(reverse("messages:blocked")).content.decode(), other_member.display_name
    )
    client.post(reverse("messages:block", args=[other_member.pk]), {"action": "unblock"})
    assert not selectors.has_blocked(member, other_member)


def test_cannot_block_a_stranger(client_for, member):
    stranger = UserFactory()
    response = client_for(member).post(
        reverse("messages:block", args=[stranger.pk]), {"action": "block"}
    )
    assert response.status_code == 403


def test_start_refused_for_non_sharing_person_by_form(client_for, member, outsider):
    response = client_for(member).post(
        reverse("messages:new"), {"recipients": [outsider.pk], "body": "Hello"}
    )
    assert response.status_code == 200  # not a choice on the form
    assert not Conversation.objects.exists()


def test_leave_conversation(client_for, member, other_member):
    conversation = services.conversation_start(
        actor=member, recipients=[other_member], body="Hello"
    )
    client_for(member).post(reverse("messages:leave", args=[conversation.pk]))
    with pytest.raises(PermissionDenied):
        services.message_send(actor=member, conversation=conversation, body="x")


def test_message_redaction_is_not_kept_without_its_audit_entry(
    member, other_member, host_admin, monkeypatch
):
    from practice_commons.discussions.services import messages as message_services

    conversation = services.conversation_start(actor=member, recipients=[other_member], body="Hi")
    message = conversation.messages.get()
    Message.objects.filter(pk=message.pk).update(body="NHS 943 476 5919")
    message.refresh_from_db()

    def fail(**_kwargs):
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(message_services, "audit_record", fail)
    with pytest.raises(RuntimeError):
        services.message_redact_for_safeguarding(message, actor=host_admin)
    message.refresh_from_db()
    assert message.body == "NHS 943 476 5919"
