"""Reads of reflective sessions, already filtered to what the reader may see.

Who may do what is decided here, once, for pages, the API and the services
(``access``):

* **see a session** (its title, theme, date): whoever may see its event
  (``events.selectors.events_visible_to``: a private community's sessions are
  ``NotFound`` to outsiders);
* **run it** (``can_run``): the session's facilitator and the community's owners and
  facilitators. Host admins run a session only if they are one of those;
* **see its material** (``can_see_material``: the presenter's issue, summary and
  actions): the session's attendees — the presenter, the facilitator who runs it, and
  everyone who joined it or whose attendance is recorded. Not other facilitators, not
  host admins;
* **read a private note**: its author. There is no other reader (``PrivateNote.objects.of``).

Split by use: ``access`` (permissions and eligibility), ``sessions`` (lists and the
fetch-and-check ``session_for``), ``live`` (the live state), ``material`` (the
presenter's summary and actions, private notes), ``after`` (attendance, feedback,
testimonials, retention) and ``insights`` (the facilitators' figures). Callers import
the package: ``from practice_commons.reflection import selectors``.
"""

from .access import (
    Eligibility,
    booking_closed_reason,
    booking_rule,
    can_run,
    can_schedule,
    can_see_material,
    can_see_stats,
    eligibility,
    has_attended,
    has_place,
    host_members_only,
    live_access,
    marked_left,
    participant_of,
    people_with_place,
    presenter_candidate,
    registration_of,
    rules_confirmed,
    rules_of,
    signed_in,
    used_trial,
)
from .after import (
    Participation,
    QuotesPanel,
    attendance_rows,
    feedback_of,
    participation_by_user,
    participation_of,
    sessions_with_material_due,
    testimonials,
    testimonials_panel,
)
from .insights import (
    CommunityStats,
    MonthRow,
    community_stats,
)
from .live import (
    ORDER_LABELS,
    LiveState,
    OrderEntry,
    checkin_rows,
    current_round,
    live_state,
    next_in_round,
    next_stage,
    participants,
    speaking_turn,
    turns_of,
)
from .material import (
    action_commitments,
    presenter_summary_for,
    private_note_for,
    private_notes_of,
)
from .sessions import (
    api_sessions_for,
    community_sessions,
    session_for,
    sessions_for_user,
    sessions_visible_to,
    you_in,
)

__all__ = [
    "CommunityStats",
    "Eligibility",
    "booking_closed_reason",
    "LiveState",
    "MonthRow",
    "ORDER_LABELS",
    "OrderEntry",
    "Participation",
    "QuotesPanel",
    "action_commitments",
    "api_sessions_for",
    "attendance_rows",
    "booking_rule",
    "can_run",
    "can_schedule",
    "can_see_material",
    "checkin_rows",
    "live_access",
    "marked_left",
    "can_see_stats",
    "community_sessions",
    "community_stats",
    "current_round",
    "eligibility",
    "feedback_of",
    "has_attended",
    "has_place",
    "host_members_only",
    "live_state",
    "next_stage",
    "next_in_round",
    "participant_of",
    "participation_by_user",
    "participation_of",
    "participants",
    "people_with_place",
    "presenter_candidate",
    "presenter_summary_for",
    "private_note_for",
    "private_notes_of",
    "registration_of",
    "rules_confirmed",
    "rules_of",
    "session_for",
    "sessions_for_user",
    "sessions_visible_to",
    "sessions_with_material_due",
    "signed_in",
    "speaking_turn",
    "testimonials",
    "testimonials_panel",
    "turns_of",
    "used_trial",
    "you_in",
]
