"""Background jobs of the webhooks: thin, idempotent, taking ids and calling services."""

from datetime import datetime

from django_tasks import task

from .webhooks import services


@task()
def deliver_webhook(delivery_id: str, attempt: int, now: str = "") -> bool:
    """Attempt ``attempt`` of a delivery; does nothing if it is not due or already made.
    ``now`` (ISO 8601) is the sweep's clock, so an attempt it found due is due here."""
    when = datetime.fromisoformat(now) if now else None
    return (
        services.webhook_delivery_attempt(delivery_id=delivery_id, attempt=attempt, now=when)
        is not None
    )


@task()
def replay_webhook(delivery_id: str) -> bool:
    return services.webhook_delivery_replay_send(delivery_id=delivery_id) is not None


@task()
def retry_due_webhooks() -> int:
    """Every minute (``run_scheduler``): enqueue the retries that are due."""
    return services.webhook_deliveries_retry_due()


@task()
def purge_old_webhook_deliveries() -> int:
    """Daily (``run_scheduler``): the retention rule for delivery records."""
    return services.webhook_deliveries_purge()
