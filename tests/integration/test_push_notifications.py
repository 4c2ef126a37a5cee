"""A real reply, in a real community, pushed to the thread author's phone through a local
push service (``notifications/tests/push_service.py``): the VAPID header verifies against
the site's key and the body decrypts with the browser's keys to exactly what the service
worker shows. In a private community the notice is only the generic sentence, unless the
person opted in; in a public one it carries the reply."""

import pytest
from django.urls import reverse

from practice_commons.accounts.tests.factories import UserFactory
from practice_commons.communities.tests.factories import add_member, make_community
from practice_commons.discussions import services as discussions
from practice_commons.notifications import services as notifications
from practice_commons.notifications.models import Notification, NotificationSettings
from practice_commons.notifications.tests.push_service import (
    Browser,
    PushService,
    switch_push_on,
    vapid_claims,
)

pytestmark = pytest.mark.django_db

TITLE = "Supervision in a small team"
REPLY = "We take turns to chair and keep the notes short."


@pytest.fixture
def vapid_public_key(settings):
    return switch_push_on(settings)


@pytest.fixture
def push_service():
    service = PushService().start()
    yield service
    service.stop()


def reply_in(community, push_service, django_capture_on_commit_callbacks, *, opt_in=False):
    author = add_member(community, UserFactory(full_name="Ada Author"))
    replier = add_member(community, UserFactory(full_name="Sam Patel"))
    NotificationSettings.objects.create(user=author, quiet_hours_enabled=False)
    browser = Browser()
    notifications.push_subscribe(
        actor=author,
        endpoint=push_service.endpoint("ada"),
        p256dh=browser.p256dh,
        auth=browser.auth,
        device_label="Chrome on Android",
    )
    notifications.push_settings_update(actor=author, kinds=["reply"], show_private_detail=opt_in)
    with django_capture_on_commit_callbacks(execute=True):
        thread = discussions.thread_create(
            actor=author,
            community=community,
            kind="problem_solving",
            title=TITLE,
            body="How do small teams keep group supervision going?",
        )
    with django_capture_on_commit_callbacks(execute=True):
        discussions.thread_reply(actor=replier, thread=thread, body=REPLY)
    notification = Notification.objects.get(recipient=author, kind="reply")
    [received] = push_service.to("ada")
    return notification, received, browser


def test_a_reply_in_a_private_community_is_pushed_as_the_generic_sentence(
    vapid_public_key, push_service, django_capture_on_commit_callbacks, settings
):
    community = make_community(name="Reflective set", visibility="private")
    notification, received, browser = reply_in(
        community, push_service, django_capture_on_commit_callbacks
    )
    claims = vapid_claims(received, vapid_public_key)
    assert claims["aud"] == push_service.origin and claims["sub"] == "mailto:host@example.org"
    payload = browser.decrypt(received)
    assert payload == {
        "title": settings.SITE_NAME,
        "body": "New reply in a community you follow",
        "url": reverse("notifications:open", kwargs={"pk": notification.pk}),
        "tag": f"notification-{notification.pk}",
    }
    for secret in (TITLE, "Sam", "Patel", "chair", "Reflective set"):
        assert secret not in str(payload)


def test_with_the_opt_in_the_private_reply_shows_its_detail(
    vapid_public_key, push_service, django_capture_on_commit_callbacks
):
    community = make_community(name="Reflective set", visibility="private")
    notification, received, browser = reply_in(
        community, push_service, django_capture_on_commit_callbacks, opt_in=True
    )
    payload = browser.decrypt(received)
    assert payload["title"] == notification.title
    assert TITLE in payload["title"] and "Sam Patel" in payload["title"]
    assert payload["body"] == notification.body
    assert REPLY in payload["body"]


def test_a_members_only_community_counts_as_not_public(
    vapid_public_key, push_service, django_capture_on_commit_callbacks
):
    community = make_community(name="AMHP leads", visibility="members_only")
    _notification, received, browser = reply_in(
        community, push_service, django_capture_on_commit_callbacks
    )
    assert browser.decrypt(received)["body"] == "New reply in a community you follow"


def test_a_reply_in_a_public_community_shows_the_reply(
    vapid_public_key, push_service, django_capture_on_commit_callbacks
):
    community = make_community(name="Open practice", visibility="public")
    notification, received, browser = reply_in(
        community, push_service, django_capture_on_commit_callbacks
    )
    payload = browser.decrypt(received)
    assert payload["title"] == notification.title and TITLE in payload["title"]
    assert REPLY in payload["body"]
