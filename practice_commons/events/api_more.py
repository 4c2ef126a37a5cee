"""More of the events API, beside ``api.py`` and mounted before it (so ``/mine``,
``/calendar``, ``/series`` and ``/invitations`` are not read as an event's id): a month,
your events, series, the invitation sent to you, publishing and cancelling, your ticket,
feedback and check-in at the door. The same selectors and services as the pages."""

from datetime import date, datetime, time
from typing import Literal

from django.urls import reverse
from ninja import Field, Query, Router, Schema, Status

from practice_commons.accounts.models import Organisation, Profession
from practice_commons.core.api_pagination import LimitOffset, cursor_page, next_field
from practice_commons.core.api_schemas import (
    Choice,
    ErrorOut,
    GuardErrorOut,
    ObjectId,
    RefusedOut,
    Slug,
    example,
)
from practice_commons.core.errors import NotFound, PermissionDenied

from . import recurrence, selectors, services
from .api import (
    EVENT_ONLY_FIELDS,
    EVENT_WRITE_ERRORS,
    _event_data,
    _event_out,
    _refused,
    _registrant_out,
    _registration_out,
)
from .api_schemas import EventIn, EventListOut, EventOut, RegistrantOut, RegistrationOut
from .models import RegistrationStatus

router = Router(tags=["events"])


# --- Series ---------------------------------------------------------------------------------


class SeriesIn(EventIn):
    model_config = example(
        {
            "title": "Lunchtime reflective practice circle",
            "description": "A monthly hour for practitioners to bring a piece of "
            "work, without identifying details, and think it "
            "through together with a facilitator.",
            "title_cy": "Cylch ymarfer myfyriol amser cinio",
            "description_cy": "Awr fisol i ymarferwyr ddod â darn o waith, heb fanylion "
            "adnabod, a meddwl amdano gyda'i gilydd.",
            "kind": "reflective_session",
            "format": "online",
            "online_url": "https://meet.riverside-trust.example.org/reflective-circle",
            "nation": "england",
            "capacity": 12,
            "audience": "community",
            "cpd_hours": 1,
            "community": "riverside-safeguarding",
            "rule": "FREQ=MONTHLY;BYDAY=1TU;COUNT=6",
            "start_date": "2027-01-05",
            "start_time": "12:30:00",
            "end_time": "13:30:00",
            "publish": False,
            "confidentiality_acknowledged": False,
        }
    )

    rule: str = Field(
        max_length=500,
        description='An iCalendar RRULE with an end (COUNT or UNTIL), e.g. "FREQ=WEEKLY;COUNT=6".',
    )
    start_date: date
    start_time: time = Field(description="London wall-clock time; 18:00 stays 18:00 all year.")
    end_time: time
    starts_at: datetime | None = None
    ends_at: datetime | None = None


class SeriesOut(Schema):
    id: int
    title: str
    rule: str
    rule_text: str
    occurrences: list[EventOut]


class SeriesChangedOut(Schema):
    changed: int = Field(description="How many dates the change reached.")


def _series_out(request, series) -> dict:
    occurrences = list(
        selectors.series_occurrences(request.user, series).prefetch_related("co_hosts")
    )
    if not occurrences:
        raise NotFound
    return {
        "id": series.pk,
        "title": series.title,
        "rule": series.rule,
        "rule_text": recurrence.describe(series.rule),
        "occurrences": [_event_out(e, user=request.user) for e in occurrences],
    }


@router.post(
    "/series",
    response={201: SeriesOut, **EVENT_WRITE_ERRORS},
    summary="Create a recurring event: one event per date of the rule",
)
def create_series(request, payload: SeriesIn):
    """Creates a recurring event: one event per date of an iCalendar rule with an end
    (COUNT or UNTIL; at most 60 dates, at most one a day), from `start_time` to
    `end_time` London time, so 18:00 stays 18:00 through summer time; `starts_at` and
    `ends_at` are ignored. For community facilitators, organisation admins and
    champions, and host admins (403 otherwise), with the host rules and
    confidentiality guard (422) of a single event. Drafts unless `publish`, which
    needs the first date in the future (400)."""
    if not selectors.may_create_any_event(request.user):
        raise PermissionDenied(
            "Community facilitators, organisation admins and champions, and host admins "
            "can create events."
        )
    series_fields = {"rule", "start_date", "start_time", "end_time", *EVENT_ONLY_FIELDS}
    series = services.series_create(
        actor=request.user,
        data=_event_data(request, payload, exclude=series_fields),
        rule=payload.rule,
        start_date=payload.start_date,
        start_time=payload.start_time,
        end_time=payload.end_time,
        professions=list(Profession.objects.filter(slug__in=payload.target_professions)),
        co_hosts=list(Organisation.objects.filter(slug__in=payload.co_hosts)),
        publish=payload.publish,
        confidentiality_acknowledged=payload.confidentiality_acknowledged,
    )
    return Status(201, _series_out(request, series))


@router.get(
    "/series/{series_id}", response={200: SeriesOut, 404: ErrorOut}, summary="An event series"
)
def get_series(request, series_id: ObjectId):
    """A series with its rule in words and each of its dates you may see (drafts only
    for its organisers). 404 when you can see none of them, or the series belongs to
    a community you cannot read."""
    return _series_out(request, selectors.series_for(request.user, series_id))


@router.put(
    "/series/{series_id}",
    response={200: SeriesChangedOut, **EVENT_WRITE_ERRORS},
    summary="Change every future date not changed on its own (its organisers); starts_at "
    "and ends_at are ignored",
)
def update_series(request, series_id: ObjectId, payload: EventIn):
    """The organisers apply the fields to every future date of the series that is not
    cancelled and was not changed on its own, each as if changed one by one (its
    registrants hear of a new time or place, with the same 400 and 422 rules);
    answers how many dates changed. Each date keeps its own time. 404 for anyone but
    the organisers."""
    series, _template = selectors.series_for_manager(request.user, series_id)
    changed = services.series_update(
        actor=request.user,
        series=series,
        data=_event_data(request, payload, exclude=EVENT_ONLY_FIELDS),
        professions=list(Profession.objects.filter(slug__in=payload.target_professions)),
        co_hosts=list(Organisation.objects.filter(slug__in=payload.co_hosts)),
        confidentiality_acknowledged=payload.confidentiality_acknowledged,
    )
    return {"changed": changed}


@router.post(
    "/series/{series_id}/publish",
    response={200: SeriesChangedOut, 400: ErrorOut, 404: ErrorOut},
    summary="Publish every future draft date of a series (its organisers)",
)
def publish_series(request, series_id: ObjectId):
    """The organisers publish every future draft date of the series at once and get
    back how many were published; 404 for anyone else."""
    series, _template = selectors.series_for_manager(request.user, series_id)
    return {"changed": services.series_publish(actor=request.user, series=series)}


@router.post(
    "/series/{series_id}/registrations",
    response={200: list[RegistrationOut], 404: ErrorOut, 409: RefusedOut},
    summary="Register for every future date of a series (a place or the waiting list each)",
)
def register_series(request, series_id: ObjectId):
    """Registers you for every future published date of the series at once: each date
    keeps its own capacity, so some may confirm while others go to the waiting list,
    and a date you are already registered for stays as it is. A refusal on any date
    registers you for none: 409 with its `code` (`no_dates` when no future dates are
    left). 404 for a series of a community you cannot read."""
    series = selectors.series_for(request.user, series_id)
    try:
        registrations = services.series_register(actor=request.user, series=series)
    except services.RegistrationRefused as exc:
        return _refused(exc)
    return [_registration_out(r) for r in registrations]


@router.post(
    "/series/{series_id}/occurrences/{event_id}/skip",
    response={200: EventOut, 400: ErrorOut, 404: ErrorOut},
    summary="Take one date out of a series (its organisers); its registrants are told",
)
def skip_occurrence(request, series_id: ObjectId, event_id: ObjectId):
    """The organisers take one date out of the series: it joins the rule's exceptions
    and that event is cancelled, everyone registered or waiting being told. Answers
    the cancelled event; 404 for a date of another series, or for anyone but the
    organisers."""
    series = selectors.series_for(request.user, series_id)
    event = selectors.event_for_manager(request.user, event_id)
    if event.series_id != series.pk:
        raise NotFound
    services.series_skip_occurrence(actor=request.user, event=event)
    return _event_out(selectors.event_for(request.user, event_id), user=request.user)


# --- Your invitation ------------------------------------------------------------------------


class EventInvitationForYouOut(Schema):
    id: int
    expires_at: datetime
    event: EventOut


@router.get(
    "/invitations/{invitation_id}",
    response={200: EventInvitationForYouOut, 404: ErrorOut},
    summary="An invitation sent to your address (without its link); accept it by "
    "registering: POST /events/{event_id}/registrations",
)
def your_invitation(request, invitation_id: ObjectId):
    """An invitation sent to your signed-in address, with its event and your
    registration there, while you may still register with it; its link is never
    shown. 404 for anyone else's invitation, or once it has expired, been withdrawn
    or been used by someone else."""
    invitation = selectors.invitation_for_invitee(request.user, invitation_id)
    event = invitation.event
    registration = selectors.registration_of(request.user, event)
    return {
        "id": invitation.pk,
        "expires_at": invitation.expires_at,
        "event": _event_out(
            event, user=request.user, registration=registration, with_registration=True
        ),
    }


# --- A month, your events ------------------------------------------------------------------


class MonthFilters(LimitOffset):
    kind: Choice = ""
    profession: Slug = Field("", description="A profession's slug.")
    nation: Choice = ""
    format: Choice = Field("", description="online or in_person.")


@router.get(
    "/calendar/{year}/{month}",
    response={200: EventListOut, 400: ErrorOut, 404: ErrorOut},
    summary="The events of a calendar month (London time), past ones and cancelled ones too",
)
def month_events(request, year: int, month: int, filters: Query[MonthFilters]):
    """Published and cancelled events you may see that start in a calendar month
    (London time), past ones included, soonest first, with the list's filters but
    community. A month outside 1 to 12 or a year outside 2000 to 2100 is 404. Paged
    with `limit` and `cursor` (follow `next`)."""
    if not 1 <= month <= 12 or not 2000 <= year <= 2100:
        raise NotFound
    profession = (
        Profession.objects.filter(slug=filters.profession).first() if filters.profession else None
    )
    qs = selectors.events_in_month(
        request.user,
        year,
        month,
        kind=filters.kind,
        profession=profession,
        nation=filters.nation,
        format=filters.format,
    ).prefetch_related("co_hosts", "target_professions")
    return cursor_page(
        request,
        qs,
        scope="events-month",
        out=lambda e: _event_out(e, user=request.user),
        cursor=filters.cursor,
        limit=filters.limit,
        offset=filters.offset,
    )


class MineFilters(LimitOffset):
    section: Literal["upcoming", "attended", "organised"] = Field(
        "upcoming",
        description="upcoming: what you are registered for; attended: what you went to; "
        "organised: what you run (drafts too).",
    )


class MineItemOut(Schema):
    event: EventOut
    registration: RegistrationOut | None


class MineListOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[MineItemOut]
    next: str | None = next_field()


@router.get(
    "/mine",
    response={200: MineListOut, 400: ErrorOut},
    summary="Your events: registered for, attended, or organised by you",
)
def my_events(request, filters: Query[MineFilters]):
    """`upcoming`: events that have not ended where you hold, are offered or are
    waiting for a place, soonest first; `attended`: events your attendance was
    recorded at, latest first; `organised`: events you run, drafts too, that ended no
    more than 30 days ago, by start. Paged with `limit` and `cursor` (follow `next`)."""
    if filters.section == "organised":
        qs = selectors.events_managed_by(request.user).prefetch_related("co_hosts")

        def out(event):
            return {"event": _event_out(event, user=request.user), "registration": None}
    else:
        qs = (
            selectors.registrations_for_user(request.user)
            if filters.section == "upcoming"
            else selectors.attended_registrations(request.user)
        )

        def out(registration):
            return {
                "event": _event_out(
                    registration.event, user=request.user, registration=registration
                ),
                "registration": _registration_out(registration),
            }

    return cursor_page(
        request,
        qs,
        scope=f"events-mine-{filters.section}",
        out=out,
        cursor=filters.cursor,
        limit=filters.limit,
        offset=filters.offset,
    )


# --- Running an event, your ticket, feedback -------------------------------------------------


@router.post(
    "/{event_id}/publish",
    response={200: EventOut, 400: ErrorOut, 404: ErrorOut},
    summary="Publish a draft event (its organisers; it must start in the future)",
)
def publish_event(request, event_id: int):
    """The organisers publish a draft, which must start in the future (400 otherwise,
    and for a cancelled event); 404 for anyone else. Publishing a published event
    changes nothing."""
    event = selectors.event_for_manager(request.user, event_id)
    services.event_publish(actor=request.user, event=event)
    return _event_out(selectors.event_for(request.user, event_id), user=request.user)


class CancelIn(Schema):
    model_config = example(
        {
            "reason": "The venue is closed for building works that day; a new "
            "date will follow in April.",
            "confidentiality_acknowledged": False,
        }
    )

    reason: str = Field("", max_length=1000, description="Told to everyone registered.")
    confidentiality_acknowledged: bool = False


@router.post(
    "/{event_id}/cancel",
    response={200: EventOut, **EVENT_WRITE_ERRORS},
    summary="Cancel an event (its organisers); everyone registered or waiting is told",
)
def cancel_event(request, event_id: int, payload: CancelIn):
    """The organisers cancel the event; if it was published, everyone registered,
    offered a place or waiting is told, with the reason. The reason goes through the
    confidentiality guard (422 unless acknowledged); cancelling twice changes
    nothing; 404 for anyone else."""
    event = selectors.event_for_manager(request.user, event_id)
    services.event_cancel(
        actor=request.user,
        event=event,
        reason=payload.reason,
        confidentiality_acknowledged=payload.confidentiality_acknowledged,
    )
    return _event_out(selectors.event_for(request.user, event_id), user=request.user)


class TicketOut(Schema):
    event_id: int
    checkin_code: str = Field(description="What the organisers scan or type to check you in.")
    checkin_url: str


@router.get(
    "/{event_id}/ticket",
    response={200: TicketOut, 404: ErrorOut},
    summary="Your ticket: its check-in code (a confirmed place only)",
)
def my_ticket(request, event_id: int):
    """Your ticket for a confirmed place at an event you can see: the signed check-in
    code and the check-in address the organisers' scanner opens. 404 without a
    confirmed place."""
    event = selectors.event_for(request.user, event_id)
    registration = selectors.registration_of(request.user, event)
    if registration is None or registration.status != RegistrationStatus.CONFIRMED:
        raise NotFound
    path = reverse(
        "events:check_in_code", kwargs={"pk": event.pk, "code": registration.checkin_code}
    )
    return {
        "event_id": event.pk,
        "checkin_code": registration.checkin_code,
        "checkin_url": request.build_absolute_uri(path),
    }


class EventFeedbackIn(Schema):
    model_config = example(
        {
            "rating": 5,
            "learnt": "How to keep a chronology short enough to use at a core group meeting.",
            "impact": "Our team will try a one-page summary of significant events "
            "on long-running cases.",
            "comments": "More time for the small-group discussion would help.",
            "confidentiality_acknowledged": False,
        }
    )

    rating: int = Field(description="1 (poor) to 5 (excellent).", le=32767, ge=-32768)
    learnt: str = Field("", max_length=2000)
    impact: str = Field("", max_length=2000)
    comments: str = Field("", max_length=2000)
    confidentiality_acknowledged: bool = False


class EventFeedbackOut(Schema):
    event_id: int
    rating: int
    learnt: str
    impact: str
    comments: str


@router.put(
    "/{event_id}/feedback",
    response={200: EventFeedbackOut, 400: ErrorOut, 404: ErrorOut, 422: GuardErrorOut},
    summary="Your feedback on an event you attended (sending again replaces it)",
)
def give_feedback(request, event_id: int, payload: EventFeedbackIn):
    """Your feedback on an event your attendance was recorded at (404 otherwise): a
    rating from 1 to 5 (400 otherwise) and, optionally, what you learnt, its impact
    and comments, through the confidentiality guard (422 unless acknowledged).
    Sending again replaces it."""
    _event, registration = selectors.attended_registration_of(request.user, event_id)
    feedback = services.feedback_submit(
        actor=request.user, registration=registration, **payload.dict()
    )
    return {
        "event_id": event_id,
        **{f: getattr(feedback, f) for f in ("rating", "learnt", "impact", "comments")},
    }


# --- Check-in at the door --------------------------------------------------------------------


class CheckInIn(Schema):
    model_config = example({"code": "eyJyIjo1MTIwfQ:1uAbCd:Xk3pV9sQmTq2rL8wNf4hGz1yE0c"})

    code: str = Field(
        max_length=500,
        description="The ticket's code, or the whole check-in address a scanner read.",
    )


def _ticket_code(text: str) -> str:
    """A typed code, or the last part of the check-in URL a scanner app pasted in."""
    return text.strip().rstrip("/").rsplit("/", 1)[-1]


@router.get(
    "/{event_id}/check-in/{code}",
    response={200: RegistrantOut, 403: ErrorOut, 404: ErrorOut},
    summary="Who holds this ticket (organisers), before checking them in",
)
def check_in_lookup(request, event_id: int, code: str):
    """The organisers see who holds a ticket, and whether their place is confirmed,
    before checking them in; the code may be the whole check-in address a scanner
    read. 404 for a code that is not of this event; 403 for anyone but the
    organisers."""
    event = selectors.event_for(request.user, event_id)
    if not selectors.can_manage(request.user, event):
        raise PermissionDenied("Only this event's organisers can do that.")
    return _registrant_out(selectors.registration_from_checkin_code(event, _ticket_code(code)))


@router.post(
    "/{event_id}/check-in",
    response={200: RegistrantOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Check in the holder of a ticket (organisers); marks them attended",
)
def check_in(request, event_id: int, payload: CheckInIn):
    """The organisers check in the holder of a ticket (its code, or the whole check-
    in address a scanner read), marking them attended as the attendance operation
    does: from an hour before the start of a published event. 400 when the ticket is
    not a confirmed place; 404 for a code not of this event; 403 for anyone but the
    organisers."""
    event = selectors.event_for(request.user, event_id)
    registration = services.check_in(
        actor=request.user, event=event, code=_ticket_code(payload.code)
    )
    return _registrant_out(registration)
