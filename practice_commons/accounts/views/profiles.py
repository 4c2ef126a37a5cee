"""A person's own profile."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters

from practice_commons.confidentiality.forms import write_from_form

from .. import selectors, services
from ..forms import NEW_ORGANISATION, ProfileForm


@login_required
def profile(request):
    person = selectors.profile_for(request.user.pk)
    affiliation = selectors.latest_affiliation_request(person)
    exports = list(selectors.personal_data_exports(person)[:3])
    return render(
        request,
        "accounts/profile.html",
        {
            "person": person,
            "affiliation": affiliation,
            "data_exports": exports,
            "data_export_in_progress": any(e.status == "pending" for e in exports),
        },
    )


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
        written = write_from_form(
            form,
            services.profile_update,
            actor=request.user,
            user=person,
            data=data,
            expertise=form.expertise_names(),
            new_organisation=new_org,
        )
        if written:
            messages.success(request, _("Your profile has been saved."))
            return redirect("accounts:profile")
    return render(request, "accounts/profile_edit.html", {"form": form})
