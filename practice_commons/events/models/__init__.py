"""Events: the ``models`` package re-exports every model and choice."""

from .choices import (
    ACTIVE_STATUSES,
    PEER_REFLECTION_KINDS,
    PLACE_STATUSES,
    Audience,
    EventFormat,
    EventKind,
    EventStatus,
    RegistrationStatus,
    WaitlistReason,
)
from .events import LONDON, MAX_OCCURRENCES, Event, Series, wall_clock_end
from .registrations import (
    CHECKIN_SALT,
    CalendarFeed,
    EventInvitation,
    Feedback,
    Registration,
)

__all__ = [
    "ACTIVE_STATUSES",
    "CHECKIN_SALT",
    "LONDON",
    "MAX_OCCURRENCES",
    "PEER_REFLECTION_KINDS",
    "PLACE_STATUSES",
    "Audience",
    "CalendarFeed",
    "Event",
    "EventFormat",
    "EventInvitation",
    "EventKind",
    "EventStatus",
    "Feedback",
    "Registration",
    "RegistrationStatus",
    "Series",
    "WaitlistReason",
    "wall_clock_end",
]
