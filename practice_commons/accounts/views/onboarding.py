"""Bulk onboarding: the upload, the preview or errors, progress, and the invitation link."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from practice_commons.confidentiality.forms import write_from_form
from practice_commons.core.errors import Conflict, PermissionDenied

from .. import selectors, services
from ..affiliation_forms import OnboardingUploadForm
from ..handlers import SESSION_KEY
from ..models import OnboardingImport
from ..services.onboarding import MAX_ROWS, SYNC_ROWS, preview_counts
from ..services.onboarding_invitations import has_verified_address

ROWS_PER_PAGE = 100
REFRESH_SECONDS = 3


@login_required
def onboarding_home(request, slug):
    organisation = selectors.organisation_for_manager(request.user, slug)
    form = OnboardingUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        written = write_from_form(
            form,
            services.onboarding_upload,
            actor=request.user,
            organisation=organisation,
            file_name=upload.name,
            content=upload.read(),
            confidentiality_acknowledged=form.cleaned_data["confidentiality_acknowledged"],
        )
        if written:
            return redirect(_status_url(organisation.slug, written.value.pk))
    imports = Paginator(selectors.onboarding_imports(organisation), 20)
    return render(
        request,
        "accounts/onboarding/home.html",
        {
            "organisation": organisation,
            "form": form,
            "page_obj": imports.get_page(request.GET.get("page")),
            "max_rows": MAX_ROWS,
            "sync_rows": SYNC_ROWS,
        },
    )


def _status_url(slug, import_id):
    return reverse("accounts:onboarding_status", kwargs={"slug": slug, "import_id": import_id})


@login_required
def onboarding_status(request, slug, import_id):
    """One page for every state: progress (refreshing itself, no JavaScript needed), the
    errors by row and column, the preview, or what was done."""
    upload = selectors.onboarding_import_for_manager(request.user, slug, import_id)
    if request.htmx and not upload.is_running:
        return HttpResponse(headers={"HX-Refresh": "true"})
    context = {"organisation": upload.organisation, "upload": upload}
    if upload.is_running:
        context["refresh_seconds"] = REFRESH_SECONDS
    elif upload.status == OnboardingImport.Status.INVALID:
        context["page_obj"] = Paginator(upload.errors, ROWS_PER_PAGE).get_page(
            request.GET.get("page")
        )
    elif upload.status == OnboardingImport.Status.PREVIEW:
        context["counts"] = preview_counts(upload)
        context["page_obj"] = Paginator(upload.rows, ROWS_PER_PAGE).get_page(
            request.GET.get("page")
        )
        context["professions"] = dict(selectors.professions().values_list("pk", "name"))
    template = "accounts/onboarding/status.html"
    if request.htmx and upload.is_running:
        template = "accounts/onboarding/includes/progress.html"
    return render(request, template, context)


@login_required
@require_POST
def onboarding_confirm(request, slug, import_id):
    upload = selectors.onboarding_import_for_manager(request.user, slug, import_id)
    try:
        upload = services.onboarding_import_confirm(actor=request.user, upload=upload)
    except Conflict as exc:
        messages.error(request, exc.message)
    else:
        if upload.status == OnboardingImport.Status.DONE:
            messages.success(
                request,
                ngettext("%(n)s invitations sent.", "%(n)s invitations sent.", upload.invited_count)
                % {"n": upload.invited_count},
            )
    return redirect(_status_url(slug, import_id))


def onboarding_join(request, token):
    """The link in an invitation. A visitor is asked to sign in or create an account with
    the invited address (the invitation is remembered in their session and accepted when
    they sign in); someone signed in with that address verified joins with one button."""
    invitation = selectors.onboarding_invitation_for_token(token)
    user = request.user
    if not user.is_authenticated:
        remembered = request.session.get(SESSION_KEY, [])
        if invitation.pk not in remembered and invitation.accepted_at is None:
            request.session[SESSION_KEY] = [*remembered, invitation.pk][-5:]
    problem = ""
    if request.method == "POST" and user.is_authenticated:
        try:
            services.onboarding_invitation_accept(actor=user, invitation=invitation)
        except (Conflict, PermissionDenied) as exc:
            problem = exc.message if hasattr(exc, "message") else str(exc)
        else:
            messages.success(
                request,
                _("You are now a verified member of %(organisation)s. Check your profile.")
                % {"organisation": invitation.organisation.name},
            )
            return redirect("accounts:profile_edit")
    context = {
        "invitation": invitation,
        "problem": problem,
        "accepted_by_you": user.is_authenticated and invitation.accepted_by_id == user.pk,
        "can_accept": (
            user.is_authenticated
            and invitation.accepted_at is None
            and not invitation.is_expired
            and has_verified_address(user, invitation.email)
        ),
        "next": request.path,
    }
    return render(request, "accounts/onboarding/join.html", context, status=409 if problem else 200)
