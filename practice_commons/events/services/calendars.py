"""Private calendar feeds and reminders."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from practice_commons.accounts.services import audit_record
from practice_commons.notifications import services as notification_services
from practice_commons.notifications.kinds import NotificationKind

from .. import timefmt
from ..models import (
    CalendarFeed,
    Event,
    EventStatus,
    Registration,
    RegistrationStatus,
)
from ..models.registrations import new_feed_token
from .common import (
    event_path,
    require_signed_in,
)

# --- Calendar feeds ------------------------------------------------------------------------


@transaction.atomic
def calendar_feed_regenerate(*, actor) -> CalendarFeed:
    """A new private feed URL; any earlier one stops working at once."""
    require_signed_in(actor)
    feed, _created = CalendarFeed.objects.update_or_create(
        user=actor, defaults={"token": new_feed_token(), "created_at": timezone.now()}
    )
    audit_record(actor=actor, action="event.feed_regenerate", target=actor)
    return feed


@transaction.atomic
def calendar_feed_revoke(*, actor) -> None:
    require_signed_in(actor)
    deleted, _rows = CalendarFeed.objects.filter(user=actor).delete()
    if deleted:
        audit_record(actor=actor, action="event.feed_revoke", target=actor)


# --- Reminders -----------------------------------------------------------------------------

REMINDERS = (
    # (key, from, to, urgent): events starting in (now + from, now + to].
    ("day", timedelta(hours=1), timedelta(hours=24), False),
    ("hour", timedelta(0), timedelta(hours=1), True),
)


def reminders_send(*, now: datetime | None = None) -> int:
    """Remind confirmed attendees a day and an hour before. Safe to run as often as you
    like: each reminder's ``dedupe_key`` names the event, its start and the window, so a
    person gets each at most once (and again only if the time changes). Preferences are
    applied by ``notify``; the hour-before reminder is urgent (not held by quiet hours)."""
    now = now or timezone.now()
    sent = 0
    for key, start_after, start_by, urgent in REMINDERS:
        events = Event.objects.filter(
            status=EventStatus.PUBLISHED,
            starts_at__gt=now + start_after,
            starts_at__lte=now + start_by,
        ).select_related("community")
        for event in events:
            recipients = list(
                Registration.objects.filter(
                    event=event, status=RegistrationStatus.CONFIRMED
                ).values_list("user_id", flat=True)
            )
            if not recipients:
                continue
            when = timefmt.when(event.starts_at, event.ends_at)
            title = (
                _("Coming up: %(title)s") if key == "day" else _("Starting soon: %(title)s")
            ) % {"title": event.title}
            body = when
            if event.is_online:
                body += " " + _("The joining link is on the event page.")
            sent += notification_services.notify_many(
                recipients=recipients,
                kind=NotificationKind.REMINDER,
                title=title,
                url=event_path(event),
                body=body,
                community_id=event.community_id,
                urgent=urgent,
                dedupe_key=f"event:{event.pk}:reminder:{key}:{int(event.starts_at.timestamp())}",
            )
    return sent
