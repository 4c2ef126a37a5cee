"""Emailing one notification: when it is due, sending it at most once, and retrying.

What must stay true:

* A notification is emailed at most once (``emailed_at``): every send first *claims* its
  row with a conditional ``UPDATE`` that sets a short lease, so deferred tasks, the
  five-minute sweep and a second worker can overlap safely.
* The person's choices are read again at send time: a preference changed to a digest,
  a muted thread or a deactivated account cancels the email, and quiet hours that began
  since the notification was recorded hold it until they end.
* A failed send keeps the notification: it stays in-app, records the attempt, and is
  retried with exponential backoff; after ``MAX_EMAIL_ATTEMPTS`` it falls back to the
  next daily digest.
"""

import logging
from collections import defaultdict
from datetime import datetime, timedelta

from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .. import emails, jobs, quiet, selectors
from ..kinds import Channel
from ..models import Notification
from .common import enqueue_by_due

logger = logging.getLogger(__name__)

MAX_EMAIL_ATTEMPTS = 5
EMAIL_LEASE = timedelta(minutes=10)


def backoff(attempt: int) -> timedelta:
    """1, 4, 16, 64 minutes… after the first, second, third… failure."""
    return timedelta(minutes=4 ** max(attempt - 1, 0))


def email_due_at(user, now: datetime, *, urgent: bool) -> datetime:
    """When this person may be emailed: now, or the end of their quiet hours."""
    if urgent:
        return now
    prefs = selectors.settings_of(user)
    if not prefs.quiet_hours_enabled:
        return now
    return quiet.quiet_until(prefs.quiet_hours, prefs.timezone, now) or now


def enqueue_email_sends(pairs: list[tuple[int, datetime | None]]) -> None:
    """Queue sends: now for what is due, deferred for what waits for quiet hours or a
    retry when the backend can defer (``common.enqueue_by_due``)."""
    enqueue_by_due(
        pairs,
        enqueue=jobs.enqueue_email_sends,
        can_defer=jobs.email_sends_can_wait(),
        what="notification emails",
    )


def _claim_email(notification_id: int, now: datetime) -> bool:
    return bool(
        Notification.objects.filter(
            pk=notification_id,
            emailed_at__isnull=True,
            email_due_at__isnull=False,
            email_due_at__lte=now,
        )
        .filter(Q(email_lease_until__isnull=True) | Q(email_lease_until__lt=now))
        .update(email_lease_until=now + EMAIL_LEASE)
    )


def notification_email_send(*, notification_id: int, connection=None) -> str:
    """Send one notification's email if it is due and nobody else is sending it.
    Returns what happened: ``sent``, ``skipped``, ``rescheduled``, ``cancelled``,
    ``retry`` or ``failed`` (given up after ``MAX_EMAIL_ATTEMPTS``)."""
    now = timezone.now()
    if not _claim_email(notification_id, now):
        return "skipped"
    notification = Notification.objects.select_related(
        "recipient", "recipient__notification_settings", "newsletter"
    ).get(pk=notification_id)
    user = notification.recipient
    fields = ["email_due_at", "email_lease_until"]
    notification.email_lease_until = None
    channel = selectors.channels_for([user.pk], notification.kind, notification.community_id)[
        user.pk
    ]
    if (
        not user.is_active
        or not user.email
        or channel != Channel.IMMEDIATELY
        or selectors.is_thread_muted(user, notification.thread_key)
    ):
        # Preferences changed since it was recorded: daily/weekly now go to the digest.
        notification.email_due_at = None
        notification.delivery = channel if user.is_active else Channel.OFF
        notification.save(update_fields=[*fields, "delivery"])
        return "cancelled"
    due = email_due_at(user, now, urgent=notification.urgent)
    if due > now:
        notification.email_due_at = due
        notification.save(update_fields=fields)
        transaction.on_commit(lambda: enqueue_email_sends([(notification.pk, due)]))
        return "rescheduled"
    try:
        emails.notification_email(notification, connection=connection).send()
    except Exception:
        logger.exception("Email for notification %s failed", notification.pk)
        notification.email_attempts += 1
        notification.email_failed_at = timezone.now()
        fields += ["email_attempts", "email_failed_at"]
        if notification.email_attempts >= MAX_EMAIL_ATTEMPTS:
            notification.email_due_at = None
            notification.delivery = Channel.DAILY
            notification.save(update_fields=[*fields, "delivery"])
            return "failed"
        retry_at = notification.email_failed_at + backoff(notification.email_attempts)
        notification.email_due_at = retry_at
        notification.save(update_fields=fields)
        transaction.on_commit(lambda: enqueue_email_sends([(notification.pk, retry_at)]))
        return "retry"
    notification.emailed_at = timezone.now()
    notification.email_due_at = None
    notification.save(update_fields=[*fields, "emailed_at"])
    return "sent"


def notification_emails_send(*, notification_ids: list[int]) -> dict[str, int]:
    """Send a queued batch over one mail connection; returns a count per outcome."""
    outcomes: dict[str, int] = defaultdict(int)
    connection = get_connection()
    try:
        for notification_id in notification_ids:
            outcomes[
                notification_email_send(notification_id=int(notification_id), connection=connection)
            ] += 1
    finally:
        connection.close()
    return dict(outcomes)


def due_emails_enqueue(*, limit: int = 2000) -> int:
    """The sweep: queue sends for emails whose quiet hours or retry delay are over.
    Sending twice is impossible (each send claims its row), so overlapping sweeps and
    deferred tasks are harmless."""
    ids = selectors.due_email_ids(timezone.now(), limit=limit)
    if ids:
        enqueue_email_sends([(pk, None) for pk in ids])
    return len(ids)
