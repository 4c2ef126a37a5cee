"""The background work services ask for, without importing the tasks that do it.

Services queue work (an email send, a digest batch, a newsletter delivery) and tasks
run services, so one of them must not know the other. The graph is one-way::

    tasks ──▶ services ──▶ jobs
      └──────────────────▶ jobs

``tasks.py`` imports ``services`` at module level for its task bodies and hands its
django-tasks ``Task`` objects to ``bind()`` when it is imported; ``NotificationsConfig
.ready`` imports ``tasks``, so every web process, worker and command has them bound
before any service runs. Services call the ``enqueue_*`` functions here and never see
a ``Task``. Only ids, periods and ISO dates cross this boundary, never text.

Queueing before ``bind()`` is a programming error and raises, rather than silently
dropping work.
"""

from dataclasses import dataclass
from datetime import datetime

from django_tasks.base import Task


@dataclass
class _Bound:
    send_notification_emails: Task | None = None
    send_digest_batch: Task | None = None
    deliver_newsletter: Task | None = None
    send_address_emails: Task | None = None
    send_notification_pushes: Task | None = None


_bound = _Bound()


def bind(
    *,
    send_notification_emails: Task,
    send_digest_batch: Task,
    deliver_newsletter: Task,
    send_address_emails: Task,
    send_notification_pushes: Task | None = None,
):
    """Called once by ``tasks.py``: the tasks that run the work named below."""
    _bound.send_notification_emails = send_notification_emails
    _bound.send_digest_batch = send_digest_batch
    _bound.deliver_newsletter = deliver_newsletter
    _bound.send_address_emails = send_address_emails
    _bound.send_notification_pushes = send_notification_pushes


def _require(task: Task | None, name: str) -> Task:
    if task is None:
        raise RuntimeError(
            f"notifications task {name!r} is not bound: is practice_commons.notifications "
            "in INSTALLED_APPS (its ready() imports tasks)?"
        )
    return task


def email_sends_can_wait() -> bool:
    """Whether the task backend can hold a send until a given time (``run_after``)."""
    task = _require(_bound.send_notification_emails, "send_notification_emails")
    return task.get_backend().supports_defer


def enqueue_email_sends(notification_ids: list[int], *, run_after: datetime | None = None):
    task = _require(_bound.send_notification_emails, "send_notification_emails")
    (task if run_after is None else task.using(run_after=run_after)).enqueue(notification_ids)


def enqueue_digest_batch(*, period: str, as_of: datetime, first_id: int, last_id: int):
    task = _require(_bound.send_digest_batch, "send_digest_batch")
    task.enqueue(period, as_of.isoformat(), first_id, last_id)


def enqueue_newsletter_delivery(*, newsletter_id: int):
    _require(_bound.deliver_newsletter, "deliver_newsletter").enqueue(newsletter_id)


def address_emails_can_wait() -> bool:
    task = _require(_bound.send_address_emails, "send_address_emails")
    return task.get_backend().supports_defer


def enqueue_address_emails(
    model_label: str, object_ids: list[int], *, run_after: datetime | None = None
):
    """Queue sending the emails of some invitations (a model label and ids, never text:
    the link's token is made by the task itself)."""
    task = _require(_bound.send_address_emails, "send_address_emails")
    (task if run_after is None else task.using(run_after=run_after)).enqueue(
        model_label, object_ids
    )


def push_sends_can_wait() -> bool:
    task = _require(_bound.send_notification_pushes, "send_notification_pushes")
    return task.get_backend().supports_defer


def enqueue_push_sends(notification_ids: list[int], *, run_after: datetime | None = None):
    """Queue pushing some notifications to their people's devices (ids only)."""
    task = _require(_bound.send_notification_pushes, "send_notification_pushes")
    (task if run_after is None else task.using(run_after=run_after)).enqueue(notification_ids)
