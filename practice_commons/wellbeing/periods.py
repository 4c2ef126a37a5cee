"""Months and quarters, in UK time."""

import datetime as dt

from django.utils import timezone
from django.utils.dateformat import format as date_format


def today() -> dt.date:
    return timezone.localdate()


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def quarter_months(quarter: dt.date) -> list[dt.date]:
    return [add_months(quarter, i) for i in range(3)]


def is_closed(quarter: dt.date, on: dt.date | None = None) -> bool:
    """A quarter is closed once it has ended: nothing can be answered in it any more."""
    return add_months(quarter, 3) <= (on or today())


def last_closed_quarter(on: dt.date | None = None) -> dt.date:
    return add_months(quarter_start(on or today()), -3)


def month_label(day: dt.date) -> str:
    return f"{day:%Y-%m}"


def quarter_label(day: dt.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def period_label(kind: str, day: dt.date) -> str:
    return quarter_label(day) if kind == "quarter" else month_label(day)


def human_label(kind: str, day: dt.date) -> str:
    """The period's name for the pages, in the active language ("Jan–Mar 2026")."""
    if kind == "quarter":
        return f"{date_format(day, 'M')}–{date_format(add_months(day, 2), 'M Y')}"
    return date_format(day, "F Y")
