"""Quiet hours: when a person does not want email, in their own time zone.

Windows are kept per weekday (Monday = 0) as ``[start, end]`` pairs of ``"HH:MM"``
local times with ``start < end``; ``"24:00"`` ends a window at midnight. A quiet spell
that crosses midnight is two windows, one each side of it, which keeps every day
independent and lets shift workers set each day on its own. Urgent notifications
ignore quiet hours.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DEFAULT_TIMEZONE = "Europe/London"
WEEKDAY_KEYS = [str(i) for i in range(7)]
_EVENING_AND_NIGHT = [["00:00", "08:00"], ["19:00", "24:00"]]
_ALL_DAY = [["00:00", "24:00"]]


def default_windows() -> dict[str, list[list[str]]]:
    """Weekdays 19:00–08:00 and all weekend."""
    return {
        **{key: [list(w) for w in _EVENING_AND_NIGHT] for key in WEEKDAY_KEYS[:5]},
        **{key: [list(w) for w in _ALL_DAY] for key in WEEKDAY_KEYS[5:]},
    }


def _minutes(value: str) -> int:
    hours, _sep, minutes = value.strip().partition(":")
    if not (hours.isdigit() and minutes.isdigit() and len(minutes) == 2):
        raise ValueError(value)
    total = int(hours) * 60 + int(minutes)
    if int(minutes) > 59 or total > 24 * 60:
        raise ValueError(value)
    return total


def _hhmm(total: int) -> str:
    return f"{total // 60:02d}:{total % 60:02d}"


def parse_day(text: str) -> list[list[str]]:
    """``"00:00-08:00, 19:00-24:00"`` → ``[["00:00", "08:00"], ["19:00", "24:00"]]``.

    Raises ``ValidationError`` with a message a person can act on."""
    windows = []
    for chunk in text.replace(";", ",").split(","):
        chunk = chunk.strip()
        if not chunk:
            continue
        start, sep, end = chunk.replace("–", "-").partition("-")
        try:
            if not sep:
                raise ValueError(chunk)
            start_m, end_m = _minutes(start), _minutes(end)
        except ValueError:
            raise ValidationError(_("Enter times like 19:00-24:00, separated by commas.")) from None
        if start_m >= end_m:
            raise ValidationError(
                _(
                    "Each quiet time must end after it starts. Split times that cross "
                    "midnight in two, for example 22:00-24:00 and 00:00-06:00 the next day."
                )
            )
        windows.append((start_m, end_m))
    windows.sort()
    merged: list[list[int]] = []
    for start_m, end_m in windows:
        if merged and start_m <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end_m)
        else:
            merged.append([start_m, end_m])
    return [[_hhmm(s), _hhmm(e)] for s, e in merged]


def require_time_outside(windows: dict, *, enabled: bool) -> None:
    """Quiet all week would hold every email for ever: refused while quiet hours are on."""
    if enabled and len(windows) == 7 and all(w == _ALL_DAY for w in windows.values()):
        raise ValidationError(
            _("Leave some time in the week outside quiet hours, or switch them off.")
        )


def format_day(windows: list[list[str]]) -> str:
    return ", ".join(f"{start}-{end}" for start, end in windows)


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name or DEFAULT_TIMEZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_TIMEZONE)


def _day_windows(windows: dict, day: date) -> list[tuple[int, int]]:
    raw = windows.get(str(day.weekday()), [])
    result = []
    for pair in raw:
        try:
            result.append((_minutes(pair[0]), _minutes(pair[1])))
        except (ValueError, IndexError, TypeError, AttributeError):
            continue
    return result


def _local_at(day: date, minutes: int, tz: ZoneInfo) -> datetime:
    if minutes >= 24 * 60:
        return datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz)
    return datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=tz)


def quiet_until(windows: dict, tz_name: str, at: datetime) -> datetime | None:
    """The first moment at or after ``at`` that is outside quiet hours, or ``None`` when
    ``at`` is not quiet. Windows that meet (Monday 19:00-24:00, Tuesday 00:00-08:00)
    are one quiet spell. A week with no time outside quiet hours counts as no quiet
    hours at all, so nothing waits for ever."""
    tz = zone(tz_name)
    current = at.astimezone(tz)
    moved = False
    for _step in range(7 * 4):
        day = current.date()
        minute = current.hour * 60 + current.minute
        inside = next(((s, e) for s, e in _day_windows(windows, day) if s <= minute < e), None)
        if inside is None:
            return current if moved else None
        current = _local_at(day, inside[1], tz)
        moved = True
    return None


def is_quiet(windows: dict, tz_name: str, at: datetime) -> bool:
    return quiet_until(windows, tz_name, at) is not None
