"""Recurring series: one ``Event`` per date of an RFC 5545 rule, in London wall-clock
time; series-wide changes, skipping a date, publishing every draft date."""

from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from practice_commons.accounts.services import audit_record
from practice_commons.confidentiality.guard import guard_texts

from .. import recurrence
from ..models import Event, EventStatus, Series, wall_clock_end
from ..waitlist import lock_event
from .common import GUARDED_FIELDS, SERIES_FIELDS, require_manager, require_signed_in
from .events import (
    apply_defaults,
    check_hosts,
    clean_event_data,
    event_publish,
    event_update,
    mark_cancelled,
    validate_event,
)


@transaction.atomic
def series_create(
    *,
    actor,
    data: dict,
    rule: str,
    start_date: date,
    start_time: time,
    end_time: time,
    professions=(),
    co_hosts=(),
    publish: bool = False,
    confidentiality_acknowledged: bool = False,
) -> Series:
    """A recurring event: one ``Event`` per date of the rule (London wall-clock times, so
    18:00 stays 18:00 across a change to or from summer time)."""
    require_signed_in(actor)
    data = {k: v for k, v in clean_event_data(data).items() if k in SERIES_FIELDS}
    guard_texts(
        texts={f: data.get(f) or "" for f in GUARDED_FIELDS},
        acknowledged=confidentiality_acknowledged,
    )
    check_hosts(actor, community=data.get("community"), organisation=data.get("organisation"))
    first = datetime.combine(start_date, start_time)
    duration = datetime.combine(start_date, end_time) - first
    if duration <= timedelta(0):
        raise ValidationError({"end_time": _("The end must be after the start.")})
    rule = recurrence.validate_rule(rule, start=first)
    series = Series(
        title=data.get("title", ""),
        organiser=actor,
        community=data.get("community"),
        organisation=data.get("organisation"),
        rule=rule,
        start_date=start_date,
        start_time=start_time,
        duration=duration,
    )
    starts = series.local_starts()
    now = timezone.now()
    if publish and starts and starts[0] <= now:
        raise ValidationError({"start_date": _("A published series must start in the future.")})
    template = Event(
        organiser=actor,
        starts_at=starts[0] if starts else now,
        ends_at=(starts[0] if starts else now) + duration,
        **data,
    )
    apply_defaults(template)
    validate_event(template)
    series.save()
    status = EventStatus.PUBLISHED if publish else EventStatus.DRAFT
    events = [
        Event(
            organiser=actor,
            series=series,
            occurrence_date=start.date(),
            starts_at=start,
            ends_at=wall_clock_end(start, duration),
            status=status,
            published_at=now if publish else None,
            created_at=now,
            updated_at=now,
            **{**data, "cpd_hours": template.cpd_hours, "offer_hours": template.offer_hours},
        )
        for start in starts
    ]
    Event.objects.bulk_create(events)
    events = list(Event.objects.filter(series=series).order_by("starts_at"))
    _set_m2m(events, professions=professions, co_hosts=co_hosts)
    audit_record(
        actor=actor, action="event.series_create", target=series, data={"occurrences": len(events)}
    )
    return series


def _set_m2m(events: list[Event], *, professions=(), co_hosts=()) -> None:
    prof_through = Event.target_professions.through
    host_through = Event.co_hosts.through
    prof_through.objects.bulk_create(
        [prof_through(event_id=e.pk, profession_id=p.pk) for e in events for p in professions]
    )
    host_through.objects.bulk_create(
        [host_through(event_id=e.pk, organisation_id=o.pk) for e in events for o in co_hosts]
    )


@transaction.atomic
def series_update(
    *,
    actor,
    series: Series,
    data: dict,
    professions=None,
    co_hosts=None,
    confidentiality_acknowledged: bool = False,
) -> int:
    """Apply a change to every future occurrence that was not changed on its own. Each
    occurrence is updated through ``event_update``, so registrants hear of changes."""
    occurrences = list(
        Event.objects.filter(series=series, detached=False, starts_at__gt=timezone.now())
        .exclude(status=EventStatus.CANCELLED)
        .select_related("community", "organisation")
        .order_by("starts_at")
    )
    if not occurrences:
        return 0
    data = {k: v for k, v in data.items() if k in SERIES_FIELDS}
    for event in occurrences:
        event_update(
            actor=actor,
            event=event,
            data=data,
            professions=professions,
            co_hosts=co_hosts,
            confidentiality_acknowledged=confidentiality_acknowledged,
            _from_series=True,
        )
    if "title" in data:
        series.title = data["title"]
        series.save(update_fields=["title"])
    return len(occurrences)


@transaction.atomic
def series_skip_occurrence(*, actor, event: Event, reason: str = "") -> Event:
    """An exception to the rule: this date does not happen. The date joins the series'
    exceptions and the occurrence is cancelled (its registrants are told)."""
    if event.series_id is None:
        raise ValidationError(_("This event is not part of a series."))
    require_manager(actor, event)
    guard_texts(texts={"reason": reason or ""})
    series = Series.objects.select_for_update().get(pk=event.series_id)
    key = event.occurrence_date.isoformat()
    if key not in series.exdates:
        series.exdates = [*series.exdates, key]
        series.save(update_fields=["exdates"])
    event = lock_event(event.pk)
    if event.status != EventStatus.CANCELLED:
        mark_cancelled(
            event,
            actor=actor,
            reason=reason or _("This date is not taking place."),
            now=timezone.now(),
        )
    audit_record(actor=actor, action="event.series_skip", target=event, data={"date": key})
    return event


@transaction.atomic
def series_publish(*, actor, series: Series) -> int:
    events = list(
        Event.objects.filter(series=series, status=EventStatus.DRAFT, starts_at__gt=timezone.now())
    )
    for event in events:
        event_publish(actor=actor, event=event)
    return len(events)
