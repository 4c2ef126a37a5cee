"""Progress, the PCF view, CPD settings, exports and an organisation's figure."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from practice_commons.accounts import selectors as account_selectors
from practice_commons.confidentiality.forms import write_from_form

from .. import charts, exports, progress, selectors, services
from ..forms import SettingsForm


@login_required
def progress_page(request):
    current = progress.progress_for(request.user)
    return render(request, "cpd/progress.html", {"progress": current})


@login_required
def pcf_page(request):
    _framework, period = selectors.framework_and_period(request.user)
    coverage = progress.pcf_coverage(request.user, period)
    chart = charts.pcf_chart(coverage, _("period"))
    return render(
        request,
        "cpd/pcf.html",
        {"coverage": coverage, "chart": chart, "period": period},
    )


@login_required
def settings_page(request):
    current = selectors.period_ends_on(request.user)
    form = SettingsForm(request.POST or None, initial={"period_ends_on": current})
    if request.method == "POST" and form.is_valid():
        written = write_from_form(
            form,
            services.settings_update,
            actor=request.user,
            period_ends_on=form.cleaned_data["period_ends_on"],
        )
        if written:
            messages.success(request, _("Your registration period is saved."))
            return redirect("cpd:progress")
    framework, period = selectors.framework_and_period(request.user)
    return render(
        request, "cpd/settings.html", {"form": form, "framework": framework, "period": period}
    )


def _year(request) -> int | None:
    raw = request.GET.get("year", "")
    if raw.isdigit() and len(raw) == 4:
        year = int(raw)
        today = timezone.localdate()
        if 2000 <= year <= today.year + 5:
            return year
    return None


def _export(request):
    year = _year(request)
    framework, period = selectors.framework_and_period(request.user, year=year)
    records = selectors.records_in_period(request.user, period)
    return framework, period, records


def _filename(period, extension: str) -> str:
    return f"cpd-{period.start:%Y%m%d}-{period.end:%Y%m%d}.{extension}"


@login_required
def export_page(request):
    framework, period = selectors.framework_and_period(request.user)
    years = sorted(
        {period.end.year, period.end.year - framework.period_years}
        | {d.year for d in selectors.records_for(request.user).dates("date", "year")},
        reverse=True,
    )
    return render(
        request,
        "cpd/export.html",
        {"framework": framework, "period": period, "years": years[:10]},
    )


@login_required
def export_csv(request):
    framework, period, records = _export(request)
    response = HttpResponse(
        exports.csv_text(records, framework), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(period, "csv")}"'
    return response


@login_required
def export_json(request):
    framework, period, records = _export(request)
    data = exports.json_data(request.user, records, framework, period)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(period, "json")}"'
    return response


@login_required
def export_pdf(request):
    year = _year(request)
    framework, period, records = _export(request)
    current = progress.progress_for(request.user, year=year)
    pdf = exports.pdf_bytes(request.user, records, framework, period, progress=current)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(period, "pdf")}"'
    return response


@login_required
def organisation_page(request, slug):
    """The organisation's admins (and host admins) see one figure: how many verified
    staff met their peer-reflection requirement, only for a group of at least 10."""
    organisation = account_selectors.organisation_for_manager(request.user, slug)
    figure = progress.organisation_peer_reflection(organisation)
    return render(
        request,
        "cpd/organisation.html",
        {"organisation": organisation, "figure": figure, "min_group": progress.MIN_GROUP},
    )
