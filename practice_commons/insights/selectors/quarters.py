"""Calendar quarters (London days): the only periods health figures are published for."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import dateformat, timezone
from django.utils.translation import gettext

from practice_commons.events.models import LONDON

MAX_QUARTERS_OFFERED = 12


@dataclass(frozen=True)
class Period:
    """A calendar quarter (London days, first to last inclusive). Health figures are
    published for closed quarters only: one fixed grid of periods that never overlap, so
    no two periods can be subtracted to isolate a few people (see ``_membership_figures``
    and ``_people_figures`` for the rules inside the grid)."""

    start: date  # first day, inclusive
    end: date  # last day, inclusive

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def previous(self) -> "Period":
        return quarter_of(self.start - timedelta(days=1))

    @property
    def since(self) -> datetime:
        return datetime.combine(self.start, time.min, tzinfo=LONDON)

    @property
    def until(self) -> datetime:
        """The first moment after the period."""
        return datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=LONDON)

    @property
    def label(self) -> str:
        return gettext("%(start)s to %(end)s") % {
            "start": dateformat.format(self.start, "F"),
            "end": dateformat.format(self.end, "F Y"),
        }

    @property
    def months(self) -> list[date]:
        return [date(self.start.year, self.start.month + i, 1) for i in range(3)]


def quarter_of(day: date) -> Period:
    first = (day.month - 1) // 3 * 3 + 1
    start = date(day.year, first, 1)
    after = date(day.year + (first == 10), (first + 2) % 12 + 1, 1)
    return Period(start, after - timedelta(days=1))


def last_closed_quarter(today: date | None = None) -> Period:
    return quarter_of(today or timezone.localdate()).previous


def closed_quarters(today: date | None = None, count: int = MAX_QUARTERS_OFFERED) -> list[Period]:
    """The quarters a reader may choose, newest first."""
    out = [last_closed_quarter(today)]
    while len(out) < count:
        out.append(out[-1].previous)
    return out


def period_from(start: date | None, end: date | None, *, today: date | None = None) -> Period:
    """The chosen quarter, or the last closed one. ``start`` alone (the page's choice)
    means the quarter it falls in; ``start`` and ``end`` (the API) must be exactly a
    calendar quarter. Raises ``ValueError`` with a sentence for the reader."""
    today = today or timezone.localdate()
    if start is None and end is None:
        return last_closed_quarter(today)
    if start is not None and end is not None and start > end:
        raise ValueError(gettext("The start date must be on or before the end date."))
    quarter = quarter_of(start or end)
    if start is not None and end is not None and (start, end) != (quarter.start, quarter.end):
        raise ValueError(
            gettext(
                "Choose a calendar quarter: from 1 January, 1 April, 1 July or 1 October to "
                "the last day of March, June, September or December."
            )
        )
    if quarter.end >= today:
        raise ValueError(
            gettext("Figures are shown for quarters that have ended. The latest is %(latest)s.")
            % {"latest": last_closed_quarter(today).label}
        )
    return quarter
