from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from practice_commons.confidentiality.forms import ConfidentialityError, attach_write_errors

from . import selectors, services
from .forms import NEW_ORGANISATION, MembershipRoleForm, ProfileForm
from .models import OrganisationMembership


@login_required
def profile(request):
    person = selectors.profile_for(request.user.pk)
    return render(request, "accounts/profile.html", {"person": person})


@sensitive_post_parameters()
@login_required
def profile_edit(request):
    person = selectors.profile_for(request.user.pk)
    form = ProfileForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        new_org = None
        if data.get("organisation_choice") == NEW_ORGANISATION:
            new_org = services.NewOrganisation(
                name=data["new_organisation_name"], kind=data["new_organisation_kind"]
            )
        try:
            services.profile_update(
                actor=request.user,
                user=person,
                data=data,
                expertise=form.expertise_names(),
                new_organisation=new_org,
                confidentiality_acknowledged=form.confidentiality_acknowledged,
            )
        except (ConfidentialityError, ValidationError) as exc:
            attach_write_errors(form, exc)
        else:
            messages.success(request, _("Your profile has been saved."))
            return redirect("accounts:profile")
    return render(request, "accounts/profile_edit.html", {"form": form})


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
    organisation = selectors.organisation_for_manager(request.user, slug)
    return get_object_or_404(OrganisationMembership, pk=membership_id, organisation=organisation)


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
