"""Background jobs, thin and idempotent, calling services. Both are periodic
(``registrations.py`` registers them with the scheduler)."""

from django_tasks import task

from . import services


@task()
def check_links() -> dict:
    """Check the links least recently checked; mark dead ones."""
    return services.links_check()


@task()
def send_review_reminders() -> int:
    """Remind contacts of published items past their review-by date."""
    return services.review_reminders_send()
