"""Background jobs: thin, idempotent, given ids, calling services.

``send_event_reminders`` and ``expire_offers`` are periodic: run them every few minutes
(``manage.py send_event_reminders`` and ``manage.py expire_event_offers`` from cron or
the scheduler). ``expire_offer`` is queued for an offer's deadline when the task backend
can defer (the database backend can); the periodic sweep catches any it missed.
"""

from django_tasks import task

from . import services


@task()
def expire_offer(registration_id: int) -> bool:
    return services.offer_expire(registration_id=registration_id)


@task()
def expire_offers() -> int:
    return services.offers_expire_due()


@task()
def send_event_reminders() -> int:
    return services.reminders_send()


@task()
def send_event_invitation(invitation_id: int) -> bool:
    return services.invitation_send(invitation_id=invitation_id)
