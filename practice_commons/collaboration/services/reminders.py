"""Reminders before review dates and milestones (the daily job; idempotent: each
reminder has a ``dedupe_key``, so a second run records nothing new)."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy

from practice_commons.core.lazy_text import lazy_date, lazy_format
from practice_commons.notifications import services as notification_services
from practice_commons.notifications.kinds import NotificationKind

from ..models import Agreement, AgreementMilestone
from ..models.agreements import RUNNING_STATES

REVIEW_NOTICE_DAYS = 14
MILESTONE_NOTICE_DAYS = 7


def _contacts(agreement) -> list:
    return [p.contact for p in agreement.parties.all()]


def agreement_reminders_send(*, today: dt.date | None = None) -> int:
    """Remind each party's contact of a review date within ``REVIEW_NOTICE_DAYS`` (and
    overdue ones) and of an undone milestone within ``MILESTONE_NOTICE_DAYS``. Returns
    how many notifications were recorded."""
    today = today or timezone.localdate()
    sent = 0
    reviews = (
        Agreement.objects.filter(
            state__in=RUNNING_STATES,
            review_on__isnull=False,
            review_on__lte=today + dt.timedelta(days=REVIEW_NOTICE_DAYS),
        )
        .prefetch_related("parties__contact")
        .order_by("pk")
    )
    for agreement in reviews.iterator(chunk_size=200):
        overdue = agreement.review_on < today
        # Lazy: each contact's copy is in their own language (a job has no reader).
        title = lazy_format(
            gettext_lazy("The review of “%(t)s” is overdue (due %(d)s)")
            if overdue
            else gettext_lazy("The review of “%(t)s” is due on %(d)s"),
            t=agreement.title,
            d=lazy_date(agreement.review_on, "j F Y"),
        )
        sent += notification_services.notify_many(
            recipients=_contacts(agreement),
            kind=NotificationKind.REVIEW_DUE,
            title=title,
            url=agreement.get_absolute_url(),
            dedupe_key=f"collaboration.agreement:{agreement.pk}:review:{agreement.review_on}"
            + (":overdue" if overdue else ""),
        )
    milestones = (
        AgreementMilestone.objects.filter(
            done_on__isnull=True,
            agreement__state__in=RUNNING_STATES,
            due_on__gte=today,
            due_on__lte=today + dt.timedelta(days=MILESTONE_NOTICE_DAYS),
        )
        .select_related("agreement")
        .prefetch_related("agreement__parties__contact")
        .order_by("pk")
    )
    for milestone in milestones.iterator(chunk_size=200):
        agreement = milestone.agreement
        sent += notification_services.notify_many(
            recipients=_contacts(agreement),
            kind=NotificationKind.REMINDER,
            title=lazy_format(
                gettext_lazy("Milestone “%(m)s” of “%(t)s” is due on %(d)s"),
                m=milestone.title,
                t=agreement.title,
                d=lazy_date(milestone.due_on, "j F Y"),
            ),
            url=agreement.get_absolute_url(),
            dedupe_key=f"collaboration.milestone:{agreement.pk}:{milestone.title}:{milestone.due_on}",
        )
    return sent
