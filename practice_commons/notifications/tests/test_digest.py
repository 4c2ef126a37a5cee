from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from practice_commons.notifications import digest, services
from practice_commons.notifications.digest import DigestItem, register_section
from practice_commons.notifications.kinds import DigestFrequency, DigestPeriod, NotificationKind
from practice_commons.notifications.models import DigestRun, Notification, NotificationSettings

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


@pytest.fixture(autouse=True)
def sections(monkeypatch):
    """Only the sections a test registers (other apps register theirs at start-up)."""
    monkeypatch.setattr(digest, "_sections", {})

    def add(key, builder, **kwargs):
        register_section(key, title=kwargs.pop("title", key.title()), builder=builder, **kwargs)

    return add


def new_thread(person, title="A new thread"):
    return services.notify(
        recipient=person,
        kind=NotificationKind.NEW_THREAD,
        title=title,
        url="/communities/1/threads/1/",
        body="About supervision.",
    )


def run(period=DigestPeriod.DAILY, as_of=None):
    return services.digests_send_now(period=period, as_of=as_of)


def test_period_keys():
    tuesday = datetime(2025, 3, 11, 7, 0, tzinfo=LONDON)
    assert digest.period_key("daily", tuesday) == "daily:2025-03-11"
    assert digest.period_key("weekly", tuesday) == "weekly:2025-W11"
    since, until = digest.period_window("weekly", tuesday)
    assert (until - since).days == 7


def test_daily_digest_sends_pending_notifications_once(person, other_person):
    new_thread(person, "First")
    new_thread(person, "Second")
    assert run() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [person.email]
    assert "daily digest" in message.subject
    assert "First" in message.body and "Second" in message.body
    assert "/notifications/" in message.body
    html = message.alternatives[0][0]
    assert "First" in html
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert not Notification.objects.filter(recipient=person, digested_at__isnull=True).exists()
    # A second run in the same period sends nothing, even with something new.
    new_thread(person, "Third")
    assert run() == 0
    assert len(mail.outbox) == 1
    run_row = DigestRun.objects.get(user=person)
    assert run_row.sent_at is not None and run_row.item_count == 2


def test_digest_never_repeats_what_was_emailed(person, run_on_commit):
    with run_on_commit():
        services.notify(recipient=person, kind=NotificationKind.REPLY, title="Emailed already")
    assert len(mail.outbox) == 1
    emailed = Notification.objects.get(title="Emailed already")
    # Even if it somehow also sat in a digest channel, emailed_at keeps it out.
    Notification.objects.filter(pk=emailed.pk).update(delivery="daily")
    new_thread(person, "Digest only")
    run()
    assert len(mail.outbox) == 2
    assert "Digest only" in mail.outbox[1].body
    assert "Emailed already" not in mail.outbox[1].body


def test_nothing_sent_when_empty(person):
    assert run() == 0
    assert mail.outbox == []
    assert not DigestRun.objects.exists()


def test_weekly_notifications_wait_for_the_weekly_digest(person):
    services.notify(recipient=person, kind=NotificationKind.CPD_DEADLINE, title="CPD due")
    assert run(DigestPeriod.DAILY) == 0
    assert run(DigestPeriod.WEEKLY) == 1
    assert "weekly digest" in mail.outbox[0].subject


def test_digest_off_sends_nothing_and_keeps_notifications(person):
    NotificationSettings.objects.filter(user=person).update(digest_frequency=DigestFrequency.OFF)
    new_thread(person)
    assert run() == 0
    assert Notification.objects.get(recipient=person).digested_at is None


def test_registered_sections_follow_the_digest_frequency(make_person, sections):
    weekly = make_person()  # default frequency: weekly
    daily = make_person()
    NotificationSettings.objects.filter(user=daily).update(digest_frequency=DigestFrequency.DAILY)
    seen = []

    def upcoming_events(user_ids, since, until):
        seen.append(sorted(user_ids))
        return {
            uid: [
                DigestItem(
                    title="Joint training: working with schools",
                    url="/events/3/",
                    summary="Thursday 10:00",
                )
            ]
            for uid in user_ids
        }

    sections("upcoming_events", upcoming_events, title="Upcoming events", order=20)
    assert run(DigestPeriod.DAILY) == 1
    assert mail.outbox[0].to == [daily.email]
    assert "Upcoming events" in mail.outbox[0].body
    assert "Joint training" in mail.outbox[0].body
    assert run(DigestPeriod.WEEKLY) == 1
    assert mail.outbox[1].to == [weekly.email]
    assert seen == [[daily.pk], [weekly.pk]]


def test_a_failing_section_does_not_stop_the_digest(person, sections):
    def broken(user_ids, since, until):
        raise RuntimeError("section bug")

    sections("broken", broken)
    new_thread(person)
    assert run() == 1


def test_failed_digest_email_releases_the_claim(person, monkeypatch):
    def broken(self, fail_silently=False):
        raise ConnectionError("SMTP down")

    new_thread(person)
    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", broken)
    assert run() == 0
    assert not DigestRun.objects.exists()
    assert Notification.objects.get(recipient=person).digested_at is None
    monkeypatch.undo()
    assert run() == 1


def test_a_concurrent_claim_wins(person):
    """Simulate another worker that claimed this person's digest first."""
    new_thread(person)
    now = timezone.now()
    DigestRun.objects.create(
        user=person,
        period="daily",
        period_key=digest.period_key("daily", now),
        claim_token="other-worker",
    )
    assert (
        services.digest_send_batch(period="daily", as_of=now, first_id=person.pk, last_id=person.pk)
        == 0
    )
    assert mail.outbox == []


def test_batch_query_count_is_fixed(make_person, sections, django_assert_max_num_queries):
    calls = []

    def one_query_section(user_ids, since, until):
        calls.append(len(user_ids))
        list(NotificationSettings.objects.filter(user_id__in=user_ids))  # one query
        return {uid: [DigestItem(title="Item", url="/x/")] for uid in user_ids}

    sections("one_query", one_query_section)
    now = timezone.now()
    for size in (3, 30):
        people = [make_person() for _ in range(size)]
        NotificationSettings.objects.filter(user__in=people).update(
            digest_frequency=DigestFrequency.DAILY
        )
        for p in people:
            new_thread(p)
        mail.outbox.clear()
        # Fixed: users, claimed, pending, section, insert claims (batches of 100), read
        # claims. Per digest: renew the lease, then mark sent and digested in one
        # transaction (two savepoint statements under the test's transaction).
        with django_assert_max_num_queries(7 + 5 * size):
            sent = services.digest_send_batch(
                period="daily", as_of=now, first_id=people[0].pk, last_id=people[-1].pk
            )
        assert sent == size
        assert len(mail.outbox) == size


def test_plan_queues_one_task_per_batch(make_person, settings, run_on_commit):
    settings.NOTIFICATIONS_DIGEST_BATCH_SIZE = 2
    people = [make_person() for _ in range(5)]
    for p in people:
        new_thread(p)
    with run_on_commit():
        assert services.digests_plan(period="daily") == 3
    assert len(mail.outbox) == 5


def test_plan_rejects_unknown_period(db):
    with pytest.raises(ValueError):
        services.digests_plan(period="hourly")


def test_digest_in_welsh(make_person):
    person = make_person(language="cy")
    new_thread(person)
    run()
    assert mail.outbox  # rendered under the person's language without error
