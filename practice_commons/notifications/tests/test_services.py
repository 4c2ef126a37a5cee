from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from practice_commons.core.errors import NotFound
from practice_commons.notifications import selectors, services
from practice_commons.notifications.kinds import Channel, DigestFrequency, NotificationKind
from practice_commons.notifications.models import (
    Notification,
    NotificationPreference,
    NotificationSettings,
    ThreadMute,
)
from practice_commons.notifications.services import delivery
from practice_commons.notifications.tokens import make_unsubscribe_token

pytestmark = pytest.mark.django_db


def notify(recipient, **kwargs):
    kwargs.setdefault("kind", NotificationKind.REPLY)
    kwargs.setdefault("title", "Sam replied to your thread")
    kwargs.setdefault("url", "/communities/1/threads/2/")
    return services.notify(recipient=recipient, **kwargs)


def test_notify_records_in_app_and_emails_immediately(person, other_person, run_on_commit):
    with run_on_commit():
        notification = notify(person, actor=other_person, body="Have a look.")
    notification.refresh_from_db()
    assert notification.recipient == person
    assert notification.delivery == Channel.IMMEDIATELY
    assert notification.emailed_at is not None
    assert notification.email_due_at is None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [person.email]
    assert selectors.unread_count(person) == 1


def test_email_waits_for_commit(person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(person)
    assert len(callbacks) == 1
    assert mail.outbox == []


def test_daily_kind_is_left_for_the_digest(person, run_on_commit):
    with run_on_commit():
        notification = notify(person, kind=NotificationKind.NEW_THREAD, title="New thread")
    assert notification.delivery == Channel.DAILY
    assert notification.email_due_at is None
    assert mail.outbox == []


def test_off_still_records_in_app_but_never_emails(person, run_on_commit):
    services.preferences_update(actor=person, kinds={NotificationKind.REPLY: Channel.OFF})
    with run_on_commit():
        notification = notify(person)
    assert notification is not None
    assert notification.delivery == Channel.OFF
    assert mail.outbox == []


def test_community_override_beats_the_kind_default(person, run_on_commit):
    services.preferences_update(actor=person, communities={7: Channel.WEEKLY})
    with run_on_commit():
        in_seven = notify(person, community_id=7)
        elsewhere = notify(person, community_id=8)
    assert in_seven.delivery == Channel.WEEKLY
    assert elsewhere.delivery == Channel.IMMEDIATELY
    assert len(mail.outbox) == 1


def test_kind_and_community_row_beats_all_kinds_row(person):
    NotificationPreference.objects.create(
        user=person, kind="all", community_id=3, channel=Channel.OFF
    )
    NotificationPreference.objects.create(
        user=person, kind=NotificationKind.MENTION, community_id=3, channel=Channel.DAILY
    )
    channels = selectors.channels_for([person.pk], NotificationKind.MENTION, 3)
    assert channels == {person.pk: Channel.DAILY}
    assert selectors.channels_for([person.pk], NotificationKind.REPLY, 3) == {
        person.pk: Channel.OFF
    }


def test_muted_thread_records_nothing(person):
    services.thread_mute(actor=person, thread_key="discussions.thread:9")
    services.thread_mute(actor=person, thread_key="discussions.thread:9")  # idempotent
    assert selectors.is_thread_muted(person, "discussions.thread:9")
    assert notify(person, thread_key="discussions.thread:9") is None
    assert notify(person, thread_key="discussions.thread:10") is not None
    services.thread_unmute(actor=person, thread_key="discussions.thread:9")
    assert not selectors.is_thread_muted(person, "discussions.thread:9")
    assert notify(person, thread_key="discussions.thread:9") is not None


def test_thread_mute_rejects_empty_key(person):
    with pytest.raises(ValidationError):
        services.thread_mute(actor=person, thread_key="  ")
    assert not ThreadMute.objects.exists()


def test_actor_and_inactive_people_are_not_notified(person, make_person):
    gone = make_person(is_active=False)
    assert notify(person, actor=person) is None
    assert notify(gone) is None


def test_dedupe_key_records_once(person, run_on_commit):
    with run_on_commit():
        first = notify(person, dedupe_key="event:1:reminder")
        second = notify(person, dedupe_key="event:1:reminder")
    assert first is not None and second is None
    assert Notification.objects.filter(recipient=person).count() == 1
    assert len(mail.outbox) == 1


def test_unsafe_urls_are_dropped(person):
    assert notify(person, url="javascript:alert(1)").url == ""
    assert notify(person, url="//evil.example/").url == ""
    assert notify(person, url="https://example.org/x").url == "https://example.org/x"


def test_unknown_kind_is_a_programming_error(person):
    with pytest.raises(ValueError):
        notify(person, kind="nonsense")


def test_notify_many_is_batched(make_person, django_assert_max_num_queries, run_on_commit):
    small = [make_person() for _ in range(3)]
    large = [make_person() for _ in range(40)]
    for people in (small, large):
        # users+settings, preferences, mutes, insert; then one task enqueue (immediate
        # backend sends each email: not counted here, see the send tests).
        with django_assert_max_num_queries(4):
            count = services.notify_many(
                recipients=people,
                kind=NotificationKind.NEW_THREAD,
                title="A new thread",
                thread_key="t:1",
            )
        assert count == len(people)


def test_notify_many_with_dedupe(make_person, run_on_commit):
    people = [make_person() for _ in range(5)]
    with run_on_commit():
        assert (
            services.notify_many(
                recipients=people[:3],
                kind=NotificationKind.INVITATION,
                title="Invited",
                dedupe_key="inv:1",
            )
            == 3
        )
        assert (
            services.notify_many(
                recipients=people,
                kind=NotificationKind.INVITATION,
                title="Invited",
                dedupe_key="inv:1",
            )
            == 2
        )
    assert Notification.objects.count() == 5
    assert len(mail.outbox) == 5


# --- Quiet hours --------------------------------------------------------------------


def test_quiet_hours_hold_the_email_until_they_end(make_person, freeze_now, run_on_commit):
    person = make_person(quiet_hours=True)
    freeze_now(2025, 3, 11, 21, 0)  # a Tuesday evening
    with run_on_commit():
        notification = notify(person)
    notification.refresh_from_db()
    assert mail.outbox == []
    assert notification.emailed_at is None
    assert timezone.localtime(notification.email_due_at).hour == 8
    # The sweep before 08:00 sends nothing; after 08:00 it sends.
    with run_on_commit():
        assert services.due_emails_enqueue() == 0
    freeze_now(2025, 3, 12, 8, 5)
    with run_on_commit():
        assert services.due_emails_enqueue() == 1
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_urgent_ignores_quiet_hours(make_person, freeze_now, run_on_commit):
    person = make_person(quiet_hours=True)
    freeze_now(2025, 3, 15, 10, 0)  # Saturday
    with run_on_commit():
        notify(
            person,
            kind=NotificationKind.REMINDER,
            title="Your session starts at 10:45",
            urgent=True,
        )
    assert len(mail.outbox) == 1


def test_quiet_hours_switched_off(make_person, freeze_now, run_on_commit):
    person = make_person(quiet_hours=True)
    services.notification_settings_update(actor=person, quiet_hours_enabled=False)
    freeze_now(2025, 3, 15, 10, 0)
    with run_on_commit():
        notify(person)
    assert len(mail.outbox) == 1


# --- Sending, retries ---------------------------------------------------------------


def test_send_is_at_most_once(person, run_on_commit):
    with run_on_commit():
        notification = notify(person)
    assert services.notification_email_send(notification_id=notification.pk) == "skipped"
    assert len(mail.outbox) == 1


def test_failed_send_is_retried_with_backoff(person, monkeypatch, run_on_commit):
    def broken(self, fail_silently=False):
        raise ConnectionError("SMTP down")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", broken)
    with run_on_commit():
        notification = notify(person)
    notification.refresh_from_db()
    assert notification.email_attempts == 1
    assert notification.email_failed_at is not None
    assert notification.emailed_at is None
    assert notification.email_due_at - notification.email_failed_at == timedelta(minutes=1)
    # Still there in-app.
    assert selectors.notifications_for(person).filter(pk=notification.pk).exists()

    # Due again: the sweep retries; the backoff grows 1, 4, 16, 64 minutes.
    for attempt in range(2, services.MAX_EMAIL_ATTEMPTS):
        Notification.objects.filter(pk=notification.pk).update(
            email_due_at=timezone.now() - timedelta(seconds=1)
        )
        with run_on_commit():
            services.due_emails_enqueue()
        notification.refresh_from_db()
        assert notification.email_attempts == attempt
        assert notification.email_due_at - notification.email_failed_at == timedelta(
            minutes=4 ** (attempt - 1)
        )

    Notification.objects.filter(pk=notification.pk).update(
        email_due_at=timezone.now() - timedelta(seconds=1)
    )
    with run_on_commit():
        services.due_emails_enqueue()
    notification.refresh_from_db()
    assert notification.email_attempts == services.MAX_EMAIL_ATTEMPTS
    assert notification.email_due_at is None  # given up by email …
    assert notification.delivery == Channel.DAILY  # … falls back to the next daily digest
    assert notification.read_at is None


def test_retry_succeeds_after_a_failure(person, monkeypatch, run_on_commit):
    from django.core.mail import EmailMultiAlternatives

    real_send = EmailMultiAlternatives.send
    calls = {"n": 0}

    def flaky(self, fail_silently=False):
        calls["n"] += 1
        if calls["n"] == 1:
            raise ConnectionError("temporary")
        return real_send(self, fail_silently)

    monkeypatch.setattr(EmailMultiAlternatives, "send", flaky)
    with run_on_commit():
        notification = notify(person)
    Notification.objects.filter(pk=notification.pk).update(
        email_due_at=timezone.now() - timedelta(seconds=1)
    )
    with run_on_commit():
        services.due_emails_enqueue()
    notification.refresh_from_db()
    assert notification.emailed_at is not None
    assert notification.email_attempts == 1
    assert len(mail.outbox) == 1


def test_a_held_email_follows_a_later_change_of_preference(make_person, freeze_now, run_on_commit):
    person = make_person(quiet_hours=True)
    freeze_now(2025, 3, 11, 21, 0)
    with run_on_commit():
        notification = notify(person)
    services.preferences_update(actor=person, kinds={NotificationKind.REPLY: Channel.WEEKLY})
    freeze_now(2025, 3, 12, 9, 0)
    with run_on_commit():
        services.due_emails_enqueue()
    notification.refresh_from_db()
    assert mail.outbox == []
    assert notification.email_due_at is None
    assert notification.delivery == Channel.WEEKLY


def test_a_held_email_is_cancelled_when_the_thread_is_muted(
    person, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        notification = notify(person, thread_key="t:5")
    services.thread_mute(actor=person, thread_key="t:5")
    assert services.notification_email_send(notification_id=notification.pk) == "cancelled"
    assert mail.outbox == []


def test_the_lease_stops_a_second_sender(person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        notification = notify(person)
    assert delivery._claim_email(notification.pk, timezone.now())
    assert services.notification_email_send(notification_id=notification.pk) == "skipped"
    # An expired lease (a crashed worker) can be taken over.
    Notification.objects.filter(pk=notification.pk).update(
        email_lease_until=timezone.now() - timedelta(seconds=1)
    )
    assert services.notification_email_send(notification_id=notification.pk) == "sent"


def test_enqueue_failure_is_left_for_the_sweep(person, monkeypatch, run_on_commit):
    from practice_commons.notifications import tasks

    def refuse(*args, **kwargs):
        raise ConnectionError("queue down")

    monkeypatch.setattr(type(tasks.send_notification_emails), "enqueue", refuse)
    with run_on_commit():
        notification = notify(person)
    notification.refresh_from_db()
    assert notification.emailed_at is None and notification.email_due_at is not None
    monkeypatch.undo()
    with run_on_commit():
        assert services.due_emails_enqueue() == 1
    assert len(mail.outbox) == 1


# --- Reading ------------------------------------------------------------------------


def test_mark_read_only_your_own(person, other_person):
    mine = notify(person)
    theirs = notify(other_person)
    services.notification_mark_read(actor=person, notification_id=mine.pk)
    mine.refresh_from_db()
    assert mine.read_at is not None
    with pytest.raises(NotFound):
        services.notification_mark_read(actor=person, notification_id=theirs.pk)
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read(person, other_person):
    for _ in range(3):
        notify(person)
    notify(other_person)
    assert services.notifications_mark_all_read(actor=person) == 3
    assert selectors.unread_count(person) == 0
    assert selectors.unread_count(other_person) == 1


# --- Preferences and unsubscribe ----------------------------------------------------


def test_preferences_update_validates(person):
    with pytest.raises(ValidationError):
        services.preferences_update(actor=person, kinds={"reply": "sometimes"})
    with pytest.raises(ValidationError):
        services.preferences_update(actor=person, kinds={"nonsense": Channel.OFF})
    services.preferences_update(actor=person, communities={4: Channel.DAILY})
    services.preferences_update(actor=person, communities={4: ""})
    assert not NotificationPreference.objects.filter(user=person).exists()


def test_settings_update_writes_only_what_it_was_given(person):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        services.notification_settings_update(actor=person, digest_frequency=DigestFrequency.DAILY)
    updates = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("UPDATE")]
    assert len(updates) == 1
    assert "digest_frequency" in updates[0] and "quiet_hours" not in updates[0]
    with CaptureQueriesContext(connection) as captured:
        row = services.notification_settings_update(actor=person)
    assert not [q for q in captured.captured_queries if q["sql"].startswith("UPDATE")]
    assert row.digest_frequency == DigestFrequency.DAILY


def test_settings_update_validates(person):
    with pytest.raises(ValidationError):
        services.notification_settings_update(actor=person, timezone_name="Mars/Olympus")
    with pytest.raises(ValidationError):
        services.notification_settings_update(actor=person, digest_frequency="hourly")
    row = services.notification_settings_update(
        actor=person,
        timezone_name="Europe/Dublin",
        quiet_hours={"0": [["22:00", "24:00"]]},
        digest_frequency=DigestFrequency.DAILY,
    )
    assert row.timezone == "Europe/Dublin"
    assert row.quiet_hours["0"] == [["22:00", "24:00"]]
    assert row.quiet_hours["1"] == []


def test_unsubscribe_switches_off_that_kind_only(person):
    user, kind = services.unsubscribe(token=make_unsubscribe_token(person.pk, "mention"))
    assert (user, kind) == (person, "mention")
    channels = selectors.preferences_for(person)["kinds"]
    assert {k: c for k, _label, c in channels}["mention"] == Channel.OFF
    assert {k: c for k, _label, c in channels}["reply"] == Channel.IMMEDIATELY


def test_unsubscribe_from_digests(person):
    services.unsubscribe(token=make_unsubscribe_token(person.pk, "digest"))
    assert NotificationSettings.objects.get(user=person).digest_frequency == DigestFrequency.OFF


@pytest.mark.parametrize(
    "make_token",
    [lambda: "garbage", lambda: make_unsubscribe_token(999999, "reply")],
    ids=["garbage", "unknown-person"],
)
def test_unsubscribe_rejects_bad_tokens(db, make_token):
    with pytest.raises(ValidationError):
        services.unsubscribe(token=make_token())


def test_unsubscribe_rejects_unknown_kind(person):
    with pytest.raises(ValidationError):
        services.unsubscribe(token=make_unsubscribe_token(person.pk, "everything"))
