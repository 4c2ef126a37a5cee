"""The retention rules' scheduled jobs (the days are settings; /privacy/ prints them).

``accounts`` sits below us, so its rules run from here, as the data-export expiry does:

- notifications older than ``NOTIFICATION_RETENTION_DAYS``, daily at 01:30;
- audit entries older than ``AUDIT_RETENTION_DAYS``, daily at 01:45;
- accounts nobody has signed in to for ``INACTIVE_ACCOUNT_DAYS``, daily at 03:00: each
  is warned (in the app and by email) ``INACTIVE_ACCOUNT_WARNING_DAYS`` before, once per
  idle spell, and deleted only when that warning is at least that old and they still
  have not signed in. Signing in starts a new spell (the warning's key holds the last
  sign-in). An account something still holds (the only admin of an organisation, a
  contact on a live agreement) stays; the audit trail records it.
"""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django_tasks import task

from practice_commons.accounts import services as account_services
from practice_commons.core.lazy_text import lazy_date, lazy_format

from . import services
from .kinds import NotificationKind
from .models import Notification
from .scheduler import register_job


@task()
def purge_old_notifications() -> int:
    return services.notifications_purge()


@task()
def purge_old_audit_entries() -> int:
    return account_services.audit_events_purge()


@task()
def retire_inactive_accounts() -> dict:
    return {"warned": warn_inactive_accounts(), "deleted": erase_inactive_accounts()}


def _warning_key(person) -> str:
    last_seen = person.last_login or person.date_joined
    return f"inactive-account:{person.pk}:{last_seen:%Y%m%dT%H%M%S}"


def warn_inactive_accounts(*, now=None) -> int:
    warn_after = settings.INACTIVE_ACCOUNT_DAYS - settings.INACTIVE_ACCOUNT_WARNING_DAYS
    deadline = (now or timezone.now()) + datetime.timedelta(
        days=settings.INACTIVE_ACCOUNT_WARNING_DAYS
    )
    warned = 0
    for person in account_services.idle_accounts(idle_days=warn_after, now=now).iterator():
        sent = services.notify(
            recipient=person,
            kind=NotificationKind.ACCOUNT,
            title=lazy_format(
                gettext_lazy("Your Practice Commons account will be deleted on %(date)s"),
                date=lazy_date(timezone.localtime(deadline), "j F Y"),
            ),
            body=gettext_lazy(
                "Nobody has signed in to your account for a long time, so under the host's "
                "retention rules it will be deleted, with your personal data, on that date. "
                "Sign in before then to keep it."
            ),
            url=reverse("accounts:profile"),
            urgent=True,
            dedupe_key=_warning_key(person),
        )
        warned += sent is not None
    return warned


def erase_inactive_accounts(*, now=None) -> int:
    now = now or timezone.now()
    warned_before = now - datetime.timedelta(days=settings.INACTIVE_ACCOUNT_WARNING_DAYS)
    deleted = 0
    idle = account_services.idle_accounts(idle_days=settings.INACTIVE_ACCOUNT_DAYS, now=now)
    for person in list(idle[:500]):
        warned = Notification.objects.filter(
            recipient=person, dedupe_key=_warning_key(person), created_at__lte=warned_before
        ).exists()
        if warned:
            deleted += account_services.account_erase_inactive(person=person)
    return deleted


def register() -> None:
    register_job("retention-notifications", purge_old_notifications.enqueue, hour=1, minute=30)
    register_job("retention-audit", purge_old_audit_entries.enqueue, hour=1, minute=45)
    register_job("retention-inactive-accounts", retire_inactive_accounts.enqueue, hour=3, minute=0)
