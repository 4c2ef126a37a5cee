"""Pages of reflective sessions. Thin: parse the request, call a selector or a service,
render. A session the reader may not see is 404 (``selectors.session_for`` raises
``NotFound``); a visible session whose action needs a role they lack is 403. Every action
is a plain POST that redirects; with htmx the live view's actions answer with the live
partial instead.

Split like the services: ``sessions`` (lists and a session's page), ``before``
(scheduling, booking, rules, presenter), ``live`` (the live view and its forms),
``live_controls`` (its buttons), ``notes`` (private notes), ``after`` (attendance,
feedback) and ``insights`` (the facilitators' figures). ``urls.py`` names every view
through this package.
"""

from .after import attendance, feedback
from .before import book, cancel_booking, edit, issue, presenter, rules, schedule
from .insights import insights, insights_csv
from .live import action_add, action_delete, join, leave, live, note_add, open_session, summary
from .live_controls import control
from .notes import my_notes, note_delete, notes_export
from .sessions import community_sessions, detail, my_sessions

__all__ = [
    "action_add",
    "action_delete",
    "attendance",
    "book",
    "cancel_booking",
    "community_sessions",
    "control",
    "detail",
    "edit",
    "feedback",
    "insights",
    "insights_csv",
    "issue",
    "join",
    "leave",
    "live",
    "my_notes",
    "my_sessions",
    "note_add",
    "note_delete",
    "notes_export",
    "open_session",
    "presenter",
    "rules",
    "schedule",
    "summary",
]
