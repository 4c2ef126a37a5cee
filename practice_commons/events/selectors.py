"""Reads of events, already filtered to what the reader may see.

Who sees an event is decided in one place (``_visible_q``): a published (or cancelled)
event is visible to whoever may see its host community (``communities`` decides, so a
private community's events stay with its members and 404 to everyone else); drafts only
to the people who manage the event. Who manages an event is ``can_manage``.
"""

import datetime as dt

from django.core import signing
from django.db.models import Avg, Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from practice_commons.accounts.invitations import MAX_TOKEN_LENGTH, hash_token
from practice_commons.accounts.models import Organisation, OrganisationMembership, Profession
from practice_commons.communities import selectors as community_selectors
from practice_commons.communities.models import MODERATOR_ROLES
from practice_commons.core.errors import NotFound
from practice_commons.core.people import is_signed_in
from practice_commons.safeguarding import selectors as safeguarding_selectors

from .models import (
    ACTIVE_STATUSES,
    CHECKIN_SALT,
    LONDON,
    PLACE_STATUSES,
    Audience,
    CalendarFeed,
    Event,
    EventFormat,
    EventInvitation,
    EventStatus,
    Feedback,
    Registration,
    RegistrationStatus,
    Series,
)

ORGANISER_ORG_ROLES = (OrganisationMembership.Role.ADMIN, OrganisationMembership.Role.CHAMPION)


# --- Who manages what ----------------------------------------------------------------------
def moderated_community_ids(user) -> QuerySet:
    return (
        community_selectors.memberships_for_user(user)
        .filter(role__in=MODERATOR_ROLES)
        .values("community_id")
    )


def organising_organisation_ids(user) -> QuerySet:
    """Organisations whose admins and champions may run events in their name."""
    return OrganisationMembership.objects.filter(
        user_id=user.pk, role__in=ORGANISER_ORG_ROLES
    ).values("organisation_id")


def _managed_q(user) -> Q:
    return (
        Q(organiser_id=user.pk)
        | Q(community_id__in=moderated_community_ids(user))
        | Q(organisation_id__in=organising_organisation_ids(user))
    )


def can_manage(user, event: Event) -> bool:
    """Host admins, the organiser, the host community's facilitators and owners, and the
    host organisation's admins and champions."""
    if not is_signed_in(user):
        return False
    if user.is_host_admin or event.organiser_id == user.pk:
        return True
    if event.community_id and community_selectors.can_moderate(user, event.community):
        return True
    return bool(
        event.organisation_id
        and OrganisationMembership.objects.filter(
            user_id=user.pk, organisation_id=event.organisation_id, role__in=ORGANISER_ORG_ROLES
        ).exists()
    )


def cohost_organisations_of(user, event: Event) -> list:
    """The event's co-hosting organisations that ``user`` speaks for (admin or champion):
    they see and export their own agency's registrations and attendance, nobody else's."""
    if not is_signed_in(user):
        return []
    return list(
        event.co_hosts.filter(
            memberships__user_id=user.pk, memberships__role__in=ORGANISER_ORG_ROLES
        ).distinct()
    )


def can_create_event(user, *, community=None, organisation=None) -> bool:
    if not is_signed_in(user):
        return False
    if user.is_host_admin:
        return True
    if community is not None and community_selectors.can_moderate(user, community):
        return True
    return bool(
        organisation is not None
        and OrganisationMembership.objects.filter(
            user_id=user.pk, organisation_id=organisation.pk, role__in=ORGANISER_ORG_ROLES
        ).exists()
    )


def may_create_any_event(user) -> bool:
    """Whether to offer "Create an event" at all (some community or organisation)."""
    if not is_signed_in(user):
        return False
    return (
        user.is_host_admin
        or moderated_community_ids(user).exists()
        or organising_organisation_ids(user).exists()
    )


def communities_for_organiser(user) -> QuerySet:
    """Communities ``user`` may host an event in."""
    qs = community_selectors.communities_visible_to(user).filter(archived_at__isnull=True)
    if user.is_host_admin:
        return qs
    return qs.filter(pk__in=moderated_community_ids(user))


def organisations_for_organiser(user) -> QuerySet:
    if user.is_host_admin:
        return Organisation.objects.all()
    return Organisation.objects.filter(pk__in=organising_organisation_ids(user))


# --- Visibility ----------------------------------------------------------------------------
def _visible_q(user) -> Q:
    community_ok = Q(community__isnull=True) | Q(
        community_id__in=community_selectors.communities_visible_to(user).values("pk")
    )
    shown = Q(status__in=[EventStatus.PUBLISHED, EventStatus.CANCELLED])
    if not is_signed_in(user):
        return shown & community_ok
    if user.is_host_admin:
        return Q()
    # Someone registered through an invitation keeps seeing the event they are going to,
    # even in a community they cannot otherwise see.
    registered = Exists(Registration.objects.filter(event_id=OuterRef("pk"), user_id=user.pk))
    return (shown & (community_ok | registered)) | _managed_q(user)


def events_visible_to(user) -> QuerySet[Event]:
    qs = Event.objects.filter(_visible_q(user))
    return safeguarding_selectors.exclude_hidden(qs, user)


def event_for(user, pk: int) -> Event:
    """The event if ``user`` may see it, else ``NotFound`` (never 403: a private
    community's events are not confirmed to exist)."""
    event = (
        events_visible_to(user)
        .select_related("community", "organisation", "organiser", "series")
        .prefetch_related("target_professions", "co_hosts")
        .filter(pk=pk)
        .first()
    )
    if event is None:
        raise NotFound
    return event


def event_for_manager(user, pk: int) -> Event:
    event = event_for(user, pk)
    if not can_manage(user, event):
        raise NotFound
    return event


def series_for(user, pk: int) -> Series:
    series = Series.objects.select_related("community", "organisation").filter(pk=pk).first()
    if series is None:
        raise NotFound
    if series.community_id and not community_selectors.can_read(user, series.community):
        raise NotFound
    return series


def series_occurrences(user, series: Series) -> QuerySet[Event]:
    return _listing(events_visible_to(user).filter(series=series), user)


def series_for_manager(user, pk: int) -> tuple[Series, Event]:
    """(series, its latest occurrence that follows series-wide edits) for someone who
    runs it; ``NotFound`` otherwise."""
    series = series_for(user, pk)
    template = (
        series_occurrences(user, series).filter(detached=False).order_by("-starts_at").first()
    )
    if template is None or not can_manage(user, template):
        raise NotFound
    return series, template


# --- Listings ------------------------------------------------------------------------------
def _place_count_subquery():
    return Subquery(
        Registration.objects.filter(event_id=OuterRef("pk"), status__in=PLACE_STATUSES)
        .order_by()
        .values("event_id")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )


def _listing(qs: QuerySet[Event], user) -> QuerySet[Event]:
    """What a list row shows, in a fixed number of queries: places taken and the reader's
    own status are subqueries; professions are one prefetch."""
    qs = qs.annotate(places_taken=_place_count_subquery())
    if is_signed_in(user):
        qs = qs.annotate(
            my_status=Subquery(
                Registration.objects.filter(event_id=OuterRef("pk"), user_id=user.pk).values(
                    "status"
                )[:1]
            )
        )
    return qs.select_related("community", "organisation").prefetch_related(
        Prefetch("target_professions", queryset=Profession.objects.order_by("name"))
    )


def _filtered(qs, *, kind="", profession=None, nation="", format="", community=None):
    if kind:
        qs = qs.filter(kind=kind)
    if profession is not None:
        through = Event.target_professions.through
        qs = qs.filter(
            Exists(through.objects.filter(event_id=OuterRef("pk"), profession_id=profession.pk))
            | ~Exists(through.objects.filter(event_id=OuterRef("pk")))
        )
    if nation:
        qs = qs.filter(nation=nation)
    if format == EventFormat.ONLINE:
        qs = qs.filter(format__in=[EventFormat.ONLINE, EventFormat.HYBRID])
    elif format == EventFormat.IN_PERSON:
        qs = qs.filter(format__in=[EventFormat.IN_PERSON, EventFormat.HYBRID])
    if community is not None:
        qs = qs.filter(community_id=community.pk)
    return qs


def upcoming_events(
    user, *, now=None, from_date: dt.date | None = None, **filters
) -> QuerySet[Event]:
    """Published events that have not ended, soonest first, filtered (kind, profession,
    nation, format: online/in person, community), optionally from a London date on."""
    now = now or timezone.now()
    qs = events_visible_to(user).filter(status=EventStatus.PUBLISHED, ends_at__gte=now)
    if from_date is not None:
        qs = qs.filter(starts_at__gte=dt.datetime.combine(from_date, dt.time(), tzinfo=LONDON))
    return _listing(_filtered(qs, **filters), user).order_by("starts_at", "pk")


def upcoming_listing(
    user, *, now=None, from_date: dt.date | None = None, **filters
) -> QuerySet[Event]:
    """``upcoming_events`` with each recurring series once, at its next date (the list
    page; ``series_dates`` gives the page's series their other dates in one query)."""
    now = now or timezone.now()
    earlier = Event.objects.filter(
        series_id=OuterRef("series_id"),
        status=EventStatus.PUBLISHED,
        ends_at__gte=now,
        starts_at__lt=OuterRef("starts_at"),
    )
    if from_date is not None:
        earlier = earlier.filter(
            starts_at__gte=dt.datetime.combine(from_date, dt.time(), tzinfo=LONDON)
        )
    qs = upcoming_events(user, now=now, from_date=from_date, **filters)
    return qs.filter(Q(series__isnull=True) | ~Exists(earlier)).select_related("series")


def series_dates(user, series_ids, *, now=None, from_date: dt.date | None = None):
    """{series id: its upcoming published occurrences the reader may see, soonest first},
    for the series on one page of the list: one query."""
    if not series_ids:
        return {}
    now = now or timezone.now()
    qs = events_visible_to(user).filter(
        series_id__in=list(series_ids), status=EventStatus.PUBLISHED, ends_at__gte=now
    )
    if from_date is not None:
        qs = qs.filter(starts_at__gte=dt.datetime.combine(from_date, dt.time(), tzinfo=LONDON))
    dates: dict[int, list[Event]] = {pk: [] for pk in series_ids}
    for event in qs.only("pk", "series_id", "starts_at", "ends_at", "title", "title_cy").order_by(
        "starts_at", "pk"
    ):
        dates[event.series_id].append(event)
    return dates


def events_in_month(user, year: int, month: int, **filters) -> QuerySet[Event]:
    """Published and cancelled events starting in a London calendar month."""
    first = dt.datetime(year, month, 1, tzinfo=LONDON)
    after = dt.datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=LONDON)
    qs = events_visible_to(user).filter(
        status__in=[EventStatus.PUBLISHED, EventStatus.CANCELLED],
        starts_at__gte=first,
        starts_at__lt=after,
    )
    return _listing(_filtered(qs, **filters), user).order_by("starts_at", "pk")


def community_upcoming(user, community, *, limit: int = 5) -> list[Event]:
    """The community page panel's events: one query (the caller has already checked the
    reader may see the community; drafts and held events stay out)."""
    qs = Event.objects.filter(
        community_id=community.pk, status=EventStatus.PUBLISHED, ends_at__gte=timezone.now()
    ).exclude(pk__in=safeguarding_selectors.hidden_ids(Event))
    return list(qs.order_by("starts_at", "pk")[:limit])


def events_managed_by(user) -> QuerySet[Event]:
    """Events the person runs (drafts included), latest first, for "Events you organise"."""
    if not is_signed_in(user):
        return Event.objects.none()
    qs = Event.objects.all() if user.is_host_admin else Event.objects.filter(_managed_q(user))
    return _listing(qs.filter(ends_at__gte=timezone.now() - dt.timedelta(days=30)), user).order_by(
        "starts_at", "pk"
    )


# --- Registrations -------------------------------------------------------------------------
def registration_of(user, event: Event) -> Registration | None:
    if not is_signed_in(user):
        return None
    return Registration.objects.filter(event_id=event.pk, user_id=user.pk).first()


def registration_for_user(user, pk: int) -> Registration:
    registration = (
        Registration.objects.select_related("event", "event__community", "event__organisation")
        .filter(pk=pk, user_id=getattr(user, "pk", None))
        .first()
    )
    if registration is None:
        raise NotFound
    return registration


def waitlist_position(registration: Registration) -> int | None:
    """1 for the first in the queue; ``None`` if not waiting. Positions have no gaps:
    they are ranks by arrival (``sequence``), not stored numbers."""
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    return Registration.objects.filter(
        event_id=registration.event_id,
        status=RegistrationStatus.WAITLISTED,
        sequence__lte=registration.sequence,
    ).count()


def registration_counts(event: Event) -> dict[str, int]:
    """Confirmed, offered, waiting and attended counts (one query)."""
    row = Registration.objects.filter(event_id=event.pk).aggregate(
        confirmed=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED)),
        offered=Count("pk", filter=Q(status=RegistrationStatus.OFFERED)),
        waitlisted=Count("pk", filter=Q(status=RegistrationStatus.WAITLISTED)),
        attended=Count("pk", filter=Q(attended_at__isnull=False)),
    )
    places_left = None
    if event.capacity is not None:
        places_left = max(event.capacity - row["confirmed"] - row["offered"], 0)
    return {**row, "places_left": places_left}


def _registrations(event: Event) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(event_id=event.pk)
        .select_related("user", "profession", "organisation")
        .order_by("status", "sequence")
    )


def registrations_for_manager(event: Event) -> QuerySet[Registration]:
    """Everyone who registered, with names, professions and agencies (organisers only)."""
    return _registrations(event)


def registrations_for_cohost(event: Event, organisations) -> QuerySet[Registration]:
    """A co-host's own agency's registrations only."""
    return _registrations(event).filter(organisation_id__in=[o.pk for o in organisations])


def attendee_names(event: Event) -> list[str]:
    """Confirmed attendees' names, shown to other attendees only when the organiser opts
    in (``show_attendee_names``); otherwise only counts are shown."""
    return [
        r.user.display_name
        for r in Registration.objects.filter(event_id=event.pk, status=RegistrationStatus.CONFIRMED)
        .select_related("user")
        .order_by("user__full_name")
    ]


def registrations_for_user(user, *, upcoming: bool = True) -> QuerySet[Registration]:
    if not is_signed_in(user):
        return Registration.objects.none()
    qs = Registration.objects.filter(user_id=user.pk, status__in=ACTIVE_STATUSES)
    if upcoming:
        qs = qs.filter(event__ends_at__gte=timezone.now())
    else:
        qs = qs.filter(event__ends_at__lt=timezone.now())
    return qs.select_related("event", "event__community", "event__organisation").order_by(
        "event__starts_at" if upcoming else "-event__starts_at"
    )


def attended_registration_of(user, pk: int) -> tuple[Event, Registration]:
    """(event, the reader's registration) for an event they attended; ``NotFound``
    otherwise."""
    event = event_for(user, pk)
    registration = registration_of(user, event)
    if registration is None or registration.attended_at is None:
        raise NotFound
    registration.event = event
    return event, registration


def attended_registrations(user) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(user_id=getattr(user, "pk", None), attended_at__isnull=False)
        .select_related("event", "event__community", "event__organisation", "feedback")
        .order_by("-event__starts_at")
    )


def _host_trials(user) -> QuerySet[Registration]:
    return Registration.objects.filter(
        user_id=user.pk, is_trial=True, event__audience=Audience.MEMBERS
    ).filter(Q(status__in=ACTIVE_STATUSES) | Q(attended_at__isnull=False))


def has_used_trial(user) -> bool:
    """Whether a non-member of the host has had their one trial of a host-members-only
    event: a live trial registration (waiting, offered, confirmed) or one they attended.
    A trial of a community's own event (audience "community") is that community's."""
    return _host_trials(user).exists()


def trial_used_exists(user) -> Exists:
    """:func:`has_used_trial` as an expression for another query."""
    return Exists(_host_trials(user))


def has_used_community_trial(user, community_id, *, exclude=None) -> bool:
    """Whether someone outside a community has had their one trial of its own events
    (audience "community"): a live trial registration or one they attended, at another
    event than ``exclude``."""
    qs = Registration.objects.filter(
        user_id=user.pk,
        is_trial=True,
        event__community_id=community_id,
        event__audience=Audience.COMMUNITY,
    ).filter(Q(status__in=ACTIVE_STATUSES) | Q(attended_at__isnull=False))
    if exclude is not None:
        qs = qs.exclude(event_id=exclude)
    return qs.exists()


def registration_from_checkin_code(event: Event, code: str) -> Registration:
    """The registration a QR code names, if it is a confirmed place at this event."""
    try:
        payload = signing.loads(code.strip(), salt=CHECKIN_SALT)
    except signing.BadSignature as exc:
        raise NotFound from exc
    registration = (
        Registration.objects.select_related("user", "user__profession")
        .filter(pk=payload.get("r"), event_id=event.pk)
        .first()
    )
    if registration is None:
        raise NotFound
    return registration


def feedback_summary(event: Event) -> dict:
    rows = Feedback.objects.filter(registration__event_id=event.pk)
    agg = rows.aggregate(count=Count("pk"), average=Avg("rating"))
    return {**agg, "items": list(rows.order_by("-created_at")[:50])}


# --- Invitations ---------------------------------------------------------------------------
def _invitation_page_rows() -> QuerySet[EventInvitation]:
    return EventInvitation.objects.select_related(
        "event", "event__community", "event__organisation", "community", "invited_by"
    )


def invitation_from_token(token: str) -> EventInvitation:
    """The invitation a link names, found by its token's digest; ``NotFound`` for an
    unknown, forged, expired, used or withdrawn link."""
    invitation = EventInvitation.find_by_token(token, _invitation_page_rows())
    if invitation is None or not invitation.is_usable():
        raise NotFound
    return invitation


def invitation_for_invitee(user, invitation_id: int) -> EventInvitation:
    """An invitation sent to the signed-in person's address, without its link (the in-app
    notification points here), while they may still register with it; ``NotFound``
    otherwise, so nobody else learns that it exists."""
    if not is_signed_in(user):
        raise NotFound
    invitation = _invitation_page_rows().filter(pk=invitation_id, email__iexact=user.email).first()
    if invitation is None or not invitation.usable_by(user):
        raise NotFound
    return invitation


def invitation_in(event: Event, invitation_id: int) -> EventInvitation:
    """One of ``event``'s invitations (for its organisers), else ``NotFound``."""
    invitation = (
        EventInvitation.objects.select_related("event")
        .filter(event_id=event.pk, pk=invitation_id)
        .first()
    )
    if invitation is None:
        raise NotFound
    return invitation


def invitations_for(event: Event) -> QuerySet[EventInvitation]:
    return EventInvitation.objects.filter(event_id=event.pk).select_related(
        "community", "invited_by", "accepted_by"
    )


def invitation_for_email(event: Event, email: str) -> EventInvitation | None:
    """A usable invitation to this event sent to this address (the invitee signed in
    with the invited address needs no link)."""
    return (
        EventInvitation.objects.filter(
            event_id=event.pk,
            email__iexact=email,
            withdrawn_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .order_by("-created_at")
        .first()
    )


# --- Calendar feeds ------------------------------------------------------------------------
def feed_of(user) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user_id=user.pk).first()


def feed_from_token(token: str) -> CalendarFeed:
    if len(token) > MAX_TOKEN_LENGTH:
        raise NotFound
    feed = (
        CalendarFeed.objects.select_related("user").filter(token_digest=hash_token(token)).first()
    )
    if feed is None or not feed.user.is_active:
        raise NotFound
    return feed


def feed_registrations(user) -> QuerySet[Registration]:
    """What a person's feed holds: events where they hold a place or wait for one, from
    a month ago on (a cancelled event stays, marked cancelled, so calendars drop it)."""
    since = timezone.now() - dt.timedelta(days=31)
    return (
        Registration.objects.filter(
            user_id=user.pk, status__in=ACTIVE_STATUSES, event__ends_at__gte=since
        )
        .exclude(event__status=EventStatus.DRAFT)
        .select_related("event", "event__community", "event__organisation")
        .order_by("event__starts_at")
    )
