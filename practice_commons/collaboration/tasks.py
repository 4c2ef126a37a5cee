"""Background jobs: thin, idempotent, calling services."""

from django_tasks import task

from . import services


@task()
def send_agreement_reminders() -> int:
    """Daily: remind parties' contacts of reviews and milestones coming up (and overdue
    reviews); each reminder is recorded once (``dedupe_key``)."""
    return services.agreement_reminders_send()


@task()
def activate_due_agreements() -> int:
    """Daily: agreed agreements whose start date has come become active."""
    return services.agreements_activate_due()
