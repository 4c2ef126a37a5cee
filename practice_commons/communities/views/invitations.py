"""Invitations: facilitators send, resend and withdraw them; the emailed link (or, for
the signed-in invitee, the invitation's own page) is where the invitee accepts the rules
and joins."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from practice_commons.confidentiality.forms import write_from_form

from .. import selectors, services
from ..forms import InviteForm, JoinForm
from ..models import Visibility
from .common import posted, require_moderator, rules_version_initial


@login_required
def invitations(request, slug):
    community = selectors.community_for_reader(request.user, slug)
    require_moderator(request, community)
    form = InviteForm(posted(request))
    if request.method == "POST" and form.is_valid():
        written = write_from_form(
            form,
            services.invitation_create,
            actor=request.user,
            community=community,
            email=form.cleaned_data["email"],
            message=form.cleaned_data["message"],
        )
        if written:
            messages.success(
                request,
                _("Invitation sent to %(email)s. The link works for %(days)d days.")
                % {"email": written.value.email, "days": settings.INVITATION_LIFETIME_DAYS},
            )
            return redirect("communities:invitations", slug=slug)
    return render(
        request,
        "communities/invitations.html",
        {
            "community": community,
            "form": form,
            "pending": list(selectors.invitations_pending(community)[:100]),
            "lifetime_days": settings.INVITATION_LIFETIME_DAYS,
        },
    )


@login_required
@require_POST
def invitation_withdraw(request, slug, invitation_id):
    community = selectors.community_for_reader(request.user, slug)
    require_moderator(request, community)
    invitation = selectors.invitation_in(community, invitation_id)
    services.invitation_withdraw(actor=request.user, invitation=invitation)
    messages.success(request, _("Invitation to %(email)s withdrawn.") % {"email": invitation.email})
    return redirect("communities:invitations", slug=slug)


@login_required
@require_POST
def invitation_resend(request, slug, invitation_id):
    community = selectors.community_for_reader(request.user, slug)
    require_moderator(request, community)
    invitation = selectors.invitation_in(community, invitation_id)
    services.invitation_resend(actor=request.user, invitation=invitation)
    messages.success(
        request,
        _("A new link was sent to %(email)s. The old link no longer works.")
        % {"email": invitation.email},
    )
    return redirect("communities:invitations", slug=slug)


def _signin_page(request, invitation):
    """For a visitor: sign-in and sign-up links that come back here; the community is
    named only if it is public."""
    here = request.get_full_path()
    return render(
        request,
        "communities/invitation_signin.html",
        {
            "invitation": invitation,
            "show_name": invitation.community.visibility == Visibility.PUBLIC,
            "login_url": reverse("account_login") + "?" + urlencode({"next": here}),
            "signup_url": reverse("account_signup") + "?" + urlencode({"next": here}),
        },
    )


def invitation(request, token):
    """The link in an invitation email. It names the community only to the invitee: a
    visitor sees a neutral page with sign-in and sign-up links that come back here, and a
    different signed-in person is told the invitation is not theirs."""
    invitation = selectors.invitation_from_token(token)
    if not request.user.is_authenticated:
        return _signin_page(request, invitation)
    if invitation.email.lower() != request.user.email.lower():
        return render(request, "communities/invitation_not_yours.html", {}, status=403)
    return _accept_page(request, invitation)


@login_required
def your_invitation(request, invitation_id):
    """The same page for the signed-in invitee without the link (from the Communities
    page or the in-app notification); anyone else gets 404."""
    return _accept_page(request, selectors.invitation_for_invitee(request.user, invitation_id))


def _accept_page(request, invitation):
    """The community, its rules and the join form, for the invitee."""
    community = invitation.community
    form = JoinForm(posted(request), initial=rules_version_initial(community))
    if request.method == "POST" and form.is_valid():
        written = write_from_form(
            form,
            services.invitation_accept,
            actor=request.user,
            invitation=invitation,
            accept_rules=True,
            rules_version=form.cleaned_data["rules_version"],
        )
        if written:
            messages.success(request, _("Welcome to %(name)s.") % {"name": community.name})
            return redirect(community)
    return render(
        request,
        "communities/invitation.html",
        {"invitation": invitation, "community": community, "form": form, "join_form": form},
    )
