"""Invitations: organisers invite people by email, resend and withdraw invitations;
anyone with the link (or the signed-in invitee, from the in-app notification) sees the
event and the community that invites them."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from practice_commons.confidentiality.forms import write_from_form

from .. import selectors, services, timefmt
from ..forms import InviteForm
from .common import event_community, post_data


@login_required
@sensitive_post_parameters()
def invite(request, pk: int):
    event = selectors.event_for_manager(request.user, pk)
    communities = selectors.communities_for_organiser(request.user).order_by("name")
    form = InviteForm(
        post_data(request), communities=communities, initial={"community": event.community}
    )
    if event.community_id:
        form.fields["community"].queryset = communities | event_community(event)
    if request.method == "POST" and form.is_valid():
        written = write_from_form(
            form,
            services.invitation_create,
            actor=request.user,
            event=event,
            emails=form.email_list(),
            message=form.cleaned_data["message"],
            community=form.cleaned_data["community"],
        )
        if written:
            messages.success(request, _("%(n)d invitations sent.") % {"n": len(written.value)})
            return redirect("events:invite", pk=event.pk)
    return render(
        request,
        "events/invite.html",
        {
            "form": form,
            "event": event,
            "invitations": list(selectors.invitations_for(event)[:200]),
            "lifetime_days": settings.INVITATION_LIFETIME_DAYS,
        },
    )


@login_required
@require_POST
def invitation_resend(request, pk: int, invitation_id: int):
    event = selectors.event_for_manager(request.user, pk)
    invitation = selectors.invitation_in(event, invitation_id)
    services.invitation_resend(actor=request.user, invitation=invitation)
    messages.success(
        request,
        _("A new link was sent to %(email)s. The old link no longer works.")
        % {"email": invitation.email},
    )
    return redirect("events:invite", pk=event.pk)


@login_required
@require_POST
def invitation_withdraw(request, pk: int, invitation_id: int):
    event = selectors.event_for_manager(request.user, pk)
    invitation = selectors.invitation_in(event, invitation_id)
    services.invitation_withdraw(actor=request.user, invitation=invitation)
    messages.success(request, _("Invitation to %(email)s withdrawn.") % {"email": invitation.email})
    return redirect("events:invite", pk=event.pk)


def invitation(request, token: str):
    """The invitation: the event and the community that invites, to anyone with the link
    (signed in or not). Accepting needs an account."""
    invitation = selectors.invitation_from_token(token)
    return _invitation_page(request, invitation, token=token)


@login_required
def your_invitation(request, invitation_id: int):
    """The same page for the signed-in invitee without the link (the in-app notification
    points here); anyone else gets 404."""
    invitation = selectors.invitation_for_invitee(request.user, invitation_id)
    return _invitation_page(request, invitation, token="")


def _invitation_page(request, invitation, *, token: str):
    event = invitation.event
    return render(
        request,
        "events/invitation.html",
        {
            "invitation": invitation,
            "event": event,
            "token": token,
            "registration": selectors.registration_of(request.user, event),
            "when": timefmt.when(event.starts_at, event.ends_at),
        },
    )
