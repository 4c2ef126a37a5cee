"""The home page's event blocks (``core.home``): the person's next events, with any
place offered from a waiting list to confirm before its deadline first, and events for
their profession and area that they may book (on trial, where that is their way in).
Reflective sessions have their own block (``reflection.home``). Visibility is
``selectors.events_visible_to``; each block is one query."""

from django.db.models import BooleanField, Case, F, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from practice_commons.accounts import selectors as accounts_selectors
from practice_commons.communities import selectors as community_selectors
from practice_commons.core.home import (
    MAX_ITEMS,
    NEEDS,
    NEW,
    Block,
    Item,
    Link,
    register_block,
    short_datetime,
)

from . import selectors
from .models import Audience, Event, EventFormat, EventKind, EventStatus, RegistrationStatus


def where(event: Event) -> str:
    """ "Civic Hall" / "Online" / "Civic Hall and online"."""
    if event.format == EventFormat.ONLINE:
        return _("Online")
    if event.format == EventFormat.HYBRID:
        return _("%(venue)s and online") % {"venue": event.venue or event.area or _("In person")}
    return event.venue or event.area or _("In person")


def next_registrations(user) -> list:
    """Places offered to confirm (soonest deadline first), then the person's other
    coming events in date order; reflective sessions left to their own block. One
    query."""
    now = timezone.now()
    open_offer = Q(status=RegistrationStatus.OFFERED, offer_expires_at__gt=now)
    mine = selectors.registrations_for_user(user).exclude(event__kind=EventKind.REFLECTIVE_SESSION)
    return list(
        mine.filter(open_offer | ~Q(status=RegistrationStatus.OFFERED))
        .exclude(event__status=EventStatus.CANCELLED)
        .annotate(
            offer_first=Case(When(open_offer, then=Value(0)), default=Value(1)),
            due=Case(When(open_offer, then=F("offer_expires_at")), default=F("event__starts_at")),
        )
        .order_by("offer_first", "due", "pk")[:MAX_ITEMS]
    )


def next_events(user) -> Block:
    items = []
    for registration in next_registrations(user):
        event = registration.event
        detail = f"{short_datetime(event.starts_at)} · {where(event)}"
        tag = ""
        if registration.status == RegistrationStatus.OFFERED:
            tag = _("Confirm by %(when)s") % {"when": short_datetime(registration.offer_expires_at)}
        elif registration.status == RegistrationStatus.WAITLISTED:
            tag = _("On the waiting list")
        items.append(Item(event.title, event.get_absolute_url(), detail=detail, tag=tag))
    return Block(
        title=_("Your next events"),
        items=items,
        empty=_("You have no events booked."),
        empty_link=Link(_("Find an event"), reverse("events:list")),
        see_all=Link(_("All your events"), reverse("events:mine")),
    )


def events_for(user) -> list[Event]:
    """Coming events the person may see and book and has not booked, for their
    profession or in their area (or open to every profession in their nation), soonest
    first. A non-member of the host sees host-members-only events only where a trial
    place is allowed and they have not had their trial yet, and a community's own events
    where a trial place is allowed (``trial`` is set on those). One query."""
    now = timezone.now()
    booked = selectors.registrations_for_user(user).values("event_id")
    match = Q(area__iexact=user.area) if user.area else Q(pk__in=[])
    if user.profession_id:
        match |= Q(target_professions=user.profession_id)
    if user.nation:
        match |= Q(target_professions__isnull=True, nation=user.nation)
    member_of = community_selectors.community_ids_for_member(user)
    # Asked inside the one query, not before it: whether they are a member of the host,
    # and whether a non-member still has their one trial across the host to use.
    host_member = accounts_selectors.host_membership_exists(user.pk)
    trial_to_use = ~host_member & ~selectors.trial_used_exists(user)
    may_book = (
        Q(audience=Audience.SIGNED_IN)
        | Q(audience=Audience.COMMUNITY, community_id__in=member_of)
        | Q(audience=Audience.COMMUNITY, trial_allowed=True)
        | (Q(audience=Audience.MEMBERS) & Q(host_member))
        | (Q(audience=Audience.MEMBERS, trial_allowed=True) & Q(trial_to_use))
    )
    qs = (
        selectors.events_visible_to(user)
        .filter(status=EventStatus.PUBLISHED, starts_at__gt=now)
        .filter(match)
        .filter(may_book)
        .exclude(pk__in=booked)
        .annotate(
            in_my_community=Case(
                When(community_id__in=member_of, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            reader_is_host_member=host_member,
        )
        .distinct()
        .select_related("community")
        .order_by("starts_at", "pk")
    )
    events = list(qs[:MAX_ITEMS])
    for event in events:
        event.trial = event.trial_allowed and (
            (event.audience == Audience.MEMBERS and not event.reader_is_host_member)
            or (event.audience == Audience.COMMUNITY and not event.in_my_community)
        )
    return events


def events_for_you(user) -> Block:
    events = events_for(user)
    items = [
        Item(
            event.title,
            event.get_absolute_url(),
            detail=f"{short_datetime(event.starts_at)} · {where(event)}",
            tag=_("Trial place") if event.trial else "",
        )
        for event in events
    ]
    return Block(
        title=_("Events for you"),
        items=items,
        empty=_("No coming events match your profession or area yet."),
        empty_link=Link(_("Browse all events"), reverse("events:list")),
        see_all=Link(_("All events"), reverse("events:list")),
    )


register_block("next_events", next_events, section=NEEDS, order=30)
register_block("events_for_you", events_for_you, section=NEW, order=30)
