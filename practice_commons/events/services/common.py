"""What every events service shares: the field lists, refusals, permission checks and
giving freed places to the waiting list."""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from practice_commons.core.errors import PermissionDenied

from .. import selectors, tasks, waitlist
from ..models import Event, Registration

# What an organiser sets on an event (the form, the API and a series share the list).
EVENT_FIELDS = (
    "title",
    "description",
    "title_cy",
    "description_cy",
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
GUARDED_FIELDS = (
    "title",
    "description",
    "title_cy",
    "description_cy",
    "venue",
    "area",
    "venue_notes",
)
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


def offer_free_places(event: Event, now: datetime) -> list[Registration]:
    """Offer any free places to the waiting list (the caller holds the event lock) and
    queue each offer's expiry for its deadline."""
    offered = waitlist.promote(event, now)
    tasks.expire_offers_at_deadline(offered)
    return offered


def event_path(event: Event) -> str:
    return event.get_absolute_url()
