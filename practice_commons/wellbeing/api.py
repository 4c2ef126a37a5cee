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
import uuid
from typing import Annotated, Literal

from django.core.exceptions import ValidationError
from ninja import Field, Query, Router, Schema, Status

from practice_commons.core.api_cursor import seek_list
from practice_commons.core.api_pagination import LimitOffset, next_field, request_bind
from practice_commons.core.api_schemas import ErrorOut, Slug, ValidationErrorOut, example
from practice_commons.core.errors import NotFound

from . import questions, selectors, services
from .instruments import instrument as find_instrument
from .models import Kind

router = Router(tags=["wellbeing"])


class CheckinIn(Schema):
    model_config = example({"feeling": 3, "workload": 2, "support": 4})

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
    """Record how you are today (1 to 5 for each question; 400 naming the field
    otherwise). Only you ever see your answers; organisations see only suppressed
    aggregates of at least 10 people."""
    row = services.checkin_submit(
        actor=request.user,
        feeling=payload.feeling,
        workload=payload.workload,
        support=payload.support,
    )
    return Status(201, _checkin_out(selectors.my_answer(request.user, row.pk)))


@router.delete("/me", response=DeletedOut, summary="Delete every answer you have given")
def delete_mine(request):
    """Deletes every answer you gave: check-ins, working conditions and questionnaires.
    Figures already published for closed quarters (aggregates of at least 10 people)
    stay as they were. Answers ``{"deleted": n}``."""
    return {"deleted": services.answers_delete_all(actor=request.user)}


@router.get(
    "/aggregates",
    response={200: AggregatesOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Aggregate figures with small-group suppression",
)
def aggregates(request, query: Query[AggregateQuery]):
    """Figures from frozen releases of closed periods, by organisation, profession,
    nation or community, for the groups the caller may see (403 for someone who may see
    no figures of that kind, 404 for a key they may not see). A cell of fewer than 10
    people, or one whose difference from its family's total would reveal fewer than 10,
    is suppressed: ``n``, ``mean`` and ``distribution`` are null."""
    figures = selectors.aggregate_figures(
        request.user,
        group=query.group,
        key=query.key,
        period=query.period,
        measure=query.measure,
    )
    return {"cells": [f.as_api() for f in figures]}


# --- the person's own page, working conditions and the validated questionnaires ----------
# Only ever the caller's own answers (``selectors.my_answers``/``my_answer``, found by
# their pseudonymous key): another person's answer id is 404, whoever asks.


class SupportServiceOut(Schema):
    name: str
    description: str
    phone: str
    url: str
    hours: str
    urgent: bool


class LatestOut(Schema):
    id: str
    kind: str
    date: dt.date


class InstrumentBrief(Schema):
    slug: str
    name: str
    short_name: str
    minutes: int


class MeOut(Schema):
    answers: int = Field(..., description="How many answers you have given (all kinds).")
    latest: LatestOut | None
    checkins: list[CheckinOut] = Field(
        ..., description="Your latest check-ins (at most 52), newest first: your trend."
    )
    instruments: list[InstrumentBrief]
    can_see_figures: bool = Field(
        ..., description="Whether you may see any aggregate figures (GET /aggregates)."
    )
    support_services: list[SupportServiceOut]


class ConditionsIn(Schema):
    model_config = example(
        {
            "extra_hours": 6,
            "days_unwell": 2,
            "satisfaction": 3,
            "leave": "unsure",
            "pressures": ["caseload", "admin"],
            "helps": ["peer_support", "supervision"],
        }
    )

    extra_hours: int = Field(
        ...,
        ge=0,
        le=questions.EXTRA_HOURS_MAX,
        description="Hours worked beyond your contract last week.",
    )
    days_unwell: int = Field(
        ...,
        ge=0,
        le=questions.DAYS_UNWELL_MAX,
        description="Days worked while unwell in the last year.",
    )
    satisfaction: int = Field(..., ge=1, le=5, description="Job satisfaction, 1 to 5.")
    leave: Literal["yes", "unsure", "no"] = Field(
        ..., description="Planning to leave within 15 months."
    )
    pressures: list[Literal[tuple(k for k, _ in questions.PRESSURES)]] = Field(  # type: ignore[misc]
        [], max_length=len(questions.PRESSURES), description="Your main pressures."
    )
    helps: list[Literal[tuple(k for k, _ in questions.HELPS)]] = Field(  # type: ignore[misc]
        [], max_length=len(questions.HELPS), description="What helps."
    )


class ConditionsOut(Schema):
    id: str
    date: dt.date
    extra_hours: int
    days_unwell: int
    satisfaction: int
    leave: str
    pressures: list[str]
    helps: list[str]
    support_services: list[SupportServiceOut]


class InstrumentListOut(Schema):
    limit: int
    offset: int
    items: list[InstrumentBrief]
    next: str | None = next_field()


class OptionOut(Schema):
    value: int
    label: str


class QuestionItemOut(Schema):
    number: int
    text: str
    options: list[OptionOut]


class ScaleInfoOut(Schema):
    key: str
    label: str
    explanation: str


class InstrumentOut(InstrumentBrief):
    introduction: str
    licence: str
    items: list[QuestionItemOut]
    scales: list[ScaleInfoOut]


class InstrumentAnswersIn(Schema):
    model_config = example({"answers": {"1": 3, "2": 4, "3": 2}})

    answers: dict[Annotated[str, Field(max_length=3)], int] = Field(
        ...,
        max_length=100,
        description="Every statement's answer: {item number: option value}.",
        examples=[{"1": 3, "2": 4}],
    )


class ScaleOut(Schema):
    key: str
    label: str
    value: float | None
    band: str | None
    meaning: str | None
    higher_is_better: bool


class InstrumentResultOut(Schema):
    id: str
    instrument: str
    date: dt.date
    scales: list[ScaleOut]
    support_services: list[SupportServiceOut]


def _support_out() -> list[dict]:
    return [
        {
            "name": s.name,
            "description": s.description,
            "phone": s.phone,
            "url": s.url,
            "hours": s.hours,
            "urgent": s.urgent,
        }
        for s in selectors.support_services()
    ]


def _instrument_brief(found) -> dict:
    return {
        "slug": found.slug,
        "name": found.name,
        "short_name": found.short_name,
        "minutes": found.minutes,
    }


def _instrument_or_404(slug: str):
    found = find_instrument(slug)
    if found is None:
        raise NotFound
    return found


@router.get(
    "/me",
    response={200: MeOut},
    summary="Your wellbeing: your own trend, the questionnaires and where to get help",
    description="The wellbeing page for the caller only: how many answers you have "
    "given, your latest, your check-ins as a trend, and the support services. Nobody "
    "else's answers, whoever asks.",
)
def my_wellbeing(request):
    answers = selectors.my_answers(request.user)
    latest = answers[0] if answers else None
    return {
        "answers": len(answers),
        "latest": {"id": latest.id, "kind": latest.kind, "date": latest.day} if latest else None,
        "checkins": [_checkin_out(a) for a in answers if a.kind == Kind.CHECKIN][:52],
        "instruments": [_instrument_brief(i) for i in selectors.instruments()],
        "can_see_figures": bool(selectors.visible_kinds(request.user)),
        "support_services": _support_out(),
    }


@router.post(
    "/conditions",
    response={201: ConditionsOut, 400: ErrorOut, 422: ValidationErrorOut},
    summary="Answer the working-conditions questions (only you will see your answers)",
    description="Choices: `leave` yes, unsure or no; `pressures` of "
    + ", ".join(k for k, _ in questions.PRESSURES)
    + "; `helps` of "
    + ", ".join(k for k, _ in questions.HELPS)
    + ". A value out of range is 422 and nothing is stored.",
)
def conditions_create(request, payload: ConditionsIn):
    row = services.conditions_submit(
        actor=request.user,
        extra_hours=payload.extra_hours,
        days_unwell=payload.days_unwell,
        satisfaction=payload.satisfaction,
        leave=payload.leave,
        pressures=list(payload.pressures),
        helps=list(payload.helps),
    )
    answer = selectors.my_answer(request.user, row.pk)
    given = answer.answers
    return Status(
        201,
        {
            "id": answer.id,
            "date": answer.day,
            "extra_hours": given.get("extra_hours"),
            "days_unwell": given.get("days_unwell"),
            "satisfaction": given.get("satisfaction"),
            "leave": given.get("leave"),
            "pressures": list(given.get("pressures", [])),
            "helps": list(given.get("helps", [])),
            "support_services": _support_out(),
        },
    )


@router.get(
    "/instruments",
    response={200: InstrumentListOut, 400: ErrorOut},
    summary="The validated questionnaires",
)
def instrument_list(request, page: Query[LimitOffset]):
    """The validated questionnaires anyone signed in may answer, with how long each
    takes. Cursor-paginated."""
    found = seek_list(
        selectors.instruments(),
        key=lambda i: (i.slug,),
        descending=(False,),
        cursor=page.cursor,
        limit=page.limit,
        offset=page.offset,
        scope="wellbeing.instruments",
        bind=request_bind(request),
    )
    return {
        "limit": page.limit,
        "offset": page.offset,
        "items": [_instrument_brief(i) for i in found.items],
        "next": found.next,
    }


@router.get(
    "/instruments/{slug}",
    response={200: InstrumentOut, 404: ErrorOut},
    summary="A questionnaire: its statements and the answers to choose from",
)
def instrument_read(request, slug: Slug):
    """A questionnaire's introduction, licence, statements with the answers to choose
    from (send their values to the answers operation) and the scales it scores."""
    found = _instrument_or_404(slug)
    return {
        **_instrument_brief(found),
        "introduction": found.introduction,
        "licence": found.licence,
        "items": [
            {
                "number": item.number,
                "text": item.text,
                "options": [{"value": v, "label": lbl} for v, lbl in found.options_for(item)],
            }
            for item in found.items
        ],
        "scales": [
            {"key": s.key, "label": s.label, "explanation": s.explanation} for s in found.scales
        ],
    }


def _result_out(found, answer) -> dict:
    scales = []
    for scale in found.scales:
        value = answer.scores.get(scale.key)
        band = found.band(scale, value) if value else None
        scales.append(
            {
                "key": scale.key,
                "label": scale.label,
                "value": value,
                "band": band.label if band else None,
                "meaning": band.meaning if band else None,
                "higher_is_better": scale.higher_is_better,
            }
        )
    return {
        "id": answer.id,
        "instrument": found.slug,
        "date": answer.day,
        "scales": scales,
        "support_services": _support_out(),
    }


@router.post(
    "/instruments/{slug}/answers",
    response={201: InstrumentResultOut, 400: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut},
    summary="Answer a questionnaire (only you will see your answers)",
    description="Every statement must be answered with one of its options (400 naming "
    "each `item_<n>` missing or out of range; nothing is stored). Answers with your "
    "scores, their bands and the support services.",
)
def instrument_answer(request, slug: Slug, payload: InstrumentAnswersIn):
    found = _instrument_or_404(slug)
    answers = {}
    for number, value in payload.answers.items():
        if not number.isdigit():
            raise ValidationError({"answers": f"{number!r} is not a statement number."})
        answers[int(number)] = value
    row = services.instrument_submit(actor=request.user, slug=found.slug, answers=answers)
    return Status(201, _result_out(found, selectors.my_answer(request.user, row.pk)))


@router.get(
    "/instruments/{slug}/answers/{answer_id}",
    response={200: InstrumentResultOut, 404: ErrorOut},
    summary="Your result of a questionnaire",
    description="Only your own answer: anyone else's id is 404.",
)
def instrument_result(request, slug: Slug, answer_id: uuid.UUID):
    found = _instrument_or_404(slug)
    answer = selectors.my_answer(request.user, answer_id)
    if answer.kind != found.slug:
        raise NotFound
    return _result_out(found, answer)
