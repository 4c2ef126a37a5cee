"""Reads. A person's own answers (only ever theirs: found by their pseudonymous key),
the support services, and aggregate figures filtered to what the reader may see.

Who sees which figures (one rule, used by the pages, the CSV and the API):

- organisation: that organisation's admins (a verified admin membership) see its total,
  its teams and its professions; host admins see every organisation's total and may
  open any one;
- profession, nation: host admins;
- community: whoever the registered community group kind says (facilitators and owners
  their own communities; host admins all);
- practitioners: none (403); a group the reader may not see: 404.
"""

import datetime as dt
import hmac
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_noop

from practice_commons.accounts import selectors as account_selectors
from practice_commons.accounts.models import Nation, Organisation
from practice_commons.core.errors import NotFound, PermissionDenied
from practice_commons.core.people import is_signed_in

from . import groups, periods, services, stats
from .instruments import INSTRUMENTS
from .models import Kind, Release, ReleaseCell, Response, SupportService
from .pseudonym import link_token, subject_key, unseal
from .questions import MEASURES

GROUP_KINDS = ("organisation", "profession", "nation", "community")
PERIOD_KINDS = ("month", "quarter")
WINDOW_QUARTERS = 8

# --- a person's own answers ----------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    id: str
    kind: str
    day: dt.date
    scores: dict
    answers: dict
    token: str  # for page addresses (``pseudonym.link_token``), never the id

    @property
    def kind_label(self) -> str:
        return Kind(self.kind).label


def my_answers(user, kind: str | None = None) -> list[Answer]:
    """The reader's own answers, newest first (one query; the day is sealed)."""
    if not is_signed_in(user):
        return []
    rows = Response.objects.filter(subject=subject_key(user.pk))
    if kind:
        rows = rows.filter(kind=kind)
    found = []
    for row in rows.only("id", "kind", "month", "scores", "answers", "sealed"):
        envelope = unseal(row.sealed)
        day = dt.date.fromisoformat(envelope["day"]) if envelope else row.month
        found.append(
            Answer(
                str(row.pk),
                row.kind,
                day,
                row.scores,
                row.answers,
                link_token(user.pk, row.pk),
            )
        )
    found.sort(key=lambda a: a.day, reverse=True)
    return found


def my_answer(user, answer_id) -> Answer:
    """One of the reader's own answers; ``NotFound`` for anyone else's."""
    if not is_signed_in(user):
        raise NotFound
    row = Response.objects.filter(pk=answer_id, subject=subject_key(user.pk)).first()
    if row is None:
        raise NotFound
    envelope = unseal(row.sealed)
    day = dt.date.fromisoformat(envelope["day"]) if envelope else row.month
    return Answer(str(row.pk), row.kind, day, row.scores, row.answers, link_token(user.pk, row.pk))


def my_answer_by_token(user, token: str) -> Answer:
    """One of the reader's own answers by the token in its page address; ``NotFound``
    for anyone else's (a token is only ever valid for the person it was made for)."""
    for answer in my_answers(user):
        if hmac.compare_digest(answer.token, str(token)):
            return answer
    raise NotFound


def answer_token(user, answer_id) -> str:
    return link_token(user.pk, answer_id)


def personal_export(user) -> list[dict]:
    """Everything the person answered, for a subject-access export (machine-readable)."""
    return [
        {"kind": a.kind, "date": a.day.isoformat(), "answers": a.answers, "scores": a.scores}
        for a in my_answers(user)
    ]


def support_services():
    return SupportService.objects.filter(active=True)


def instruments() -> list:
    return list(INSTRUMENTS.values())


# --- who may see which figures -------------------------------------------------------------


@dataclass
class Scope:
    group: str
    key: str
    filter: Q
    labels: dict  # group id -> name
    requested: list  # group ids always shown (a requested key), even with no answers


def _organisations_for(user) -> list[Organisation]:
    if user.is_host_admin:
        return list(account_selectors.organisations())
    return list(account_selectors.organisations_managed_by(user))


def visible_kinds(user) -> dict[str, dict[str, str]]:
    """{group kind: {key: name}} of everything the reader may open (the dashboard's
    choices). Empty for practitioners."""
    if not is_signed_in(user):
        return {}
    found = {}
    orgs = _organisations_for(user)
    if orgs:
        found["organisation"] = {o.slug: o.name for o in orgs}
    if user.is_host_admin:
        found["profession"] = {p.slug: p.name for p in account_selectors.professions()}
        found["nation"] = {value: str(label) for value, label in Nation.choices}
    community = groups.group_kind("community")
    if community is not None:
        readable = community.readable(user)
        if readable:
            found["community"] = dict(readable)
    return found


def _team_label(group: str) -> str:
    return group.rsplit("team:", 1)[-1].replace("-", " ").capitalize()


def scope_for(user, group: str, key: str = "", *, kinds: dict | None = None) -> Scope:
    """What ``group``/``key`` covers for this reader; raises ``PermissionDenied`` when
    they may see no figures of that kind and ``NotFound`` for a key they may not see.
    ``kinds`` is ``visible_kinds(user)`` when the caller has it already."""
    if group not in GROUP_KINDS:
        raise ValidationError({"group": f"Choose one of: {', '.join(GROUP_KINDS)}."})
    if not is_signed_in(user):
        raise PermissionDenied("Sign in to see figures.")
    choices = (visible_kinds(user) if kinds is None else kinds).get(group)
    if not choices:
        raise PermissionDenied("You cannot see figures for these groups.")
    if key and key not in choices:
        raise NotFound
    labels = {f"{group}:{slug}": name for slug, name in choices.items()}
    if group == "organisation":
        professions = {p.slug: p.name for p in account_selectors.professions()}
        wanted = [key] if key else list(choices)
        if key or not user.is_host_admin:
            q = Q()
            for slug in wanted:
                q |= Q(group=f"organisation:{slug}") | Q(group__startswith=f"organisation:{slug}/")
            for slug in wanted:
                for p_slug, name in professions.items():
                    labels[f"organisation:{slug}/profession:{p_slug}"] = f"{choices[slug]}: {name}"
        else:  # a host admin's overview: every organisation's total
            q = Q(group__startswith="organisation:") & ~Q(group__contains="/")
        requested = [f"organisation:{slug}" for slug in wanted]
    elif key:
        q = Q(group=f"{group}:{key}")
        requested = [f"{group}:{key}"]
    else:
        q = Q(group__startswith=f"{group}:") & ~Q(group__contains="/")
        if group == "community":
            q &= Q(group__in=list(labels))
        requested = []
    return Scope(group, key, q, labels, requested)


def label_of(scope: Scope, group: str) -> str:
    if group in scope.labels:
        return scope.labels[group]
    if "/team:" in group:
        org = group.split("/", 1)[0]
        return f"{scope.labels.get(org, org)}: team {_team_label(group)}"
    return group.split(":", 1)[-1]


# --- the figures ---------------------------------------------------------------------------


def _measure(name: str):
    measure = MEASURES.get(name)
    if measure is None:
        raise ValidationError({"measure": "Choose one of the measures listed."})
    return measure


def _periods(period_kind: str) -> list[dt.date]:
    quarters = list(
        Release.objects.order_by("-quarter").values_list("quarter", flat=True)[:WINDOW_QUARTERS]
    )
    quarters.reverse()
    if period_kind == "quarter":
        return quarters
    return [m for q in quarters for m in periods.quarter_months(q)]


@dataclass(frozen=True)
class Figure:
    period: dt.date
    period_kind: str
    group: str
    label: str
    n: int | None
    mean: float | None
    sd: float | None
    distribution: dict | None
    suppressed: bool

    @property
    def period_label(self) -> str:
        return periods.period_label(self.period_kind, self.period)

    @property
    def period_name(self) -> str:
        return periods.human_label(self.period_kind, self.period)

    def as_api(self) -> dict:
        return {
            "period": self.period_label,
            "group": self.group,
            "n": self.n,
            "mean": None if self.mean is None else round(self.mean, 2),
            "distribution": self.distribution,
            "suppressed": self.suppressed,
        }


def aggregate_figures(
    user,
    *,
    group: str,
    key: str = "",
    period: str = "quarter",
    measure: str = "feeling",
    kinds: dict | None = None,
) -> list[Figure]:
    """Every (period, group) cell in the reader's scope, suppressed ones included (with no
    figures), oldest period first. Only closed quarters are ever shown. ``kinds`` is
    ``visible_kinds(user)`` when the caller has it already."""
    if period not in PERIOD_KINDS:
        raise ValidationError({"period": "Choose month or quarter."})
    _measure(measure)
    scope = scope_for(user, group, key, kinds=kinds)
    services.releases_ensure()
    wanted_periods = _periods(period)
    rows = {
        (c.period, c.group): c
        for c in ReleaseCell.objects.filter(
            scope.filter, measure=measure, period_kind=period, period__in=wanted_periods
        ).only("period", "group", "n", "mean", "sd", "distribution", "suppressed")
    }
    group_ids = sorted({g for _p, g in rows} | set(scope.requested), key=_group_order)
    figures = []
    for day in wanted_periods:
        for group_id in group_ids:
            cell = rows.get((day, group_id))
            shown = cell is not None and not cell.suppressed
            figures.append(
                Figure(
                    period=day,
                    period_kind=period,
                    group=group_id,
                    label=label_of(scope, group_id),
                    n=cell.n if shown else None,
                    mean=cell.mean if shown else None,
                    sd=cell.sd if shown else None,
                    distribution=cell.distribution if shown else None,
                    suppressed=not shown,
                )
            )
    return figures


def _group_order(group: str) -> tuple:
    return (group.split("/", 1)[0], "/" in group, group)


@dataclass(frozen=True)
class Change:
    group: str
    label: str
    before: Figure
    after: Figure
    difference: "stats.Difference | None"
    verdict: str


def what_is_changing(
    user,
    *,
    group: str,
    key: str = "",
    measure: str = "feeling",
    kinds: dict | None = None,
    quarters_figures: list[Figure] | None = None,
) -> list[Change]:
    """The last two closed quarters side by side, per group, where both are published,
    with the change and its 95% interval; the verdict says whether it is clear.
    ``quarters_figures`` is ``aggregate_figures(..., period="quarter")`` for the same
    reader, group, key and measure, when the caller has it already."""
    found = _measure(measure)
    figures = quarters_figures
    if figures is None:
        figures = aggregate_figures(
            user, group=group, key=key, period="quarter", measure=measure, kinds=kinds
        )
    quarters = sorted({f.period for f in figures})
    if len(quarters) < 2:
        return []
    before_q, after_q = quarters[-2], quarters[-1]
    by = {(f.period, f.group): f for f in figures}
    changes = []
    for group_id in dict.fromkeys(f.group for f in figures):
        before, after = by.get((before_q, group_id)), by.get((after_q, group_id))
        if before is None or after is None or before.suppressed or after.suppressed:
            continue
        diff = stats.difference(before.n, before.mean, before.sd, after.n, after.mean, after.sd)
        if diff is None:
            verdict = gettext_noop("Too few answers to say")
        elif not diff.clear:
            verdict = gettext_noop("No clear change")
        elif found.higher_is_better is None:
            verdict = gettext_noop("Higher") if diff.change > 0 else gettext_noop("Lower")
        else:
            better = (diff.change > 0) == found.higher_is_better
            verdict = gettext_noop("Clearly better") if better else gettext_noop("Clearly worse")
        changes.append(Change(group_id, after.label, before, after, diff, verdict))
    return changes
