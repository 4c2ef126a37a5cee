"""An organisation's people, for its admins."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import selectors, services
from ..forms import MembershipRoleForm
from ..models import OrganisationMembership


@login_required
def organisation_people(request, slug):
    organisation = selectors.organisation_for_manager(request.user, slug)
    page = Paginator(selectors.organisation_memberships(organisation), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "accounts/organisation_people.html",
        {
            "organisation": organisation,
            "page_obj": page,
            "role_choices": OrganisationMembership.Role.choices,
        },
    )


def _membership_for_manager(request, slug, membership_id):
    return selectors.organisation_membership_for_manager(request.user, slug, membership_id)


@login_required
@require_POST
def organisation_set_role(request, slug, membership_id):
    membership = _membership_for_manager(request, slug, membership_id)
    form = MembershipRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a role from the list."))
        return redirect("accounts:organisation_people", slug=slug)
    try:
        services.organisation_membership_set_role(
            actor=request.user, membership=membership, role=form.cleaned_data["role"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("%(name)s is now %(role)s.")
            % {"name": membership.user.display_name, "role": membership.get_role_display().lower()},
        )
    return redirect("accounts:organisation_people", slug=slug)


@login_required
@require_POST
def organisation_remove_person(request, slug, membership_id):
    membership = _membership_for_manager(request, slug, membership_id)
    name = membership.user.display_name
    try:
        services.organisation_membership_remove(actor=request.user, membership=membership)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("%(name)s has been removed from the organisation.") % {"name": name}
        )
    return redirect("accounts:organisation_people", slug=slug)
