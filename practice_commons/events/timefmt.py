"""Times as people in the UK read them: London time, whatever the server's zone, with
"GMT" or "BST" only where a reader outside the UK might need it (calendars carry UTC).
Day and month names follow the active language (Welsh names on the Welsh interface)."""

from datetime import datetime

from django.utils import dateformat
from django.utils.translation import gettext as _

from .models import LONDON


def london(value: datetime) -> datetime:
    return value.astimezone(LONDON)


def _day_and_time(value: datetime) -> str:
    return dateformat.format(value, "l j F Y, H:i")


def when(starts_at: datetime, ends_at: datetime) -> str:
    """ "Tuesday 3 March 2026, 18:00 to 20:00" (both ends on the same London day), or both
    dates in full when it runs over more than one day."""
    start, end = london(starts_at), london(ends_at)
    first = _day_and_time(start)
    if start.date() == end.date():
        return _("%(start)s to %(end)s") % {"start": first, "end": dateformat.format(end, "H:i")}
    return _("%(start)s to %(end)s") % {"start": first, "end": _day_and_time(end)}


def day(value: datetime) -> str:
    return dateformat.format(london(value), "l j F Y")


def time_on_day(value: datetime) -> str:
    """ "18:00 on Tuesday 3 March 2026" (London time)."""
    return _("%(time)s on %(day)s") % {
        "time": dateformat.format(london(value), "H:i"),
        "day": day(value),
    }
