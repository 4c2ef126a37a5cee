"""The audit trail, for host admins: ``/audit/`` (filtered, paginated, newest first) and
``/audit/export.csv`` (the same filters; the export is itself audited)."""

import csv
import json

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from practice_commons.core.pagination import query_string_without_page

from .. import audit_selectors as selectors
from .. import services
from ..audit_forms import AuditFilterForm

PAGE_SIZE = 50
CSV_HEADER = ["when", "who", "who_id", "action", "target_type", "target_id", "reason", "data"]


@login_required
def audit_trail(request):
    selectors.require_audit_reader(request.user)
    form = AuditFilterForm(request.GET)
    page = None
    if form.is_valid():
        entries = selectors.audit_entries(request.user, **form.filters())
        page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/audit/list.html",
        {
            "form": form if form.errors else None,
            "filters": form,
            "filtered": form.is_valid() and bool(form.filters()),
            "page_obj": page,
            "query_string": query_string_without_page(request),
        },
    )


def _csv_safe(value: str) -> str:
    """No spreadsheet formula injection from a reason someone typed."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@login_required
def audit_trail_csv(request):
    selectors.require_audit_reader(request.user)
    form = AuditFilterForm(request.GET)
    if not form.is_valid():
        # Back to the page, which says what is wrong with the filters.
        return redirect(f"{reverse('accounts:audit')}?{query_string_without_page(request)}")
    entries = services.audit_trail_export(actor=request.user, **form.filters())
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="audit-trail-{stamp}.csv"'
    response["Cache-Control"] = "private, no-store"
    writer = csv.writer(response)
    writer.writerow(CSV_HEADER)
    for entry in entries.iterator(chunk_size=1000):
        writer.writerow(
            [
                timezone.localtime(entry.created_at).isoformat(timespec="seconds"),
                _csv_safe(entry.actor_label),
                entry.actor_id or "",
                entry.action,
                entry.target_type,
                entry.target_id,
                _csv_safe(entry.reason),
                _csv_safe(json.dumps(entry.data, sort_keys=True, ensure_ascii=False)),
            ]
        )
    return response
