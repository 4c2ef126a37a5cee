"""Recurrence rules, written and read by ``dateutil.rrule`` (RFC 5545), never by hand.

Organisers pick from plain choices ("every 2 months, on the first Tuesday, 6 times");
``build_rule`` turns them into an ``RRULE`` string with dateutil, and ``validate_rule``
checks any rule (the API accepts one directly) before a series is made from it.
"""

from datetime import date, datetime, time

from dateutil import rrule as du
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import MAX_OCCURRENCES

FREQUENCIES = {"weekly": du.WEEKLY, "monthly": du.MONTHLY}
WEEKDAYS = [du.MO, du.TU, du.WE, du.TH, du.FR, du.SA, du.SU]
# "first" … "fourth" and "last" weekday of the month.
ORDINALS = {"1": 1, "2": 2, "3": 3, "4": 4, "-1": -1}
ALLOWED_FREQS = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}


def build_rule(
    *,
    frequency: str,
    interval: int = 1,
    weekday: int | None = None,
    ordinal: str = "",
    count: int | None = None,
    until: date | None = None,
    start: datetime,
) -> str:
    """The RRULE (without the ``RRULE:`` prefix) for the organiser's choices.

    ``frequency`` weekly or monthly; ``weekday`` 0 (Monday) … 6; for monthly, ``ordinal``
    "1"…"4" or "-1" (last) picks "the first Tuesday" rather than a day of the month.
    """
    if frequency not in FREQUENCIES:
        raise ValidationError({"frequency": _("Choose how often it repeats.")})
    kwargs: dict = {"interval": max(int(interval or 1), 1), "dtstart": start}
    if weekday is not None:
        day = WEEKDAYS[int(weekday)]
        if frequency == "monthly" and ordinal:
            day = day(ORDINALS[ordinal])
        kwargs["byweekday"] = day
    if count:
        kwargs["count"] = int(count)
    elif until:
        kwargs["until"] = datetime.combine(until, time(23, 59, 59))
    rule = du.rrule(FREQUENCIES[frequency], **kwargs)
    lines = [line for line in str(rule).splitlines() if line.startswith("RRULE:")]
    return lines[0].removeprefix("RRULE:")


def validate_rule(rule: str, *, start: datetime) -> str:
    """``rule`` cleaned, or ``ValidationError``: it must parse, repeat at most daily, and
    end (``COUNT`` or ``UNTIL``) — occurrences are materialised, so a rule without an
    end is cut at ``MAX_OCCURRENCES``."""
    rule = (rule or "").strip().removeprefix("RRULE:")
    if not rule:
        raise ValidationError({"rule": _("Enter how the event repeats.")})
    try:
        parsed = du.rrulestr(rule, dtstart=start)
    except (ValueError, TypeError) as exc:
        raise ValidationError({"rule": _("This recurrence rule is not valid.")}) from exc
    parts = dict(p.split("=", 1) for p in rule.upper().split(";") if "=" in p)
    if parts.get("FREQ") not in ALLOWED_FREQS:
        raise ValidationError({"rule": _("An event can repeat at most once a day.")})
    if "COUNT" not in parts and "UNTIL" not in parts:
        raise ValidationError(
            {"rule": _("Say when the series ends: a number of times or a last date.")}
        )
    first = next(iter(parsed), None)
    if first is None:
        raise ValidationError({"rule": _("This rule gives no dates.")})
    occurrences = list(_take(parsed, MAX_OCCURRENCES + 1))
    if len(occurrences) > MAX_OCCURRENCES:
        raise ValidationError(
            {"rule": _("A series can have at most %(n)d dates.") % {"n": MAX_OCCURRENCES}}
        )
    return rule


def _take(iterable, n):
    for i, item in enumerate(iterable):
        if i >= n:
            return
        yield item


def describe(rule: str) -> str:
    """A short English reading of common rules, for the series page."""
    parts = dict(p.split("=", 1) for p in rule.upper().split(";") if "=" in p)
    interval = int(parts.get("INTERVAL", "1"))
    unit = {"DAILY": "day", "WEEKLY": "week", "MONTHLY": "month", "YEARLY": "year"}.get(
        parts.get("FREQ", ""), "time"
    )
    every = f"Every {unit}" if interval == 1 else f"Every {interval} {unit}s"
    byday = parts.get("BYDAY", "")
    if byday:
        names = {
            "MO": "Monday",
            "TU": "Tuesday",
            "WE": "Wednesday",
            "TH": "Thursday",
            "FR": "Friday",
            "SA": "Saturday",
            "SU": "Sunday",
        }
        ords = {
            "1": "first",
            "+1": "first",
            "2": "second",
            "+2": "second",
            "3": "third",
            "+3": "third",
            "4": "fourth",
            "+4": "fourth",
            "-1": "last",
        }
        days = []
        for token in byday.split(","):
            code, prefix = token[-2:], token[:-2]
            day = names.get(code, code)
            days.append(f"the {ords[prefix]} {day}" if prefix in ords else day)
        every += " on " + " and ".join(days)
    if "COUNT" in parts:
        every += f", {parts['COUNT']} times"
    return every
