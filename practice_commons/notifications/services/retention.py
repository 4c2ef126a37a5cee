"""Notifications are kept ``NOTIFICATION_RETENTION_DAYS`` (read or not), then deleted."""

import datetime

from django.conf import settings
from django.utils import timezone

from ..models import Notification


def notifications_purge(*, now=None) -> int:
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.NOTIFICATION_RETENTION_DAYS)
    deleted, _per_model = Notification.objects.filter(created_at__lt=cutoff).delete()
    return deleted
