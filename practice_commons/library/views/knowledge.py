"""The knowledge map page (SVG heat map with the same figures as a table) and its CSV."""

import csv

from django.http import HttpResponse
from django.shortcuts import render

from practice_commons.communities import selectors as community_selectors

from .. import charts, knowledge


def _community(request, slug=None):
    slug = slug or request.GET.get("community") or ""
    return community_selectors.community_for_reader(request.user, slug) if slug else None


def knowledge_map(request, slug=None):
    community = _community(request, slug)
    kmap = knowledge.knowledge_map(request.user, community)
    return render(
        request,
        "library/map.html",
        {"kmap": kmap, "community": community, "chart": charts.heat_map(kmap)},
    )


def knowledge_map_csv(request):
    community = _community(request)
    kmap = knowledge.knowledge_map(request.user, community)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"knowledge-map-{community.slug}" if community else "knowledge-map"
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    writer = csv.writer(response)
    for row in knowledge.as_csv_rows(kmap):
        writer.writerow([_safe_cell(c) for c in row])
    return response


def _safe_cell(value):
    """No spreadsheet formula injection: text starting with = + - @ is quoted."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value
