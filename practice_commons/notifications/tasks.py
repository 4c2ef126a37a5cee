"""Background jobs: thin, idempotent, given ids (never text), calling services.

Tasks sit above services: this module imports ``services`` and services never import
it. Services queue work through ``jobs``, which this module fills in with ``bind()``
at import (``NotificationsConfig.ready`` imports it), so the dependency runs one way.

django-tasks has no retries of its own; email retries are kept on the notification
row (attempts, next due time) by ``services.notification_email_send``, which queues
the next try with ``run_after`` when the backend can defer and otherwise leaves it to
``send_due_emails``, the five-minute sweep.
"""

from datetime import datetime

from django_tasks import task

from . import jobs, services


@task()
def send_notification_emails(notification_ids: list[int]) -> dict:
    return services.notification_emails_send(notification_ids=notification_ids)


@task()
def send_notification_pushes(notification_ids: list[int]) -> dict:
    """Web Push to the people's devices (claimed like emails, so safe to run twice)."""
    return services.notification_pushes_send(notification_ids=notification_ids)


@task()
def send_due_emails() -> int:
    """The five-minute sweep: notification emails, emails to addresses (invitations) and
    pushes to devices whose time has come."""
    return (
        services.due_emails_enqueue()
        + services.due_address_emails_enqueue()
        + services.due_pushes_enqueue()
    )


@task()
def send_address_emails(model_label: str, object_ids: list[int]) -> dict:
    return services.address_emails_send(model_label=model_label, object_ids=object_ids)


@task()
def send_digests(period: str) -> int:
    """Plan today's (or this week's) digests: queue one batch task per ~500 people."""
    return services.digests_plan(period=period)


@task()
def send_digest_batch(period: str, as_of: str, first_id: int, last_id: int) -> int:
    return services.digest_send_batch(
        period=period, as_of=datetime.fromisoformat(as_of), first_id=first_id, last_id=last_id
    )


@task()
def deliver_newsletter(newsletter_id: int) -> int:
    return services.newsletter_deliver(newsletter_id=newsletter_id)


jobs.bind(
    send_notification_emails=send_notification_emails,
    send_digest_batch=send_digest_batch,
    deliver_newsletter=deliver_newsletter,
    send_address_emails=send_address_emails,
    send_notification_pushes=send_notification_pushes,
)
