"""Opportunities: the listings, posting one, its page (interest for others; the
interests and replies for its poster), closing it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from practice_commons.confidentiality.forms import write_from_form

from .. import policies, selectors, services
from ..forms import InterestForm, InterestReplyForm, OpportunityFilterForm, OpportunityForm
from .common import paging_context


@login_required
def opportunity_list(request):
    form = OpportunityFilterForm(request.GET or None)
    qs = selectors.opportunities_list(request.user, filters=form.filters() if request.GET else {})
    return render(
        request,
        "collaboration/opportunity_list.html",
        {"form": form, **paging_context(request, qs)},
    )


@login_required
def my_opportunities(request):
    qs = selectors.opportunities_posted_by(request.user)
    return render(request, "collaboration/my_opportunities.html", paging_context(request, qs))


@login_required
@sensitive_post_parameters()
def opportunity_new(request):
    organisations = policies.organisations_spoken_for(request.user)
    form = OpportunityForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        written = write_from_form(
            form,
            services.opportunity_create,
            actor=request.user,
            data=form.service_data(),
            organisation=form.cleaned_data.get("organisation"),
        )
        if written:
            messages.success(request, _("Your opportunity is posted."))
            return redirect(written.value)
    return render(request, "collaboration/opportunity_form.html", {"form": form})


def _detail(request, opportunity, interest_form=None, status=200):
    is_poster = opportunity.poster_id == request.user.pk
    interests = list(selectors.interests_for_poster(request.user, opportunity))
    return render(
        request,
        "collaboration/opportunity_detail.html",
        {
            "opportunity": opportunity,
            "is_poster": is_poster,
            "can_manage": services.can_manage_opportunity(request.user, opportunity),
            "can_draft": is_poster and policies.organisations_spoken_for(request.user).exists(),
            "interests": [
                (i, InterestReplyForm(auto_id=f"i{i.pk}-%s", initial={"status": i.status}))
                for i in interests
            ],
            "my_interest": selectors.interest_of(request.user, opportunity),
            "interest_form": interest_form or InterestForm(),
        },
        status=status,
    )


@login_required
def opportunity_detail(request, opportunity_id):
    opportunity = selectors.opportunity_for_reader(request.user, opportunity_id)
    return _detail(request, opportunity)


@login_required
@require_POST
@sensitive_post_parameters()
def interest_create(request, opportunity_id):
    opportunity = selectors.opportunity_for_reader(request.user, opportunity_id)
    form = InterestForm(request.POST)
    if form.is_valid():
        written = write_from_form(
            form,
            services.interest_express,
            actor=request.user,
            opportunity=opportunity,
            message=form.cleaned_data["message"],
        )
        if written:
            messages.success(request, _("Your interest is sent to the poster."))
            return redirect(opportunity)
    return _detail(request, opportunity, interest_form=form, status=200)


@login_required
@sensitive_post_parameters()
def interest_reply(request, interest_id):
    interest = selectors.interest_for_poster(request.user, interest_id)
    form = InterestReplyForm(request.POST or None, initial={"status": interest.status})
    if request.method == "POST" and form.is_valid():
        written = write_from_form(
            form,
            services.interest_reply,
            actor=request.user,
            interest=interest,
            status=form.cleaned_data["status"],
            reply=form.cleaned_data["reply"],
        )
        if written:
            messages.success(request, _("Saved."))
            return redirect(interest.opportunity)
    return render(
        request, "collaboration/interest_reply.html", {"interest": interest, "form": form}
    )


@login_required
@require_POST
def opportunity_close(request, opportunity_id):
    opportunity = selectors.opportunity_for_reader(request.user, opportunity_id)
    services.opportunity_close(actor=request.user, opportunity=opportunity)
    messages.success(request, _("The opportunity is closed."))
    return redirect(opportunity)
