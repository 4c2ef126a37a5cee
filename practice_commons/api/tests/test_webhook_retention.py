"""Webhook delivery records are kept ``WEBHOOK_DELIVERY_RETENTION_DAYS``: older finished
ones go with their attempts; one still being retried stays whatever its age."""

import pytest
from django.utils import timezone

from practice_commons.api import tasks
from practice_commons.api.models import WebhookAttempt, WebhookDelivery
from practice_commons.api.webhooks import services
from practice_commons.collaboration.tests.conftest import world  # noqa: F401
from practice_commons.notifications import scheduler

pytestmark = pytest.mark.django_db


def _delivery(endpoint, key, status, days_old):
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint, event_type="agreement.accepted", event_key=key, body="{}", status=status
    )
    WebhookAttempt.objects.create(
        delivery=delivery, number=1, status_code=200, signature_timestamp=1_800_000_000
    )
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        created_at=timezone.now() - timezone.timedelta(days=days_old)
    )
    return delivery


def test_old_finished_deliveries_go_and_the_rest_stay(world, settings):  # noqa: F811
    settings.WEBHOOK_DELIVERY_RETENTION_DAYS = 30
    endpoint = services.webhook_endpoint_create(
        actor=world["council_admin"],
        organisation=world["council"],
        url="http://127.0.0.1:9/hook",
        events=["agreement.accepted"],
    ).endpoint
    old_done = _delivery(endpoint, "a", WebhookDelivery.Status.SUCCEEDED, 31)
    old_failed = _delivery(endpoint, "b", WebhookDelivery.Status.FAILED, 31)
    old_pending = _delivery(endpoint, "c", WebhookDelivery.Status.PENDING, 31)
    young = _delivery(endpoint, "d", WebhookDelivery.Status.SUCCEEDED, 29)

    assert tasks.purge_old_webhook_deliveries.call() == 2
    left = set(WebhookDelivery.objects.values_list("pk", flat=True))
    assert left == {old_pending.pk, young.pk}
    assert not WebhookAttempt.objects.filter(delivery_id__in=[old_done.pk, old_failed.pk])


def test_the_purge_is_scheduled_daily():
    assert "retention-webhook-deliveries" in {job for job, _f, _t in scheduler.schedule()}
