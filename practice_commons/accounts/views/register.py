"""The host's membership register, for host admins, and a person's membership claim."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from practice_commons.confidentiality.forms import write_from_form
from practice_commons.core.pagination import query_string_without_page

from .. import register_selectors as selectors
from .. import services
from ..models import ClaimStatus
from ..register_forms import (
    ClaimDecisionForm,
    ClaimForm,
    EndForm,
    GrantForm,
    ImportForm,
    RegisterFilterForm,
)

PAGE_SIZE = 50


@login_required
def register(request):
    filters = RegisterFilterForm(request.GET or None)
    q, show = filters.values()
    rows = selectors.register_rows(request.user, q=q, show=show)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/register/register.html",
        {
            "filters": filters,
            "q": q,
            "show": show,
            "page_obj": page,
            "query_string": query_string_without_page(request),
            "pending_claims": selectors.pending_claims_count(request.user),
        },
    )


@login_required
def register_grant(request):
    selectors.require_register_reader(request.user)
    form = GrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        written = write_from_form(
            form,
            services.host_membership_grant,
            actor=request.user,
            email=data["email"],
            number=data["number"],
            valid_from=data["valid_from"],
            valid_until=data["valid_until"],
            reason=data["reason"],
        )
        if written:
            record = written.value
            if record.user_id:
                message = _("%(label)s is on the register and matched to %(name)s.") % {
                    "label": record.label,
                    "name": record.user.display_name,
                }
            else:
                message = _(
                    "%(label)s is on the register. It is matched to a person once they "
                    "verify the address or claim with the number."
                ) % {"label": record.label}
            messages.success(request, message)
            return redirect("accounts:register")
    return render(request, "accounts/register/grant.html", {"form": form})


@login_required
def register_end(request, record_id):
    record = selectors.register_record(request.user, record_id)
    form = EndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        written = write_from_form(
            form,
            services.host_membership_end,
            actor=request.user,
            record=record,
            reason=form.cleaned_data["reason"],
        )
        if written:
            messages.success(request, _("%(label)s has ended.") % {"label": record.label})
            return redirect("accounts:register")
    return render(request, "accounts/register/end.html", {"form": form, "record": record})


def _import_summary(result) -> str:
    parts = [
        ngettext("%(n)d new entry", "%(n)d new entries", result.created) % {"n": result.created},
        ngettext("%(n)d entry updated", "%(n)d entries updated", result.updated)
        % {"n": result.updated},
        ngettext("%(n)d already up to date", "%(n)d already up to date", result.unchanged)
        % {"n": result.unchanged},
        ngettext("%(n)d matched to a person", "%(n)d matched to people", result.matched)
        % {"n": result.matched},
    ]
    return ", ".join(parts)


@login_required
def register_import(request):
    selectors.require_register_reader(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = services.host_membership_import(
            actor=request.user,
            csv_file=form.cleaned_data["csv_file"],
            dry_run=form.cleaned_data["check_only"],
        )
        if result.ok and not result.dry_run:
            summary = _import_summary(result)
            if result.written:
                messages.success(
                    request, _("Register imported: %(summary)s.") % {"summary": summary}
                )
            else:
                messages.success(
                    request, _("Nothing to change: every row is already on the register.")
                )
            return redirect("accounts:register")
    return render(
        request,
        "accounts/register/import.html",
        {"form": form, "result": result, "summary": _import_summary(result) if result else ""},
    )


@login_required
def register_claims(request):
    claims = selectors.pending_claims(request.user)
    page = Paginator(claims, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accounts/register/claims.html", {"page_obj": page})


@login_required
def register_claim_decide(request, claim_id):
    claim = selectors.claim_for_review(request.user, claim_id)
    form = ClaimDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        written = write_from_form(
            form,
            services.host_membership_claim_decide,
            actor=request.user,
            claim=claim,
            approve=form.approve,
            reason=data["reason"],
            valid_from=data["valid_from"],
            valid_until=data["valid_until"],
        )
        if written:
            if form.approve:
                message = _("%(name)s is now a member.") % {"name": claim.user.display_name}
            else:
                message = _("The claim is declined. %(name)s has been told.") % {
                    "name": claim.user.display_name
                }
            messages.success(request, message)
            return redirect("accounts:register_claims")
    return render(
        request,
        "accounts/register/claim_decide.html",
        {
            "claim": claim,
            "form": form,
            "rows": selectors.register_rows_for_number(request.user, claim.number),
        },
    )


@login_required
def membership_claim(request):
    """A person claims membership of the host with their membership number."""
    form = ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        written = write_from_form(
            form,
            services.host_membership_claim,
            actor=request.user,
            number=form.cleaned_data["number"],
        )
        if written:
            if written.value.status == ClaimStatus.APPROVED:
                messages.success(request, _("Your membership is confirmed."))
            else:
                messages.success(
                    request,
                    _(
                        "Thank you. A host admin will check your membership number and "
                        "you will be told the outcome."
                    ),
                )
            return redirect("accounts:profile")
    return render(
        request,
        "accounts/register/membership_claim.html",
        {"form": form, "claim": selectors.latest_claim(request.user)},
    )
