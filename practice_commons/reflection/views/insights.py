"""The facilitators' view of a community's sessions: figures month by month, as a chart
with its table, and as CSV. Aggregates only: no names, no session material."""

import csv

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from practice_commons.communities import selectors as community_selectors
from practice_commons.core.errors import PermissionDenied

from .. import charts, selectors

CSV_HEADER = [
    "month",
    "sessions_run",
    "attendances",
    "attendees",
    "returning_attendees",
    "feedback_responses",
    "average_usefulness",
]


def _stats_community(request, slug: str):
    community = community_selectors.community_for_reader(request.user, slug)
    if not request.user.is_authenticated or not selectors.can_see_stats(request.user, community):
        raise PermissionDenied(_("Only the community's facilitators can see this."))
    return community


@login_required
def insights(request, slug: str):
    community = _stats_community(request, slug)
    stats = selectors.community_stats(community)
    return render(
        request,
        "reflection/insights.html",
        {"community": community, "stats": stats, "chart": charts.usefulness_chart(stats.months)},
    )


@login_required
def insights_csv(request, slug: str):
    community = _stats_community(request, slug)
    stats = selectors.community_stats(community)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{community.slug}-sessions.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_HEADER)
    for row in stats.months:
        writer.writerow(
            [
                f"{row.month:%Y-%m}",
                row.sessions,
                row.attendances,
                row.attendees,
                row.returning,
                row.responses,
                "" if row.average is None else row.average,
            ]
        )
    return response
