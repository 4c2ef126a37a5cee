"""Web Push, end to end against a local push service (``push_service.py``): a real HTTP
server on 127.0.0.1 receives what the task sends; the test's browser keys decrypt it and
the VAPID header is checked against the site's public key."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from practice_commons.core.errors import Conflict, NotFound
from practice_commons.notifications import registry, services
from practice_commons.notifications.kinds import NotificationKind
from practice_commons.notifications.models import PushDelivery, PushSubscription
from practice_commons.notifications.personal_data import export
from practice_commons.notifications.services.push import PUSH_TTL

from .push_service import Browser, b64url, vapid_claims

pytestmark = pytest.mark.django_db

TITLE = "Sam Patel replied to \u201cSupervision in a small team\u201d"
BODY = "We take turns to chair and keep notes short."


@pytest.fixture
def private_community_ids(monkeypatch):
    """What the communities app registers: these community ids are not public."""
    private = {7}
    monkeypatch.setitem(
        registry._private_scopes, "community", lambda ids: {i for i in ids if i in private}
    )
    return private


def subscribe(person, browser, endpoint, **kwargs):
    return services.push_subscribe(
        actor=person,
        endpoint=endpoint,
        p256dh=browser.p256dh,
        auth=browser.auth,
        device_label="Chrome on Android",
        **kwargs,
    )


def record(person, run_on_commit, *, kind=NotificationKind.REPLY, **kwargs):
    kwargs.setdefault("title", TITLE)
    kwargs.setdefault("body", BODY)
    kwargs.setdefault("url", "/discussions/threads/1/#post-2")
    with run_on_commit():
        return services.notify(recipient=person, kind=kind, **kwargs)


def expected(notification, *, title=TITLE, body=BODY):
    return {
        "title": title,
        "body": body,
        "url": f"/notifications/{notification.pk}/open/",
        "tag": f"notification-{notification.pk}",
    }


# --- delivery -------------------------------------------------------------------------------


def test_a_notification_reaches_the_device_signed_and_encrypted(
    vapid_keys, push_service, browser, person, run_on_commit
):
    device = subscribe(person, browser, push_service.endpoint("a"))
    services.push_settings_update(actor=person, kinds=[NotificationKind.REPLY])

    notification = record(person, run_on_commit)

    [received] = push_service.to("a")
    claims = vapid_claims(received, vapid_keys)
    assert claims["aud"] == push_service.origin
    assert claims["sub"] == "mailto:host@example.org"
    assert claims["exp"] > timezone.now().timestamp()
    assert browser.decrypt(received) == expected(notification)
    assert received.headers["ttl"] == str(PUSH_TTL)
    assert received.headers["urgency"] == "normal"
    delivery = PushDelivery.objects.get(notification=notification)
    device.refresh_from_db()
    assert delivery.sent_at is not None and delivery.due_at is None
    assert device.last_success_at is not None and device.failure_count == 0


def test_each_device_of_the_person_gets_it_and_nobody_elses(
    vapid_keys, push_service, person, other_person, run_on_commit
):
    phone, laptop, theirs = Browser(), Browser(), Browser()
    subscribe(person, phone, push_service.endpoint("phone"))
    subscribe(person, laptop, push_service.endpoint("laptop"))
    subscribe(other_person, theirs, push_service.endpoint("theirs"))
    services.push_settings_update(actor=person, kinds=[NotificationKind.REPLY])
    services.push_settings_update(actor=other_person, kinds=[NotificationKind.REPLY])

    notification = record(person, run_on_commit)

    assert phone.decrypt(push_service.to("phone")[0]) == expected(notification)
    assert laptop.decrypt(push_service.to("laptop")[0]) == expected(notification)
    assert push_service.to("theirs") == []


def test_urgent_notifications_are_marked_high_urgency_with_a_short_life(
    vapid_keys, push_service, browser, person, run_on_commit
):
    subscribe(person, browser, push_service.endpoint("a"))
    services.push_settings_update(actor=person, kinds=[NotificationKind.REMINDER])
    record(person, run_on_commit, kind=NotificationKind.REMINDER, urgent=True)
    [received] = push_service.to("a")
    assert received.headers["urgency"] == "high"
    assert int(received.headers["ttl"]) < PUSH_TTL


def test_a_private_community_gets_only_the_generic_sentence(
    vapid_keys, push_service, browser, person, run_on_commit, private_community_ids, settings
):
    subscribe(person, browser, push_service.endpoint("a"))
    services.push_settings_update(actor=person, kinds=[NotificationKind.REPLY])

    notification = record(person, run_on_commit, community_id=7)

    [received] = push_service.to("a")
    payload = browser.decrypt(received)
    assert payload == expected(
        notification, title=settings.SITE_NAME, body="New reply in a community you follow"
    )
    text = str(payload)
    assert "Supervision" not in text and "Sam" not in text and "chair" not in text


def test_a_public_community_shows_the_detail(
    vapid_keys, push_service, browser, person, run_on_commit, private_community_ids
):
    subscribe(person, browser, push_service.endpoint("a"))
    services.push_settings_update(actor=person, kinds=[NotificationKind.REPLY])
    notification = record(person, run_on_commit, community_id=8)
    assert browser.decrypt(push_service.to("a")[0]) == expected(notification)


def test_with_the_opt_in_a_private_community_shows_the_detail(
    vapid_keys, push_service, browser, person, run_on_commit, private_community_ids
):
    subscribe(person, browser, push_service.endpoint("a"))
    services.push_settings_update(
        actor=person, kinds=[NotificationKind.REPLY], show_private_detail=True
    )
    notification = record(person, run_on_commit, community_id=7)
    assert browser.decrypt(push_service.to("a")[0]) == expected(notification)


def test_without_a_privacy_answer_a_community_counts_as_private(
    vapid_keys, push_service, browser, person, run_on_commit, monkeypatch
):
    monkeypatch.delitem(registry._private_scopes, "community", raising=False)
    subscribe(person, browser, push_service.endpoint("a"))
    services.push_settings_update(actor=person, kinds=[NotificationKind.REPLY])
    record(person, run_on_commit, community_id=8)
    assert browser.decrypt(push_service.to("a")[0])["body"] == (
        "New reply in a community you follow"
    )


def test_private_messages_are_generic_without_the_opt_in(
    vapid_keys, push_service, browser, person, run_on_commit
):
    subscribe(person, browser, push_service.endpoint("a"))
    services.push_settings_update(actor=person, kinds=[NotificationKind.MESSAGE])
    record(person, run_on_commit, kind=NotificationKind.MESSAGE, title="New message from Sam")
    payload = browser.decrypt(push_service.to("a")[0])
    assert payload["body"] == "You have a new private message"
    assert "Sam" not in str(payload)


def test_a_kind_not_chosen_for_push_sends_nothing(
    vapid_keys, push_service, browser, person, run_on_commit
):
    subscribe(person, browser, push_service.endpoint("a"))
    services.push_settings_update(actor=person, kinds=[NotificationKind.MENTION])
    record(person, run_on_commit)
    assert push_service.received == []
    assert not PushDelivery.objects.exists()


def test_nothing_is_sent_by_default(vapid_keys, push_service, browser, person, run_on_commit):
    subscribe(person, browser, push_service.endpoint("a"))
    record(person, run_on_commit)
    assert push_service.received == []


def test_with_push_off_nothing_is_queued_and_subscribing_is_refused(
    vapid_keys, push_service, browser, person, run_on_commit, settings
):
    subscribe(person, browser, push_service.endpoint("a"))
    services.push_settings_update(actor=person, kinds=[NotificationKind.REPLY])
    settings.WEB_PUSH_VAPID_PRIVATE_KEY = ""
    notification = record(person, run_on_commit)
    assert push_service.received == []
    assert not PushDelivery.objects.filter(notification=notification).exists()
    with pytest.raises(Conflict, match="switched off"):
        subscribe(person, Browser(), push_service.endpoint("b"))


def test_quiet_hours_hold_the_push_until_they_end(
    vapid_keys, push_service, browser, make_person, freeze_now, run_on_commit
):
    person = make_person(quiet_hours=True)  # weekdays 19:00-08:00 London
    subscribe(person, browser, push_service.endpoint("a"))
    services.push_settings_update(actor=person, kinds=[NotificationKind.REPLY])
    freeze_now(2026, 3, 10, 21, 30)  # a Tuesday evening

    notification = record(person, run_on_commit)

    assert push_service.received == []
    delivery = PushDelivery.objects.get(notification=notification)
    assert delivery.due_at == freeze_now(2026, 3, 11, 8, 0)
    freeze_now(2026, 3, 11, 7, 59)
    with run_on_commit():
        assert services.due_pushes_enqueue() == 0
    assert push_service.received == []
    freeze_now(2026, 3, 11, 8, 0)
    with run_on_commit():
        assert services.due_pushes_enqueue() == 1
    assert browser.decrypt(push_service.to("a")[0]) == expected(notification)


def test_quiet_hours_that_began_after_recording_hold_it_too(
    vapid_keys, push_service, browser, make_person, freeze_now, run_on_commit
):
    person = make_person(quiet_hours=True)
    subscribe(person, browser, push_service.endpoint("a"))
    services.push_settings_update(actor=person, kinds=[NotificationKind.REPLY])
    freeze_now(2026, 3, 10, 18, 59)
    with run_on_commit():
        notification = services.notify(recipient=person, kind="reply", title=TITLE)
        freeze_now(2026, 3, 10, 19, 5)  # the task runs once quiet hours have begun
    assert push_service.received == []
    delivery = PushDelivery.objects.get(notification=notification)
    assert delivery.due_at == freeze_now(2026, 3, 11, 8, 0)


def test_a_gone_subscription_is_deleted(vapid_keys, push_service, browser, person, run_on_commit):
    device = subscribe(person, browser, push_service.endpoint("gone"))
    services.push_settings_update(actor=person, kinds=[NotificationKind.REPLY])
    push_service.statuses["/push/gone"] = 410
    notification = record(person, run_on_commit)
    assert len(push_service.to("gone")) == 1
    assert not PushSubscription.objects.filter(pk=device.pk).exists()
    delivery = PushDelivery.objects.get(notification=notification)
    assert delivery.due_at is None and delivery.sent_at is not None


def test_a_404_from_the_push_service_deletes_the_subscription_too(
    vapid_keys, push_service, browser, person, run_on_commit
):
    device = subscribe(person, browser, push_service.endpoint("missing"))
    services.push_settings_update(actor=person, kinds=[NotificationKind.REPLY])
    push_service.statuses["/push/missing"] = 404
    record(person, run_on_commit)
    assert not PushSubscription.objects.filter(pk=device.pk).exists()


def test_a_failing_push_service_is_retried_later_for_that_device_only(
    vapid_keys, push_service, person, freeze_now, run_on_commit
):
    ok, failing = Browser(), Browser()
    subscribe(person, ok, push_service.endpoint("ok"))
    broken = subscribe(person, failing, push_service.endpoint("down"))
    services.push_settings_update(actor=person, kinds=[NotificationKind.REPLY])
    push_service.statuses["/push/down"] = 500
    now = freeze_now(2026, 3, 10, 12, 0)

    notification = record(person, run_on_commit)

    delivery = PushDelivery.objects.get(notification=notification)
    broken.refresh_from_db()
    assert delivery.sent_at is None
    assert delivery.attempts == 1
    assert delivery.due_at == now + timedelta(minutes=1)
    assert delivery.retry_ids == [broken.pk]
    assert broken.failure_count == 1
    with run_on_commit():
        assert services.due_pushes_enqueue() == 0  # not yet

    push_service.statuses["/push/down"] = 201
    freeze_now(2026, 3, 10, 12, 1)
    with run_on_commit():
        assert services.due_pushes_enqueue() == 1

    assert len(push_service.to("ok")) == 1  # never sent twice
    assert len(push_service.to("down")) == 2
    assert failing.decrypt(push_service.to("down")[1]) == expected(notification)
    delivery.refresh_from_db()
    broken.refresh_from_db()
    assert delivery.sent_at is not None and broken.failure_count == 0


def test_after_the_last_attempt_it_gives_up(
    vapid_keys, push_service, browser, person, freeze_now, run_on_commit
):
    subscribe(person, browser, push_service.endpoint("down"))
    services.push_settings_update(actor=person, kinds=[NotificationKind.REPLY])
    push_service.statuses["/push/down"] = 503
    moment = freeze_now(2026, 3, 10, 12, 0)
    notification = record(person, run_on_commit)
    for _attempt in range(services.MAX_PUSH_ATTEMPTS - 1):
        moment += timedelta(hours=2)
        freeze_now(*moment.timetuple()[:6])
        with run_on_commit():
            services.due_pushes_enqueue()
    delivery = PushDelivery.objects.get(notification=notification)
    assert len(push_service.to("down")) == services.MAX_PUSH_ATTEMPTS
    assert delivery.due_at is None and delivery.sent_at is None
    assert delivery.attempts == services.MAX_PUSH_ATTEMPTS


def test_a_push_address_inside_the_network_is_never_posted_to(
    vapid_keys, push_service, browser, person, run_on_commit, settings
):
    """An https address that resolves to a loopback (private, reserved…) address: the
    server does not post there, and the subscription is removed."""
    port = push_service.server.server_address[1]
    device = subscribe(person, browser, f"https://127.0.0.1:{port}/push/inside")
    services.push_settings_update(actor=person, kinds=[NotificationKind.REPLY])
    settings.WEB_PUSH_ALLOW_INSECURE_ENDPOINTS = False
    settings.DEBUG = False
    record(person, run_on_commit)
    assert push_service.received == []
    assert not PushSubscription.objects.filter(pk=device.pk).exists()


def test_a_redirect_from_the_push_service_is_not_followed(
    vapid_keys, push_service, browser, person, run_on_commit
):
    subscribe(person, browser, push_service.endpoint("moved"))
    services.push_settings_update(actor=person, kinds=[NotificationKind.REPLY])
    push_service.statuses["/push/moved"] = 307
    push_service.locations["/push/moved"] = "/push/elsewhere"
    notification = record(person, run_on_commit)
    assert [r.path for r in push_service.received] == ["/push/moved"]
    delivery = PushDelivery.objects.get(notification=notification)
    assert delivery.sent_at is None and delivery.attempts == 1


def test_sending_is_idempotent(vapid_keys, push_service, browser, person, run_on_commit):
    subscribe(person, browser, push_service.endpoint("a"))
    services.push_settings_update(actor=person, kinds=[NotificationKind.REPLY])
    notification = record(person, run_on_commit)
    assert services.notification_push_send(notification_id=notification.pk) == "skipped"
    assert services.notification_pushes_send(notification_ids=[notification.pk]) == {"skipped": 1}
    assert len(push_service.received) == 1


def test_a_muted_thread_is_not_pushed(vapid_keys, push_service, browser, person, run_on_commit):
    subscribe(person, browser, push_service.endpoint("a"))
    services.push_settings_update(actor=person, kinds=[NotificationKind.REPLY])
    services.thread_mute(actor=person, thread_key="discussions.thread:1")
    assert record(person, run_on_commit, thread_key="discussions.thread:1") is None
    assert push_service.received == []


def test_recording_for_many_people_costs_one_query_more_only_when_push_is_chosen(
    vapid_keys, make_person, django_assert_num_queries, run_on_commit
):
    people = [make_person() for _ in range(3)]
    with django_assert_num_queries(3):  # people + settings, preferences, insert
        services.notify_many(recipients=people, kind="reply", title="t")
    services.push_settings_update(actor=people[0], kinds=[NotificationKind.REPLY])
    with django_assert_num_queries(4):  # ... and who of them has a device (nobody yet)
        services.notify_many(recipients=people, kind="reply", title="t")
    subscribe(people[0], Browser(), "https://push.example.org/p0")
    with django_assert_num_queries(5):  # ... who of them has a device, their deliveries
        services.notify_many(recipients=people, kind="reply", title="t")


# --- subscribing ------------------------------------------------------------------------------


def test_the_same_browser_subscribing_for_someone_else_moves_to_them(
    vapid_keys, push_service, browser, person, other_person
):
    first = subscribe(person, browser, push_service.endpoint("a"))
    again = subscribe(person, browser, push_service.endpoint("a"))
    assert again.pk == first.pk and PushSubscription.objects.count() == 1
    moved = subscribe(other_person, browser, push_service.endpoint("a"))
    assert moved.pk == first.pk and moved.user == other_person
    assert list(PushSubscription.objects.values_list("user_id", flat=True)) == [other_person.pk]


@pytest.mark.parametrize(
    ("endpoint", "insecure_allowed"),
    [
        ("http://push.example.org/push/a", True),
        ("http://127.0.0.1:9/push/a", False),
        ("ftp://push.example.org/a", True),
        ("https:///nohost", True),
        ("https://user:pw@push.example.org/a", True),
        ("javascript:alert(1)", True),
        ("", True),
        ("https://push.example.org/" + "a" * 1000, True),
    ],
)
def test_an_endpoint_that_is_not_https_is_refused(
    vapid_keys, browser, person, settings, endpoint, insecure_allowed
):
    settings.WEB_PUSH_ALLOW_INSECURE_ENDPOINTS = insecure_allowed
    settings.DEBUG = False
    with pytest.raises(ValidationError) as caught:
        subscribe(person, browser, endpoint)
    assert "must be https" in str(caught.value.message_dict["endpoint"])
    assert not PushSubscription.objects.exists()


def test_an_https_endpoint_is_accepted(vapid_keys, browser, person, settings):
    settings.WEB_PUSH_ALLOW_INSECURE_ENDPOINTS = False
    device = subscribe(person, browser, "https://fcm.googleapis.com/fcm/send/abc:def")
    assert device.endpoint == "https://fcm.googleapis.com/fcm/send/abc:def"


@pytest.mark.parametrize(
    ("p256dh", "auth", "field"),
    [
        (b64url(b"\x04" + b"\x01" * 63), None, "p256dh"),  # 64 bytes
        (b64url(b"\x02" + b"\x01" * 64), None, "p256dh"),  # not an uncompressed point
        (b64url(b"\x04" + b"\x01" * 64), None, "p256dh"),  # 65 bytes, not on the curve
        ("not base64 at all!", None, "p256dh"),
        (None, b64url(b"\x00" * 15), "auth"),
        (None, b64url(b"\x00" * 17), "auth"),
        (None, "", "auth"),
    ],
)
def test_keys_of_the_wrong_shape_are_refused(
    vapid_keys, push_service, browser, person, p256dh, auth, field
):
    with pytest.raises(ValidationError) as caught:
        services.push_subscribe(
            actor=person,
            endpoint=push_service.endpoint("a"),
            p256dh=p256dh if p256dh is not None else browser.p256dh,
            auth=auth if auth is not None else browser.auth,
        )
    assert list(caught.value.message_dict) == [field]
    assert not PushSubscription.objects.exists()


def test_only_your_own_device_can_be_removed(
    vapid_keys, push_service, browser, person, other_person
):
    device = subscribe(person, browser, push_service.endpoint("a"))
    with pytest.raises(NotFound):
        services.push_unsubscribe(actor=other_person, subscription_id=device.pk)
    assert PushSubscription.objects.filter(pk=device.pk).exists()
    services.push_unsubscribe(actor=person, subscription_id=device.pk)
    assert not PushSubscription.objects.exists()


def test_signing_out_of_a_session_removes_only_its_devices(
    vapid_keys, push_service, person, other_person
):
    phone = subscribe(person, Browser(), push_service.endpoint("phone"), session_key="s-phone")
    laptop = subscribe(person, Browser(), push_service.endpoint("laptop"), session_key="s-lap")
    api_made = subscribe(person, Browser(), push_service.endpoint("api"))
    theirs = subscribe(other_person, Browser(), push_service.endpoint("t"), session_key="s-phone")
    assert services.push_unsubscribe_session(user=person, session_key="s-phone") == 1
    remaining = set(PushSubscription.objects.values_list("pk", flat=True))
    assert remaining == {laptop.pk, api_made.pk, theirs.pk}
    assert phone.pk not in remaining
    assert services.push_unsubscribe_session(user=person, session_key=None) == 0


def test_choices_for_devices_are_checked(person):
    with pytest.raises(ValidationError):
        services.push_settings_update(actor=person, kinds=["reply", "not-a-kind"])
    row = services.push_settings_update(actor=person, kinds=["mention", "reply", "reply"])
    assert row.push_kinds == ["reply", "mention"]
    assert row.push_show_private_detail is False


# --- personal data -----------------------------------------------------------------------------


def test_the_data_export_lists_devices_without_their_keys(
    vapid_keys, push_service, browser, person
):
    subscribe(person, browser, push_service.endpoint("a"))
    [device] = export(person)["push_devices"]
    assert device["device_label"] == "Chrome on Android"
    assert device["created_at"]
    text = str(export(person))
    assert browser.p256dh not in text and browser.auth not in text
    assert push_service.endpoint("a") not in text


def test_erasure_removes_the_devices(vapid_keys, push_service, browser, person, other_person):
    from practice_commons.notifications.erasure import erase

    subscribe(person, browser, push_service.endpoint("a"))
    subscribe(other_person, Browser(), push_service.endpoint("b"))
    erase(person)
    assert list(PushSubscription.objects.values_list("user_id", flat=True)) == [other_person.pk]
