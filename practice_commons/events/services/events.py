"""Creating, changing, publishing and cancelling one event (a recurring series is in
``series``, built from the same checks)."""

from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from practice_commons.accounts.services import audit_record
from practice_commons.communities import selectors as community_selectors
from practice_commons.confidentiality.guard import guard_texts, redact_texts
from practice_commons.core.bilingual import lazy_in_language
from practice_commons.core.errors import PermissionDenied
from practice_commons.core.form_messages import reword_model_errors
from practice_commons.core.lazy_text import lazy_call, lazy_format
from practice_commons.core.text import clean_name_field, too_long_message
from practice_commons.notifications.kinds import NotificationKind

from .. import selectors, timefmt
from ..models import (
    ACTIVE_STATUSES,
    PLACE_STATUSES,
    Audience,
    Event,
    EventStatus,
    Registration,
)
from ..notify import notify_on_commit
from ..waitlist import lock_event
from .common import (
    EVENT_FIELDS,
    GUARDED_FIELDS,
    TIME_PLACE_FIELDS,
    event_path,
    offer_free_places,
    require_manager,
    require_signed_in,
)

# --- Creating and changing events ----------------------------------------------------------

DEFAULT_OFFER_HOURS = 24
# What ``event_update`` writes besides the fields it was given (defaults and bookkeeping).
UPDATE_ALWAYS_SAVES = ("cpd_hours", "offer_hours", "revision", "detached", "updated_at")


def clean_event_data(data: dict) -> dict:
    """The event fields in ``data``, text stripped; the title and contact name are names
    (``core.text``). A time without its offset is refused: it could be London or UTC, an
    hour apart half the year."""
    cleaned = {}
    for field in EVENT_FIELDS:
        if field not in data:
            continue
        value = data[field]
        if isinstance(value, str):
            value = value.strip()
        cleaned[field] = value
    if "title" in cleaned:
        cleaned["title"] = clean_name_field(
            cleaned["title"],
            field="title",
            label=_("Title"),
            max_length=Event._meta.get_field("title").max_length,
            required_message=_("Enter a title."),
        )
    if "title_cy" in cleaned:
        cleaned["title_cy"] = clean_name_field(
            cleaned["title_cy"],
            field="title_cy",
            label=_("Title in Welsh"),
            max_length=Event._meta.get_field("title_cy").max_length,
            required=False,
        )
    if "contact_name" in cleaned:
        cleaned["contact_name"] = clean_name_field(
            cleaned["contact_name"],
            field="contact_name",
            label=_("Contact name"),
            max_length=Event._meta.get_field("contact_name").max_length,
            required=False,
        )
    naive = [
        f for f in ("starts_at", "ends_at") if cleaned.get(f) and timezone.is_naive(cleaned[f])
    ]
    if naive:
        raise ValidationError(
            {
                f: _("Give the time with its offset from UTC, like 2031-03-04T18:00:00+00:00.")
                for f in naive
            }
        )
    return cleaned


def apply_defaults(event: Event) -> None:
    """What an event left blank gets: no CPD hours, a day to confirm an offered place."""
    if event.cpd_hours is None:
        event.cpd_hours = Decimal(0)
    if event.offer_hours is None:
        event.offer_hours = DEFAULT_OFFER_HOURS


def check_hosts(actor, *, community, organisation) -> None:
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


def validate_event(event: Event, *, confirmed_places: int = 0) -> None:
    errors: dict[str, list[str]] = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    if not event.title:
        add("title", _("Enter a title."))
    if not event.description:
        add("description", _("Say what the event is about and who it is for."))
    for field, label in (
        ("title", _("Title")),
        ("description", _("Description")),
        ("title_cy", _("Title in Welsh")),
        ("description_cy", _("Description in Welsh")),
    ):
        limit = Event._meta.get_field(field).max_length
        length = len(getattr(event, field) or "")
        if length > limit:
            add(field, too_long_message(label, limit, length))
    if not event.starts_at:
        add("starts_at", _("Enter when it starts."))
    if not event.ends_at:
        add("ends_at", _("Enter when it ends."))
    if event.starts_at and event.ends_at and event.ends_at <= event.starts_at:
        add("ends_at", _("The end must be after the start."))
    if event.audience == Audience.COMMUNITY and event.community_id is None:
        add("audience", _("Only an event hosted by a community can be for its members."))
    if event.is_in_person and not (event.venue or event.address):
        add("venue", pgettext("an event", "Enter where it takes place."))
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
                "title_cy",
                "description_cy",
                "starts_at",
                "ends_at",
            ]
        )
    except ValidationError as exc:
        for field, messages in reword_model_errors(Event, exc).message_dict.items():
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
    data = clean_event_data(data)
    guard_texts(
        texts={f: data.get(f) or "" for f in GUARDED_FIELDS},
        acknowledged=confidentiality_acknowledged,
    )
    check_hosts(actor, community=data.get("community"), organisation=data.get("organisation"))
    now = timezone.now()
    event = Event(organiser=actor, created_at=now, updated_at=now, **data)
    apply_defaults(event)
    if publish:
        event.status, event.published_at = EventStatus.PUBLISHED, now
        if event.starts_at and event.starts_at <= now:
            raise ValidationError({"starts_at": _("A published event must start in the future.")})
    validate_event(event)
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
    data = clean_event_data(data)
    guard_texts(
        texts={f: data[f] or "" for f in GUARDED_FIELDS if f in data},
        acknowledged=confidentiality_acknowledged,
    )
    if "community" in data or "organisation" in data:
        community = data.get("community", event.community)
        organisation = data.get("organisation", event.organisation)
        if (community, organisation) != (event.community, event.organisation):
            check_hosts(actor, community=community, organisation=organisation)
    event = lock_event(event.pk)
    before = {f: getattr(event, f) for f in TIME_PLACE_FIELDS}
    for field, value in data.items():
        setattr(event, field, value)
    apply_defaults(event)
    places = Registration.objects.filter(event=event, status__in=PLACE_STATUSES).count()
    validate_event(event, confirmed_places=places)
    changed = [f for f in TIME_PLACE_FIELDS if getattr(event, f) != before[f]]
    now = timezone.now()
    if changed:
        event.revision += 1
    if event.series_id and not _from_series and data:
        event.detached = True
    event.updated_at = now
    event.save(update_fields=[*data, *UPDATE_ALWAYS_SAVES])
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


def _where(place: str, online: bool) -> str:
    if online:
        return _("%(where)s and online") % {"where": place} if place else _("online")
    return place


def _notify_registrants_of_change(event: Event, *, actor, changed: list[str]) -> None:
    place = ""
    if event.is_in_person:
        place = ", ".join(p for p in (event.venue, event.address) if p)
    # Lazy: each registrant reads it in their own language.
    body = lazy_format(
        gettext_lazy("Now: %(when)s, %(where)s."),
        when=lazy_call(timefmt.when, event.starts_at, event.ends_at),
        where=lazy_call(_where, place, event.is_online),
    )
    notify_on_commit(
        recipient_ids=_active_registrant_ids(event),
        kind=NotificationKind.EVENT_CHANGED,
        title=lazy_format(
            gettext_lazy("Changed: %(title)s"), title=lazy_in_language(event, "title")
        ),
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


def mark_cancelled(event: Event, *, actor, reason: str, now: datetime) -> None:
    was_published = event.status == EventStatus.PUBLISHED
    event.status, event.cancelled_at, event.updated_at = EventStatus.CANCELLED, now, now
    event.cancel_reason = reason
    event.revision += 1
    event.save(update_fields=["status", "cancelled_at", "updated_at", "cancel_reason", "revision"])
    if was_published:
        body = lazy_call(timefmt.when, event.starts_at, event.ends_at)
        if reason:
            body = lazy_format("%(when)s. %(reason)s", when=body, reason=reason)
        notify_on_commit(
            recipient_ids=_active_registrant_ids(event),
            kind=NotificationKind.EVENT_CANCELLED,
            title=lazy_format(
                gettext_lazy("Cancelled: %(title)s"), title=lazy_in_language(event, "title")
            ),
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
    mark_cancelled(event, actor=actor, reason=reason, now=timezone.now())
    audit_record(actor=actor, action="event.cancel", target=event)
    return event


@transaction.atomic
def event_redact_for_safeguarding(*, actor, event: Event) -> Event:
    """A safeguarding lead's redaction of a reported event's texts (the safeguarding app
    has checked the lead reviews the report)."""
    texts = redact_texts({f: getattr(event, f) for f in GUARDED_FIELDS})
    for field, value in texts.items():
        setattr(event, field, value)
    event.updated_at = timezone.now()
    event.save(update_fields=[*GUARDED_FIELDS, "updated_at"])
    audit_record(actor=actor, action="event.moderate", target=event)
    return event
