"""Finding events: the upcoming list with filters, the month grid, and "Your events"."""

import calendar
from collections import defaultdict
from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import WEEKDAYS as WEEKDAY_NAMES
from django.utils.dates import WEEKDAYS_ABBR

from practice_commons.communities import selectors as community_selectors
from practice_commons.core.pagination import query_string_without_page

from .. import policies, recurrence, selectors
from ..forms import FilterForm
from ..models import LONDON

PAGE_SIZE = 20
PER_DAY = 4  # events shown in a day of the month grid; "N more" links to the list
# (short, full) weekday names, Monday first, in the active language (Django's own
# translations of its date names).
WEEKDAYS = [(WEEKDAYS_ABBR[i], WEEKDAY_NAMES[i]) for i in range(7)]


def _parse_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _filter_form(request) -> FilterForm:
    return FilterForm(
        request.GET or None,
        communities=community_selectors.communities_visible_to(request.user)
        .filter(archived_at__isnull=True)
        .order_by("name"),
    )


def event_list(request):
    form = _filter_form(request)
    filters = form.filters()
    from_date = _parse_date(request.GET.get("from", ""))
    page = Paginator(
        policies.with_reader_facts(
            selectors.upcoming_listing(request.user, from_date=from_date, **filters),
            request.user,
        ),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    events = list(page.object_list)
    outlooks = policies.outlooks_for(request.user, events)
    dates = selectors.series_dates(
        request.user, {e.series_id for e in events if e.series_id}, from_date=from_date
    )
    for event in events:
        event.outlook = outlooks.get(event.pk)
        if event.series_id:
            event.series_rule = recurrence.describe(event.series.rule)
            event.series_upcoming = dates.get(event.series_id, [])
    page.object_list = events
    today = timezone.localdate()
    context = {
        "form": form,
        "page_obj": page,
        "from_date": from_date,
        "filtered": any(v for v in filters.values()) or from_date is not None,
        "query_string": query_string_without_page(request),
        "month_url": reverse("events:month", kwargs={"year": today.year, "month": today.month}),
        "can_create": selectors.may_create_any_event(request.user),
    }
    return render(request, "events/event_list.html", context)


def _month_weeks(events, year: int, month: int) -> list[list[dict]]:
    """The month grid, Monday first: each day's first few events and how many more."""
    by_day = defaultdict(list)
    for event in events:
        by_day[event.starts_at.astimezone(LONDON).date()].append(event)
    return [
        [
            {
                "date": d,
                "in_month": d.month == month,
                "events": by_day.get(d, [])[:PER_DAY],
                "more": max(len(by_day.get(d, [])) - PER_DAY, 0),
            }
            for d in week
        ]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    ]


def month(request, year: int, month: int):
    if not 1 <= month <= 12 or not 2000 <= year <= 2100:
        raise Http404
    form = _filter_form(request)
    filters = form.filters()
    events = list(selectors.events_in_month(request.user, year, month, **filters))
    return render(
        request,
        "events/month.html",
        {
            "form": form,
            "weeks": _month_weeks(events, year, month),
            "events": events,
            "month_start": date(year, month, 1),
            "previous": date(year - (month == 1), (month - 2) % 12 + 1, 1),
            "following": date(year + (month == 12), month % 12 + 1, 1),
            "query_string": query_string_without_page(request),
            "filtered": any(v for v in filters.values()),
            "today": timezone.localdate(),
            "weekdays": WEEKDAYS,
        },
    )


@login_required
def mine(request):
    feed = selectors.feed_of(request.user)
    return render(
        request,
        "events/mine.html",
        {
            "upcoming": list(selectors.registrations_for_user(request.user)[:50]),
            "attended": list(selectors.attended_registrations(request.user)[:50]),
            "organised": list(selectors.events_managed_by(request.user)[:50]),
            "feed": feed,
        },
    )
