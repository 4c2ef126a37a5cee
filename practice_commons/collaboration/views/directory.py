"""The member directory and one's own directory settings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .. import selectors, services
from ..forms import DirectoryFilterForm, DirectorySettingsForm
from .common import paging_context


@login_required
def directory(request):
    form = DirectoryFilterForm(request.GET or None)
    people = selectors.directory_search(request.user, filters=form.filters() if request.GET else {})
    context = {"form": form, **paging_context(request, people)}
    for person in context["page_obj"].object_list:
        person.listing = selectors.listing_of(person)
    return render(request, "collaboration/directory.html", context)


@login_required
def directory_settings(request):
    listing = selectors.directory_listing_for(request.user)
    form = DirectorySettingsForm(
        request.POST or None,
        initial={"visibility": listing.visibility, "show_bio": listing.show_bio},
    )
    if request.method == "POST" and form.is_valid():
        services.directory_settings_update(
            actor=request.user,
            visibility=form.cleaned_data["visibility"],
            show_bio=form.cleaned_data["show_bio"],
        )
        messages.success(request, _("Your directory settings are saved."))
        return redirect("collaboration:directory_settings")
    return render(request, "collaboration/directory_settings.html", {"form": form})
