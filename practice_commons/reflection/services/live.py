"""During a session: opening it, presence (join, leave, late joiners), the stages, the
rounds of reflection taken in turn with a timer, the presenter's summary and actions,
private notes, the facilitator's Heron tags, and closing.

Every change bumps ``live_version`` so the live views' polling can answer "nothing new"
cheaply. Each service locks the session row, so two facilitators' clicks (or a
facilitator and a participant passing) are applied one after the other.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from practice_commons.accounts.services import audit_record
from practice_commons.confidentiality.guard import guard_texts
from practice_commons.core.errors import NotFound, PermissionDenied
from practice_commons.events.models import EventStatus

from .. import selectors
from ..durations import MAX_TURN, MIN_TURN, timer_error
from ..models import (
    PRESENTER_STAGES,
    ActionCommitment,
    HeronCategory,
    Participant,
    PrivateNote,
    ProctorFunction,
    ReflectionRound,
    ReflectiveSession,
    SessionFormat,
    Stage,
    Turn,
    TurnStatus,
)
from ._common import (
    SessionRefused,
    bump,
    clean_text,
    lock,
    require_open,
    require_runner,
    require_signed_in,
)

# A session can be opened (and its attendance taken) from this long before its start,
# the same window the events service allows for attendance.
OPENS_BEFORE = timedelta(hours=1)
MAX_ACTIONS = 10
MAX_NOTE = 5000
MAX_SUMMARY = 3000
MAX_ACTION = 500


@transaction.atomic
def session_open(*, actor, session: ReflectiveSession) -> ReflectiveSession:
    """Open the live session at check-in. Refused if it is already open or has ended."""
    require_runner(actor, session)
    session = lock(session)
    if session.stage == Stage.CLOSED:
        raise SessionRefused(_("This session has ended. It cannot be opened again."), code="closed")
    if session.stage != Stage.SCHEDULED:
        opened = timezone.localtime(session.opened_at) if session.opened_at else None
        raise SessionRefused(
            _("This session has already started (opened at %(time)s).")
            % {"time": f"{opened:%H:%M}" if opened else "?"},
            code="already_open",
        )
    event = session.event
    if event.status == EventStatus.CANCELLED:
        raise SessionRefused(_("This session has been cancelled."), code="cancelled")
    now = timezone.now()
    if event.starts_at - OPENS_BEFORE > now:
        opens = timezone.localtime(event.starts_at - OPENS_BEFORE)
        raise SessionRefused(
            _("You can open the session from an hour before it starts (from %(time)s on %(day)s).")
            % {"time": f"{opens:%H:%M}", "day": f"{opens:%A} {opens.day} {opens:%B}"},
            code="too_early",
        )
    session.stage = Stage.CHECK_IN
    session.opened_at = now
    bump(session, "stage", "opened_at")
    audit_record(actor=actor, action="reflection.open", target=session)
    return session


def _next_position(session: ReflectiveSession) -> int:
    top = Participant.objects.filter(session=session).aggregate(m=Max("position"))["m"]
    return (top or 0) + 1


def _end_speaking(session: ReflectiveSession, status: str = TurnStatus.DONE) -> Turn | None:
    turn = (
        Turn.objects.filter(round__session=session, status=TurnStatus.SPEAKING)
        .select_related("participant")
        .first()
    )
    if turn is not None:
        turn.status = status
        turn.ended_at = timezone.now()
        turn.save(update_fields=["status", "ended_at"])
    return turn


def _mark_present(session: ReflectiveSession, participant: Participant) -> Participant:
    if participant.is_present:
        return participant
    now = timezone.now()
    if participant.left_at is not None:
        # Coming back: the time away does not count as taking part.
        away = int((now - participant.left_at).total_seconds())
        participant.away_seconds = (participant.away_seconds or 0) + max(away, 0)
    participant.joined_at = participant.joined_at or now
    participant.left_at = None
    participant.left_marked_by = None
    # Joining (or coming back) puts you at the end of the order: late joiners go last.
    participant.position = _next_position(session)
    participant.save(
        update_fields=["joined_at", "left_at", "left_marked_by", "away_seconds", "position"]
    )
    bump(session)
    return participant


def _require_ready_to_join(session: ReflectiveSession, user, participant) -> None:
    if session.stage == Stage.SCHEDULED:
        raise SessionRefused(
            _("The session has not opened yet. Come back when the facilitator opens it."),
            code="not_open",
        )
    if session.stage == Stage.CLOSED:
        raise SessionRefused(
            _("This session has ended, so it can no longer be joined."), code="closed"
        )
    if participant is None or not selectors.has_place(user, session):
        raise SessionRefused(
            _("Only people with a place at this session can join it."), code="no_place"
        )
    if not selectors.rules_confirmed(participant, session):
        raise SessionRefused(
            _("Confirm the group rules before you join the session."), code="rules"
        )


@transaction.atomic
def session_join(*, actor, session: ReflectiveSession) -> Participant:
    require_signed_in(actor)
    session = lock(session)
    participant = selectors.participant_of(actor, session)
    _require_ready_to_join(session, actor, participant)
    return _mark_present(session, participant)


@transaction.atomic
def session_leave(*, actor, session: ReflectiveSession) -> Participant:
    require_signed_in(actor)
    session = lock(session)
    participant = selectors.participant_of(actor, session)
    if participant is None or not participant.is_present:
        raise SessionRefused(_("You are not in this session."), code="not_present")
    return _mark_left(session, participant)


def _mark_left(session: ReflectiveSession, participant: Participant, *, by=None) -> Participant:
    """They leave (``by`` the facilitator who marked it, else themselves). If it was their
    turn, the turn ends and the next person's starts at once, so the round's order and
    count are right straight away."""
    now = timezone.now()
    participant.left_at = now
    participant.left_marked_by = by
    participant.save(update_fields=["left_at", "left_marked_by"])
    speaking = (
        Turn.objects.filter(participant=participant, status=TurnStatus.SPEAKING)
        .select_related("round")
        .first()
    )
    if speaking is not None:
        speaking.status, speaking.ended_at = TurnStatus.LEFT, now
        speaking.save(update_fields=["status", "ended_at"])
        if session.stage == Stage.REFLECTIONS and speaking.round.ended_at is None:
            _start_next(session, speaking.round)
    bump(session)
    return participant


@transaction.atomic
def participant_mark_present(
    *, actor, session: ReflectiveSession, participant: Participant
) -> Participant:
    """The facilitator marks someone in the room as present (they have no device)."""
    require_runner(actor, session)
    session = lock(session)
    participant = Participant.objects.select_related("user").get(pk=participant.pk, session=session)
    _require_ready_to_join(session, participant.user, participant)
    return _mark_present(session, participant)


@transaction.atomic
def participant_mark_left(
    *, actor, session: ReflectiveSession, participant: Participant
) -> Participant:
    """The facilitator marks someone as having left (they dropped off the call, or went).
    Not the presenter while they are presenting: the session is about their issue."""
    require_runner(actor, session)
    session = lock(session)
    require_open(session)
    participant = Participant.objects.select_related("user").get(pk=participant.pk, session=session)
    if not participant.is_present:
        return participant
    if participant.user_id == session.presenter_id and session.stage in PRESENTER_STAGES:
        raise SessionRefused(
            _(
                "%(name)s is presenting: they cannot be marked as having left until check-out. "
                "They can leave from their own screen."
            )
            % {"name": participant.user.display_name},
            code="presenting",
        )
    participant = _mark_left(session, participant, by=actor)
    audit_record(
        actor=actor,
        action="reflection.mark_left",
        target=session,
        data={"user_id": participant.user_id},
    )
    return participant


@transaction.atomic
def participant_undo_left(
    *, actor, session: ReflectiveSession, participant: Participant
) -> Participant:
    """Undo a facilitator's "mark as left" (a wrong click): the person is back where they
    were in the order, the time does not count as away, and a turn the click ended in
    the current round is theirs to take again (they come next)."""
    require_runner(actor, session)
    session = lock(session)
    require_open(session)
    participant = Participant.objects.select_related("user").get(pk=participant.pk, session=session)
    if participant.is_present:
        return participant
    if participant.left_at is None or participant.left_marked_by_id is None:
        raise SessionRefused(
            _("%(name)s left the session themselves: mark them present if they are back.")
            % {"name": participant.user.display_name},
            code="not_marked",
        )
    participant.left_at = None
    participant.left_marked_by = None
    participant.save(update_fields=["left_at", "left_marked_by"])
    round_ = selectors.current_round(session)
    if round_ is not None:
        Turn.objects.filter(round=round_, participant=participant, status=TurnStatus.LEFT).delete()
    bump(session)
    audit_record(
        actor=actor,
        action="reflection.undo_left",
        target=session,
        data={"user_id": participant.user_id},
    )
    return participant


def _stage_checks(session: ReflectiveSession, stage: str) -> None:
    if stage not in session.stages:
        raise ValidationError({"stage": _("That stage is not part of this session's format.")})
    if stage in PRESENTER_STAGES and session.presenter_id is None:
        raise SessionRefused(
            _("Choose a presenter before moving on from check-in."), code="no_presenter"
        )


@transaction.atomic
def stage_set(*, actor, session: ReflectiveSession, stage: str) -> ReflectiveSession:
    """Move the live session to ``stage`` (forwards or back; optional stages can be
    skipped). Entering the reflection rounds starts the first round; leaving them ends
    whoever is speaking."""
    require_runner(actor, session)
    session = lock(session)
    require_open(session)
    _stage_checks(session, stage)
    if stage == session.stage:
        return session
    if session.stage == Stage.REFLECTIONS:
        _end_speaking(session)
    if (
        stage == Stage.REFLECTIONS
        and not ReflectionRound.objects.filter(session=session, ended_at__isnull=True).exists()
    ):
        _new_round(session, focus="")
    session.stage = stage
    bump(session, "stage")
    return session


@transaction.atomic
def stage_next(*, actor, session: ReflectiveSession) -> ReflectiveSession:
    require_runner(actor, session)
    locked = lock(session)
    require_open(locked)
    stages = locked.stages
    index = stages.index(locked.stage)
    if index + 1 >= len(stages):
        raise SessionRefused(
            _("This is the last stage: close the session when check-out is done."),
            code="last_stage",
        )
    return stage_set(actor=actor, session=locked, stage=stages[index + 1])


def _new_round(session: ReflectiveSession, *, focus: str) -> ReflectionRound:
    number = (
        ReflectionRound.objects.filter(session=session).aggregate(m=Max("number"))["m"] or 0
    ) + 1
    return ReflectionRound.objects.create(session=session, number=number, focus=focus)


@transaction.atomic
def round_start(*, actor, session: ReflectiveSession, focus: str = "") -> ReflectionRound:
    """End the current round and start another (everyone present reflects again). In
    peer supervision a round may look through one of Proctor's functions."""
    require_runner(actor, session)
    session = lock(session)
    require_open(session)
    if session.stage != Stage.REFLECTIONS:
        raise SessionRefused(
            _("Rounds of reflection happen in the reflection stage."), code="wrong_stage"
        )
    focus = focus or ""
    if session.format != SessionFormat.PEER_SUPERVISION:
        focus = ""
    elif focus and focus not in ProctorFunction.values:
        raise ValidationError({"focus": _("Choose one of Proctor's three functions.")})
    _end_speaking(session)
    ReflectionRound.objects.filter(session=session, ended_at__isnull=True).update(
        ended_at=timezone.now()
    )
    round_ = _new_round(session, focus=focus)
    bump(session)
    return round_


def _current_round(session: ReflectiveSession) -> ReflectionRound:
    round_ = selectors.current_round(session)
    if round_ is None:
        raise SessionRefused(_("Start a round of reflection first."), code="no_round")
    return round_


def _start_next(session: ReflectiveSession, round_: ReflectionRound) -> Turn | None:
    participant = selectors.next_in_round(session, round_)
    if participant is None:
        return None
    return Turn.objects.create(
        round=round_,
        participant=participant,
        status=TurnStatus.SPEAKING,
        started_at=timezone.now(),
        duration_seconds=session.turn_seconds,
    )


def _require_reflections(session: ReflectiveSession) -> None:
    require_open(session)
    if session.stage != Stage.REFLECTIONS:
        raise SessionRefused(_("Turns are taken in the reflection stage."), code="wrong_stage")


@transaction.atomic
def turn_next(*, actor, session: ReflectiveSession) -> Turn | None:
    """End whoever is speaking and start the next person's turn (and its timer).
    Returns the new turn, or ``None`` when everyone present has had theirs."""
    require_runner(actor, session)
    session = lock(session)
    _require_reflections(session)
    round_ = _current_round(session)
    _end_speaking(session)
    turn = _start_next(session, round_)
    bump(session)
    return turn


@transaction.atomic
def turn_pass(*, actor, session: ReflectiveSession) -> Turn | None:
    """ "Pass": the speaker (or the facilitator for them) does not want to speak; the
    next person's turn starts."""
    require_signed_in(actor)
    session = lock(session)
    _require_reflections(session)
    round_ = _current_round(session)
    speaking = selectors.speaking_turn(round_)
    if speaking is None:
        raise SessionRefused(_("Nobody is speaking at the moment."), code="no_turn")
    if speaking.participant.user_id != actor.pk and not selectors.can_run(actor, session):
        raise PermissionDenied(_("Only the person whose turn it is can pass."))
    speaking.status = TurnStatus.PASSED
    speaking.ended_at = timezone.now()
    speaking.save(update_fields=["status", "ended_at"])
    turn = _start_next(session, round_)
    bump(session)
    return turn


@transaction.atomic
def turn_duration_set(*, actor, session: ReflectiveSession, seconds: int) -> ReflectiveSession:
    """The time each turn gets; the current turn's timer takes the new length too."""
    require_runner(actor, session)
    try:
        seconds = int(seconds)
    except (TypeError, ValueError):
        seconds = 0
    if not MIN_TURN <= seconds <= MAX_TURN:
        raise ValidationError({"seconds": timer_error()})
    session = lock(session)
    if session.stage == Stage.CLOSED:
        raise SessionRefused(_("This session has ended."), code="closed")
    session.turn_seconds = seconds
    Turn.objects.filter(round__session=session, status=TurnStatus.SPEAKING).update(
        duration_seconds=seconds
    )
    bump(session, "turn_seconds")
    return session


@transaction.atomic
def turn_tag(*, actor, turn: Turn, tags: list[str]) -> Turn:
    """The facilitator's own Heron tags on one reflection (guidance for themselves)."""
    turn = Turn.objects.select_related("round__session__community").get(pk=turn.pk)
    session = turn.round.session
    require_runner(actor, session)
    unknown = [t for t in tags if t not in HeronCategory.values]
    if unknown:
        raise ValidationError({"tags": _("Choose from Heron's six categories.")})
    turn.heron_tags = [t for t in HeronCategory.values if t in set(tags)]
    turn.save(update_fields=["heron_tags"])
    return turn


@transaction.atomic
def session_close(*, actor, session: ReflectiveSession) -> ReflectiveSession:
    """Close the session after check-out. Closing twice is refused."""
    require_runner(actor, session)
    session = lock(session)
    if session.stage == Stage.CLOSED:
        raise SessionRefused(_("This session has already closed."), code="closed")
    if session.stage == Stage.SCHEDULED:
        raise SessionRefused(_("The session has not opened yet."), code="not_open")
    now = timezone.now()
    _end_speaking(session)
    ReflectionRound.objects.filter(session=session, ended_at__isnull=True).update(ended_at=now)
    session.stage = Stage.CLOSED
    session.closed_at = now
    bump(session, "stage", "closed_at")
    audit_record(actor=actor, action="reflection.close", target=session)
    return session


# --- The presenter's summary and actions ----------------------------------------------------


def _require_presenter_writing(actor, session: ReflectiveSession) -> None:
    if session.presenter_id != actor.pk:
        raise PermissionDenied(_("Only the presenter can record this."))
    if session.stage == Stage.SCHEDULED:
        raise SessionRefused(_("The session has not opened yet."), code="not_open")
    if session.material_purged_at is not None:
        raise SessionRefused(
            _("The retention period for this session's material has passed."), code="purged"
        )


@transaction.atomic
def presenter_summary_save(
    *, actor, session: ReflectiveSession, text: str, confidentiality_acknowledged: bool = False
) -> ReflectiveSession:
    """The presenter's summary of the reflections (attendees of the session see it)."""
    require_signed_in(actor)
    text = clean_text(text, field="summary", max_length=MAX_SUMMARY, required=True)
    guard_texts(texts={"summary": text}, acknowledged=confidentiality_acknowledged)
    session = lock(session)
    _require_presenter_writing(actor, session)
    session.presenter_summary = text
    bump(session, "presenter_summary")
    audit_record(actor=actor, action="reflection.summary", target=session)
    return session


@transaction.atomic
def action_add(
    *, actor, session: ReflectiveSession, text: str, confidentiality_acknowledged: bool = False
) -> ActionCommitment:
    require_signed_in(actor)
    text = clean_text(text, field="text", max_length=MAX_ACTION, required=True)
    guard_texts(texts={"text": text}, acknowledged=confidentiality_acknowledged)
    session = lock(session)
    _require_presenter_writing(actor, session)
    if ActionCommitment.objects.filter(session=session).count() >= MAX_ACTIONS:
        raise ValidationError({"text": _("Commit to at most %(n)d actions.") % {"n": MAX_ACTIONS}})
    action = ActionCommitment.objects.create(session=session, text=text, created_by=actor)
    bump(session)
    audit_record(
        actor=actor, action="reflection.action_add", target=session, data={"action_id": action.pk}
    )
    return action


@transaction.atomic
def action_delete(*, actor, action: ActionCommitment) -> None:
    session = lock(action.session)
    _require_presenter_writing(actor, session)
    action.delete()
    bump(session)


# --- Private notes --------------------------------------------------------------------------


@transaction.atomic
def private_note_add(
    *, actor, session: ReflectiveSession, body: str, confidentiality_acknowledged: bool = False
) -> PrivateNote:
    """A note only its author will ever read. Anyone with a place (or who runs the
    session) may keep notes; they stay with their author after the session's material
    is deleted."""
    require_signed_in(actor)
    body = clean_text(body, field="body", max_length=MAX_NOTE, required=True)
    guard_texts(texts={"body": body}, acknowledged=confidentiality_acknowledged)
    if selectors.participant_of(actor, session) is None and not selectors.can_run(actor, session):
        raise PermissionDenied(_("Only people taking part in this session can keep notes."))
    now = timezone.now()
    return PrivateNote.objects.create(
        author=actor,
        session=session,
        session_title=session.event.title[:200],
        body=body,
        created_at=now,
        updated_at=now,
    )


@transaction.atomic
def private_note_delete(*, actor, note: PrivateNote) -> None:
    """Only the author; anyone else is told the note does not exist."""
    require_signed_in(actor)
    if note.author_id != actor.pk:
        raise NotFound
    note.delete()
