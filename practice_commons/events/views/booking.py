"""Taking a place: register (or join the waiting list), cancel, confirm an offered place,
and register for every date of a series. A refusal (full trial, members only…) is shown
as a message on the event page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import selectors, services
from ..models import RegistrationStatus


def _own_registration(request, pk: int):
    """(event, the reader's registration), or 404 if they have none."""
    event = selectors.event_for(request.user, pk)
    registration = selectors.registration_of(request.user, event)
    if registration is None:
        raise Http404
    return event, registration


def _registered_message(request, registration) -> None:
    if registration.status == RegistrationStatus.CONFIRMED:
        messages.success(request, _("Your place is confirmed."))
        return
    messages.info(
        request,
        _(
            "The event is full, so you are on the waiting list "
            "(number %(n)s). We will tell you if a place comes up."
        )
        % {"n": selectors.waitlist_position(registration)},
    )


def _event_to_register_for(request, pk: int):
    """The event, found through the invitation the form carries (its link's token, or
    its id for the signed-in invitee), so an invitee can register for an event they
    cannot otherwise see; without one, the event if the reader may see it."""
    token = request.POST.get("invitation", "")
    invitation_id = request.POST.get("invitation_id", "")
    if token:
        invitation = selectors.invitation_from_token(token)
    elif invitation_id:
        try:
            number = int(invitation_id)
        except ValueError as exc:
            raise Http404 from exc
        invitation = selectors.invitation_for_invitee(request.user, number)
    else:
        return selectors.event_for(request.user, pk)
    if invitation.event_id != pk:
        raise Http404
    return invitation.event


@login_required
@require_POST
def register(request, pk: int):
    token = request.POST.get("invitation", "")
    event = _event_to_register_for(request, pk)
    try:
        registration = services.registration_create(
            actor=request.user, event=event, invitation_token=token
        )
    except services.RegistrationRefused as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        _registered_message(request, registration)
    return redirect(event)


@login_required
@require_POST
def unregister(request, pk: int):
    event, registration = _own_registration(request, pk)
    services.registration_cancel(actor=request.user, registration=registration)
    messages.success(request, _("Your registration is cancelled."))
    return redirect(event)


@login_required
@require_POST
def confirm_place(request, pk: int):
    event, registration = _own_registration(request, pk)
    try:
        services.offer_confirm(actor=request.user, registration=registration)
    except services.RegistrationRefused as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Your place is confirmed."))
    return redirect(event)


@login_required
@require_POST
def series_register(request, pk: int):
    series = selectors.series_for(request.user, pk)
    try:
        registrations = services.series_register(actor=request.user, series=series)
    except services.RegistrationRefused as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        confirmed = sum(r.status == RegistrationStatus.CONFIRMED for r in registrations)
        waiting = len(registrations) - confirmed
        messages.success(
            request,
            _("You are registered for %(n)d dates: %(c)d confirmed, %(w)d on the waiting list.")
            % {"n": len(registrations), "c": confirmed, "w": waiting},
        )
    return redirect(series)
