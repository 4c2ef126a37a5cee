"""Calendars: one event's ``.ics`` and a person's private feed (and its address)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from practice_commons.accounts.selectors import language_of

from .. import ical, selectors, services
from ..models import RegistrationStatus
from ..models.registrations import feed_path


def event_ics(request, pk: int):
    event = selectors.event_for(request.user, pk)
    registration = selectors.registration_of(request.user, event)
    show_link = (
        registration is not None and registration.status == RegistrationStatus.CONFIRMED
    ) or selectors.can_manage(request.user, event)
    response = HttpResponse(
        ical.event_ics(event, show_link=show_link), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
    return response


def feed(request, token: str):
    calendar_feed = selectors.feed_from_token(token)
    user = calendar_feed.user
    with translation.override(language_of(user)):
        body = ical.feed_ics(user, selectors.feed_registrations(user))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@require_POST
def feed_regenerate(request):
    """The address is shown on this response only: it is not stored anywhere it could be
    read again, so it is not put in a redirect or a message either."""
    token = services.calendar_feed_regenerate(actor=request.user)
    response = render(
        request,
        "events/calendar_feed_new.html",
        {"feed_url": request.build_absolute_uri(feed_path(token))},
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def feed_revoke(request):
    services.calendar_feed_revoke(actor=request.user)
    messages.success(request, _("Your calendar address has been turned off."))
    return redirect("events:mine")
