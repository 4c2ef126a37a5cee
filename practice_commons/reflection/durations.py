"""Lengths of time as people say and read them: a turn's length typed as "1:30", "90s"
or "2" (minutes), said back as "1 minute 30 seconds"; and the CPD hours of the time
someone took part, in tenths of an hour (what a CPD record holds)."""

import re
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy, ngettext

_MIN = r"(?:m|min|mins|minute|minutes)"
_SEC = r"(?:s|sec|secs|second|seconds)"
_CLOCK = re.compile(r"^(\d{1,2}):([0-5]\d)$")
_SECONDS = re.compile(rf"^(\d+)\s*{_SEC}$")
_MINUTES = re.compile(rf"^(\d+(?:[.,]\d+)?)\s*{_MIN}?$")
_BOTH = re.compile(rf"^(\d+)\s*{_MIN}\s*(\d+)\s*{_SEC}?$")
# CPD records (and events' CPD hours) hold one decimal place: six minutes.
TENTH_HOUR = Decimal("0.1")
# The shortest and longest turn, in seconds.
MIN_TURN, MAX_TURN = 30, 1800


def parse_turn_length(text: str) -> int | None:
    """Seconds from what someone typed: ``1:30``, ``90s``, ``2`` (minutes), ``2m``,
    ``1.5`` (minutes), ``1m 30s``, ``1 minute 30 seconds``. ``None`` if it is not a length
    of time, or not a whole number of seconds."""
    value = " ".join(str(text or "").strip().lower().split())
    if not value:
        return None
    if match := _CLOCK.match(value):
        return int(match.group(1)) * 60 + int(match.group(2))
    if match := _SECONDS.match(value):
        return int(match.group(1))
    if match := _BOTH.match(value):
        return int(match.group(1)) * 60 + int(match.group(2))
    if match := _MINUTES.match(value):
        seconds = Decimal(match.group(1).replace(",", ".")) * 60
        if seconds != seconds.to_integral_value():
            return None
        return int(seconds)
    return None


def turn_length_words(seconds: int) -> str:
    """``90`` → "1 minute 30 seconds"; ``180`` → "3 minutes"; ``45`` → "45 seconds"."""
    minutes, rest = divmod(int(seconds), 60)
    parts = []
    if minutes:
        parts.append(ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes})
    if rest or not minutes:
        parts.append(ngettext("%(n)d second", "%(n)d seconds", rest) % {"n": rest})
    return " ".join(parts)


def turn_length_clock(seconds: int) -> str:
    """``90`` → "1:30", as the timer box shows it."""
    minutes, rest = divmod(int(seconds), 60)
    return f"{minutes}:{rest:02d}"


def hours_between(start: datetime, end: datetime, *, away: timedelta = timedelta(0)) -> Decimal:
    """CPD hours for the time from ``start`` to ``end`` less ``away``: to the nearest
    tenth of an hour (six minutes), at least a tenth (someone who was there took part)."""
    seconds = max((end - start - away).total_seconds(), 0)
    tenths = (Decimal(str(seconds)) / 360).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return max(tenths * TENTH_HOUR, TENTH_HOUR)


TIMER_ERROR = gettext_lazy(
    "Enter the time for each turn in minutes and seconds, like 1:30, 90s or 2 (for 2 "
    "minutes), from 30 seconds to 30 minutes."
)


def timer_error() -> str:
    return str(TIMER_ERROR)
