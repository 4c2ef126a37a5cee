"""Recurrence rules, written and read by ``dateutil.rrule`` (RFC 5545), never by hand.

Organisers pick from plain choices ("every 2 months, on the first Tuesday, 6 times");
``build_rule`` turns them into an ``RRULE`` string with dateutil, and ``validate_rule``
checks any rule (the API accepts one directly) before a series is made from it.
"""

from datetime import date, datetime, time

from dateutil import rrule as du
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

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
    """A short reading of common rules, for the series page, in the active language."""
    parts = dict(p.split("=", 1) for p in rule.upper().split(";") if "=" in p)
    interval = int(parts.get("INTERVAL", "1"))
    freq = parts.get("FREQ", "")
    if interval == 1:
        every = {
            "DAILY": _("Every day"),
            "WEEKLY": _("Every week"),
            "MONTHLY": _("Every month"),
            "YEARLY": _("Every year"),
        }.get(freq, _("Every time"))
    else:
        every = {
            "DAILY": _("Every %(n)d days"),
            "WEEKLY": _("Every %(n)d weeks"),
            "MONTHLY": _("Every %(n)d months"),
            "YEARLY": _("Every %(n)d years"),
        }.get(freq, _("Every %(n)d times")) % {"n": interval}
    byday = parts.get("BYDAY", "")
    if byday:
        # A weekday on its own ("on Monday"), and after "second", takes another form in
        # some languages (Welsh: "ar ddydd Llun", "yr ail ddydd Llun").
        names = {
            "MO": pgettext("weekday", "Monday"),
            "TU": pgettext("weekday", "Tuesday"),
            "WE": pgettext("weekday", "Wednesday"),
            "TH": pgettext("weekday", "Thursday"),
            "FR": pgettext("weekday", "Friday"),
            "SA": pgettext("weekday", "Saturday"),
            "SU": pgettext("weekday", "Sunday"),
        }
        mutated = {
            "MO": pgettext("weekday after 'on' or 'the second'", "Monday"),
            "TU": pgettext("weekday after 'on' or 'the second'", "Tuesday"),
            "WE": pgettext("weekday after 'on' or 'the second'", "Wednesday"),
            "TH": pgettext("weekday after 'on' or 'the second'", "Thursday"),
            "FR": pgettext("weekday after 'on' or 'the second'", "Friday"),
            "SA": pgettext("weekday after 'on' or 'the second'", "Saturday"),
            "SU": pgettext("weekday after 'on' or 'the second'", "Sunday"),
        }
        first, second = _("the first %(day)s"), _("the second %(day)s")
        third, fourth = _("the third %(day)s"), _("the fourth %(day)s")
        ords = {
            "1": first,
            "+1": first,
            "2": second,
            "+2": second,
            "3": third,
            "+3": third,
            "4": fourth,
            "+4": fourth,
            "-1": _("the last %(day)s"),
        }
        days = []
        for token in byday.split(","):
            code, prefix = token[-2:], token[:-2]
            if prefix in ords:
                table = mutated if prefix in ("2", "+2") else names
                days.append(ords[prefix] % {"day": table.get(code, code)})
            else:
                # Only the weekday straight after "on" takes the other form.
                days.append((names if days else mutated).get(code, code))
        joined = days[0]
        for later in days[1:]:
            joined = _("%(first)s and %(then)s") % {"first": joined, "then": later}
        every = _("%(every)s on %(days)s") % {"every": every, "days": joined}
    if "COUNT" in parts:
        every = _("%(every)s, %(count)s times") % {"every": every, "count": parts["COUNT"]}
    return every
