"""Retention rules that ``accounts`` enforces (days from settings; the scheduled jobs in
``notifications/retention.py`` call these): the audit trail's age limit, and which
accounts nobody has signed in to for ``INACTIVE_ACCOUNT_DAYS``."""

import datetime

from django.db.models.functions import Coalesce
from django.utils import timezone

from ..models import AuditEvent, User
from .erasure import FORMER_MEMBER_EMAIL


def audit_events_purge(*, now=None) -> int:
    """Delete audit entries older than ``AUDIT_RETENTION_DAYS``: the only deletion the
    trail ever sees. Returns how many went."""
    return AuditEvent.objects.purge_expired(now=now)


def idle_accounts(*, idle_days: int, now=None):
    """Active accounts whose last sign-in (or, never signed in, whose creation) is more
    than ``idle_days`` ago, oldest first."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=idle_days)
    return (
        User.objects.filter(is_active=True)
        .exclude(email=FORMER_MEMBER_EMAIL)
        .annotate(last_seen=Coalesce("last_login", "date_joined"))
        .filter(last_seen__lt=cutoff)
        .order_by("last_seen", "pk")
    )
