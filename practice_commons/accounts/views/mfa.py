"""An organisation's two-factor rule for its staff, set from its people page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import selectors, services


@login_required
@require_POST
def organisation_mfa_requirement(request, slug):
    organisation = selectors.organisation_for_manager(request.user, slug)
    required = request.POST.get("mfa_required") == "on"
    services.organisation_mfa_requirement_set(
        actor=request.user, organisation=organisation, required=required
    )
    if required:
        messages.success(
            request,
            _(
                "Two-factor sign-in is now required for everyone whose affiliation with "
                "%(organisation)s is verified. Anyone without it is asked to set it up "
                "before they can carry on."
            )
            % {"organisation": organisation.name},
        )
    else:
        messages.success(
            request,
            _("Two-factor sign-in is no longer required for %(organisation)s's staff.")
            % {"organisation": organisation.name},
        )
    return redirect("accounts:organisation_people", slug=slug)
