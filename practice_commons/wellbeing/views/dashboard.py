"""The aggregate dashboard and its CSV: the same selector, so the same suppression,
as the API. A practitioner (who may see no figures) gets 403; a group they may not see
is 404."""

import csv

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from .. import selectors
from ..forms import AggregateForm
from ..questions import MEASURES


def _form(request):
    kinds = selectors.visible_kinds(request.user)
    if not kinds:
        raise PermissionDenied(_("You cannot see wellbeing figures."))
    data = request.GET.copy()
    data.setdefault("group", next(iter(kinds)))
    data.setdefault("period", "quarter")
    data.setdefault("measure", "feeling")
    measures = [(m.name, m.display_label) for m in MEASURES.values()]
    return AggregateForm(data, kinds=kinds, measures=measures), kinds


def _table(figures):
    """Rows of (group label, [figures by period]) and the periods, for the page."""
    periods, rows = [], {}
    for figure in figures:
        if figure.period not in periods:
            periods.append(figure.period)
        rows.setdefault((figure.group, figure.label), []).append(figure)
    return periods, [(label, cells) for (_group, label), cells in rows.items()]


@login_required
def aggregates(request):
    form, kinds = _form(request)
    figures, changes, periods, rows = [], [], [], []
    measure = None
    if form.is_valid():
        params = {k: form.cleaned_data[k] for k in ("group", "key", "measure")}
        period = form.cleaned_data["period"]
        figures = selectors.aggregate_figures(request.user, period=period, kinds=kinds, **params)
        changes = selectors.what_is_changing(
            request.user,
            kinds=kinds,
            quarters_figures=figures if period == "quarter" else None,
            **params,
        )
        periods, rows = _table(figures)
        measure = MEASURES[form.cleaned_data["measure"]]
    return render(
        request,
        "wellbeing/aggregates.html",
        {
            "form": form,
            "figures": figures,
            "periods": periods,
            "rows": rows,
            "changes": changes,
            "measure": measure,
            "query": request.GET.urlencode(),
        },
    )


@login_required
def aggregates_csv(request):
    form, kinds = _form(request)
    if not form.is_valid():
        return HttpResponse(
            _("Choose what to download: %(errors)s")
            % {
                "errors": "; ".join(
                    f"{name}: {' '.join(errors)}" for name, errors in form.errors.items()
                )
            },
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    data = form.cleaned_data
    figures = selectors.aggregate_figures(
        request.user,
        group=data["group"],
        key=data["key"],
        period=data["period"],
        measure=data["measure"],
        kinds=kinds,
    )
    measure = MEASURES[data["measure"]]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="wellbeing-{data["group"]}-{data["measure"]}.csv"'
    )
    writer = csv.writer(response)
    bins = measure.bin_labels
    writer.writerow(
        ["period", "group", "name", "measure", "suppressed", "n", "mean"]
        + [f"count {b}" for b in bins]
    )
    for f in figures:
        counts = [(f.distribution or {}).get(b, "") if not f.suppressed else "" for b in bins]
        writer.writerow(
            [
                f.period_label,
                f.group,
                f.label,
                measure.name,
                "yes" if f.suppressed else "no",
                "" if f.suppressed else f.n,
                "" if f.suppressed else round(f.mean, 2),
                *counts,
            ]
        )
    return response
