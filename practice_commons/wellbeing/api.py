"""``/api/v1/wellbeing``: the signed-in person's own check-ins (nobody else's, whoever
asks), deleting all of one's answers, and aggregate figures with small-group
suppression. The same selectors and services as the pages.

- ``GET/POST /checkins``: your own only; a bad answer is 400 naming the field.
- ``DELETE /me``: deletes every answer you gave (check-ins, working conditions,
  questionnaires); ``{"deleted": n}``.
- ``GET /aggregates?group=organisation|profession|nation|community&key=<slug>&
  period=month|quarter&measure=<name>`` → ``{"cells": [{"period", "group", "n",
  "mean", "distribution", "suppressed"}]}``; a suppressed cell has ``n``, ``mean`` and
  ``distribution`` all ``null``. 403 for someone who may see no figures of that kind,
  404 for a key they may not see, 400 for an unknown measure.
"""

import datetime as dt
from typing import Literal

from ninja import Field, Query, Router, Schema, Status

from practice_commons.core.api_cursor import seek_list
from practice_commons.core.api_pagination import LimitOffset, next_field, request_bind
from practice_commons.core.api_schemas import ErrorOut, Slug

from . import selectors, services
from .models import Kind

router = Router(tags=["wellbeing"])


class CheckinIn(Schema):
    feeling: int = Field(..., description="How are you doing? 1 (very badly) to 5 (very well).")
    workload: int = Field(..., description="Workload: 1 (not at all manageable) to 5 (very).")
    support: int = Field(..., description="Support: 1 (not at all supported) to 5 (very well).")


class CheckinOut(Schema):
    id: str
    date: dt.date
    feeling: int
    workload: int
    support: int


class CheckinListOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[CheckinOut]
    next: str | None = next_field()


class DeletedOut(Schema):
    deleted: int


class CellOut(Schema):
    period: str
    group: str
    n: int | None
    mean: float | None
    distribution: dict[str, int] | None
    suppressed: bool


class AggregatesOut(Schema):
    cells: list[CellOut]


class AggregateQuery(Schema):
    group: Literal["organisation", "profession", "nation", "community"]
    key: Slug = ""
    period: Literal["month", "quarter"] = "quarter"
    measure: str = Field("feeling", max_length=40, description="A measure name (README).")


def _checkin_out(answer) -> dict:
    return {
        "id": answer.id,
        "date": answer.day,
        "feeling": int(answer.scores["feeling"]),
        "workload": int(answer.scores["workload"]),
        "support": int(answer.scores["support"]),
    }


@router.get(
    "/checkins",
    response={200: CheckinListOut, 400: ErrorOut},
    summary="Your own check-ins, newest first",
)
def checkin_list(request, page: Query[LimitOffset]):
    """The day is sealed, so the list is ordered in memory (it is the caller's own, small)
    and paged there with the same cursor as every other list."""
    answers = selectors.my_answers(request.user, Kind.CHECKIN)
    found = seek_list(
        answers,
        key=lambda a: (a.day, a.id),
        descending=(True, False),
        cursor=page.cursor,
        limit=page.limit,
        offset=page.offset,
        scope="wellbeing.checkins",
        bind=request_bind(request),
    )
    return {
        "count": len(answers),
        "limit": page.limit,
        "offset": page.offset,
        "items": [_checkin_out(a) for a in found.items],
        "next": found.next,
    }


@router.post(
    "/checkins",
    response={201: CheckinOut, 400: ErrorOut},
    summary="Check in (only you will see your answers)",
)
def checkin_create(request, payload: CheckinIn):
    row = services.checkin_submit(
        actor=request.user,
        feeling=payload.feeling,
        workload=payload.workload,
        support=payload.support,
    )
    return Status(201, _checkin_out(selectors.my_answer(request.user, row.pk)))


@router.delete("/me", response=DeletedOut, summary="Delete every answer you have given")
def delete_mine(request):
    return {"deleted": services.answers_delete_all(actor=request.user)}


@router.get(
    "/aggregates",
    response={200: AggregatesOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Aggregate figures with small-group suppression",
)
def aggregates(request, query: Query[AggregateQuery]):
    figures = selectors.aggregate_figures(
        request.user,
        group=query.group,
        key=query.key,
        period=query.period,
        measure=query.measure,
    )
    return {"cells": [f.as_api() for f in figures]}
