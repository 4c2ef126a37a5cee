"""``/api/v1/events``: events, registrations (register, cancel, waiting-list status),
invitations and attendance. The same selectors and services as the pages, so the API
and the web UI cannot disagree: an event the caller may not see is 404 everywhere, a
role they lack is 403, a refused registration is 409 with a machine-readable ``code``
(``trial_used``, ``members_only``, ``invitation_required``…)."""

from decimal import Decimal

from ninja import Query, Router, Status

from practice_commons.accounts.models import Organisation, Profession
from practice_commons.communities import selectors as community_selectors
from practice_commons.core.api_pagination import cursor_page
from practice_commons.core.api_schemas import (
    ErrorOut,
    GuardErrorOut,
    RefusedOut,
)
from practice_commons.core.errors import NotFound, PermissionDenied

from . import selectors, services
from .api_schemas import (
    AttendanceIn,
    AttendanceOut,
    EventFilters,
    EventIn,
    EventListOut,
    EventOut,
    InvitationOut,
    InvitationsIn,
    RegisterIn,
    RegistrantOut,
    RegistrationOut,
)
from .models import LONDON, RegistrationStatus

router = Router(tags=["events"])


def _registration_out(registration) -> dict | None:
    if registration is None:
        return None
    return {
        "id": registration.pk,
        "event_id": registration.event_id,
        "status": registration.status,
        "waitlist_position": selectors.waitlist_position(registration),
        "waitlist_reason": registration.waitlist_reason,
        "offer_expires_at": registration.offer_expires_at,
        "is_trial": registration.is_trial,
        "attended": registration.attended_at is not None,
    }


def _event_out(event, *, user, registration=None, with_registration=False) -> dict:
    manager = selectors.can_manage(user, event)
    confirmed = registration is not None and registration.status == RegistrationStatus.CONFIRMED
    places = getattr(event, "places_taken", None)
    if places is None:
        counts = selectors.registration_counts(event)
        places = counts["confirmed"] + counts["offered"]
    out = {
        "id": event.pk,
        "title": event.title,
        "description": event.description,
        "title_cy": event.title_cy,
        "description_cy": event.description_cy,
        "kind": event.kind,
        "status": event.status,
        "format": event.format,
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "starts_at_london": event.starts_at.astimezone(LONDON).isoformat(),
        "ends_at_london": event.ends_at.astimezone(LONDON).isoformat(),
        "venue": event.venue,
        "address": event.address,
        "venue_notes": event.venue_notes,
        "online_url": (event.online_url or None) if (confirmed or manager) else None,
        "nation": event.nation,
        "area": event.area,
        "capacity": event.capacity,
        "places_taken": places or 0,
        "audience": event.audience,
        "trial_allowed": event.trial_allowed,
        "target_professions": [p.slug for p in event.target_professions.all()],
        "max_profession_share": event.max_profession_share,
        "cpd_hours": float(event.cpd_hours or 0),
        "community": event.community.slug if event.community_id else None,
        "organisation": event.organisation.slug if event.organisation_id else None,
        "co_hosts": [o.slug for o in event.co_hosts.all()],
        "series_id": event.series_id,
        "url": event.get_absolute_url(),
    }
    if with_registration:
        out["your_registration"] = _registration_out(registration)
    return out


def _refused(exc: services.RegistrationRefused):
    return Status(409, {"detail": " ".join(exc.messages), "code": exc.code or "refused"})


@router.get("", response={200: EventListOut, 400: ErrorOut}, summary="Upcoming events you can see")
def list_events(request, filters: Query[EventFilters]):
    """Published events that have not ended and that you may see, soonest first,
    filtered by kind, profession, nation, format and community (a community you
    cannot read is 404). The online link is left out of the list except for the
    event's organisers. Paged with `limit` and `cursor` (follow `next`)."""
    limit, offset = filters.limit, filters.offset
    profession = (
        Profession.objects.filter(slug=filters.profession).first() if filters.profession else None
    )
    community = None
    if filters.community:
        community = community_selectors.community_for_reader(request.user, filters.community)
    qs = selectors.upcoming_events(
        request.user,
        kind=filters.kind,
        profession=profession,
        nation=filters.nation,
        format=filters.format,
        community=community,
    ).prefetch_related("co_hosts")
    return cursor_page(
        request,
        qs,
        scope="events",
        out=lambda e: _event_out(e, user=request.user),
        cursor=filters.cursor,
        limit=limit,
        offset=offset,
    )


@router.get("/{event_id}", response={200: EventOut, 404: ErrorOut}, summary="One event")
def get_event(request, event_id: int):
    """An event you may see, with your own registration if you have one. A draft is
    seen only by its organisers and an event of a community you cannot read only by
    those registered: anyone else gets 404, never 403. The online link is shown to
    people with a confirmed place and to the organisers."""
    event = selectors.event_for(request.user, event_id)
    registration = selectors.registration_of(request.user, event)
    return _event_out(event, user=request.user, registration=registration, with_registration=True)


# ``EventIn`` fields that name other rows or steer the write, rather than event fields.
EVENT_IN_REFERENCES = {
    "community",
    "organisation",
    "target_professions",
    "co_hosts",
    "publish",
    "confidentiality_acknowledged",
}


def _organisation(slug: str | None) -> Organisation | None:
    if not slug:
        return None
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise NotFound
    return organisation


EVENT_ONLY_FIELDS = {"starts_at", "ends_at"}
EVENT_WRITE_ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: GuardErrorOut}


def _event_data(request, payload, *, exclude=frozenset()) -> dict:
    data = payload.dict(exclude=EVENT_IN_REFERENCES | set(exclude))
    data["cpd_hours"] = Decimal(str(data["cpd_hours"]))
    data["community"] = (
        community_selectors.community_for_reader(request.user, payload.community)
        if payload.community
        else None
    )
    data["organisation"] = _organisation(payload.organisation)
    return data


@router.post(
    "",
    response={201: EventOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: dict},
    summary="Create an event",
)
def create_event(request, payload: EventIn):
    """Creates an event hosted by a community you facilitate or an organisation where
    you are an admin or champion (403 otherwise; host admins may host any, or none
    for an event of the whole host). It is a draft unless `publish`, which needs a
    start in the future. Times must carry their UTC offset and the end must follow
    the start; an in-person event needs a venue or address and a profession share
    needs a capacity (400 naming the field). The title, description, venue, area and
    venue notes go through the confidentiality guard (422 unless acknowledged)."""
    event = services.event_create(
        actor=request.user,
        data=_event_data(request, payload),
        professions=list(Profession.objects.filter(slug__in=payload.target_professions)),
        co_hosts=list(Organisation.objects.filter(slug__in=payload.co_hosts)),
        publish=payload.publish,
        confidentiality_acknowledged=payload.confidentiality_acknowledged,
    )
    event = selectors.event_for(request.user, event.pk)
    return Status(201, _event_out(event, user=request.user, with_registration=True))


@router.post(
    "/{event_id}/registrations",
    response={201: RegistrationOut, 404: ErrorOut, 409: RefusedOut},
    summary="Register (or join the waiting list)",
)
def register(request, event_id: int, payload: RegisterIn):
    """Registers you: a confirmed place while there is room and your profession's
    share allows it, otherwise the waiting list (`waitlist_reason` says why);
    registering again returns your registration as it is. Who may come follows the
    event's audience (an invitation, sent to your address or given as
    `invitation_token`, opens an invitation-only event); a refusal is 409 with its
    `code`, e.g. `trial_used`, `members_only`, `invitation_required`,
    `invitation_invalid`, `started`. 404 for an event you may not see."""
    if payload.invitation_token:
        invitation = selectors.invitation_from_token(payload.invitation_token)
        if invitation.event_id != event_id:
            raise NotFound
        event = invitation.event
    else:
        event = selectors.event_for(request.user, event_id)
    try:
        registration = services.registration_create(
            actor=request.user, event=event, invitation_token=payload.invitation_token
        )
    except services.RegistrationRefused as exc:
        return _refused(exc)
    return Status(201, _registration_out(registration))


def _my_registration(request, event_id: int):
    event = selectors.event_for(request.user, event_id)
    registration = selectors.registration_of(request.user, event)
    if registration is None:
        raise NotFound
    return event, registration


@router.get(
    "/{event_id}/registrations/me",
    response={200: RegistrationOut, 404: ErrorOut},
    summary="Your registration and waiting-list position",
)
def my_registration(request, event_id: int):
    """Your registration at an event you can see: its status, your position on the
    waiting list and, for a place offered to you, when the offer expires. 404 when
    you have none."""
    _event, registration = _my_registration(request, event_id)
    return _registration_out(registration)


@router.delete(
    "/{event_id}/registrations/me",
    response={200: RegistrationOut, 404: ErrorOut},
    summary="Cancel your registration (or leave the waiting list)",
)
def cancel_registration(request, event_id: int):
    """Cancels your registration or takes you off the waiting list; a place you held
    is offered to the next person waiting who fits. Cancelling again changes nothing;
    404 when you have no registration."""
    _event, registration = _my_registration(request, event_id)
    return _registration_out(
        services.registration_cancel(actor=request.user, registration=registration)
    )


@router.post(
    "/{event_id}/registrations/me/confirm",
    response={200: RegistrationOut, 404: ErrorOut, 409: RefusedOut},
    summary="Confirm a place offered from the waiting list",
)
def confirm_offer(request, event_id: int):
    """Takes up a place offered to you from the waiting list, before
    `offer_expires_at`. 409 with code `no_offer` when no place is offered to you, or
    `offer_expired` once the deadline has passed (the place goes to the next person);
    a confirmed place stays as it is."""
    _event, registration = _my_registration(request, event_id)
    try:
        registration = services.offer_confirm(actor=request.user, registration=registration)
    except services.RegistrationRefused as exc:
        return _refused(exc)
    return _registration_out(registration)


def _registrants(request, event_id: int):
    event = selectors.event_for(request.user, event_id)
    if selectors.can_manage(request.user, event):
        return event, selectors.registrations_for_manager(event)
    cohosts = selectors.cohost_organisations_of(request.user, event)
    if cohosts:
        return event, selectors.registrations_for_cohost(event, cohosts)
    raise PermissionDenied("Only the organisers and co-hosts can see registrations.")


def _registrant_out(r) -> dict:
    return {
        "id": r.pk,
        "user_id": r.user_id,
        "name": r.user.display_name,
        "profession": r.profession.name if r.profession else None,
        "organisation": r.organisation.name if r.organisation else None,
        "status": r.status,
        "attended": r.attended_at is not None,
    }


@router.get(
    "/{event_id}/registrations",
    response={200: list[RegistrantOut], 403: ErrorOut, 404: ErrorOut},
    summary="Registrations (organisers: everyone; co-hosts: their own agency)",
)
def list_registrations(request, event_id: int):
    """The event's registrations (at most 2000), with each person's name, profession,
    agency, status and attendance, by status then order of registering. The
    organisers see everyone; the admins and champions of a co-hosting organisation
    see only their own agency's people; anyone else is 403."""
    _event, rows = _registrants(request, event_id)
    return [_registrant_out(r) for r in rows[:2000]]


@router.get(
    "/{event_id}/attendance",
    response={200: list[RegistrantOut], 403: ErrorOut, 404: ErrorOut},
    summary="Attendance (organisers: everyone; co-hosts: their own agency)",
)
def list_attendance(request, event_id: int):
    """The confirmed places (at most 2000), each with whether the person attended.
    The organisers see everyone; a co-hosting organisation's admins and champions see
    only their own agency's people; anyone else is 403."""
    _event, rows = _registrants(request, event_id)
    return [_registrant_out(r) for r in rows.filter(status=RegistrationStatus.CONFIRMED)[:2000]]


@router.post(
    "/{event_id}/attendance",
    response={200: AttendanceOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Mark or unmark attendance (organisers)",
)
def mark_attendance(request, event_id: int, payload: AttendanceIn):
    """The organisers mark confirmed registrations attended (or, with `attended:
    false`, not attended) and get back how many changed; other ids are ignored. Newly
    attended people get a draft CPD record, the feedback form and a certificate. From
    an hour before the start, at a published event only (400 otherwise); 403 for
    anyone but the organisers."""
    event = selectors.event_for(request.user, event_id)
    changed = services.attendance_mark(
        actor=request.user,
        event=event,
        registration_ids=payload.registration_ids,
        attended=payload.attended,
    )
    return {"changed": changed}


def _invitation_out(i) -> dict:
    return {
        "id": i.pk,
        "email": i.email,
        "community": i.community.slug if i.community else None,
        "expires_at": i.expires_at,
        "accepted": i.accepted_at is not None,
        "withdrawn": i.withdrawn_at is not None,
        "delivery": i.delivery,
        "sent_at": i.sent_at,
    }


@router.post(
    "/{event_id}/invitations",
    response={201: list[InvitationOut], 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: dict},
    summary="Invite people by email (organisers)",
)
def invite(request, event_id: int, payload: InvitationsIn):
    """The organisers invite up to 50 addresses at a time, members or not, on behalf
    of the event's community or another they run (403 otherwise); each gets an
    emailed link of its own, and an address that already holds a usable invitation
    keeps it. An address that cannot be read, or a cancelled event, is 400; the
    message goes through the confidentiality guard (422 unless acknowledged)."""
    event = selectors.event_for(request.user, event_id)
    community = (
        community_selectors.community_for_reader(request.user, payload.community)
        if payload.community
        else None
    )
    invitations = services.invitation_create(
        actor=request.user,
        event=event,
        emails=payload.emails,
        message=payload.message,
        community=community,
        confidentiality_acknowledged=payload.confidentiality_acknowledged,
    )
    return Status(201, [_invitation_out(i) for i in invitations])


@router.get(
    "/{event_id}/invitations",
    response={200: list[InvitationOut], 403: ErrorOut, 404: ErrorOut},
    summary="Invitations sent (organisers)",
)
def list_invitations(request, event_id: int):
    """The event's invitations (at most 500) with their delivery state and whether
    each was accepted or withdrawn; the links themselves are never shown. The
    organisers only (403 for others)."""
    event = selectors.event_for(request.user, event_id)
    if not selectors.can_manage(request.user, event):
        raise PermissionDenied("Only this event's organisers can see its invitations.")
    return [_invitation_out(i) for i in selectors.invitations_for(event)[:500]]


def _managed_invitation(request, event_id: int, invitation_id: int):
    event = selectors.event_for(request.user, event_id)
    if not selectors.can_manage(request.user, event):
        raise PermissionDenied("Only this event's organisers can change its invitations.")
    return selectors.invitation_in(event, invitation_id)


@router.post(
    "/{event_id}/invitations/{invitation_id}/resend",
    response={200: InvitationOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Send an invitation again with a new link; the old link stops working (organisers)",
)
def resend_invitation(request, event_id: int, invitation_id: int):
    """Emails the invitation again with a new link that works for a full lifetime;
    the old link stops working at once. 409 when it has been used or withdrawn or the
    event is cancelled; the organisers only (403 for others)."""
    invitation = _managed_invitation(request, event_id, invitation_id)
    return _invitation_out(services.invitation_resend(actor=request.user, invitation=invitation))


@router.post(
    "/{event_id}/invitations/{invitation_id}/withdraw",
    response={200: InvitationOut, 403: ErrorOut, 404: ErrorOut},
    summary="Withdraw an invitation: its link stops working (organisers)",
)
def withdraw_invitation(request, event_id: int, invitation_id: int):
    """Stops the invitation's link working; someone already registered with it keeps
    their place. Withdrawing twice changes nothing; the organisers only (403 for
    others)."""
    invitation = _managed_invitation(request, event_id, invitation_id)
    return _invitation_out(services.invitation_withdraw(actor=request.user, invitation=invitation))


# --- A month, your events, running an event, your ticket, feedback --------------------------


@router.put(
    "/{event_id}",
    response={200: EventOut, **EVENT_WRITE_ERRORS},
    summary="Change an event (its organisers); everyone registered hears of a new time or place",
)
def update_event(request, event_id: int, payload: EventIn):
    """The organisers replace the event's fields (404 for anyone else); the same
    rules and confidentiality guard as creating it, and the capacity may not fall
    below the places already held (400). A new time or place is sent to everyone
    registered; more places are offered to the waiting list. A date of a series
    changed here stops following later changes to the series."""
    event = selectors.event_for_manager(request.user, event_id)
    services.event_update(
        actor=request.user,
        event=event,
        data=_event_data(request, payload),
        professions=list(Profession.objects.filter(slug__in=payload.target_professions)),
        co_hosts=list(Organisation.objects.filter(slug__in=payload.co_hosts)),
        confidentiality_acknowledged=payload.confidentiality_acknowledged,
    )
    event = selectors.event_for(request.user, event_id)
    return _event_out(event, user=request.user, with_registration=True)
