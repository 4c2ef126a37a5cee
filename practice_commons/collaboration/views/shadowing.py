"""Work-shadowing: offers and requests, matches for one's profession, a listing (respond;
its poster sees responses), arranging (the host), closing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from practice_commons.confidentiality.forms import write_from_form

from .. import selectors, services
from ..forms import (
    ShadowingArrangeForm,
    ShadowingFilterForm,
    ShadowingForm,
    ShadowingResponseForm,
)
from .common import paging_context


@login_required
def shadowing_list(request):
    form = ShadowingFilterForm(request.GET or None)
    qs = selectors.shadowing_list(request.user, filters=form.filters() if request.GET else {})
    return render(
        request,
        "collaboration/shadowing_list.html",
        {
            "form": form,
            "matches": list(selectors.shadowing_matches_for(request.user)),
            **paging_context(request, qs),
        },
    )


@login_required
@sensitive_post_parameters()
def shadowing_new(request):
    form = ShadowingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        written = write_from_form(
            form,
            services.shadowing_listing_create,
            actor=request.user,
            kind=data["kind"],
            title=data["title"],
            description=data["description"],
            profession=data.get("profession"),
            nation=data.get("nation") or "",
            area=data.get("area") or "",
        )
        if written:
            messages.success(request, _("Your listing is posted."))
            return redirect(written.value)
    return render(request, "collaboration/shadowing_form.html", {"form": form})


def _detail(request, listing, form=None):
    responses = list(selectors.responses_for_poster(request.user, listing))
    mine = listing.responses.filter(person=request.user).first()
    return render(
        request,
        "collaboration/shadowing_detail.html",
        {
            "listing": listing,
            "is_poster": listing.poster_id == request.user.pk,
            "responses": responses,
            "my_response": mine,
            "form": form or ShadowingResponseForm(),
        },
    )


@login_required
def shadowing_detail(request, listing_id):
    return _detail(request, selectors.shadowing_for_reader(request.user, listing_id))


@login_required
@require_POST
@sensitive_post_parameters()
def shadowing_respond(request, listing_id):
    listing = selectors.shadowing_for_reader(request.user, listing_id)
    form = ShadowingResponseForm(request.POST)
    if form.is_valid():
        written = write_from_form(
            form,
            services.shadowing_respond,
            actor=request.user,
            listing=listing,
            message=form.cleaned_data["message"],
        )
        if written:
            messages.success(request, _("Your response is sent."))
            return redirect(listing)
    return _detail(request, listing, form)


@login_required
@sensitive_post_parameters()
def shadowing_arrange(request, response_id):
    response = selectors.response_for_host(request.user, response_id)
    form = ShadowingArrangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        written = write_from_form(
            form,
            services.shadowing_arrange,
            actor=request.user,
            response=response,
            start_on=data["start_on"],
            end_on=data.get("end_on"),
            place=data["place"],
            ground_rules=data["ground_rules"],
            hours=float(data["hours"]),
        )
        if written:
            messages.success(
                request, _("Arranged. Accept the arrangement; the other person will too.")
            )
            return redirect(written.value)
    return render(
        request, "collaboration/shadowing_arrange.html", {"response": response, "form": form}
    )


@login_required
@require_POST
def shadowing_close(request, listing_id):
    listing = selectors.shadowing_for_reader(request.user, listing_id)
    services.shadowing_listing_close(actor=request.user, listing=listing)
    messages.success(request, _("The listing is closed."))
    return redirect(listing)
