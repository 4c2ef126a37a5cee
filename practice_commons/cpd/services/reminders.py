"""Gentle reminders as a registration period's deadline approaches.

Run daily (``tasks.send_cpd_reminders``, registered with the scheduler). Idempotent: each
reminder's ``dedupe_key`` names the person's period end and the threshold reached, so a
second run on the same day (or a retried task) sends nothing new, and a missed day is
caught up by the next run.
"""

import datetime as dt

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy, ngettext_lazy

from practice_commons.accounts.models import User
from practice_commons.core.lazy_text import lazy_call, lazy_date, lazy_format
from practice_commons.notifications import services as notification_services
from practice_commons.notifications.kinds import NotificationKind

from .. import frameworks
from ..progress import REMINDER_DAYS, people_due_reminders

BATCH = 500


def _threshold(days_left: int) -> int:
    """The smallest reminder threshold at or above ``days_left``."""
    return min(d for d in REMINDER_DAYS if d >= days_left)


def _missing(progress) -> str:
    """What is still to do, in the reader's language ("final records, hours …")."""
    return ", ".join(r.label.lower() for r in progress.requirements if not r.met)


def _candidates():
    """People whose framework asks for something (records, peer reflection or hours)."""
    keys = {
        key
        for key, f in frameworks.FRAMEWORKS.items()
        if f.records_required
        or f.peer_reflection_required
        or f.hours_required is not None
        or f.required_standards
    }
    regulators = [r for r, k in frameworks.BY_REGULATOR.items() if k in keys]
    professions = [p for p, k in frameworks.BY_PROFESSION.items() if k in keys]
    with_profession = Q(profession__slug__in=professions) & ~Q(
        regulator__in=list(frameworks.BY_REGULATOR)
    )
    return User.objects.filter(Q(regulator__in=regulators) | with_profession, is_active=True)


def cpd_reminders_send(*, today: dt.date | None = None) -> int:
    """Remind each person whose deadline is near and whose requirements are not met.
    Returns how many reminders were recorded."""
    today = today or timezone.localdate()
    ids = sorted(_candidates().values_list("pk", flat=True))
    sent = 0
    for start in range(0, len(ids), BATCH):
        users = list(
            User.objects.filter(pk__in=ids[start : start + BATCH]).select_related("profession")
        )
        for user, progress in people_due_reminders(users, today):
            days = progress.days_left
            # Lazy: stored in each person's own language, whoever runs the job.
            title = lazy_format(
                ngettext_lazy(
                    "%(days)d day left in your CPD %(period)s",
                    "%(days)d days left in your CPD %(period)s",
                    days,
                ),
                days=days,
                period=progress.framework.period_label,
            )
            body = lazy_format(
                gettext_lazy(
                    "Your %(period)s ends on %(day)s. Still to do: %(missing)s. "
                    "Your drafts may only need finishing."
                ),
                period=progress.framework.period_label,
                day=lazy_date(progress.period.end, "j F Y"),
                missing=lazy_call(_missing, progress),
            )
            made = notification_services.notify(
                recipient=user,
                kind=NotificationKind.CPD_DEADLINE,
                title=title,
                body=body,
                url=reverse("cpd:progress"),
                dedupe_key=f"cpd-deadline:{progress.period.end}:{_threshold(days)}",
            )
            sent += 1 if made else 0
    return sent
