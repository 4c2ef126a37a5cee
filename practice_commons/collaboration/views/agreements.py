"""Agreements: my agreements, drafting, the agreement page (current text, acceptance,
versions, milestones, actions), editing (a new version once anyone accepted), the
overdue view, PDF export and the public register."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from practice_commons.accounts.models import User
from practice_commons.confidentiality.forms import write_from_form
from practice_commons.core.errors import Conflict, NotFound

from .. import pdf, policies, selectors, services
from ..forms import AcceptForm, AgreementCreateForm, AgreementTermsForm
from ..models import AgreementKind, AgreementState
from ..terms import Terms
from .common import paging_context


@login_required
def agreement_list(request):
    state = request.GET.get("state", "")
    qs = selectors.agreements_for(request.user, state=state)
    return render(
        request,
        "collaboration/agreement_list.html",
        {
            "state": state if state in AgreementState.values else "",
            "states": AgreementState.choices,
            "can_draft": policies.organisations_spoken_for(request.user).exists(),
            **paging_context(request, qs),
        },
    )


def _terms(form) -> Terms:
    data = form.cleaned_data
    return Terms(
        purpose=data["purpose"],
        responsibilities=form.responsibilities(),
        milestone_lines=(data.get("milestones") or "").splitlines(),
        communication_internal=data["communication_internal"],
        communication_external=data["communication_external"],
        recognition=data["recognition"],
        data_sharing=data["data_sharing"],
        start_on=data["start_on"],
        end_on=data.get("end_on"),
        review_on=data["review_on"],
    )


def _interest_to_follow(request):
    """``?interest=<id>``: the poster drafts an agreement with someone who expressed
    interest (``NotFound`` for anyone else's)."""
    raw = request.GET.get("interest") or request.POST.get("interest") or ""
    if not raw.isdigit():
        return None
    return selectors.interest_for_poster(request.user, int(raw))


def _initial_from(interest) -> dict:
    if interest is None:
        return {}
    person = interest.person
    initial = {"title": interest.opportunity.title, "partner_contact": person.email}
    if person.organisation_id and policies.is_verified_at(person, person.organisation):
        initial["partner_organisation"] = person.organisation_id
    if interest.opportunity.organisation_id:
        initial["our_organisation"] = interest.opportunity.organisation_id
    return initial


def _create(*, actor, form, opportunity=None, confidentiality_acknowledged=False):
    """The actor is their organisation's contact; the partner's contact is found by the
    address given (the service refuses anyone not verified at the partner)."""
    data = form.cleaned_data
    contact = User.objects.filter(email__iexact=data["partner_contact"], is_active=True).first()
    return services.agreement_create(
        actor=actor,
        title=data["title"],
        parties=[(data["our_organisation"], actor), (data["partner_organisation"], contact)],
        terms=_terms(form),
        published=data["published"],
        opportunity=opportunity,
        confidentiality_acknowledged=confidentiality_acknowledged,
    )


@login_required
@sensitive_post_parameters()
def agreement_new(request):
    organisations = policies.organisations_spoken_for(request.user)
    if not organisations.exists():
        return render(request, "collaboration/agreement_cannot_draft.html", status=403)
    interest = _interest_to_follow(request)
    form = AgreementCreateForm(
        request.POST or None, organisations=organisations, initial=_initial_from(interest)
    )
    if request.method == "POST" and form.is_valid():
        written = write_from_form(
            form,
            _create,
            actor=request.user,
            form=form,
            opportunity=interest.opportunity if interest else None,
        )
        if written:
            messages.success(
                request, _("Your draft agreement is saved. Propose it when it is ready.")
            )
            return redirect(written.value)
    return render(
        request,
        "collaboration/agreement_form.html",
        {"form": form, "agreement": None, "interest": interest},
    )


def _context(request, agreement) -> dict:
    versions = selectors.versions_of(agreement)
    current = next(v for v in versions if v.number == agreement.current_version)
    parties = list(agreement.parties.all())
    accepted = {a.party_id: a for a in current.acceptances.all()}
    mine = [p for p in parties if p.contact_id == request.user.pk]
    return {
        "agreement": agreement,
        "current": current,
        "versions": versions,
        "parties": [(p, accepted.get(p.pk)) for p in parties],
        "milestones": selectors.milestones_of(agreement),
        "is_party": policies.is_party_member(request.user, agreement),
        "may_accept": agreement.state == AgreementState.PROPOSED
        and any(p.pk not in accepted for p in mine),
        "accept_form": AcceptForm(initial={"version": current.number}),
        "is_host": agreement.kind == AgreementKind.SHADOWING
        and parties
        and parties[0].contact_id == request.user.pk,
    }


@login_required
def agreement_detail(request, agreement_id):
    agreement = selectors.agreement_for_reader(request.user, agreement_id)
    return render(request, "collaboration/agreement_detail.html", _context(request, agreement))


@login_required
def agreement_version(request, agreement_id, number):
    agreement = selectors.agreement_for_reader(request.user, agreement_id)
    versions = selectors.versions_of(agreement)
    version = next((v for v in versions if v.number == number), None)
    if version is None:
        raise NotFound
    return render(
        request,
        "collaboration/agreement_version.html",
        {"agreement": agreement, "version": version},
    )


@login_required
@sensitive_post_parameters()
def agreement_edit(request, agreement_id):
    agreement = selectors.agreement_for_editor(request.user, agreement_id)
    parties = list(agreement.parties.all())
    current = selectors.version_of(agreement, agreement.current_version)
    labels = (
        [p.organisation.name for p in parties] if agreement.kind != AgreementKind.SHADOWING else []
    )
    form = AgreementTermsForm(
        request.POST or None,
        party_labels=labels,
        initial=AgreementTermsForm.initial_for(agreement, current),
    )
    if request.method == "POST" and form.is_valid():
        written = write_from_form(
            form,
            services.agreement_update,
            actor=request.user,
            agreement=agreement,
            title=form.cleaned_data["title"],
            terms=_terms(form),
        )
        if written:
            messages.success(request, _("Your changes are saved."))
            return redirect(agreement)
    return render(
        request, "collaboration/agreement_form.html", {"form": form, "agreement": agreement}
    )


@login_required
@require_POST
def agreement_accept(request, agreement_id):
    agreement = selectors.agreement_for_reader(request.user, agreement_id)
    form = AcceptForm(request.POST)
    if not form.is_valid():
        raise Conflict(_("Say which version you accept."))
    services.agreement_accept(
        actor=request.user, agreement=agreement, version=form.cleaned_data["version"]
    )
    messages.success(
        request, _("You accepted version %(n)s.") % {"n": form.cleaned_data["version"]}
    )
    return redirect(agreement)


ACTIONS = {
    "propose": (services.agreement_propose, _("Proposed to the other parties.")),
    "review": (services.agreement_start_review, _("The agreement is under review.")),
    "renew": (services.agreement_renew, _("The agreement is renewed.")),
    "end": (services.agreement_end, _("The agreement has ended.")),
    "complete": (services.shadowing_complete, _("The shadowing is marked as done.")),
}


@login_required
@require_POST
def agreement_action(request, agreement_id, action):
    agreement = selectors.agreement_for_reader(request.user, agreement_id)
    if action in ("publish", "unpublish"):
        services.agreement_set_published(
            actor=request.user, agreement=agreement, published=action == "publish"
        )
        messages.success(request, _("Saved."))
        return redirect(agreement)
    if action not in ACTIONS:
        raise NotFound
    service, message = ACTIONS[action]
    service(actor=request.user, agreement=agreement)
    messages.success(request, message)
    return redirect(agreement)


@login_required
@require_POST
def milestone_done(request, agreement_id, milestone_id):
    agreement = selectors.agreement_for_reader(request.user, agreement_id)
    milestone = selectors.milestones_of(agreement).filter(pk=milestone_id).first()
    if milestone is None:
        raise NotFound
    services.milestone_mark_done(
        actor=request.user, milestone=milestone, done=milestone.done_on is None
    )
    return redirect(agreement)


@login_required
def agreement_pdf(request, agreement_id):
    agreement = selectors.agreement_for_reader(request.user, agreement_id)
    version = selectors.versions_of(agreement)[agreement.current_version - 1]
    response = HttpResponse(pdf.agreement_pdf(agreement, version), content_type="application/pdf")
    name = slugify(agreement.title)[:60] or "agreement"
    response["Content-Disposition"] = f'attachment; filename="{name}-v{version.number}.pdf"'
    return response


@login_required
def overdue(request):
    found = selectors.overdue_for(request.user)
    return render(
        request,
        "collaboration/overdue.html",
        {"reviews": found["reviews"][:100], "milestones": found["milestones"][:100]},
    )


def register(request):
    """Public: no sign-in needed."""
    return render(
        request, "collaboration/register.html", paging_context(request, selectors.public_register())
    )
