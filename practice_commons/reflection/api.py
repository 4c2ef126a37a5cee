"""``/api/v1/reflection``: the sessions you take part in, your own private notes, and
feedback. The same selectors and services as the pages: a session you may not see is
404, a refusal (feedback twice, for a session not attended…) is 409 with a ``code``, a
blocked text is 422 with kinds and offsets only. Nobody else's private notes are
reachable here, and session material is included only for that session's attendees."""

from datetime import datetime

from ninja import Field, Query, Router, Schema, Status

from practice_commons.core.api_pagination import LimitOffset, cursor_page, next_field
from practice_commons.core.api_schemas import MAX_ID, ErrorOut, RefusedOut

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
    body: str = Field(..., max_length=5000)
    confidentiality_acknowledged: bool = False


class FeedbackIn(Schema):
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
    session = selectors.session_for(request.user, session_id)
    you = selectors.you_in(request.user, [session])[session.pk]
    return _session_out(session, request.user, you=you, with_material=True)


@router.get("/notes", response={200: NoteListOut, 400: ErrorOut}, summary="Your own private notes")
def note_list(request, page: Query[NotePage]):
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
