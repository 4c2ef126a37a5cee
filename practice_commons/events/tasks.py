"""Background jobs: thin, idempotent, given ids. They run the work in ``jobs``; services
enqueue them (``services`` → ``tasks`` → ``jobs``, never back).

``send_event_reminders`` and ``expire_offers`` are periodic: run them every few minutes
(``manage.py send_event_reminders`` and ``manage.py expire_event_offers`` from cron or
the scheduler). ``expire_offer`` is queued for an offer's deadline when the task backend
can defer (the database backend can); the periodic sweep catches any it missed.
"""

import logging
from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django_tasks import task

from . import jobs
from .models import Registration

logger = logging.getLogger(__name__)


@task()
def expire_offer(registration_id: int) -> bool:
    return _pass_offer_on(registration_id)


@task()
def expire_offers() -> int:
    """The sweep: every offer past its deadline, each in its own transaction, so one
    event's lock does not hold up the rest."""
    return sum(1 for pk in jobs.overdue_offer_ids() if _pass_offer_on(pk))


@task()
def send_event_reminders() -> int:
    return jobs.reminders_send()


def _pass_offer_on(registration_id: int) -> bool:
    expiry = jobs.offer_expire(registration_id=registration_id)
    expire_offers_at_deadline(expiry.offered)
    return expiry.expired


def expire_offers_at_deadline(registrations: Iterable[Registration]) -> None:
    """After commit, queue each new offer's expiry for its deadline, when the task backend
    can defer; otherwise the periodic sweep passes it on."""
    for registration in registrations:
        transaction.on_commit(
            lambda pk=registration.pk, deadline=registration.offer_expires_at: _queue_expiry(
                pk, deadline
            )
        )


def _queue_expiry(registration_id: int, deadline: datetime) -> None:
    try:
        if expire_offer.get_backend().supports_defer:
            expire_offer.using(run_after=deadline).enqueue(registration_id)
    except Exception:
        logger.exception("Could not queue the offer expiry; the sweep will expire it")
