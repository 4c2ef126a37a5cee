"""Creating, changing, publishing and cancelling events, and recurring series."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from practice_commons.accounts.services import audit_record
from practice_commons.communities import selectors as community_selectors
from practice_commons.confidentiality.guard import guard_texts, redact_texts
from practice_commons.core.errors import PermissionDenied
from practice_commons.notifications.kinds import NotificationKind

from .. import recurrence, selectors, timefmt
from ..models import (
    ACTIVE_STATUSES,
    PLACE_STATUSES,
    Event,
    EventStatus,
    Registration,
    Series,
    wall_clock_end,
)
from ..notify import notify_on_commit
from ..waitlist import lock_event
from .common import (
    EVENT_FIELDS,
    GUARDED_FIELDS,
    SERIES_FIELDS,
    TIME_PLACE_FIELDS,
    event_path,
    offer_free_places,
    require_manager,
    require_signed_in,
)

# --- Creating and changing events ----------------------------------------------------------


def _clean_data(data: dict) -> dict:
    cleaned = {}
    for field in EVENT_FIELDS:
        if field not in data:
            continue
        value = data[field]
        if isinstance(value, str):
            value = value.strip()
        cleaned[field] = value
    return cleaned


def _check_hosts(actor, *, community, organisation) -> None:
    """Each host named must be one the actor speaks for (host admins speak for all)."""
    if actor.is_host_admin:
        return
    if community is None and organisation is None:
        raise PermissionDenied(_("Choose the community or organisation that hosts the event."))
    if community is not None and not community_selectors.can_moderate(actor, community):
        raise PermissionDenied(_("Only a community's facilitators can host events in it."))
    if organisation is not None and not selectors.can_create_event(
        actor, organisation=organisation
    ):
        raise PermissionDenied(
            _("Only an organisation's admins and champions can host events in its name.")
        )


def _validate(event: Event, *, confirmed_places: int = 0) -> None:
    errors: dict[str, list[str]] = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    if not event.title:
        add("title", _("Enter a title."))
    if not event.description:
        add("description", _("Say what the event is about and who it is for."))
    if not event.starts_at:
        add("starts_at", _("Enter when it starts."))
    if not event.ends_at:
        add("ends_at", _("Enter when it ends."))
    if event.starts_at and event.ends_at and event.ends_at <= event.starts_at:
        add("ends_at", _("The end must be after the start."))
    if event.is_in_person and not (event.venue or event.address):
        add("venue", _("Enter where it takes place."))
    if event.capacity is not None and event.capacity < 1:
        add("capacity", _("Enter at least 1 place, or leave it empty for no limit."))
    if event.capacity is not None and event.capacity < confirmed_places:
        add(
            "capacity",
            _("%(n)d people already hold places: the event cannot have fewer.")
            % {"n": confirmed_places},
        )
    if event.max_profession_share is not None:
        if event.capacity is None:
            add("max_profession_share", _("A profession mix needs a number of places."))
        elif not 1 <= event.max_profession_share <= 100:
            add("max_profession_share", _("Enter a percentage from 1 to 100."))
    if event.cpd_hours is not None and not Decimal(0) <= Decimal(event.cpd_hours) <= 99:
        add("cpd_hours", _("Enter CPD hours from 0 to 99."))
    if event.offer_hours is not None and not 1 <= event.offer_hours <= 168:
        add("offer_hours", _("Enter from 1 to 168 hours."))
    try:
        event.clean_fields(
            exclude=[
                "organiser",
                "series",
                "community",
                "organisation",
                "title",
                "description",
                "starts_at",
                "ends_at",
            ]
        )
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            for message in messages:
                add(field, message)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def event_create(
    *,
    actor,
    data: dict,
    professions=(),
    co_hosts=(),
    publish: bool = False,
    confidentiality_acknowledged: bool = False,
) -> Event:
    """Create an event (a draft unless ``publish``). The actor must speak for each host
    named: a community's facilitators, an organisation's admins and champions, or a host
    admin for an event of the whole host."""
    require_signed_in(actor)
    data = _clean_data(data)
    guard_texts(
        texts={f: data.get(f) or "" for f in GUARDED_FIELDS},
        acknowledged=confidentiality_acknowledged,
    )
    _check_hosts(actor, community=data.get("community"), organisation=data.get("organisation"))
    now = timezone.now()
    event = Event(organiser=actor, created_at=now, updated_at=now, **data)
    if event.cpd_hours is None:
        event.cpd_hours = Decimal(0)
    if event.offer_hours is None:
        event.offer_hours = 24
    if publish:
        event.status, event.published_at = EventStatus.PUBLISHED, now
        if event.starts_at and event.starts_at <= now:
            raise ValidationError({"starts_at": _("A published event must start in the future.")})
    _validate(event)
    event.save()
    event.target_professions.set(professions)
    event.co_hosts.set(co_hosts)
    audit_record(actor=actor, action="event.create", target=event, data={"status": event.status})
    return event


@transaction.atomic
def event_update(
    *,
    actor,
    event: Event,
    data: dict,
    professions=None,
    co_hosts=None,
    confidentiality_acknowledged: bool = False,
    _from_series: bool = False,
) -> Event:
    """Change an event. A change of time or place is sent to everyone registered (and
    bumps the calendar revision); more places promote people from the waiting list. An
    occurrence of a series changed on its own is detached from later series-wide edits."""
    require_manager(actor, event)
    data = _clean_data(data)
    guard_texts(
        texts={f: data[f] or "" for f in GUARDED_FIELDS if f in data},
        acknowledged=confidentiality_acknowledged,
    )
    if "community" in data or "organisation" in data:
        community = data.get("community", event.community)
        organisation = data.get("organisation", event.organisation)
        if (community, organisation) != (event.community, event.organisation):
            _check_hosts(actor, community=community, organisation=organisation)
    event = lock_event(event.pk)
    before = {f: getattr(event, f) for f in TIME_PLACE_FIELDS}
    for field, value in data.items():
        setattr(event, field, value)
    if event.cpd_hours is None:
        event.cpd_hours = Decimal(0)
    if event.offer_hours is None:
        event.offer_hours = 24
    places = Registration.objects.filter(event=event, status__in=PLACE_STATUSES).count()
    _validate(event, confirmed_places=places)
    changed = [f for f in TIME_PLACE_FIELDS if getattr(event, f) != before[f]]
    now = timezone.now()
    if changed:
        event.revision += 1
    if event.series_id and not _from_series and data:
        event.detached = True
    event.updated_at = now
    event.save()
    if professions is not None:
        event.target_professions.set(professions)
    if co_hosts is not None:
        event.co_hosts.set(co_hosts)
    if changed and event.status == EventStatus.PUBLISHED:
        _notify_registrants_of_change(event, actor=actor, changed=changed)
    promoted = offer_free_places(event, now)
    audit_record(
        actor=actor,
        action="event.update",
        target=event,
        data={"changed": sorted(data), "promoted": [r.pk for r in promoted]},
    )
    return event


def _active_registrant_ids(event: Event) -> list[int]:
    return list(
        Registration.objects.filter(event=event, status__in=ACTIVE_STATUSES).values_list(
            "user_id", flat=True
        )
    )


def _notify_registrants_of_change(event: Event, *, actor, changed: list[str]) -> None:
    where = ""
    if event.is_in_person:
        where = ", ".join(p for p in (event.venue, event.address) if p)
    if event.is_online:
        where = f"{where} and online" if where else _("online")
    body = _("Now: %(when)s, %(where)s.") % {
        "when": timefmt.when(event.starts_at, event.ends_at),
        "where": where,
    }
    notify_on_commit(
        recipient_ids=_active_registrant_ids(event),
        kind=NotificationKind.EVENT_CHANGED,
        title=_("Changed: %(title)s") % {"title": event.title},
        url=event_path(event),
        body=body,
        actor=actor,
        community_id=event.community_id,
        dedupe_key=f"event:{event.pk}:changed:{event.revision}",
    )


@transaction.atomic
def event_publish(*, actor, event: Event) -> Event:
    require_manager(actor, event)
    event = lock_event(event.pk)
    if event.status == EventStatus.PUBLISHED:
        return event
    if event.status == EventStatus.CANCELLED:
        raise ValidationError(_("A cancelled event cannot be published again."))
    now = timezone.now()
    if event.starts_at <= now:
        raise ValidationError({"starts_at": _("A published event must start in the future.")})
    event.status, event.published_at, event.updated_at = EventStatus.PUBLISHED, now, now
    event.save(update_fields=["status", "published_at", "updated_at"])
    audit_record(actor=actor, action="event.publish", target=event)
    return event


def _cancel(event: Event, *, actor, reason: str, now: datetime) -> None:
    was_published = event.status == EventStatus.PUBLISHED
    event.status, event.cancelled_at, event.updated_at = EventStatus.CANCELLED, now, now
    event.cancel_reason = reason
    event.revision += 1
    event.save(update_fields=["status", "cancelled_at", "updated_at", "cancel_reason", "revision"])
    if was_published:
        body = timefmt.when(event.starts_at, event.ends_at)
        if reason:
            body = f"{body}. {reason}"
        notify_on_commit(
            recipient_ids=_active_registrant_ids(event),
            kind=NotificationKind.EVENT_CANCELLED,
            title=_("Cancelled: %(title)s") % {"title": event.title},
            url=event_path(event),
            body=body,
            actor=actor,
            community_id=event.community_id,
            dedupe_key=f"event:{event.pk}:cancelled",
        )


@transaction.atomic
def event_cancel(
    *, actor, event: Event, reason: str = "", confidentiality_acknowledged: bool = False
) -> Event:
    """Cancel the event and tell everyone registered (confirmed, offered and waiting)."""
    require_manager(actor, event)
    reason = (reason or "").strip()
    guard_texts(texts={"reason": reason}, acknowledged=confidentiality_acknowledged)
    event = lock_event(event.pk)
    if event.status == EventStatus.CANCELLED:
        return event
    _cancel(event, actor=actor, reason=reason, now=timezone.now())
    audit_record(actor=actor, action="event.cancel", target=event)
    return event


def event_redact_for_safeguarding(event: Event, *, actor) -> Event:
    """A safeguarding lead's redaction of a reported event's texts (the safeguarding app
    has checked the lead reviews the report)."""
    texts = redact_texts({f: getattr(event, f) for f in GUARDED_FIELDS})
    for field, value in texts.items():
        setattr(event, field, value)
    event.updated_at = timezone.now()
    event.save(update_fields=[*GUARDED_FIELDS, "updated_at"])
    audit_record(actor=actor, action="event.moderate", target=event)
    return event


# --- Series --------------------------------------------------------------------------------


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
    data = {k: v for k, v in _clean_data(data).items() if k in SERIES_FIELDS}
    guard_texts(
        texts={f: data.get(f) or "" for f in GUARDED_FIELDS},
        acknowledged=confidentiality_acknowledged,
    )
    _check_hosts(actor, community=data.get("community"), organisation=data.get("organisation"))
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
    if template.cpd_hours is None:
        template.cpd_hours = Decimal(0)
    if template.offer_hours is None:
        template.offer_hours = 24
    _validate(template)
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
        _cancel(
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
