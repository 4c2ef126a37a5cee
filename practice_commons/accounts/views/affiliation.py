"""Verifying affiliation: the emailed link, admins' decisions, and verified domains."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from practice_commons.confidentiality.forms import write_from_form
from practice_commons.core.errors import Conflict

from .. import selectors, services
from ..affiliation_forms import DeclineForm, OrganisationDomainForm

PER_PAGE = 50


# --- The person ---------------------------------------------------------------------------


@login_required
def affiliation_confirm(request, token):
    """GET shows what the link confirms; only POST changes anything (mail scanners open
    links, and must not confirm on the person's behalf)."""
    affiliation = selectors.affiliation_request_for_token(request.user, token)
    problem = ""
    if request.method == "POST":
        try:
            services.affiliation_confirm(actor=request.user, token=token)
        except Conflict as exc:
            problem = exc.message
        else:
            messages.success(
                request,
                _("You are now a verified member of %(organisation)s.")
                % {"organisation": affiliation.organisation.name},
            )
            return redirect("accounts:profile")
    elif not affiliation.is_pending:
        problem = _("This link has already been used or is no longer valid.")
    elif affiliation.link_expired:
        problem = _("This link has expired. Ask for a new one from your profile.")
    return render(
        request,
        "accounts/affiliation/confirm.html",
        {"affiliation": affiliation, "problem": problem},
        status=409 if problem else 200,
    )


@login_required
@require_POST
def affiliation_resend(request):
    latest = selectors.own_latest_affiliation_request(request.user)
    try:
        services.affiliation_link_resend(actor=request.user, request=latest)
    except Conflict as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("We have sent a new link to %(email)s.") % {"email": latest.work_email}
        )
    return redirect("accounts:profile")


# --- Admins' decisions -------------------------------------------------------------------


@login_required
def organisation_requests(request, slug):
    organisation = selectors.organisation_for_manager(request.user, slug)
    page = Paginator(selectors.affiliation_requests_for_organisation(organisation), PER_PAGE)
    return render(
        request,
        "accounts/affiliation/requests.html",
        {"organisation": organisation, "page_obj": page.get_page(request.GET.get("page"))},
    )


@login_required
def host_requests(request):
    page = Paginator(selectors.affiliation_requests_for_host_admin(request.user), PER_PAGE)
    return render(
        request,
        "accounts/affiliation/requests.html",
        {"organisation": None, "page_obj": page.get_page(request.GET.get("page"))},
    )


def _back_to_list(request, affiliation):
    slug = request.POST.get("from_organisation") or request.GET.get("from_organisation")
    if slug == affiliation.organisation.slug:
        return redirect("accounts:organisation_requests", slug=slug)
    return redirect("accounts:host_requests")


@login_required
@require_POST
def affiliation_approve(request, request_id):
    affiliation = selectors.affiliation_request_for_decider(request.user, request_id)
    try:
        services.affiliation_approve(actor=request.user, request=affiliation)
    except Conflict as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("%(name)s is now a verified member of %(organisation)s.")
            % {"name": affiliation.user.display_name, "organisation": affiliation.organisation},
        )
    return _back_to_list(request, affiliation)


@sensitive_post_parameters()
@login_required
def affiliation_decline(request, request_id):
    affiliation = selectors.affiliation_request_for_decider(request.user, request_id)
    form = DeclineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        written = write_from_form(
            form,
            services.affiliation_decline,
            actor=request.user,
            request=affiliation,
            reason=form.cleaned_data["reason"],
        )
        if written:
            messages.success(
                request,
                _("You declined %(name)s's request. We have told them why.")
                % {"name": affiliation.user.display_name},
            )
            return _back_to_list(request, affiliation)
    return render(
        request,
        "accounts/affiliation/decline.html",
        {
            "affiliation": affiliation,
            "form": form,
            "from_organisation": request.GET.get("from_organisation", ""),
        },
    )


# --- Verified domains (host admins) -----------------------------------------------------


@login_required
def organisation_domains(request, slug):
    organisation = selectors.organisation_for_host_admin(request.user, slug)
    form = OrganisationDomainForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        written = write_from_form(
            form,
            services.organisation_domain_add,
            actor=request.user,
            organisation=organisation,
            domain=form.cleaned_data["domain"],
        )
        if written:
            messages.success(
                request,
                _("%(domain)s is now verified for %(organisation)s.")
                % {"domain": written.value.domain, "organisation": organisation.name},
            )
            return redirect("accounts:organisation_domains", slug=slug)
    return render(
        request,
        "accounts/affiliation/domains.html",
        {
            "organisation": organisation,
            "domains": selectors.organisation_domains(organisation),
            "form": form,
        },
    )


@login_required
@require_POST
def organisation_domain_remove(request, slug, domain_id):
    domain = selectors.organisation_domain_for_host_admin(request.user, slug, domain_id)
    services.organisation_domain_remove(actor=request.user, domain=domain)
    messages.success(request, _("%(domain)s is no longer verified.") % {"domain": domain.domain})
    return redirect("accounts:organisation_domains", slug=slug)
