"""Pages for one's own records: list, new, detail, edit, finalise, back to draft, delete
and evidence. Every record is fetched with ``selectors.record_for_owner``, so anyone but
its owner gets a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from practice_commons.confidentiality.forms import write_from_form
from practice_commons.core.errors import Conflict
from practice_commons.core.http import private_file_response
from practice_commons.core.pagination import query_string_without_page

from .. import frameworks, progress, selectors, services
from ..forms import EvidenceForm, RecordForm
from ..models import ActivityType, RecordStatus

PAGE_SIZE = 20


@login_required
def record_list(request):
    status = request.GET.get("status", "")
    records = selectors.records_for(request.user)
    if status in RecordStatus.values:
        records = records.filter(status=status)
    else:
        status = ""
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cpd/record_list.html",
        {
            "page_obj": page,
            "status": status,
            "statuses": RecordStatus.choices,
            "query_string": query_string_without_page(request),
            "progress": progress.progress_for(request.user),
        },
    )


def _initial(record) -> dict:
    return {name: getattr(record, name) for name in services.EDITABLE}


@login_required
@sensitive_post_parameters()
def record_new(request):
    framework = frameworks.framework_for(request.user)
    form = RecordForm(
        request.POST or None,
        framework=framework,
        initial={"activity_type": ActivityType.OTHER},
    )
    if request.method == "POST" and form.is_valid():
        written = write_from_form(
            form, services.record_create, actor=request.user, data=form.service_data()
        )
        if written:
            messages.success(request, _("Your draft record is saved."))
            return redirect(written.value)
    return render(
        request,
        "cpd/record_form.html",
        {"form": form, "framework": framework, "record": None, "offline_saveable": True},
    )


@login_required
def record_detail(request, record_id):
    record = selectors.record_for_owner(request.user, record_id)
    framework = frameworks.framework_for(request.user)
    return render(
        request,
        "cpd/record_detail.html",
        {
            "record": record,
            "framework": framework,
            "pcf": [frameworks.pcf_domain(c) for c in record.pcf_domains or []],
            "standards": [framework.standard(c) for c in record.standards or []],
        },
    )


@login_required
@sensitive_post_parameters()
def record_edit(request, record_id):
    record = selectors.record_for_owner(request.user, record_id)
    framework = frameworks.framework_for(request.user)
    form = RecordForm(request.POST or None, framework=framework, initial=_initial(record))
    if request.method == "POST" and form.is_valid():
        written = write_from_form(
            form,
            services.record_update,
            actor=request.user,
            record=record,
            data=form.service_data(),
        )
        if written:
            messages.success(request, _("Your changes are saved."))
            return redirect(written.value)
    return render(
        request, "cpd/record_form.html", {"form": form, "framework": framework, "record": record}
    )


@login_required
def record_finalise(request, record_id):
    """GET: what is still missing, or a button to make the record final. POST: do it."""
    record = selectors.record_for_owner(request.user, record_id)
    problems = []
    if request.method == "POST":
        try:
            services.record_finalise(actor=request.user, record=record)
        except ValidationError as exc:
            problems = [m for messages_ in exc.message_dict.values() for m in messages_]
        except Conflict as exc:
            messages.info(request, exc.message)
            return redirect(record)
        else:
            messages.success(request, _("The record is final."))
            return redirect(record)
    elif not record.is_final:
        try:
            services.validate_record(record, final=True, check_standards=False)
        except ValidationError as exc:
            problems = [m for messages_ in exc.message_dict.values() for m in messages_]
    return render(
        request,
        "cpd/record_finalise.html",
        {"record": record, "problems": problems},
        status=400 if request.method == "POST" and problems else 200,
    )


@login_required
@require_POST
def record_draft(request, record_id):
    record = selectors.record_for_owner(request.user, record_id)
    try:
        services.record_return_to_draft(actor=request.user, record=record)
    except Conflict as exc:
        messages.info(request, exc.message)
    else:
        messages.success(request, _("The record is a draft again."))
    return redirect(record)


@login_required
def record_delete(request, record_id):
    record = selectors.record_for_owner(request.user, record_id)
    if request.method == "POST":
        services.record_delete(actor=request.user, record=record)
        messages.success(request, _("The record is deleted."))
        return redirect("cpd:list")
    return render(request, "cpd/record_delete.html", {"record": record})


@login_required
@sensitive_post_parameters()
def evidence_add(request, record_id):
    record = selectors.record_for_owner(request.user, record_id)
    form = EvidenceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        written = write_from_form(
            form,
            services.evidence_add,
            actor=request.user,
            record=record,
            label=form.cleaned_data["label"],
            url=form.cleaned_data["url"],
            upload=form.cleaned_data["file"],
        )
        if written:
            messages.success(request, _("The evidence is added."))
            return redirect(record)
    return render(request, "cpd/evidence_form.html", {"form": form, "record": record})


def file_response(evidence):
    evidence.file.open("rb")
    return private_file_response(evidence.file, filename=evidence.file_name or "evidence")


@login_required
def evidence_download(request, record_id, evidence_id):
    evidence = selectors.evidence_for_owner(request.user, record_id, evidence_id)
    if not evidence.file:
        return redirect(evidence.record)
    return file_response(evidence)


@login_required
@require_POST
def evidence_remove(request, record_id, evidence_id):
    evidence = selectors.evidence_for_owner(request.user, record_id, evidence_id)
    services.evidence_remove(actor=request.user, evidence=evidence)
    messages.success(request, _("The evidence is removed."))
    return redirect("cpd:detail", record_id=record_id)
