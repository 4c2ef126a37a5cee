"""``/api/v1/reflection``: the sessions you take part in, your own private notes, and
feedback. The same selectors and services as the pages: a session you may not see is
404, a refusal (feedback twice, for a session not attended…) is 409 with a ``code``, a
blocked text is 422 with kinds and offsets only. Nobody else's private notes are
reachable here, and session material is included only for that session's attendees."""

from datetime import datetime

from ninja import Field, Query, Router, Schema, Status

from practice_commons.communities import selectors as community_selectors
from practice_commons.core.api_pagination import LimitOffset, cursor_page, next_field
from practice_commons.core.api_schemas import (
    MAX_ID,
    ErrorOut,
    GuardErrorOut,
    ObjectId,
    RefusedOut,
    example,
)
from practice_commons.core.errors import NotFound, PermissionDenied

from . import selectors, services
from .models import SessionFormat, Stage

router = Router(tags=["reflection"])


class YouOut(Schema):
    has_place: bool
    attended: bool
    rules_confirmed: bool
    is_presenter: bool
    runs_it: bool
    feedback_given: bool


class ActionOut(Schema):
    id: int
    text: str


class MaterialOut(Schema):
    issue_summary: str
    presenter_summary: str
    actions: list[ActionOut]
    purged: bool


class SessionOut(Schema):
    id: int
    event_id: int
    title: str
    theme: str
    format: str
    format_label: str
    stage: str
    stage_label: str
    community: str
    starts_at: datetime
    ends_at: datetime
    url: str
    you: YouOut
    material: MaterialOut | None = None


class SessionListOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[SessionOut]
    next: str | None = next_field()


class NoteOut(Schema):
    id: int
    session_id: int | None
    session_title: str
    body: str
    created_at: datetime


class NoteListOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[NoteOut]
    next: str | None = next_field()


class NoteIn(Schema):
    model_config = example(
        {
            "body": "I noticed I went quiet when the group talked about a parent's anger; "
            "take that to supervision.",
            "confidentiality_acknowledged": False,
        }
    )

    body: str = Field(..., max_length=5000)
    confidentiality_acknowledged: bool = False


class FeedbackIn(Schema):
    model_config = example(
        {
            "usefulness": 4,
            "gave_you": "Hearing how a school nurse approaches the same conversation.",
            "consent_to_quote": True,
            "confidentiality_acknowledged": False,
        }
    )

    usefulness: int = Field(..., description="1 (not useful) to 5 (very useful); else 400.")
    gave_you: str = Field("", max_length=1000)
    consent_to_quote: bool = False
    confidentiality_acknowledged: bool = False


class FeedbackOut(Schema):
    id: int
    session_id: int
    usefulness: int
    gave_you: str
    consent_to_quote: bool


class CommunitySessionsPage(LimitOffset):
    past: bool = Field(False, description="Past and closed sessions instead of upcoming ones.")


class NotePage(LimitOffset):
    session_id: int | None = Field(None, ge=0, le=MAX_ID)


def _session_out(session, user, *, you: dict, with_material: bool) -> dict:
    material = None
    if with_material and selectors.can_see_material(user, session):
        material = {
            "issue_summary": session.issue_summary,
            "presenter_summary": selectors.presenter_summary_for(user, session),
            "actions": [
                {"id": a.pk, "text": a.text}
                for a in selectors.action_commitments(session, viewer=user)
            ],
            "purged": session.material_purged_at is not None,
        }
    return {
        "id": session.pk,
        "event_id": session.event_id,
        "title": session.event.title,
        "theme": session.theme,
        "format": session.format,
        "format_label": str(SessionFormat(session.format).label),
        "stage": session.stage,
        "stage_label": str(Stage(session.stage).label),
        "community": session.community.slug,
        "starts_at": session.event.starts_at,
        "ends_at": session.event.ends_at,
        "url": session.get_absolute_url(),
        "you": you,
        "material": material,
    }


@router.get(
    "/sessions",
    response={200: SessionListOut, 400: ErrorOut},
    summary="Sessions you have a place at",
)
def session_list(request, page: Query[LimitOffset]):
    """Sessions the caller has a place at (or is on the waiting list for), soonest first, with
    what they may do next in ``you``."""
    limit, offset = page.limit, page.offset
    qs = selectors.api_sessions_for(request.user)
    you = {}

    def decorate(sessions):
        you.update(selectors.you_in(request.user, sessions))
        return sessions

    return cursor_page(
        request,
        qs,
        scope="reflection.sessions",
        out=lambda s: _session_out(s, request.user, you=you[s.pk], with_material=False),
        decorate=decorate,
        cursor=page.cursor,
        limit=limit,
        offset=offset,
    )


@router.get(
    "/sessions/{session_id}",
    response={200: SessionOut, 404: ErrorOut},
    summary="One session (its material only for its attendees)",
)
def session_read(request, session_id: int):
    """One session the caller may see; its presenter's issue, summary and actions are included
    only for its attendees. A session in a community the caller cannot see is 404."""
    session = selectors.session_for(request.user, session_id)
    you = selectors.you_in(request.user, [session])[session.pk]
    return _session_out(session, request.user, you=you, with_material=True)


@router.get("/notes", response={200: NoteListOut, 400: ErrorOut}, summary="Your own private notes")
def note_list(request, page: Query[NotePage]):
    """The caller's own private notes, newest first, optionally for one session. Nobody else's
    notes are reachable through any endpoint."""
    limit, offset = page.limit, page.offset
    qs = selectors.private_notes_of(request.user)
    if page.session_id is not None:
        qs = qs.filter(session_id=page.session_id)
    return cursor_page(
        request,
        qs,
        scope="reflection.notes",
        out=_note_out,
        cursor=page.cursor,
        limit=limit,
        offset=offset,
    )


def _note_out(n) -> dict:
    return {
        "id": n.pk,
        "session_id": n.session_id,
        "session_title": n.session_title,
        "body": n.body,
        "created_at": n.created_at,
    }


@router.post(
    "/sessions/{session_id}/notes",
    response={201: NoteOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Keep a private note (only you will ever read it)",
)
def note_create(request, session_id: int, payload: NoteIn):
    """Keep a private note on a session the caller has a place at. It passes the
    confidentiality guard (422 with kinds and offsets); only uncertain names are saved when
    ``confidentiality_acknowledged`` is true."""
    session = selectors.session_for(request.user, session_id)
    note = services.private_note_add(
        actor=request.user,
        session=session,
        body=payload.body,
        confidentiality_acknowledged=payload.confidentiality_acknowledged,
    )
    return Status(
        201,
        {
            "id": note.pk,
            "session_id": note.session_id,
            "session_title": note.session_title,
            "body": note.body,
            "created_at": note.created_at,
        },
    )


@router.post(
    "/sessions/{session_id}/feedback",
    response={201: FeedbackOut, 400: ErrorOut, 404: ErrorOut, 409: RefusedOut},
    summary="Give feedback on a session you attended (once)",
)
def feedback_create(request, session_id: int, payload: FeedbackIn):
    """Feedback on a session the caller attended, once (a second is 409). ``consent_to_quote``
    lets the facilitators quote it without a name; the text passes the guard."""
    session = selectors.session_for(request.user, session_id)
    try:
        feedback = services.feedback_submit(
            actor=request.user,
            session=session,
            usefulness=payload.usefulness,
            gave_you=payload.gave_you,
            consent_to_quote=payload.consent_to_quote,
            confidentiality_acknowledged=payload.confidentiality_acknowledged,
        )
    except services.SessionRefused as exc:
        return Status(409, {"detail": " ".join(exc.messages), "code": exc.code or "refused"})
    return Status(
        201,
        {
            "id": feedback.pk,
            "session_id": session.pk,
            "usefulness": feedback.usefulness,
            "gave_you": feedback.gave_you,
            "consent_to_quote": feedback.consent_to_quote,
        },
    )


# --- Before, during and after a session: the pages' actions -------------------------------


def _session_now(request, session_id: int) -> dict:
    session = selectors.session_for(request.user, session_id)
    you = selectors.you_in(request.user, [session])[session.pk]
    return _session_out(session, request.user, you=you, with_material=True)


def _refused(exc: services.SessionRefused):
    return Status(409, {"detail": " ".join(exc.messages), "code": exc.code or "refused"})


SESSION_WRITE_ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: RefusedOut}


@router.get(
    "/communities/{slug}/sessions",
    response={200: SessionListOut, 400: ErrorOut, 404: ErrorOut},
    summary="A community's reflective sessions you can see (upcoming, or past with ?past=true)",
)
def community_sessions(request, slug: str, page: Query[CommunitySessionsPage]):
    """A community's reflective sessions the caller can see: upcoming by default, past ones with
    ``past=true``. A private community's sessions are 404 to non-members."""
    community = community_selectors.community_for_reader(request.user, slug)
    qs = selectors.community_sessions(request.user, community, upcoming=not page.past)
    you = {}

    def decorate(sessions):
        you.update(selectors.you_in(request.user, sessions))
        return sessions

    return cursor_page(
        request,
        qs,
        scope="reflection.community-sessions",
        out=lambda s: _session_out(s, request.user, you=you[s.pk], with_material=False),
        decorate=decorate,
        cursor=page.cursor,
        limit=page.limit,
        offset=page.offset,
    )


def _refusable(service, **kwargs):
    try:
        service(**kwargs)
    except services.SessionRefused as exc:
        return _refused(exc)
    return None


@router.post(
    "/sessions/{session_id}/booking",
    response={200: SessionOut, **SESSION_WRITE_ERRORS},
    summary="Book a place (or join the waiting list when it is full)",
)
def book(request, session_id: int):
    """Book a place, or join the waiting list when the session is full; refusals (already
    booked, booking closed, not a member) are 409 with a ``code``."""
    session = selectors.session_for(request.user, session_id)
    refused = _refusable(services.session_book, actor=request.user, session=session)
    return refused or _session_now(request, session_id)


@router.delete(
    "/sessions/{session_id}/booking",
    response={200: SessionOut, **SESSION_WRITE_ERRORS},
    summary="Give up your place before the session opens",
)
def cancel_booking(request, session_id: int):
    """Give up a place before the session opens; a presenter who cancels stops being the
    presenter, and their prepared issue goes with them."""
    session = selectors.session_for(request.user, session_id)
    refused = _refusable(services.booking_cancel, actor=request.user, session=session)
    return refused or _session_now(request, session_id)


@router.post(
    "/sessions/{session_id}/rules",
    response={200: SessionOut, **SESSION_WRITE_ERRORS},
    summary="Confirm you will keep to the community's group rules (a place is needed)",
)
def confirm_rules(request, session_id: int):
    """Confirm the community's group rules (confidentiality, no scrutinising cases, speak from
    "I", non-judgement); needed before joining the session room."""
    session = selectors.session_for(request.user, session_id)
    refused = _refusable(services.rules_confirm, actor=request.user, session=session)
    return refused or _session_now(request, session_id)


class PresenterIn(Schema):
    model_config = example({"user_id": 1042}, {"user_id": None})

    user_id: int | None = Field(
        None,
        ge=1,
        le=MAX_ID,
        description="Yourself to volunteer; someone with a place (facilitators); null to step "
        "down or clear the choice.",
    )


@router.put(
    "/sessions/{session_id}/presenter",
    response={200: SessionOut, **SESSION_WRITE_ERRORS},
    summary="Volunteer as presenter, choose one (facilitators), or step down",
)
def set_presenter(request, session_id: int, payload: PresenterIn):
    """Volunteer yourself as presenter, let a facilitator choose someone with a place, or send
    ``null`` to step down or clear the choice."""
    session = selectors.session_for(request.user, session_id)
    user = None
    if payload.user_id is not None:
        user = selectors.presenter_candidate(session, payload.user_id)
    refused = _refusable(services.presenter_set, actor=request.user, session=session, user=user)
    return refused or _session_now(request, session_id)


class SessionTextIn(Schema):
    text: str = Field(max_length=4000)
    confidentiality_acknowledged: bool = False


class PresenterIssueIn(SessionTextIn):
    model_config = example(
        {
            "text": "How do I stay honest with a parent about our concerns and keep them "
            "working with us?",
            "confidentiality_acknowledged": False,
        }
    )


class PresenterSummaryIn(SessionTextIn):
    model_config = example(
        {
            "text": "The group helped me see I avoid naming concerns early. Naming them in "
            "the first visit, in plain words, may build more trust than it costs.",
            "confidentiality_acknowledged": False,
        }
    )


class PresenterActionIn(SessionTextIn):
    model_config = example(
        {
            "text": "Ask my supervisor to observe a first visit next month.",
            "confidentiality_acknowledged": False,
        }
    )


def _presenter_text(request, session_id: int, service, payload: SessionTextIn):
    session = selectors.session_for(request.user, session_id)
    if session.presenter_id != request.user.pk:
        raise PermissionDenied("Only the presenter can write this.")
    refused = _refusable(
        service,
        actor=request.user,
        session=session,
        text=payload.text,
        confidentiality_acknowledged=payload.confidentiality_acknowledged,
    )
    return refused or _session_now(request, session_id)


@router.put(
    "/sessions/{session_id}/issue",
    response={200: SessionOut, **SESSION_WRITE_ERRORS, 422: GuardErrorOut},
    summary="The presenter's short, non-identifying summary of their issue",
)
def write_issue(request, session_id: int, payload: PresenterIssueIn):
    """The presenter's short description of the issue they bring, in general terms; it passes
    the guard and is shown to the session's attendees."""
    return _presenter_text(request, session_id, services.issue_summary_save, payload)


@router.put(
    "/sessions/{session_id}/summary",
    response={200: SessionOut, **SESSION_WRITE_ERRORS, 422: GuardErrorOut},
    summary="The presenter's summary of the reflections (its attendees read it)",
)
def write_summary(request, session_id: int, payload: PresenterSummaryIn):
    """The presenter's summary of what the reflections gave them, read by the attendees; it
    passes the guard."""
    return _presenter_text(request, session_id, services.presenter_summary_save, payload)


@router.post(
    "/sessions/{session_id}/actions",
    response={200: SessionOut, **SESSION_WRITE_ERRORS, 422: GuardErrorOut},
    summary="The presenter records an action they will take",
)
def add_action(request, session_id: int, payload: PresenterActionIn):
    """An action the presenter will take after the session; it passes the guard."""
    return _presenter_text(request, session_id, services.action_add, payload)


@router.delete(
    "/sessions/{session_id}/actions/{action_id}",
    response={200: SessionOut, **SESSION_WRITE_ERRORS},
    summary="The presenter removes one of their actions",
)
def delete_action(request, session_id: int, action_id: int):
    """The presenter removes one of their actions; anyone else's is refused."""
    session = selectors.session_for(request.user, session_id)
    if session.presenter_id != request.user.pk:
        raise PermissionDenied("Only the presenter can remove an action.")
    action = selectors.action_commitments(session).filter(pk=action_id).first()
    if action is None:
        raise NotFound
    refused = _refusable(services.action_delete, actor=request.user, action=action)
    return refused or _session_now(request, session_id)


@router.delete(
    "/notes/{note_id}",
    response={204: None, 404: ErrorOut},
    summary="Delete one of your private notes (anyone else's is 404)",
)
def delete_note(request, note_id: int):
    """Delete one of the caller's private notes; anyone else's is 404."""
    note = selectors.private_note_for(request.user, note_id)
    services.private_note_delete(actor=request.user, note=note)
    return Status(204, None)


class AttendeeOut(Schema):
    user_id: int
    name: str
    joined: bool
    left_early: bool
    attended: bool


class SessionAttendanceIn(Schema):
    model_config = example({"user_ids": [1042, 1057, 1063]})

    user_ids: list[ObjectId] = Field(max_length=200, description="Everyone who attended.")


def _attendance_out(session) -> list[dict]:
    return [
        {
            "user_id": row["user"].pk,
            "name": row["user"].display_name,
            "joined": row["joined"],
            "left_early": row["left_early"],
            "attended": row["attended"],
        }
        for row in selectors.attendance_rows(session)
    ]


def _session_for_runner(request, session_id: int):
    session = selectors.session_for(request.user, session_id)
    if not selectors.can_run(request.user, session):
        raise PermissionDenied("Only the session's facilitators can record attendance.")
    return session


@router.get(
    "/sessions/{session_id}/attendance",
    response={200: list[AttendeeOut], 403: ErrorOut, 404: ErrorOut},
    summary="Who has a place, joined, left early and is recorded as attended (facilitators)",
)
def attendance_read(request, session_id: int):
    """For the session's facilitators: who has a place, who joined the room, who left early and
    who is recorded as attended. Anyone else is refused (403), or 404 if they cannot see it."""
    return _attendance_out(_session_for_runner(request, session_id))


@router.put(
    "/sessions/{session_id}/attendance",
    response={200: list[AttendeeOut], **SESSION_WRITE_ERRORS},
    summary="Record who attended (facilitators): each gets a draft CPD record and a "
    "request for feedback; people left out are unmarked",
)
def attendance_record(request, session_id: int, payload: SessionAttendanceIn):
    """For the session's facilitators: record everyone who attended (the list replaces the last
    one). Each attendee gets a draft CPD record of the session."""
    session = _session_for_runner(request, session_id)
    refused = _refusable(
        services.attendance_record, actor=request.user, session=session, user_ids=payload.user_ids
    )
    return refused or _attendance_out(session)
