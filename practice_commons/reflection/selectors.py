"""Reads of reflective sessions, already filtered to what the reader may see.

Who may do what is decided here, once, for pages, the API and the services:

* **see a session** (its title, theme, date): whoever may see its event
  (``events.selectors.events_visible_to``: a private community's sessions 404 to
  outsiders);
* **run it** (``can_run``): the session's facilitator and the community's owners and
  facilitators. Host admins run a session only if they are one of those;
* **see its material** (``can_see_material``: the presenter's issue, summary and
  actions): the session's attendees — the presenter, the facilitator who runs it, and
  everyone who joined it or whose attendance is recorded. Not other facilitators, not
  host admins;
* **read a private note**: its author. There is no other reader (``PrivateNote.objects.of``).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Avg, Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from practice_commons.communities import selectors as community_selectors
from practice_commons.communities.models import MODERATOR_ROLES, Community
from practice_commons.core.errors import NotFound
from practice_commons.events import selectors as event_selectors
from practice_commons.events.models import (
    ACTIVE_STATUSES,
    LONDON,
    EventStatus,
    Registration,
    RegistrationStatus,
)
from practice_commons.safeguarding import selectors as safeguarding_selectors

from .models import (
    ActionCommitment,
    Participant,
    PrivateNote,
    ReflectionRound,
    ReflectiveSession,
    SessionFeedback,
    Stage,
    Turn,
    TurnStatus,
)


def _signed_in(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


# --- Permissions ---------------------------------------------------------------------------


def can_schedule(user, community: Community) -> bool:
    """Facilitators and owners of the community (and host admins, who then run the
    session they schedule)."""
    return community.archived_at is None and community_selectors.can_moderate(user, community)


def can_run(user, session: ReflectiveSession) -> bool:
    if not _signed_in(user):
        return False
    if session.facilitator_id == user.pk:
        return True
    membership = community_selectors.membership_of(user, session.community)
    return membership is not None and membership.role in MODERATOR_ROLES


def can_see_stats(user, community: Community) -> bool:
    """Aggregates only (no names, no material): facilitators, owners, host admins."""
    return community_selectors.can_moderate(user, community)


def participant_of(user, session: ReflectiveSession) -> Participant | None:
    if not _signed_in(user):
        return None
    return Participant.objects.filter(session_id=session.pk, user_id=user.pk).first()


def registration_of(user, session: ReflectiveSession) -> Registration | None:
    return event_selectors.registration_of(user, session.event)


def has_place(user, session: ReflectiveSession) -> bool:
    registration = registration_of(user, session)
    return registration is not None and registration.status == RegistrationStatus.CONFIRMED


def has_attended(user, session: ReflectiveSession) -> bool:
    registration = registration_of(user, session)
    return registration is not None and registration.attended_at is not None


def can_see_material(user, session: ReflectiveSession, participant=None) -> bool:
    if not _signed_in(user):
        return False
    if user.pk in (session.presenter_id, session.facilitator_id):
        return True
    participant = participant if participant is not None else participant_of(user, session)
    if participant is not None and participant.user_id == user.pk and participant.has_joined:
        return True
    return has_attended(user, session)


def rules_of(session: ReflectiveSession) -> tuple[int, list[dict]]:
    """(version, rules) of the community's current group rules (a sub-group's are its
    parent's). Version 0 when the community has none written down."""
    rules = session.community.current_rules
    if rules is None:
        return 0, []
    return rules.version, list(rules.rules or [])


def rules_confirmed(participant: Participant | None, session: ReflectiveSession) -> bool:
    if participant is None or participant.rules_confirmed_at is None:
        return False
    version, _rules = rules_of(session)
    return (participant.rules_version or 0) >= version


def used_trial(user, community: Community, *, exclude_session_id=None) -> bool:
    """Whether a non-member has had their one trial session in this community: a trial
    place that is still live (confirmed, offered or waiting) or that they attended."""
    live = Registration.objects.filter(
        event_id=OuterRef("session__event_id"), user_id=user.pk
    ).filter(Q(status__in=ACTIVE_STATUSES) | Q(attended_at__isnull=False))
    qs = Participant.objects.filter(user_id=user.pk, is_trial=True, session__community=community)
    if exclude_session_id is not None:
        qs = qs.exclude(session_id=exclude_session_id)
    return qs.filter(Exists(live)).exists()


@dataclass(frozen=True)
class Eligibility:
    allowed: bool
    is_trial: bool = False
    reason: str = ""


def eligibility(user, session: ReflectiveSession) -> Eligibility:
    """Who may take part: the community's members; a non-member once on trial where the
    session allows it."""
    from django.utils.translation import gettext as _

    if not _signed_in(user):
        return Eligibility(False, reason=_("Sign in to book a place."))
    community = session.community
    if community_selectors.is_member(user, community):
        return Eligibility(True)
    if not session.trial_allowed:
        return Eligibility(
            False,
            reason=_(
                "Reflective sessions of %(community)s are for its members. Join the community "
                "to take part."
            )
            % {"community": community.name},
        )
    if used_trial(user, community, exclude_session_id=session.pk):
        return Eligibility(
            False,
            reason=_(
                "You have already had your trial session with %(community)s. Join the "
                "community to keep coming."
            )
            % {"community": community.name},
        )
    return Eligibility(True, is_trial=True)


# --- Sessions ------------------------------------------------------------------------------


def _base() -> QuerySet[ReflectiveSession]:
    return ReflectiveSession.objects.select_related(
        "event", "community", "community__current_rules", "facilitator", "presenter"
    )


def sessions_visible_to(user) -> QuerySet[ReflectiveSession]:
    return _base().filter(event__in=event_selectors.events_visible_to(user).values("pk"))


def session_for(user, pk: int) -> ReflectiveSession:
    """The session if ``user`` may see its event, else ``NotFound`` (never 403)."""
    session = sessions_visible_to(user).filter(pk=pk).first()
    if session is None:
        raise NotFound
    return session


def community_sessions(user, community: Community, *, upcoming: bool) -> QuerySet:
    now = timezone.now()
    qs = sessions_visible_to(user).filter(community=community)
    if upcoming:
        return (
            qs.filter(event__ends_at__gte=now)
            .exclude(stage=Stage.CLOSED)
            .order_by("event__starts_at", "pk")
        )
    return qs.filter(Q(event__ends_at__lt=now) | Q(stage=Stage.CLOSED)).order_by(
        "-event__starts_at", "-pk"
    )


def sessions_for_user(user) -> QuerySet[ReflectiveSession]:
    """Sessions the person has a place at (or had), or runs."""
    if not _signed_in(user):
        return ReflectiveSession.objects.none()
    booked = Registration.objects.filter(event_id=OuterRef("event_id"), user_id=user.pk).filter(
        Q(status__in=ACTIVE_STATUSES) | Q(attended_at__isnull=False)
    )
    return (
        sessions_visible_to(user)
        .filter(Exists(booked) | Q(facilitator_id=user.pk))
        .exclude(event__status=EventStatus.CANCELLED)
        .order_by("-event__starts_at", "-pk")
    )


def api_sessions_for(user) -> QuerySet[ReflectiveSession]:
    return sessions_for_user(user)


def you_in(user, sessions) -> dict[int, dict]:
    """Per session, the reader's own standing (place, attendance, rules, presenter, runs
    it, feedback given), for many sessions in four queries."""
    sessions = list(sessions)
    if not _signed_in(user) or not sessions:
        return {}
    ids = [s.pk for s in sessions]
    registrations = {
        r.event_id: r
        for r in Registration.objects.filter(
            user_id=user.pk, event_id__in=[s.event_id for s in sessions]
        )
    }
    mine = {
        p.session_id: p for p in Participant.objects.filter(user_id=user.pk, session_id__in=ids)
    }
    given = set(
        SessionFeedback.objects.filter(user_id=user.pk, session_id__in=ids).values_list(
            "session_id", flat=True
        )
    )
    runs = set(
        community_selectors.memberships_for_user(user)
        .filter(role__in=MODERATOR_ROLES)
        .values_list("community_id", flat=True)
    )
    out = {}
    for session in sessions:
        registration = registrations.get(session.event_id)
        out[session.pk] = {
            "has_place": bool(registration and registration.status == RegistrationStatus.CONFIRMED),
            "attended": bool(registration and registration.attended_at),
            "rules_confirmed": rules_confirmed(mine.get(session.pk), session),
            "is_presenter": session.presenter_id == user.pk,
            "runs_it": session.facilitator_id == user.pk or session.community_id in runs,
            "feedback_given": session.pk in given,
        }
    return out


# --- The live session -----------------------------------------------------------------------


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
    speaking_ends_at_ms: int | None = None

    @property
    def progress(self) -> str:
        return f"{self.position} of {self.total}" if self.total else ""


ORDER_LABELS = {
    "speaking": "Speaking now",
    "done": "Reflected",
    "passed": "Passed",
    "left": "Left",
    "to_come": "To come",
    "skipped": "Left: skipped",
}


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
                person, person.user.display_name, turn.status, ORDER_LABELS[turn.status], turn
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
        order.append(OrderEntry(person, person.user.display_name, key, ORDER_LABELS[key]))
    state.order = order
    counted = [e for e in order if e.state != "skipped"]
    state.total = len(counted)
    done = sum(1 for e in counted if e.state in ("done", "passed", "left"))
    state.position = done + (1 if state.speaking else 0)
    if state.speaking is not None:
        state.speaking_ends_at_ms = int(state.speaking.ends_at.timestamp() * 1000)
    return state


def action_commitments(session: ReflectiveSession, viewer=None) -> QuerySet[ActionCommitment]:
    """The presenter's actions; with ``viewer``, without those held after a report."""
    queryset = ActionCommitment.objects.filter(session_id=session.pk).order_by("created_at", "pk")
    if viewer is not None:
        queryset = safeguarding_selectors.exclude_hidden(queryset, viewer)
    return queryset


def presenter_summary_for(viewer, session: ReflectiveSession) -> str:
    """The presenter's summary as ``viewer`` may read it: empty while it is held after a
    report (the session itself is the reportable row for its summary). Whether the viewer
    may see material at all is ``can_see_material``'s to say."""
    if not session.presenter_summary:
        return ""
    if safeguarding_selectors.hidden_from(viewer, session):
        return ""
    return session.presenter_summary


def private_notes_of(user, session: ReflectiveSession | None = None) -> QuerySet[PrivateNote]:
    """The reader's own notes (optionally for one session). Nobody else's, ever."""
    qs = PrivateNote.objects.of(user)
    if session is not None:
        qs = qs.filter(session_id=session.pk)
    return qs.order_by("-created_at", "-pk")


def private_note_for(user, pk: int) -> PrivateNote:
    note = PrivateNote.objects.of(user).filter(pk=pk).first()
    if note is None:
        raise NotFound
    return note


def feedback_of(user, session: ReflectiveSession) -> SessionFeedback | None:
    if not _signed_in(user):
        return None
    return SessionFeedback.objects.filter(session_id=session.pk, user_id=user.pk).first()


def attendance_rows(session: ReflectiveSession) -> list[dict]:
    """For the facilitator's attendance form: everyone with a confirmed place (or already
    marked attended), whether they joined the live session, and whether their attendance
    is recorded. Two queries."""
    registrations = list(
        Registration.objects.filter(event_id=session.event_id)
        .filter(Q(status=RegistrationStatus.CONFIRMED) | Q(attended_at__isnull=False))
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )
    joined = {p.user_id: p for p in Participant.objects.filter(session_id=session.pk)}
    rows = []
    for registration in registrations:
        participant = joined.get(registration.user_id)
        rows.append(
            {
                "user": registration.user,
                "registration": registration,
                "joined": bool(participant and participant.has_joined),
                "attended": registration.attended_at is not None,
            }
        )
    return rows


# --- The community page and the facilitators' view -----------------------------------------


def testimonials(community: Community, *, limit: int = 5) -> list[SessionFeedback]:
    """Consented quotes, newest first, without names (one query)."""
    return list(
        SessionFeedback.objects.filter(session__community=community, consent_to_quote=True)
        .exclude(gave_you="")
        .only("gave_you", "created_at")
        .order_by("-created_at", "-pk")[:limit]
    )


@dataclass
class MonthRow:
    month: date
    sessions: int = 0
    attendances: int = 0
    attendees: int = 0
    returning: int = 0
    responses: int = 0
    average: float | None = None

    @property
    def label(self) -> str:
        return f"{self.month:%B %Y}"

    @property
    def short_label(self) -> str:
        return f"{self.month:%b %y}"


@dataclass
class CommunityStats:
    months: list[MonthRow]
    sessions_run: int
    attendances: int
    attendees: int
    returning: int
    responses: int
    average: float | None


def community_stats(community: Community, *, months: int = 12, today=None) -> CommunityStats:
    """Sessions run, attendance, returning attendees (people who had attended an earlier
    session of this community) and feedback scores, month by month for the last
    ``months`` months. Three queries, whatever the number of sessions."""
    today = today or timezone.localdate()
    first = date(today.year, today.month, 1)
    for _i in range(months - 1):
        first = date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1)
    run = (
        ReflectiveSession.objects.filter(community=community, opened_at__isnull=False)
        .values_list("pk", "event__starts_at")
        .order_by("event__starts_at", "pk")
    )
    sessions = [(pk, starts.astimezone(LONDON).date()) for pk, starts in run]
    attended = list(
        Registration.objects.filter(
            event__reflective_session__community=community, attended_at__isnull=False
        )
        .values_list("event__reflective_session__id", "user_id")
        .order_by("event__starts_at", "pk")
    )
    feedback = {
        row["session_id"]: row
        for row in SessionFeedback.objects.filter(session__community=community)
        .values("session_id")
        .annotate(n=Count("pk"), total=Avg("usefulness"))
        .order_by()
    }
    session_month = {pk: date(d.year, d.month, 1) for pk, d in sessions}
    rows = {}
    cursor = first
    while cursor <= today:
        rows[cursor] = MonthRow(cursor)
        cursor = date(cursor.year + (cursor.month == 12), cursor.month % 12 + 1, 1)
    people_by_month: dict[date, set[int]] = defaultdict(set)
    returning_by_month: dict[date, set[int]] = defaultdict(set)
    seen: set[int] = set()
    all_returning: set[int] = set()
    total_attendances = 0
    for session_id, user_id in attended:
        month = session_month.get(session_id)
        if month is None:
            continue
        total_attendances += 1
        if user_id in seen:
            all_returning.add(user_id)
            returning_by_month[month].add(user_id)
        seen.add(user_id)
        if month in rows:
            rows[month].attendances += 1
            people_by_month[month].add(user_id)
    sums: dict[date, tuple[float, int]] = defaultdict(lambda: (0.0, 0))
    total_score, total_responses = 0.0, 0
    for pk, month in session_month.items():
        row = feedback.get(pk)
        if row:
            total_score += float(row["total"]) * row["n"]
            total_responses += row["n"]
        if month not in rows:
            continue
        rows[month].sessions += 1
        if row:
            s, n = sums[month]
            sums[month] = (s + float(row["total"]) * row["n"], n + row["n"])
    for month, row in rows.items():
        row.attendees = len(people_by_month[month])
        row.returning = len(returning_by_month[month])
        s, n = sums[month]
        row.responses = n
        row.average = round(s / n, 1) if n else None
    return CommunityStats(
        months=list(rows.values()),
        sessions_run=len(sessions),
        attendances=total_attendances,
        attendees=len(seen),
        returning=len(all_returning),
        responses=total_responses,
        average=round(total_score / total_responses, 1) if total_responses else None,
    )


def sessions_with_material_due(cutoff) -> QuerySet[ReflectiveSession]:
    """Sessions that ended before ``cutoff`` and still hold session material."""
    return ReflectiveSession.objects.filter(
        material_purged_at__isnull=True, event__ends_at__lte=cutoff
    ).order_by("pk")


__all__ = [
    "Eligibility",
    "LiveState",
    "Prefetch",
    "can_run",
    "can_schedule",
    "can_see_material",
    "community_stats",
    "eligibility",
    "live_state",
    "session_for",
    "testimonials",
]
