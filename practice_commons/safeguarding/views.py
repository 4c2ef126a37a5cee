"""Report pages, the moderation queue and organisations' safeguarding leads.

Views are thin: selectors decide what the signed-in person may see (404 for reports that
are not theirs to review), services do every write. Views with free-text forms are
``sensitive_post_parameters`` so an error report never carries what was typed.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from practice_commons.accounts import selectors as account_selectors
from practice_commons.confidentiality.forms import highlight, write_from_form
from practice_commons.confidentiality.guard import scan_texts
from practice_commons.core.forms import attach_errors
from practice_commons.core.http import safe_next_url

from . import selectors, services
from .forms import LeadAddForm, ModerationActionForm, ReportForm
from .registry import reportable_for

QUEUE_PAGE_SIZE = 25

# How the audit trail's actions read on the report page.
TRAIL_LABELS = {
    "report.create": _lazy("Reported"),
    "content.hide": _lazy("Content hidden pending review"),
    "content.show": _lazy("Content shown again"),
    "report.acknowledge": _lazy("Acknowledged"),
    "report.redact": _lazy("Redacted"),
    "report.restore": _lazy("Restored"),
    "report.remove": _lazy("Removed"),
    "report.escalate": _lazy("Escalated to the host admins"),
}


@sensitive_post_parameters()
@login_required
def report(request, content_type_id: int, object_id: int):
    target = selectors.reportable_object(content_type_id, object_id, viewer=request.user)
    registration = reportable_for(target)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        written = write_from_form(
            form,
            services.report_create,
            actor=request.user,
            target=target,
            reason=form.cleaned_data["reason"],
            details=form.cleaned_data["details"],
        )
        if written:
            return redirect("safeguarding:report_sent", pk=written.value.pk)
    return render(
        request,
        "safeguarding/report_form.html",
        {
            "form": form,
            "target_label": registration.describe(target),
        },
    )


@login_required
def report_sent(request, pk: int):
    sent = selectors.report_made_by(request.user, pk)
    return render(request, "safeguarding/report_sent.html", {"report": sent})


@login_required
def my_reports(request):
    page = Paginator(selectors.reports_made_by(request.user), QUEUE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "safeguarding/my_reports.html", {"page_obj": page})


@login_required
def queue(request):
    if not selectors.is_moderator(request.user):
        raise PermissionDenied(_("The moderation queue is for safeguarding leads and host admins."))
    closed = request.GET.get("show") == "closed"
    page = Paginator(
        selectors.reports_for_moderator(request.user, open_only=not closed), QUEUE_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    rows = [(r, _describe(r)) for r in page.object_list]
    return render(
        request,
        "safeguarding/queue.html",
        {
            "page_obj": page,
            "rows": rows,
            "closed": closed,
        },
    )


def _describe(report) -> str:
    target = report.content_object
    registration = reportable_for(report.content_type.model_class()) if target else None
    if registration is None:
        return _("Content that no longer exists")
    return registration.describe(target)


@sensitive_post_parameters()
@login_required
def report_detail(request, pk: int):
    current = selectors.report_for_moderator(request.user, pk)
    form = ModerationActionForm(request.POST or None, actions=services.available_actions(current))
    if request.method == "POST" and form.is_valid():
        written = write_from_form(
            form,
            services.report_act,
            actor=request.user,
            report=current,
            action=form.cleaned_data["action"],
            reason=form.cleaned_data["reason"],
        )
        if written:
            messages.success(request, _("Done: the action is recorded in the audit trail."))
            return redirect(current)
    hide_reporter = selectors.reporter_hidden_from(request.user, current)
    return render(
        request,
        "safeguarding/report_detail.html",
        {
            "report": current,
            "form": form,
            "description": _describe(current),
            "content_texts": _highlighted_texts(current),
            "target_url": _target_url(current),
            "hide_reporter": hide_reporter,
            "trail": [
                (
                    e,
                    TRAIL_LABELS.get(e.action, e.action),
                    hide_reporter and e.actor_id == current.reporter_id,
                )
                for e in selectors.report_trail(current)
            ],
        },
    )


def _highlighted_texts(report) -> list[tuple[str, object]]:
    """The reported content's texts for the moderator, with the guard's findings marked."""
    target = report.content_object
    registration = reportable_for(report.content_type.model_class()) if target else None
    if registration is None or registration.texts is None:
        return []
    texts = registration.texts(target)
    findings = {ff.field: ff.findings for ff in scan_texts(texts)}
    return [(label, highlight(text, findings.get(label, ()))) for label, text in texts.items()]


def _target_url(report) -> str:
    target = report.content_object
    registration = reportable_for(report.content_type.model_class()) if target else None
    return registration.url(target) if registration and registration.url else ""


@login_required
def organisation_leads(request, slug: str):
    organisation = account_selectors.organisation_for_manager(request.user, slug)
    form = LeadAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = selectors.person_by_email(form.cleaned_data["email"])
        try:
            if person is None:
                raise ValidationError(
                    {
                        "email": _("There is no one in %(org)s with that email address.")
                        % {"org": organisation.name}
                    }
                )
            services.safeguarding_lead_assign(
                actor=request.user, user=person, scope_object=organisation
            )
        except ValidationError as exc:
            attach_errors(form, _as_email_error(exc))
        else:
            messages.success(
                request, _("%(name)s is now a safeguarding lead.") % {"name": person.display_name}
            )
            return redirect("safeguarding:organisation_leads", slug=slug)
    return render(
        request,
        "safeguarding/organisation_leads.html",
        {
            "organisation": organisation,
            "form": form,
            "leads": selectors.lead_assignments_for(organisation),
        },
    )


def _as_email_error(exc: ValidationError) -> ValidationError:
    """Service errors about the person belong beside the email field."""
    if hasattr(exc, "error_dict") and "user" in exc.error_dict:
        return ValidationError({"email": exc.error_dict["user"]})
    return exc


@login_required
@require_POST
def lead_remove(request, pk: int):
    lead = selectors.lead_assignment_for_manager(request.user, pk)
    name = lead.user.display_name
    services.safeguarding_lead_remove(actor=request.user, lead=lead)
    messages.success(request, _("%(name)s is no longer a safeguarding lead.") % {"name": name})
    return redirect(safe_next_url(request, request.POST.get("next"), reverse("core:dashboard")))
