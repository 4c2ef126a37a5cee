"""Answering, and deleting every answer. The only writes of a person's answers.

No audit entry, log line or notification is written for an answer: any of them would
tie a person to a moment, and so to their row. Errors name fields, never values."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from practice_commons.accounts.models import OrganisationMembership
from practice_commons.core.errors import PermissionDenied
from practice_commons.core.facts import forget_facts

from .. import groups, periods, questions
from ..instruments import instrument
from ..models import Kind, Response
from ..pseudonym import seal, subject_key


def _require_person(actor) -> None:
    if actor is None or not actor.is_authenticated:
        raise PermissionDenied(_("Sign in to answer."))


def group_ids_of(user) -> list[str]:
    """The groups a person's answer counts in, now: their verified organisation (with
    its team and their profession within it), profession, nation and any groups a
    higher layer registered (communities). Slugs only; nothing typed by the person."""
    membership = None
    if user.organisation_id:
        membership = (
            OrganisationMembership.objects.filter(
                user_id=user.pk, organisation_id=user.organisation_id
            )
            .select_related("organisation")
            .first()
        )
    return group_ids_for(user, membership)


def group_ids_for(user, membership) -> list[str]:
    """``group_ids_of`` with the person's organisation membership already fetched
    (``None`` when they have no verified affiliation)."""
    found = []
    profession = user.profession.slug if user.profession_id else ""
    if membership is not None and membership.organisation_id == user.organisation_id:
        org = f"organisation:{membership.organisation.slug}"
        found.append(org)
        team = slugify(membership.team)[:80]
        if team:
            found.append(f"{org}/team:{team}")
        if profession:
            found.append(f"{org}/profession:{profession}")
    if profession:
        found.append(f"profession:{profession}")
    if user.nation:
        found.append(f"nation:{user.nation}")
    for kind in groups.registered():
        found += [f"{kind.name}:{slug}" for slug in kind.memberships(user)]
    return found


def record(*, subject: str, kind: str, scores: dict, answers: dict, day: dt.date, group_ids):
    """Store one response. Services call it with today's date; the demo seeder and
    tests call it with past dates (nothing else may write into a closed quarter)."""
    return Response.objects.create(
        subject=subject,
        kind=kind,
        month=periods.month_start(day),
        scores=scores,
        answers=answers,
        sealed=seal({"day": day.isoformat(), "groups": sorted(set(group_ids))}),
    )


def _choice(name: str, value, allowed) -> None:
    if value not in allowed:
        raise ValidationError({name: _("Choose one of the answers.")})


def _whole_number(name: str, value, maximum: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= maximum:
        raise ValidationError(
            {name: _("Enter a whole number from 0 to %(maximum)s.") % {"maximum": maximum}}
        )


def _answer(actor, kind: str, scores: dict, answers: dict) -> Response:
    with transaction.atomic():
        response = record(
            subject=subject_key(actor.pk),
            kind=kind,
            scores=scores,
            answers=answers,
            day=periods.today(),
            group_ids=group_ids_of(actor),
        )
    forget_facts(actor)
    return response


def checkin_submit(*, actor, feeling: int, workload: int, support: int) -> Response:
    _require_person(actor)
    for name, value in (("feeling", feeling), ("workload", workload), ("support", support)):
        _choice(name, value, range(1, 6))
    scores = questions.checkin_scores(feeling=feeling, workload=workload, support=support)
    return _answer(actor, Kind.CHECKIN, scores, dict(scores))


def conditions_submit(
    *,
    actor,
    extra_hours: int,
    days_unwell: int,
    satisfaction: int,
    leave: str,
    pressures: list[str],
    helps: list[str],
) -> Response:
    _require_person(actor)
    _whole_number("extra_hours", extra_hours, questions.EXTRA_HOURS_MAX)
    _whole_number("days_unwell", days_unwell, questions.DAYS_UNWELL_MAX)
    _choice("satisfaction", satisfaction, range(1, 6))
    _choice("leave", leave, [k for k, _ in questions.LEAVE])
    for name, chosen, allowed in (
        ("pressures", pressures, questions.PRESSURES),
        ("helps", helps, questions.HELPS),
    ):
        if not set(chosen) <= {k for k, _ in allowed}:
            raise ValidationError({name: _("Choose from the answers listed.")})
    scores = questions.conditions_scores(
        extra_hours=extra_hours,
        days_unwell=days_unwell,
        satisfaction=satisfaction,
        leave=leave,
        pressures=list(pressures),
        helps=list(helps),
    )
    answers = {
        "extra_hours": extra_hours,
        "days_unwell": days_unwell,
        "satisfaction": satisfaction,
        "leave": leave,
        "pressures": sorted(set(pressures)),
        "helps": sorted(set(helps)),
    }
    return _answer(actor, Kind.CONDITIONS, scores, answers)


def instrument_submit(*, actor, slug: str, answers: dict[int, int]) -> Response:
    _require_person(actor)
    found = instrument(slug)
    if found is None:
        raise ValidationError({"instrument": _("There is no such questionnaire.")})
    errors = {}
    clean = {}
    for item in found.items:
        value = answers.get(item.number)
        allowed = [v for v, _label in found.options_for(item)]
        if value not in allowed:
            errors[f"item_{item.number}"] = _("Answer statement %(number)s.") % {
                "number": item.number
            }
        else:
            clean[item.number] = value
    if errors:
        raise ValidationError(errors)
    scores = found.score(clean)
    return _answer(actor, slug, scores, {str(k): v for k, v in clean.items()})


def answers_delete_all(*, actor) -> int:
    """Delete every answer the person ever gave (all kinds). Returns how many.
    Published figures of closed quarters are anonymous aggregates of at least
    ``suppression.K`` people and stay as they were (see the README)."""
    _require_person(actor)
    with transaction.atomic():
        deleted, _per_model = Response.objects.filter(subject=subject_key(actor.pk)).delete()
    forget_facts(actor)
    return deleted
