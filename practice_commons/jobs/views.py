"""The jobs board (anyone may read it), a listing with "jobs like this", and posting,
changing and withdrawing for the employer's organisation admins."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from practice_commons.confidentiality.forms import write_from_form
from practice_commons.core.pagination import query_string_without_page

from . import policies, selectors, services
from .forms import JobFilterForm, JobForm

PAGE_SIZE = 20


def job_list(request):
    form = JobFilterForm(request.GET or None)
    qs = selectors.jobs_list(filters=form.filters() if request.GET else {})
    return render(
        request,
        "jobs/list.html",
        {
            "form": form,
            "page_obj": Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page")),
            "query_string": query_string_without_page(request),
            "can_post": policies.employers_for(request.user).exists(),
        },
    )


def job_detail(request, job_id):
    job = selectors.job_for_reader(request.user, job_id)
    return render(
        request,
        "jobs/detail.html",
        {
            "job": job,
            "like_this": list(selectors.jobs_like(job)),
            "can_manage": policies.can_manage_jobs(request.user, job.organisation),
        },
    )


@login_required
def job_manage(request):
    qs = selectors.jobs_managed_by(request.user)
    return render(
        request,
        "jobs/manage.html",
        {
            "page_obj": Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page")),
            "can_post": policies.employers_for(request.user).exists(),
        },
    )


@login_required
@sensitive_post_parameters()
def job_new(request):
    employers = policies.employers_for(request.user)
    if not employers.exists():
        return render(request, "jobs/cannot_post.html", status=403)
    form = JobForm(request.POST or None, employers=employers)
    if request.method == "POST" and form.is_valid():
        written = write_from_form(
            form,
            services.job_create,
            actor=request.user,
            organisation=form.cleaned_data["organisation"],
            data=form.service_data(),
        )
        if written:
            messages.success(request, _("The job is listed until its closing date."))
            return redirect(written.value)
    return render(request, "jobs/form.html", {"form": form, "job": None})


@login_required
@sensitive_post_parameters()
def job_edit(request, job_id):
    job = selectors.job_for_manager(request.user, job_id)
    initial = {
        name: getattr(job, name)
        for name in (
            "title",
            "profession",
            "location",
            "nation",
            "salary_min",
            "salary_max",
            "hours",
            "contract_type",
            "closes_on",
            "apply_url",
            "apply_email",
            "description",
        )
    }
    initial["organisation"] = job.organisation
    from practice_commons.accounts.models import Organisation

    form = JobForm(
        request.POST or None,
        employers=Organisation.objects.filter(pk=job.organisation_id),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        written = write_from_form(
            form, services.job_update, actor=request.user, job=job, data=form.service_data()
        )
        if written:
            messages.success(request, _("Your changes are saved."))
            return redirect(job)
    return render(request, "jobs/form.html", {"form": form, "job": job})


@login_required
@require_POST
def job_withdraw(request, job_id):
    job = selectors.job_for_manager(request.user, job_id)
    services.job_withdraw(actor=request.user, job=job)
    messages.success(request, _("The listing is withdrawn."))
    return redirect("jobs:manage")
