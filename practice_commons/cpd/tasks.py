"""Background jobs: thin, idempotent, calling services."""

from django_tasks import task

from . import services


@task()
def send_cpd_reminders() -> int:
    """Daily: remind people whose deadline is near and whose requirements are not met
    (idempotent: each reminder is recorded once per person, period and threshold)."""
    return services.cpd_reminders_send()
