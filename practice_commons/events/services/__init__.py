"""Every write to events: one function per use case, keyword-only, actor first, atomic,
permission-checked, confidentiality-checked, audited where it matters. One module per
part of the flow (``events``, ``series``, ``registrations``, ``invitations``,
``attendance``, ``calendars``), all re-exported here: callers use ``events.services.<function>``.

What must stay true:

* Capacity is never exceeded. Every change to who holds a place (register, cancel,
  confirm an offer, expire an offer, change the capacity) first locks the event row
  (``SELECT … FOR UPDATE`` on PostgreSQL; on SQLite the ``IMMEDIATE`` transaction mode
  already serialises writers) and counts places inside the same transaction.
* Arrival order is ``Registration.sequence``, taken from the locked event row, so the
  waiting list is first come, first served in the order registrations committed.
* A non-member has one trial of a members-only event across the whole host; the
  check runs with the person's row locked, so two tabs cannot both take it.
* Notifications and background work go out only after the transaction commits; the
  ``attendance_recorded`` signal likewise. Services enqueue ``tasks``; the tasks run the
  work in ``jobs`` (passing offers on, reminders) and never import services, so the
  dependency runs one way. Invitation emails are queued with ``notifications``, whose
  retrying task builds each one with ``jobs.invitation_email``.
* Every text a person writes passes ``guard_texts`` before anything is stored.
"""

from .attendance import attendance_mark, attendance_payload, check_in, feedback_submit
from .calendars import calendar_feed_regenerate, calendar_feed_revoke
from .common import (
    ATTENDANCE_OPENS_BEFORE,
    EVENT_FIELDS,
    GUARDED_FIELDS,
    RegistrationRefused,
)
from .events import (
    event_cancel,
    event_create,
    event_publish,
    event_redact_for_safeguarding,
    event_update,
)
from .invitations import invitation_create, invitation_resend, invitation_withdraw
from .registrations import (
    offer_confirm,
    registration_cancel,
    registration_create,
    series_register,
)
from .series import series_create, series_publish, series_skip_occurrence, series_update

__all__ = [
    "ATTENDANCE_OPENS_BEFORE",
    "EVENT_FIELDS",
    "GUARDED_FIELDS",
    "RegistrationRefused",
    "attendance_mark",
    "attendance_payload",
    "calendar_feed_regenerate",
    "calendar_feed_revoke",
    "check_in",
    "event_cancel",
    "event_create",
    "event_publish",
    "event_redact_for_safeguarding",
    "event_update",
    "feedback_submit",
    "invitation_create",
    "invitation_resend",
    "invitation_withdraw",
    "offer_confirm",
    "registration_cancel",
    "registration_create",
    "series_create",
    "series_publish",
    "series_register",
    "series_skip_occurrence",
    "series_update",
]
