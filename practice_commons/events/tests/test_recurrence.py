"""Recurring series: rules written and read by dateutil, wall-clock times in London across
both summer-time changes, exceptions and per-occurrence changes."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError

from practice_commons.events import recurrence, selectors, services
from practice_commons.events.models import LONDON, Event, EventStatus, RegistrationStatus, Series

from .conftest import event_data

pytestmark = pytest.mark.django_db


def test_build_rule_every_two_months_on_the_first_tuesday():
    rule = recurrence.build_rule(
        frequency="monthly",
        interval=2,
        weekday=1,
        ordinal="1",
        count=6,
        start=datetime(2027, 1, 5, 18, 0),
    )
    assert rule == "FREQ=MONTHLY;INTERVAL=2;COUNT=6;BYDAY=+1TU"
    series = Series(
        rule=rule, start_date=date(2027, 1, 5), start_time=time(18, 0), duration=timedelta(hours=2)
    )
    starts = series.local_starts()
    assert [s.date() for s in starts] == [
        date(2027, 1, 5),
        date(2027, 3, 2),
        date(2027, 5, 4),
        date(2027, 7, 6),
        date(2027, 9, 7),
        date(2027, 11, 2),
    ]
    assert all(s.weekday() == 1 and s.day <= 7 for s in starts)
    assert recurrence.describe(rule) == "Every 2 months on the first Tuesday, 6 times"


@pytest.mark.parametrize(
    "rule", ["", "FREQ=SOMETIMES", "FREQ=HOURLY;COUNT=3", "FREQ=WEEKLY", "FREQ=DAILY;COUNT=400"]
)
def test_invalid_rules_are_refused(rule):
    with pytest.raises(ValidationError):
        recurrence.validate_rule(rule, start=datetime(2027, 1, 5, 18, 0))


def _weekly_series_across(first: date, organiser, host_org, count=4) -> Series:
    return services.series_create(
        actor=organiser,
        data=event_data(organisation=host_org, title="Evening forum"),
        rule=f"FREQ=WEEKLY;COUNT={count}",
        start_date=first,
        start_time=time(18, 0),
        end_time=time(20, 0),
        publish=True,
    )


@pytest.mark.parametrize(
    "first, change",
    [
        (date(2030, 10, 15), date(2030, 10, 27)),  # last Sunday of October: BST -> GMT
        (date(2030, 3, 19), date(2030, 3, 31)),  # last Sunday of March: GMT -> BST
    ],
)
def test_series_keeps_london_wall_clock_time_across_summer_time(first, change, organiser, host_org):
    series = _weekly_series_across(first, organiser, host_org)
    events = list(Event.objects.filter(series=series).order_by("starts_at"))
    assert len(events) == 4
    for e in events:
        local = e.starts_at.astimezone(LONDON)
        assert (local.hour, local.minute) == (18, 0)
        assert e.ends_at.astimezone(LONDON).hour == 20
        assert e.occurrence_date == local.date()
    utc_hours = [e.starts_at.astimezone(UTC).hour for e in events]
    before = [h for e, h in zip(events, utc_hours, strict=True) if e.occurrence_date < change]
    after = [h for e, h in zip(events, utc_hours, strict=True) if e.occurrence_date > change]
    if change.month == 10:
        assert set(before) == {17} and set(after) == {18}
    else:
        assert set(before) == {18} and set(after) == {17}


def test_an_event_on_the_night_the_clocks_change_keeps_its_clock_length(organiser, host_org):
    # 00:30 to 02:30 on the last Sunday of October 2030: 01:00-02:00 happens twice.
    series = services.series_create(
        actor=organiser,
        data=event_data(organisation=host_org),
        rule="FREQ=DAILY;COUNT=1",
        start_date=date(2030, 10, 26),
        start_time=time(23, 0),
        end_time=time(23, 30),
        publish=True,
    )
    event = series.occurrences.get()
    assert event.starts_at.astimezone(LONDON).utcoffset() == timedelta(hours=1)


def test_exceptions_and_per_occurrence_changes(organiser, host_org, member):
    series = _weekly_series_across(date(2030, 6, 4), organiser, host_org, count=4)
    events = list(series.occurrences.order_by("starts_at"))
    registration = services.registration_create(actor=member, event=events[1])
    services.series_skip_occurrence(actor=organiser, event=events[1])
    series.refresh_from_db()
    assert series.exdates == ["2030-06-11"]
    events[1].refresh_from_db()
    assert events[1].status == EventStatus.CANCELLED
    assert registration.event_id == events[1].pk
    assert len(series.local_starts()) == 3  # the rule now leaves that date out

    # Move one date on its own: detached from later series-wide changes.
    moved = events[2]
    services.event_update(
        actor=organiser,
        event=moved,
        data={
            "starts_at": moved.starts_at + timedelta(hours=1),
            "ends_at": moved.ends_at + timedelta(hours=1),
            "venue": "Town Hall",
        },
    )
    moved.refresh_from_db()
    assert moved.detached
    changed = services.series_update(
        actor=organiser, series=series, data={"venue": "Library", "title": "Evening forum (new)"}
    )
    assert changed == 2  # the first and last: not the skipped, not the moved
    venues = dict(series.occurrences.values_list("pk", "venue"))
    assert venues[moved.pk] == "Town Hall"
    assert venues[events[0].pk] == venues[events[3].pk] == "Library"
    series.refresh_from_db()
    assert series.title == "Evening forum (new)"


def test_register_for_a_whole_series_each_date_keeps_its_capacity(organiser, host_org, people):
    series = services.series_create(
        actor=organiser,
        data=event_data(organisation=host_org, capacity=1),
        rule="FREQ=WEEKLY;COUNT=3",
        start_date=date(2030, 6, 4),
        start_time=time(18, 0),
        end_time=time(20, 0),
        publish=True,
    )
    events = list(series.occurrences.order_by("starts_at"))
    early, keen = people(2)
    services.registration_create(actor=early, event=events[1])
    registrations = services.series_register(actor=keen, series=series)
    assert [r.status for r in registrations] == [
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.WAITLISTED,
        RegistrationStatus.CONFIRMED,
    ]
    assert all(r.series == series for r in registrations)
    assert [r.event_id for r in registrations] == [e.pk for e in events]
    # Registering for the series again changes nothing.
    again = services.series_register(actor=keen, series=series)
    assert [r.pk for r in again] == [r.pk for r in registrations]


def test_series_occurrences_are_visible_like_events(organiser, host_org, member):
    series = _weekly_series_across(date(2030, 6, 4), organiser, host_org, count=2)
    assert len(list(selectors.series_occurrences(member, series))) == 2


def test_draft_series_can_be_published(organiser, host_org):
    series = services.series_create(
        actor=organiser,
        data=event_data(organisation=host_org),
        rule="FREQ=WEEKLY;COUNT=2",
        start_date=date(2030, 6, 4),
        start_time=time(18, 0),
        end_time=time(19, 0),
    )
    assert set(series.occurrences.values_list("status", flat=True)) == {"draft"}
    assert services.series_publish(actor=organiser, series=series) == 2
    assert set(series.occurrences.values_list("status", flat=True)) == {"published"}


def test_series_end_time_must_follow_start(organiser, host_org):
    with pytest.raises(ValidationError):
        services.series_create(
            actor=organiser,
            data=event_data(organisation=host_org),
            rule="FREQ=WEEKLY;COUNT=2",
            start_date=date(2030, 6, 4),
            start_time=time(18, 0),
            end_time=time(17, 0),
        )
