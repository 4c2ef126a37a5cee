"""A digest claimed by a worker that died is sent by another worker, exactly once.

A worker that dies after claiming leaves a ``DigestRun`` with no ``sent_at``; the tests
make one by inserting that row with ``claimed_at`` older than the lease (what a killed
worker leaves behind). The concurrency test, on PostgreSQL, starts several real threads
with their own connections that take over the same stale claim at the same instant.
"""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection, connections
from django.utils import timezone

from practice_commons.notifications import digest, services
from practice_commons.notifications.kinds import NotificationKind
from practice_commons.notifications.models import DigestRun, Notification
from practice_commons.notifications.services import digests as digests_module


def today_key():
    return digest.period_key("daily", timezone.now())


def new_thread(person):
    return services.notify(
        recipient=person, kind=NotificationKind.NEW_THREAD, title="A new thread", url="/t/1/"
    )


def dead_workers_claim(person, *, age: timedelta):
    return DigestRun.objects.create(
        user=person,
        period="daily",
        period_key=today_key(),
        claim_token="dead-worker",
        claimed_at=timezone.now() - age,
    )


def send_batch(person):
    return services.digest_send_batch(
        period="daily", as_of=timezone.now(), first_id=person.pk, last_id=person.pk
    )


@pytest.mark.django_db
def test_a_claim_unsent_past_the_lease_is_taken_over_and_sent_once(person, settings):
    settings.NOTIFICATIONS_DIGEST_LEASE_SECONDS = 600
    new_thread(person)
    dead_workers_claim(person, age=timedelta(seconds=601))

    assert send_batch(person) == 1
    assert send_batch(person) == 0  # sent: never again
    assert len(mail.outbox) == 1
    run = DigestRun.objects.get(user=person)
    assert run.sent_at is not None and run.claim_token != "dead-worker"
    assert Notification.objects.get(recipient=person).digested_at is not None
    assert mail.outbox[0].extra_headers["Message-ID"] == digests_module.message_id(
        run.period_key, person.pk
    )


@pytest.mark.django_db
def test_a_claim_within_its_lease_is_left_to_its_holder(person, settings):
    settings.NOTIFICATIONS_DIGEST_LEASE_SECONDS = 600
    new_thread(person)
    dead_workers_claim(person, age=timedelta(seconds=599))

    assert send_batch(person) == 0
    assert mail.outbox == []
    assert DigestRun.objects.get(user=person).claim_token == "dead-worker"


@pytest.mark.django_db
def test_a_stalled_holder_whose_claim_was_taken_over_sends_nothing(person, monkeypatch):
    """The holder renews its lease just before sending; if another worker took the claim
    over meanwhile, the renewal matches nothing and the holder skips that person."""
    new_thread(person)
    real_claim = digests_module._claim

    def claim_then_lose_it(*args, **kwargs):
        token, ours = real_claim(*args, **kwargs)
        DigestRun.objects.filter(claim_token=token).update(claim_token="took-over")
        return token, ours

    monkeypatch.setattr(digests_module, "_claim", claim_then_lose_it)
    assert send_batch(person) == 0
    assert mail.outbox == []


TAKERS = 8


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_takeovers_send_one_digest(make_person, settings):
    if connection.vendor != "postgresql":
        reason = (
            f"the concurrent takeover test needs PostgreSQL; this run uses "
            f"{connection.vendor}. Set DATABASE_URL=postgres://… to run it."
        )
        print(f"\nSKIPPED: {reason}")
        pytest.skip(reason)
    settings.NOTIFICATIONS_DIGEST_LEASE_SECONDS = 600
    person = make_person()
    new_thread(person)
    dead_workers_claim(person, age=timedelta(hours=1))
    mail.outbox = []

    barrier = threading.Barrier(TAKERS, timeout=60)
    sent: list[int] = []
    errors: list[BaseException] = []

    def take_over():
        try:
            connection.ensure_connection()
            barrier.wait()
            sent.append(send_batch(person))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    connections.close_all()
    threads = [threading.Thread(target=take_over) for _ in range(TAKERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)

    assert not errors, errors
    assert sorted(sent) == [0] * (TAKERS - 1) + [1]
    assert len(mail.outbox) == 1
    assert DigestRun.objects.get(user=person).sent_at is not None
    print(f"\n{TAKERS} simultaneous takeovers of one stale digest claim: 1 email sent.")
