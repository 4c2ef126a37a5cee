"""The live session as its views (and the API) show it: the current round, who is
speaking, the order of turns and progress, in a fixed number of queries whatever the size
of the group."""

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import gettext, gettext_noop

from practice_commons.events.models import RegistrationStatus

from ..models import (
    PRESENTER_STAGES,
    Participant,
    ReflectionRound,
    ReflectiveSession,
    Stage,
    Turn,
    TurnStatus,
)
from .access import rules_confirmed
from .after import attendance_rows


def turns_of(session: ReflectiveSession) -> QuerySet[Turn]:
    """Every turn taken in the session, in any round (what the facilitator may tag)."""
    return Turn.objects.filter(round__session_id=session.pk)


def current_round(session: ReflectiveSession) -> ReflectionRound | None:
    return (
        ReflectionRound.objects.filter(session_id=session.pk, ended_at__isnull=True)
        .order_by("-number")
        .first()
    )


def speaking_turn(round_: ReflectionRound | None) -> Turn | None:
    if round_ is None:
        return None
    return (
        Turn.objects.filter(round_id=round_.pk, status=TurnStatus.SPEAKING)
        .select_related("participant__user")
        .first()
    )


def participants(session: ReflectiveSession) -> list[Participant]:
    return list(
        Participant.objects.filter(session_id=session.pk)
        .select_related("user")
        .order_by("position", "pk")
    )


def next_in_round(session: ReflectiveSession, round_: ReflectionRound) -> Participant | None:
    """The next person to reflect: present, not the presenter, no turn yet this round,
    lowest position (late joiners have the highest)."""
    taken = Turn.objects.filter(round_id=round_.pk).values("participant_id")
    return (
        Participant.objects.filter(
            session_id=session.pk, joined_at__isnull=False, left_at__isnull=True
        )
        .exclude(user_id=session.presenter_id)
        .exclude(pk__in=taken)
        .select_related("user")
        .order_by("position", "pk")
        .first()
    )


@dataclass
class OrderEntry:
    participant: Participant
    name: str
    state: str  # speaking | done | passed | left | to_come | skipped
    label: str
    turn: Turn | None = None


@dataclass
class LiveState:
    """Everything the live views (and the API) show, computed in a fixed number of
    queries whatever the size of the group."""

    session: ReflectiveSession
    version: int
    stage: str
    stage_label: str
    stages: list[tuple[str, str, str]]  # (value, label, "done" | "current" | "to_come")
    participants: list[Participant]
    present: list[Participant]
    round: ReflectionRound | None = None
    rounds_count: int = 0
    order: list[OrderEntry] = field(default_factory=list)
    speaking: Turn | None = None
    position: int = 0
    total: int = 0
    done: int = 0
    to_come: int = 0
    speaking_ends_at_ms: int | None = None

    @property
    def progress(self) -> str:
        if not self.total:
            return ""
        return gettext("%(position)s of %(total)s") % {
            "position": self.position,
            "total": self.total,
        }


ORDER_LABELS = {
    "speaking": gettext_noop("Speaking now"),
    "done": gettext_noop("Reflected"),
    "passed": gettext_noop("Passed"),
    "left": gettext_noop("Left"),
    "to_come": gettext_noop("To come"),
    "skipped": gettext_noop("Left: skipped"),
}


def next_stage(session: ReflectiveSession) -> str | None:
    """The stage after the current one in this session's format (``None`` at the end)."""
    stages = session.stages
    if session.stage in stages and stages.index(session.stage) + 1 < len(stages):
        return stages[stages.index(session.stage) + 1]
    return None


def live_state(session: ReflectiveSession) -> LiveState:
    people = participants(session)
    present = [p for p in people if p.is_present]
    stage_values = session.stages
    stages = []
    if session.stage == Stage.CLOSED:
        current_index = len(stage_values)
    elif session.stage == Stage.SCHEDULED:
        current_index = -1
    else:
        current_index = stage_values.index(session.stage) if session.stage in stage_values else -1
    for i, value in enumerate(stage_values):
        state = "done" if i < current_index else "current" if i == current_index else "to_come"
        stages.append((value, Stage(value).label, state))
    state = LiveState(
        session=session,
        version=session.live_version,
        stage=session.stage,
        stage_label=Stage(session.stage).label,
        stages=stages,
        participants=people,
        present=present,
    )
    rounds = list(ReflectionRound.objects.filter(session_id=session.pk).order_by("number"))
    state.rounds_count = len(rounds)
    open_rounds = [r for r in rounds if r.ended_at is None]
    round_ = open_rounds[-1] if open_rounds else (rounds[-1] if rounds else None)
    if round_ is None or session.stage != Stage.REFLECTIONS:
        state.round = round_
        return state
    state.round = round_
    turns = list(Turn.objects.filter(round_id=round_.pk).order_by("started_at", "pk"))
    by_participant = {t.participant_id: t for t in turns}
    people_by_pk = {p.pk: p for p in people}
    order: list[OrderEntry] = []
    for turn in turns:
        person = people_by_pk.get(turn.participant_id)
        if person is None:
            continue
        turn.participant = person  # already loaded, with its user
        order.append(
            OrderEntry(
                person,
                person.user.display_name,
                turn.status,
                gettext(ORDER_LABELS[turn.status]),
                turn,
            )
        )
        if turn.status == TurnStatus.SPEAKING:
            state.speaking = turn
    waiting = [
        p
        for p in people
        if p.has_joined and p.user_id != session.presenter_id and p.pk not in by_participant
    ]
    for person in waiting:
        key = "to_come" if person.is_present else "skipped"
        order.append(OrderEntry(person, person.user.display_name, key, gettext(ORDER_LABELS[key])))
    state.order = order
    # The round's count is the people still in it: whoever left during their turn or
    # before it is out of the count at once (a turn taken before leaving still counts).
    counted = [e for e in order if e.state not in ("skipped", "left")]
    state.total = len(counted)
    state.done = sum(1 for e in counted if e.state in ("done", "passed"))
    state.to_come = sum(1 for e in counted if e.state == "to_come")
    state.position = state.done + (1 if state.speaking else 0)
    if state.speaking is not None:
        state.speaking_ends_at_ms = int(state.speaking.ends_at.timestamp() * 1000)
    return state


def checkin_rows(session: ReflectiveSession, state: LiveState) -> list[dict]:
    """The facilitators' check-in table: everyone with a confirmed place, with their
    participant row (if any), whether their confirmation of the rules is current, and
    whether they are present, have left, or were marked as having left."""
    by_user = {p.user_id: p for p in state.participants}
    rows = []
    for row in attendance_rows(session):
        if row["registration"].status != RegistrationStatus.CONFIRMED:
            continue
        participant = by_user.get(row["user"].pk)
        rows.append(
            {
                "user": row["user"],
                "participant": participant,
                "rules_ok": rules_confirmed(participant, session),
                "present": bool(participant and participant.is_present),
                "left": bool(participant and participant.left_at),
                "marked_left": bool(
                    participant and participant.left_at and participant.left_marked_by_id
                ),
                # No "mark as left" for the presenter while they present.
                "presenting": row["user"].pk == session.presenter_id
                and session.stage in PRESENTER_STAGES,
            }
        )
    return rows
