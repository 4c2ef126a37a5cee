"""Pages of the events app, one module per use case. Thin: parse the request, call a
selector or a service, render. An event the reader may not see is 404
(``selectors.event_for``); a visible event whose action needs a role they lack is 403. A
refused write on a form is shown on it by ``write_from_form``. (No module shares a name
with a view it exports, so ``views.registrations`` and ``views.feedback`` stay views.)

* ``listing``: the upcoming list, the month grid, "Your events";
* ``pages``: an event's page, a series' page;
* ``manage``: create, edit, publish and cancel events and series;
* ``booking``: register, the waiting list and offers, cancel;
* ``invitations``: invite by email, resend, withdraw, the invitation page;
* ``attendance``: registrations list and CSV, attendance, check-in, ticket, certificate;
* ``attendee_feedback``: an attendee's feedback;
* ``calendars``: ``.ics`` files and the private calendar feed.
"""

from .attendance import certificate, check_in, registrations, registrations_csv, ticket
from .attendee_feedback import feedback
from .booking import confirm_place, register, series_register, unregister
from .calendars import event_ics, feed, feed_regenerate, feed_revoke
from .invitations import invitation, invitation_resend, invitation_withdraw, invite, your_invitation
from .listing import event_list, mine, month
from .manage import (
    cancel,
    create,
    edit,
    publish,
    series_create,
    series_edit,
    series_publish,
    series_skip,
)
from .pages import detail, series_detail

__all__ = [
    "cancel",
    "certificate",
    "check_in",
    "confirm_place",
    "create",
    "detail",
    "edit",
    "event_ics",
    "event_list",
    "feed",
    "feed_regenerate",
    "feed_revoke",
    "feedback",
    "invitation",
    "invitation_resend",
    "invitation_withdraw",
    "invite",
    "mine",
    "month",
    "publish",
    "register",
    "registrations",
    "registrations_csv",
    "series_create",
    "series_detail",
    "series_edit",
    "series_publish",
    "series_register",
    "series_skip",
    "ticket",
    "unregister",
    "your_invitation",
]
