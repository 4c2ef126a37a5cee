"""``/api/v1/events``: events, registrations (register, cancel, waiting-list status),
invitations and attendance. The same selectors and services as the pages, so the API
and the web UI cannot disagree: an event the caller may not see is 404 everywhere, a
role they lack is 403, a refused registration is 409 with a machine-readable ``code``
(``trial_used``, ``members_only``, ``invitation_required``…)."""

from datetime import datetime
from decimal import Decimal
from typing import Annotated

from ninja import Field, Query, Router, Schema, Status

from practice_commons.accounts.models import Organisation, Profession
from practice_commons.communities import selectors as community_selectors
from practice_commons.core.api_pagination import LimitOffset, cursor_page, next_field
from practice_commons.core.api_schemas import (
    LIST_MAX,
    Choice,
    ErrorOut,
    ObjectId,
    RefusedOut,
    Slug,
    name_field,
    optional_name_field,
)
from practice_commons.core.errors import NotFound, PermissionDenied

from . import selectors, services
from .models import LONDON, Audience, EventFormat, RegistrationStatus

router = Router(tags=["events"])

# Column limits: the service refuses values outside its own ranges with a 400 that
# names the field; these only keep a number the database cannot hold from reaching it.
INT_MAX = 2_147_483_647
SMALLINT_MAX = 32_767
Email = Annotated[str, Field(max_length=254)]


class RegistrationOut(Schema):
    id: int
    event_id: int
    status: str
    waitlist_position: int | None
    waitlist_reason: str
    offer_expires_at: datetime | None
    is_trial: bool
    attended: bool


class EventOut(Schema):
    id: int
    title: str
    description: str
    kind: str
    status: str
    format: str
    starts_at: datetime
    ends_at: datetime
    starts_at_london: str
    ends_at_london: str
    venue: str
    address: str
    venue_notes: str
    online_url: str | None
    nation: str
    area: str
    capacity: int | None
    places_taken: int
    audience: str
    trial_allowed: bool
    target_professions: list[str]
    max_profession_share: int | None
    cpd_hours: float
    community: str | None
    organisation: str | None
    co_hosts: list[str]
    series_id: int | None
    url: str
    your_registration: RegistrationOut | None = None


class EventListOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[EventOut]
    next: str | None = next_field()


class EventIn(Schema):
    title: name_field("Title", 200)
    description: str = Field(..., max_length=5000)
    kind: Choice
    starts_at: datetime
    ends_at: datetime
    format: Choice = EventFormat.IN_PERSON
    venue: str = Field("", max_length=200)
    address: str = Field("", max_length=300)
    venue_notes: str = Field("", max_length=1000)
    online_url: str = Field("", max_length=500)
    nation: Choice = ""
    area: str = Field("", max_length=120)
    capacity: int | None = Field(None, le=INT_MAX)
    contact_name: optional_name_field("Contact name", 150) = ""
    contact_email: Email = ""
    audience: Choice = Audience.SIGNED_IN
    trial_allowed: bool = False
    target_professions: list[Slug] = Field([], max_length=LIST_MAX, description="Slugs.")
    max_profession_share: int | None = Field(None, le=SMALLINT_MAX, description="1 to 100 (%).")
    cpd_hours: float = Field(0, allow_inf_nan=False, le=INT_MAX, description="0 to 99.")
    show_attendee_names: bool = False
    offer_hours: int = Field(24, le=SMALLINT_MAX, description="1 to 168.")
    community: Slug | None = Field(None, description="The host community's slug.")
    organisation: Slug | None = Field(None, description="The host organisation's slug.")
    co_hosts: list[Slug] = Field([], max_length=LIST_MAX, description="Organisation slugs.")
    publish: bool = False
    confidentiality_acknowledged: bool = False


class RegisterIn(Schema):
    invitation_token: str = Field("", max_length=200)


class RegistrantOut(Schema):
    id: int
    user_id: int
    name: str
    profession: str | None
    organisation: str | None
    status: str
    attended: bool


class InvitationsIn(Schema):
    emails: list[Email] = Field(..., max_length=LIST_MAX)
    message: str = Field("", max_length=1000)
    community: Slug | None = Field(None, description="The inviting community's slug.")
    confidentiality_acknowledged: bool = False


class InvitationOut(Schema):
    """The link is not here: its token exists only in the invitee's email."""

    id: int
    email: str
    community: str | None
    expires_at: datetime
    accepted: bool
    withdrawn: bool
    delivery: str  # sending | retrying | sent | failed
    sent_at: datetime | None


class AttendanceIn(Schema):
    registration_ids: list[ObjectId] = Field(..., max_length=2000)
    attended: bool = True


class AttendanceOut(Schema):
    changed: int


class EventFilters(LimitOffset):
    kind: Choice = ""
    profession: Slug = Field("", description="A profession's slug.")
    nation: Choice = ""
    format: Choice = Field("", description="online or in_person.")
    community: Slug = Field("", description="A community's slug.")


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


@router.post(
    "",
    response={201: EventOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: dict},
    summary="Create an event",
)
def create_event(request, payload: EventIn):
    data = payload.dict(exclude=EVENT_IN_REFERENCES)
    data["cpd_hours"] = Decimal(str(data["cpd_hours"]))
    data["community"] = (
        community_selectors.community_for_reader(request.user, payload.community)
        if payload.community
        else None
    )
    data["organisation"] = _organisation(payload.organisation)
    event = services.event_create(
        actor=request.user,
        data=data,
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
    _event, registration = _my_registration(request, event_id)
    return _registration_out(registration)


@router.delete(
    "/{event_id}/registrations/me",
    response={200: RegistrationOut, 404: ErrorOut},
    summary="Cancel your registration (or leave the waiting list)",
)
def cancel_registration(request, event_id: int):
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
    _event, rows = _registrants(request, event_id)
    return [_registrant_out(r) for r in rows[:2000]]


@router.get(
    "/{event_id}/attendance",
    response={200: list[RegistrantOut], 403: ErrorOut, 404: ErrorOut},
    summary="Attendance (organisers: everyone; co-hosts: their own agency)",
)
def list_attendance(request, event_id: int):
    _event, rows = _registrants(request, event_id)
    return [_registrant_out(r) for r in rows.filter(status=RegistrationStatus.CONFIRMED)[:2000]]


@router.post(
    "/{event_id}/attendance",
    response={200: AttendanceOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Mark or unmark attendance (organisers)",
)
def mark_attendance(request, event_id: int, payload: AttendanceIn):
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
    invitation = _managed_invitation(request, event_id, invitation_id)
    return _invitation_out(services.invitation_resend(actor=request.user, invitation=invitation))


@router.post(
    "/{event_id}/invitations/{invitation_id}/withdraw",
    response={200: InvitationOut, 403: ErrorOut, 404: ErrorOut},
    summary="Withdraw an invitation: its link stops working (organisers)",
)
def withdraw_invitation(request, event_id: int, invitation_id: int):
    invitation = _managed_invitation(request, event_id, invitation_id)
    return _invitation_out(services.invitation_withdraw(actor=request.user, invitation=invitation))
