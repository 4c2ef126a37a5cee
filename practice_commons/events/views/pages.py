"""An event's page and a series' page: what is on, places, your registration, and the
organisers' links."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from practice_commons.communities import selectors as community_selectors
from practice_commons.core.errors import NotFound

from .. import policies, recurrence, selectors, timefmt
from ..links import links_for
from ..models import Audience, EventStatus, RegistrationStatus


def detail(request, pk: int):
    event = selectors.event_for(request.user, pk)
    registration = selectors.registration_of(request.user, event)
    manager = selectors.can_manage(request.user, event)
    confirmed = registration is not None and registration.status == RegistrationStatus.CONFIRMED
    invitation_token = request.GET.get("invitation", "")
    context = {
        "event": event,
        "registration": registration,
        "position": selectors.waitlist_position(registration) if registration else None,
        "counts": selectors.registration_counts(event),
        "can_manage": manager,
        "cohost_organisations": selectors.cohost_organisations_of(request.user, event),
        "show_link": bool(event.online_url) and (confirmed or manager),
        "attendee_names": (
            selectors.attendee_names(event)
            if event.show_attendee_names and (confirmed or manager)
            else []
        ),
        "when": timefmt.when(event.starts_at, event.ends_at),
        "invitation_token": invitation_token,
        "outlook": policies.outlook_for(
            request.user,
            event,
            invitation=_invitation(request.user, event, invitation_token),
            manager=manager,
        ),
        "can_register": event.status == EventStatus.PUBLISHED and not event.has_started(),
        "series_rule": recurrence.describe(event.series.rule) if event.series_id else "",
        "now": timezone.now(),
        "related_links": links_for(event, request.user),
        "offline_saveable": community_selectors.may_save_offline(request.user, event.community),
    }
    return render(request, "events/event_detail.html", context)


def _invitation(user, event, token: str):
    """The invitation that would let ``user`` register (the link's, or the signed-in
    invitee's own), as the registration service finds it; ``None`` if there is none."""
    if token:
        try:
            invitation = selectors.invitation_from_token(token)
        except NotFound:
            return None
        return invitation if invitation.event_id == event.pk else None
    if event.audience == Audience.SIGNED_IN or not getattr(user, "is_authenticated", False):
        return None  # an invitation changes nothing here
    found = selectors.invitation_for_email(event, user.email)
    return found if found is not None and found.usable_by(user, timezone.now()) else None


def series_detail(request, pk: int):
    series = selectors.series_for(request.user, pk)
    occurrences = list(selectors.series_occurrences(request.user, series))
    if not occurrences:
        raise Http404
    now = timezone.now()
    return render(
        request,
        "events/series_detail.html",
        {
            "series": series,
            "occurrences": occurrences,
            "can_manage": selectors.can_manage(request.user, occurrences[0]),
            "rule": recurrence.describe(series.rule),
            "now": now,
            "can_register": any(
                e.status == EventStatus.PUBLISHED and e.starts_at > now for e in occurrences
            ),
        },
    )
