"""Reads for the audit page: host admins only (``PermissionDenied`` for anyone else)."""

import datetime

from django.db.models import QuerySet
from django.utils import timezone

from practice_commons.core.errors import PermissionDenied

from .models import AuditEvent


def require_audit_reader(user) -> None:
    if not (getattr(user, "is_authenticated", False) and user.is_host_admin):
        raise PermissionDenied


def _start_of(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of ``day`` in the site's time zone (Europe/London)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def audit_entries(
    user,
    *,
    action: str = "",
    actor_email: str = "",
    target_type: str = "",
    target_id: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[AuditEvent]:
    """The trail, newest first, with each entry's actor: ``action`` is a prefix
    (``account.``), ``actor_email`` part of the actor's email address, ``target_type`` and
    ``target_id`` exact, ``date_from`` and ``date_to`` whole days in Europe/London
    (both included)."""
    require_audit_reader(user)
    entries = AuditEvent.objects.select_related("actor")
    if action:
        entries = entries.filter(action__startswith=action)
    if actor_email:
        entries = entries.filter(actor__email__icontains=actor_email.strip())
    if target_type:
        entries = entries.filter(target_type=target_type)
    if target_id:
        entries = entries.filter(target_id=target_id)
    if date_from:
        entries = entries.filter(created_at__gte=_start_of(date_from))
    if date_to:
        entries = entries.filter(created_at__lt=_start_of(date_to + datetime.timedelta(days=1)))
    return entries.order_by("-created_at", "-pk")
