"""Times as people in the UK read them: London time, whatever the server's zone, with
"GMT" or "BST" only where a reader outside the UK might need it (calendars carry UTC)."""

from datetime import datetime

from .models import LONDON


def london(value: datetime) -> datetime:
    return value.astimezone(LONDON)


def when(starts_at: datetime, ends_at: datetime) -> str:
    """ "Tuesday 3 March 2026, 18:00 to 20:00" (both ends on the same London day), or both
    dates in full when it runs over more than one day."""
    start, end = london(starts_at), london(ends_at)
    first = f"{start:%A} {start.day} {start:%B %Y}, {start:%H:%M}"
    if start.date() == end.date():
        return f"{first} to {end:%H:%M}"
    return f"{first} to {end:%A} {end.day} {end:%B %Y}, {end:%H:%M}"


def day(value: datetime) -> str:
    local = london(value)
    return f"{local:%A} {local.day} {local:%B %Y}"
