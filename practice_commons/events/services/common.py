"""What every events service shares: refusals, permission checks, the event row lock
and notifications sent after commit."""

import logging
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from practice_commons.core.errors import PermissionDenied
from practice_commons.notifications import services as notification_services

from .. import selectors
from ..models import (
    Event,
)

logger = logging.getLogger(__name__)

# What an organiser sets on an event (the form, the API and a series share the list).
EVENT_FIELDS = (
    "title",
    "description",
    "kind",
    "community",
    "organisation",
    "starts_at",
    "ends_at",
    "format",
    "venue",
    "address",
    "venue_notes",
    "online_url",
    "nation",
    "area",
    "capacity",
    "contact_name",
    "contact_email",
    "audience",
    "trial_allowed",
    "max_profession_share",
    "cpd_hours",
    "show_attendee_names",
    "offer_hours",
)
# Free text a person writes (the guard reads these before anything is stored).
GUARDED_FIELDS = ("title", "description", "venue_notes")
# A change to any of these is news for everyone registered.
TIME_PLACE_FIELDS = ("starts_at", "ends_at", "format", "venue", "address", "online_url")
# What a series-wide change may set on its occurrences (each keeps its own date).
SERIES_FIELDS = tuple(f for f in EVENT_FIELDS if f not in ("starts_at", "ends_at"))
# Attendance can be taken from this long before the start (doors open early).
ATTENDANCE_OPENS_BEFORE = timedelta(hours=1)
MAX_INVITATIONS = 50


class RegistrationRefused(ValidationError):
    """The person may not register; the message says why and what they can do."""


def require_signed_in(actor) -> None:
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Sign in first."))


def require_manager(actor, event: Event) -> None:
    require_signed_in(actor)
    if not selectors.can_manage(actor, event):
        raise PermissionDenied(_("Only this event's organisers can do that."))


def lock_event(pk: int) -> Event:
    """The event row, locked until the transaction ends (a no-op on SQLite, whose
    ``IMMEDIATE`` transactions already hold the database's write lock)."""
    return (
        Event.objects.select_for_update(of=("self",))
        .select_related("community", "organisation")
        .get(pk=pk)
    )


def event_path(event: Event) -> str:
    return event.get_absolute_url()


def notify_on_commit(
    *,
    recipient_ids,
    kind: str,
    title: str,
    url: str,
    body: str = "",
    actor=None,
    community_id=None,
    dedupe_key: str = "",
    urgent: bool = False,
) -> None:
    ids = sorted(set(recipient_ids))
    if not ids:
        return

    def send():
        notification_services.notify_many(
            recipients=ids,
            kind=kind,
            title=title,
            url=url,
            body=body,
            actor=actor,
            community_id=community_id,
            dedupe_key=dedupe_key,
            urgent=urgent,
        )

    transaction.on_commit(send)
