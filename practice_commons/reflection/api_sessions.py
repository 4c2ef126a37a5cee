"""``/api/v1/reflection``: scheduling and changing a session, opening it, the live session
(its state, joining, leaving, the facilitator's controls) and a community's figures, as
the pages ``reflection:schedule``, ``edit``, ``open``, ``live``, ``join``, ``leave``,
``control`` and ``insights`` do, through the same selectors, forms and services.

``POST /communities/{slug}/sessions`` and ``PATCH /sessions/{session_id}`` share their
paths with ``GET``s of ``reflection.api``, so they are declared on that router (one
router a path); the rest are on this module's ``router``, also mounted at ``/reflection``.

Not visible: 404; a facilitator's action by anyone else: 403; refused by the session's
state: 409 with a ``code``; bad input: 400, nothing changed; an identifying title or
theme: 422. The live state shows each role what the live page shows it: material to
attendees only; the check-in table, user ids, turn ids and Heron tags to facilitators
only; nothing but the notice to someone a facilitator marked as having left.
"""

from datetime import datetime
from typing import Literal

from django.core.exceptions import ValidationError
from ninja import Field, Router, Schema, Status

from practice_commons.communities import selectors as community_selectors
from practice_commons.core.api_schemas import (
    ErrorOut,
    GuardErrorOut,
    ObjectId,
    RefusedOut,
    example,
    name_field,
)
from practice_commons.core.errors import PermissionDenied
from practice_commons.events.models import LONDON, Audience

from . import selectors, services
from .api import SESSION_WRITE_ERRORS, ActionOut, SessionOut, _refused, _session_now
from .api import router as sessions_router
from .durations import MAX_TURN, MIN_TURN
from .forms import WHERE_CHOICES, EditForm, ScheduleForm
from .live_actions import LIVE_ACTIONS
from .models import HeronCategory, ProctorFunction, SessionFormat, Stage

router = Router(tags=["reflection"])

FormatChoice = Literal[tuple(SessionFormat.values)]
WhereChoice = Literal[tuple(value for value, _label in WHERE_CHOICES)]
AudienceChoice = Literal[Audience.COMMUNITY.value, Audience.MEMBERS.value]
LiveActionChoice = Literal[tuple(LIVE_ACTIONS)]
StageChoice = Literal[tuple(Stage.values)]
FocusChoice = Literal[tuple(ProctorFunction.values)]
HeronChoice = Literal[tuple(HeronCategory.values)]

LIVE_ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: RefusedOut}


# --- Input ----------------------------------------------------------------------------------


class ReflectionScheduleIn(Schema):
    model_config = example(
        {
            "title": "Wednesday reflective session",
            "theme": "Holding uncertainty",
            "session_format": "flexible",
            "starts_at": "2026-03-04T13:00:00+00:00",
            "minutes": 90,
            "where": "online",
            "online_url": "https://meet.example.org/reflect",
            "capacity": 8,
            "audience": "community",
            "trial_allowed": False,
            "confidentiality_acknowledged": False,
        }
    )

    title: name_field("Title", 200)
    theme: name_field("Theme", 200)
    session_format: FormatChoice = SessionFormat.FLEXIBLE.value
    starts_at: datetime = Field(..., description="Without an offset: UK time.")
    minutes: int = Field(90, ge=30, le=480, description="Its length in minutes.")
    where: WhereChoice = "online"
    venue: str = Field("", max_length=200, description="Needed in a room (with the address).")
    address: str = Field("", max_length=300)
    online_url: str = Field("", max_length=500, description="Shown only to people with a place.")
    capacity: int = Field(8, ge=2, le=30)
    audience: AudienceChoice = Audience.COMMUNITY.value
    trial_allowed: bool = False
    confidentiality_acknowledged: bool = False


class ReflectionEditIn(Schema):
    model_config = example(
        {"theme": "Staying curious under pressure", "format": "action_learning"},
        {"audience": "members"},
    )

    theme: name_field("Theme", 200) | None = Field(None, description="Left out, it stays.")
    format: FormatChoice | None = Field(None, description="Left out, it stays.")
    audience: AudienceChoice | None = Field(None, description="Left out, it stays.")
    confidentiality_acknowledged: bool = False


class ReflectionLiveControlIn(Schema):
    model_config = example(
        {"action": "next_turn"},
        {"action": "timer", "seconds": 90},
        {"action": "heron", "turn_id": 311, "tags": ["catalytic", "supportive"]},
    )

    action: LiveActionChoice = Field(
        ...,
        description="The live page's buttons: next_stage, set_stage (stage), next_turn, pass "
        "(your own turn, or a facilitator for the speaker), new_round (focus, peer "
        "supervision), timer (seconds), present / left / undo_left / rules_in_room "
        "(user_id), presenter (user_id, null for nobody), heron (turn_id, tags), close.",
    )
    stage: StageChoice | None = None
    seconds: int | None = Field(None, ge=MIN_TURN, le=MAX_TURN, description="Time for each turn.")
    focus: FocusChoice | None = None
    user_id: ObjectId | None = None
    turn_id: ObjectId | None = None
    tags: list[HeronChoice] = Field(default_factory=list, max_length=len(HeronCategory.values))


# --- Output ---------------------------------------------------------------------------------


class ReflectionLiveStageOut(Schema):
    value: str
    label: str
    state: Literal["done", "current", "to_come"]


class ReflectionLiveRoundOut(Schema):
    number: int
    focus: str
    focus_label: str


class ReflectionLiveSpeakingOut(Schema):
    name: str
    is_you: bool
    started_at: datetime
    ends_at: datetime
    duration_seconds: int


class ReflectionLiveOrderOut(Schema):
    name: str
    state: str
    label: str
    turn_id: int | None = Field(None, description="Facilitators only (to tag the turn).")
    heron_tags: list[str] | None = Field(None, description="Facilitators only.")


class ReflectionLivePersonOut(Schema):
    user_id: int
    name: str
    is_presenter: bool
    rules_confirmed: bool
    present: bool
    left_at: datetime | None
    marked_left: bool


class ReflectionLiveMaterialOut(Schema):
    issue_summary: str
    presenter_summary: str
    actions: list[ActionOut]


class ReflectionLiveYouOut(Schema):
    runs_it: bool
    is_presenter: bool
    present: bool
    rules_confirmed: bool
    my_turn: bool
    marked_left: bool = Field(description="Marked as having left: only this is shown.")


class ReflectionLiveOut(Schema):
    session_id: int
    version: int = Field(description="Changes whenever the live state changes.")
    stage: str
    stage_label: str
    you: ReflectionLiveYouOut
    stages: list[ReflectionLiveStageOut] = []
    presenter: str | None = None
    present_count: int | None = None
    round: ReflectionLiveRoundOut | None = None
    speaking: ReflectionLiveSpeakingOut | None = None
    progress: str = ""
    total: int = 0
    done: int = 0
    to_come: int = 0
    order: list[ReflectionLiveOrderOut] = []
    material: ReflectionLiveMaterialOut | None = None  # its attendees only
    people: list[ReflectionLivePersonOut] | None = None  # facilitators only: the check-in
    next_stage: str | None = None


class ReflectionInsightsMonthOut(Schema):
    month: str = Field(description="YYYY-MM")
    label: str
    sessions: int
    attendances: int
    attendees: int
    returning: int
    responses: int
    average_usefulness: float | None


class ReflectionInsightsOut(Schema):
    community: str
    sessions_run: int
    attendances: int
    attendees: int
    returning: int
    responses: int
    average_usefulness: float | None
    months: list[ReflectionInsightsMonthOut] = Field(description="The last 12 months.")


# --- Helpers --------------------------------------------------------------------------------


def _form_errors(form, renames: dict[str, str]):
    """A form's errors as a ``ValidationError`` (400) keyed by the API's field names."""
    errors = form.errors.as_data()
    return ValidationError({renames.get(name, name): errs for name, errs in errors.items()})


def _london(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        return moment.replace(tzinfo=LONDON)
    return moment.astimezone(LONDON)


def _schedule_form(payload: ReflectionScheduleIn) -> ScheduleForm:
    start = _london(payload.starts_at)
    return ScheduleForm(
        {
            "title": payload.title,
            "theme": payload.theme,
            "session_format": payload.session_format,
            "date": start.date().isoformat(),
            "start_time": start.time().replace(tzinfo=None).isoformat(),
            "minutes": payload.minutes,
            "where": payload.where,
            "venue": payload.venue,
            "address": payload.address,
            "online_url": payload.online_url,
            "capacity": payload.capacity,
            "audience": payload.audience,
            "trial_allowed": "on" if payload.trial_allowed else "",
        }
    )


SCHEDULE_RENAMES = {"date": "starts_at", "start_time": "starts_at"}


def _control_form(action, payload: ReflectionLiveControlIn, session):
    data = {
        "stage": payload.stage or "",
        "minutes": f"{payload.seconds}s" if payload.seconds is not None else "",
        "focus": payload.focus or "",
        "user": payload.user_id or "",
        "presenter": payload.user_id or "",
        "turn": payload.turn_id or "",
        "tags": list(payload.tags),
    }
    return action.form(data, session=session)


TO_API = {"minutes": "seconds", "user": "user_id", "presenter": "user_id", "turn": "turn_id"}


def _round_out(round_) -> dict:
    return {
        "number": round_.number,
        "focus": round_.focus,
        "focus_label": str(round_.get_focus_display()) if round_.focus else "",
    }


def _speaking_out(turn, user) -> dict:
    return {
        "name": turn.participant.user.display_name,
        "is_you": turn.participant.user_id == user.pk,
        "started_at": turn.started_at,
        "ends_at": turn.ends_at,
        "duration_seconds": turn.duration_seconds,
    }


def _order_out(entry, runner: bool) -> dict:
    return {
        "name": entry.name,
        "state": entry.state,
        "label": entry.label,
        "turn_id": entry.turn.pk if runner and entry.turn else None,
        "heron_tags": list(entry.turn.heron_tags or []) if runner and entry.turn else None,
    }


def _material_out(user, session) -> dict | None:
    """As the live page: the issue after check-in; the summary and actions after the
    presenter's account."""
    if session.stage == Stage.CHECK_IN:
        return None
    later = session.stage != Stage.ACCOUNT
    return {
        "issue_summary": session.issue_summary,
        "presenter_summary": selectors.presenter_summary_for(user, session) if later else "",
        "actions": [
            {"id": a.pk, "text": a.text}
            for a in (selectors.action_commitments(session, viewer=user) if later else [])
        ],
    }


def _people_out(session, state) -> list[dict]:
    """The facilitators' check-in table, as on the live page."""
    return [
        {
            "user_id": row["user"].pk,
            "name": row["user"].display_name,
            "is_presenter": row["user"].pk == session.presenter_id,
            "rules_confirmed": row["rules_ok"],
            "present": row["present"],
            "left_at": row["participant"].left_at if row["participant"] else None,
            "marked_left": row["marked_left"],
        }
        for row in selectors.checkin_rows(session, state)
    ]


def _live_out(user, session) -> dict:
    """The live state as the live page shows it to this caller (403 for anyone the page
    refuses)."""
    runner, participant = selectors.live_access(user, session)
    state = selectors.live_state(session)
    speaking = state.speaking
    you = {
        "runs_it": runner,
        "is_presenter": session.presenter_id == user.pk,
        "present": bool(participant and participant.is_present),
        "rules_confirmed": selectors.rules_confirmed(participant, session),
        "my_turn": bool(speaking and speaking.participant.user_id == user.pk),
        "marked_left": selectors.marked_left(session, runner, participant),
    }
    out = {
        "session_id": session.pk,
        "version": state.version,
        "stage": state.stage,
        "stage_label": str(state.stage_label),
        "you": you,
    }
    if you["marked_left"]:
        return out
    reflections = session.stage == Stage.REFLECTIONS
    material = selectors.can_see_material(user, session, participant)
    out.update(
        stages=[{"value": v, "label": str(label), "state": s} for v, label, s in state.stages],
        presenter=session.presenter.display_name if session.presenter_id else None,
        present_count=len(state.present),
        round=_round_out(state.round) if reflections and state.round else None,
        speaking=_speaking_out(speaking, user) if reflections and speaking else None,
        progress=state.progress if reflections else "",
        total=state.total,
        done=state.done,
        to_come=state.to_come,
        order=[_order_out(entry, runner) for entry in state.order] if reflections else [],
        material=_material_out(user, session) if material else None,
        people=_people_out(session, state) if runner else None,
        next_stage=selectors.next_stage(session),
    )
    return out


def _live_now(request, session_id: int) -> dict:
    return _live_out(request.user, selectors.session_for(request.user, session_id))


# --- Before the session: scheduling and changing it -----------------------------------------


@sessions_router.post(
    "/communities/{slug}/sessions",
    response={201: SessionOut, **SESSION_WRITE_ERRORS, 422: GuardErrorOut},
    summary="Schedule a reflective session in a community (facilitators)",
)
def session_schedule(request, slug: str, payload: ReflectionScheduleIn):
    """For the community's facilitators and owners (and host admins): schedule a session,
    published and open for booking (the page ``reflection:schedule``). A community the
    caller cannot see is 404; anyone else is 403. The title and theme pass the
    confidentiality guard (422); a room needs a venue or address, and the start must be in
    the future (400)."""
    community = community_selectors.community_for_reader(request.user, slug)
    if not selectors.can_schedule(request.user, community):
        raise PermissionDenied("Only the community's facilitators can schedule sessions.")
    form = _schedule_form(payload)
    if not form.is_valid():
        raise _form_errors(form, SCHEDULE_RENAMES)
    data = form.cleaned_data
    session = services.session_schedule(
        actor=request.user,
        community=community,
        title=data["title"],
        theme=data["theme"],
        starts_at=data["starts_at"],
        ends_at=data["ends_at"],
        session_format=data["session_format"],
        where=data["where"],
        venue=data["venue"],
        address=data["address"],
        online_url=data["online_url"],
        capacity=data["capacity"],
        trial_allowed=data["trial_allowed"],
        audience=data["audience"] or Audience.COMMUNITY,
        confidentiality_acknowledged=payload.confidentiality_acknowledged,
    )
    return Status(201, _session_now(request, session.pk))


@sessions_router.patch(
    "/sessions/{session_id}",
    response={200: SessionOut, **SESSION_WRITE_ERRORS, 422: GuardErrorOut},
    summary="Change a session's theme, format or who may book, before it opens (facilitators)",
)
def session_edit(request, session_id: int, payload: ReflectionEditIn):
    """For the community's facilitators: change the theme, format and who may book
    (``community`` or ``members``) of a session that has not opened (the page
    ``reflection:edit``); a field left out stays. Its time and place are the event's
    (``PATCH /events/{event_id}``). A session the caller cannot see is 404; anyone else is
    403; once it has opened, 409 (``already_open``, ``closed``). The theme passes the guard."""
    session = selectors.session_for(request.user, session_id)
    if not selectors.can_schedule(request.user, session.community):
        raise PermissionDenied("Only the community's facilitators can change a session.")
    form = EditForm(
        {
            "theme": payload.theme if payload.theme is not None else session.theme,
            "format": payload.format or session.format,
            "audience": payload.audience or "",
        }
    )
    if not form.is_valid():
        raise _form_errors(form, {})
    try:
        services.session_edit(
            actor=request.user,
            session=session,
            theme=form.cleaned_data["theme"],
            format=form.cleaned_data["format"],
            audience=form.cleaned_data["audience"] or None,
            confidentiality_acknowledged=payload.confidentiality_acknowledged,
        )
    except services.SessionRefused as exc:
        return _refused(exc)
    return _session_now(request, session_id)


# --- During the session ----------------------------------------------------------------------


@router.post(
    "/sessions/{session_id}/open",
    response={200: ReflectionLiveOut, **LIVE_ERRORS},
    summary="Open a session so people with a place can join (facilitators)",
)
def session_open(request, session_id: int):
    """For the session's facilitators: open it (check-in starts; people with a place and
    the rules confirmed can join), as the page ``reflection:open``. Answers the live state.
    A session the caller cannot see is 404; anyone else is 403; opening too early, twice,
    after it closed or once cancelled is 409 with a ``code``."""
    session = selectors.session_for(request.user, session_id)
    try:
        services.session_open(actor=request.user, session=session)
    except services.SessionRefused as exc:
        return _refused(exc)
    return _live_now(request, session_id)


@router.get(
    "/sessions/{session_id}/live",
    response={200: ReflectionLiveOut, 403: ErrorOut, 404: ErrorOut},
    summary="The live session: stage, round, who is speaking, the order of turns",
)
def live_read(request, session_id: int):
    """What the live page (``reflection:live``) shows the caller: the stage, the round,
    who is speaking and until when, the order of turns, the presenter's material for the
    session's attendees, and for facilitators the check-in table, turn ids and Heron tags.
    Poll it and compare ``version``. For the session's facilitators and people with a
    place who have confirmed the rules; anyone else who can see the session is 403, and a
    session the caller cannot see is 404."""
    return _live_now(request, session_id)


@router.post(
    "/sessions/{session_id}/live/join",
    response={200: ReflectionLiveOut, **LIVE_ERRORS},
    summary="Join the open session (a place and the group rules confirmed are needed)",
)
def live_join(request, session_id: int):
    """Join the open session, or rejoin after leaving (the page ``reflection:join``);
    answers the live state. Refusals (not open yet, closed, no place, the group rules not
    confirmed: ``code`` ``rules``) are 409; a session the caller cannot see is 404."""
    session = selectors.session_for(request.user, session_id)
    try:
        services.session_join(actor=request.user, session=session)
    except services.SessionRefused as exc:
        return _refused(exc)
    return _live_now(request, session_id)


@router.post(
    "/sessions/{session_id}/live/leave",
    response={200: ReflectionLiveOut, **LIVE_ERRORS},
    summary="Leave the live session (you may rejoin)",
)
def live_leave(request, session_id: int):
    """Leave the session the caller is in (the page ``reflection:leave``); a turn they
    were taking ends. Answers the live state. Not in it: 409 (``not_present``); a session
    the caller cannot see is 404."""
    session = selectors.session_for(request.user, session_id)
    try:
        services.session_leave(actor=request.user, session=session)
    except services.SessionRefused as exc:
        return _refused(exc)
    return _live_now(request, session_id)


@router.post(
    "/sessions/{session_id}/live/control",
    response={200: ReflectionLiveOut, **LIVE_ERRORS},
    summary="Run the live session: stages, turns, rounds, the timer, presence (facilitators)",
)
def live_control(request, session_id: int, payload: ReflectionLiveControlIn):
    """The live page's controls (``reflection:control``), one ``action`` a call, with what
    that action needs. Every action is the facilitators' except ``pass``, which the
    speaker may use for their own turn. Answers the live state (after ``close``, the
    closed session's). Only people who may see the live session get this far (403,
    or 404 if they cannot see the session); a facilitator's action by anyone else is 403;
    a value the action refuses (a stage outside the format, someone without a place, a
    turn of another session) is 400 and changes nothing; a refusal by the session's state
    (wrong stage, nobody speaking, not open) is 409 with a ``code``."""
    session = selectors.session_for(request.user, session_id)
    selectors.live_access(request.user, session)
    action = LIVE_ACTIONS[payload.action]
    form = _control_form(action, payload, session)
    if not form.is_valid():
        raise _form_errors(form, TO_API)
    try:
        action.service(actor=request.user, **form.arguments())
    except services.SessionRefused as exc:
        return _refused(exc)
    return _live_now(request, session_id)


# --- After: the facilitators' figures ----------------------------------------------------


@router.get(
    "/communities/{slug}/insights",
    response={200: ReflectionInsightsOut, 403: ErrorOut, 404: ErrorOut},
    summary="A community's reflective-session figures, month by month (facilitators)",
)
def insights_read(request, slug: str):
    """For the community's facilitators and owners (and host admins), as the page
    ``reflection:insights``: sessions run, attendances, attendees, returning attendees and
    feedback scores for the last 12 months. Aggregates only: no names, no material. A
    community the caller cannot see is 404; anyone else is 403."""
    community = community_selectors.community_for_reader(request.user, slug)
    if not selectors.can_see_stats(request.user, community):
        raise PermissionDenied("Only the community's facilitators can see this.")
    stats = selectors.community_stats(community)
    return {
        "community": community.slug,
        "sessions_run": stats.sessions_run,
        "attendances": stats.attendances,
        "attendees": stats.attendees,
        "returning": stats.returning,
        "responses": stats.responses,
        "average_usefulness": stats.average,
        "months": [_month_out(row) for row in stats.months],
    }


def _month_out(row) -> dict:
    return {
        "month": f"{row.month:%Y-%m}",
        "label": row.label,
        "sessions": row.sessions,
        "attendances": row.attendances,
        "attendees": row.attendees,
        "returning": row.returning,
        "responses": row.responses,
        "average_usefulness": row.average,
    }
