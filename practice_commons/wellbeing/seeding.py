"""Demo wellbeing answers for ``seed_demo``: a year of check-ins, quarterly working
conditions and some questionnaires from many people, so the figures show, with some
groups small enough to be hidden. The demo member practitioner checks in every month.

Answers are written with past dates through ``services.record`` (the only way into a
closed quarter), then every frozen release is forgotten so the figures are rebuilt from
them. Reproducible: every random choice comes from ``ctx.rng``."""

import datetime as dt

from practice_commons.accounts.models import OrganisationMembership, User
from practice_commons.core.seeding import SeedContext, bulk_insert, register_seeder

from . import periods, questions
from .instruments import INSTRUMENTS
from .models import Kind, Response
from .pseudonym import seal, subject_key
from .services import group_ids_for, releases_reset

MAX_RESPONDENTS = 2000
DEMO_SUFFIX = ".example"


def _clamp(value: float, low: int = 1, high: int = 5) -> int:
    return max(low, min(high, round(value)))


def _days(rng, month: dt.date, count: int, until: dt.date) -> list[dt.date]:
    last = min(periods.add_months(month, 1) - dt.timedelta(days=1), until)
    span = (last - month).days
    if span < 0:
        return []
    return sorted(month + dt.timedelta(days=rng.randint(0, span)) for _ in range(count))


def _row(subject, kind, scores, answers, day, group_ids) -> Response:
    return Response(
        subject=subject,
        kind=kind,
        month=periods.month_start(day),
        scores=scores,
        answers=answers,
        sealed=seal({"day": day.isoformat(), "groups": sorted(set(group_ids))}),
    )


def _instrument_rows(rng, subject, level, day, group_ids):
    for slug, chance in (("hse", 0.3), ("proqol", 0.2)):
        if rng.random() >= chance:
            continue
        instrument = INSTRUMENTS[slug]
        answers = {}
        for item in instrument.items:
            reverse = any(item.number in s.reverse for s in instrument.scales)
            lean = level if not reverse else 6 - level
            if slug == "proqol" and any(
                item.number in s.items for s in instrument.scales if not s.higher_is_better
            ):
                lean = 6 - lean  # burnout and stress run against wellbeing
            answers[item.number] = _clamp(rng.gauss(lean, 1))
        yield _row(
            subject,
            slug,
            instrument.score(answers),
            {str(k): v for k, v in answers.items()},
            day,
            group_ids,
        )


def _person_rows(rng, user, memberships, start, today, *, keen=False):
    subject = subject_key(user.pk)
    group_ids = group_ids_for(user, memberships.get(user.pk))
    level = rng.gauss(3.3, 0.7)
    drift = rng.gauss(0, 0.05)
    month = start
    while month <= today:
        level = max(1.2, min(4.8, level + drift + rng.gauss(0, 0.15)))
        count = max(1, rng.randint(0, 2)) if keen else rng.choice((0, 0, 1, 1, 1, 2, 3))
        for day in _days(rng, month, count, today):
            scores = questions.checkin_scores(
                feeling=_clamp(rng.gauss(level, 0.8)),
                workload=_clamp(rng.gauss(level - 0.5, 0.9)),
                support=_clamp(rng.gauss(level + 0.2, 0.9)),
            )
            yield _row(subject, Kind.CHECKIN, scores, dict(scores), day, group_ids)
        if month.month % 3 == 1 and (keen or rng.random() < 0.6):
            day = _days(rng, month, 1, today)
            if day:
                yield from _conditions_row(rng, subject, level, day[0], group_ids)
                yield from _instrument_rows(rng, subject, level, day[0], group_ids)
        month = periods.add_months(month, 1)


def _conditions_row(rng, subject, level, day, group_ids):
    pressures = [k for k, _ in questions.PRESSURES if rng.random() < 0.25 + (4 - level) * 0.12]
    helps = [k for k, _ in questions.HELPS if rng.random() < 0.5]
    leave = "yes" if rng.random() < 0.35 + (3 - level) * 0.15 else rng.choice(("no", "unsure"))
    answers = {
        "extra_hours": max(0, round(rng.gauss(9 + (3 - level) * 3, 5))),
        "days_unwell": max(0, round(rng.gauss(4, 3))),
        "satisfaction": _clamp(rng.gauss(level, 0.9)),
        "leave": leave,
        "pressures": pressures,
        "helps": helps,
    }
    scores = questions.conditions_scores(**answers)
    yield _row(subject, Kind.CONDITIONS, scores, answers, day, group_ids)


def seed_wellbeing(ctx: SeedContext) -> None:
    today = periods.today()
    start = periods.add_months(periods.quarter_start(today), -12)
    demo_ids = set(ctx.demo_users.values())
    ids = [uid for uid in ctx.user_ids if uid not in demo_ids]
    ctx.rng.shuffle(ids)
    # Everyone in the demo organisation admin's organisation answers every month, so
    # its figures show; elsewhere most people answer now and then.
    admin_id = ctx.demo_users.get("org_admin")
    keen_orgs = set(
        OrganisationMembership.objects.filter(user_id=admin_id).values_list(
            "organisation_id", flat=True
        )
    )
    keen = set(
        OrganisationMembership.objects.filter(organisation_id__in=keen_orgs).values_list(
            "user_id", flat=True
        )
    )
    keen.add(ctx.demo_users.get("member"))
    chosen = set(ids[: min(MAX_RESPONDENTS, int(len(ids) * 0.8))]) | demo_ids | keen
    everyone = list(
        User.objects.filter(pk__in=chosen, is_active=True)
        .select_related("profession")
        .order_by("pk")
    )
    memberships = {
        m.user_id: m
        for m in OrganisationMembership.objects.filter(
            user_id__in=[u.pk for u in everyone]
        ).select_related("organisation")
    }

    def rows():
        for user in everyone:
            yield from _person_rows(ctx.rng, user, memberships, start, today, keen=user.pk in keen)

    made = bulk_insert(Response, rows(), batch_size=ctx.batch_size)
    releases_reset()
    ctx.log(f"    {made:,} wellbeing answers from {len(everyone):,} people")


def reset_wellbeing(ctx: SeedContext) -> None:
    subjects = [
        subject_key(pk)
        for pk in User.objects.filter(email__endswith=DEMO_SUFFIX).values_list("pk", flat=True)
    ]
    deleted = 0
    for i in range(0, len(subjects), 500):
        deleted += Response.objects.filter(subject__in=subjects[i : i + 500]).delete()[0]
    releases_reset()
    ctx.log(f"    deleted {deleted:,} demo wellbeing answers")


register_seeder("wellbeing", seed_wellbeing, order=150, reset=reset_wellbeing)
