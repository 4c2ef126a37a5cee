"""Registration-period progress against the person's framework, PCF coverage, and the
one figure an organisation may see (how many of its verified staff have met their
peer-reflection requirement, only for groups of at least ``MIN_GROUP``).

Only final records count towards a requirement: a draft is not yet the person's word.
Reads only; the reminders service and the pages call these.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from practice_commons.accounts.models import OrganisationMembership

from . import frameworks, selectors
from .frameworks import Framework, Period
from .models import CpdRecord, CpdSettings, RecordStatus

MIN_GROUP = 10
# Reminders go out when this many days are left (the first is when they start).
REMINDER_DAYS = (60, 30, 14, 7, 1)


@dataclass
class Tally:
    records_final: int = 0
    drafts: int = 0
    peer_final: int = 0
    hours: Decimal = Decimal(0)
    standards: set = field(default_factory=set)


@dataclass(frozen=True)
class Requirement:
    label: str
    have: str
    need: str
    met: bool


@dataclass
class Progress:
    framework: Framework
    period: Period
    today: dt.date
    tally: Tally
    period_is_default: bool

    @property
    def records_final(self) -> int:
        return self.tally.records_final

    @property
    def records_required(self) -> int:
        return self.framework.records_required

    @property
    def peer_reflection_met(self) -> bool:
        return self.tally.peer_final >= self.framework.peer_reflection_required

    @property
    def hours(self) -> Decimal:
        return self.tally.hours

    @property
    def days_left(self) -> int:
        return self.period.days_left(self.today)

    @property
    def required_standards(self) -> list[tuple[frameworks.Standard, bool]]:
        return [
            (self.framework.standard(code), code in self.tally.standards)
            for code in self.framework.required_standards
        ]

    @property
    def requirements(self) -> list[Requirement]:
        f, t = self.framework, self.tally
        found = []
        if f.records_required:
            found.append(
                Requirement(
                    _("Final records"),
                    str(t.records_final),
                    str(f.records_required),
                    t.records_final >= f.records_required,
                )
            )
        if f.peer_reflection_required:
            found.append(
                Requirement(
                    _("Final records with peer reflection"),
                    str(t.peer_final),
                    str(f.peer_reflection_required),
                    self.peer_reflection_met,
                )
            )
        if f.hours_required is not None:
            found.append(
                Requirement(
                    _("Hours in final records"),
                    _hours_text(t.hours),
                    _hours_text(f.hours_required),
                    t.hours >= f.hours_required,
                )
            )
        for standard, covered in self.required_standards:
            found.append(
                Requirement(
                    str(standard.title),
                    _("Covered") if covered else _("Not yet"),
                    _("Covered"),
                    covered,
                )
            )
        return found

    @property
    def complete(self) -> bool:
        return all(r.met for r in self.requirements)

    @property
    def has_requirements(self) -> bool:
        return bool(self.requirements)

    def as_api(self) -> dict:
        """The API's contract: exactly these keys."""
        hours_required = self.framework.hours_required
        return {
            "regulator": self.framework.key,
            "year_start": self.period.start,
            "year_end": self.period.end,
            "records_final": self.records_final,
            "records_required": self.records_required,
            "peer_reflection_met": self.peer_reflection_met,
            "hours": float(self.hours),
            "hours_required": float(hours_required) if hours_required is not None else None,
            "days_left": self.days_left,
        }


def _hours_text(value: Decimal) -> str:
    value = Decimal(value).normalize()
    return f"{value:f}"


def tallies(user_ids, period: Period) -> dict[int, Tally]:
    """Per person: final and draft records, final peer-reflection records, final hours
    and the standards their final records cover, in ``period`` (two queries)."""
    user_ids = list(user_ids)
    found: dict[int, Tally] = defaultdict(Tally)
    if not user_ids:
        return found
    in_period = CpdRecord.objects.filter(
        user_id__in=user_ids, date__gte=period.start, date__lte=period.end
    )
    final = Q(status=RecordStatus.FINAL)
    rows = in_period.values("user_id").annotate(
        final=Count("pk", filter=final),
        drafts=Count("pk", filter=~final),
        peer=Count("pk", filter=final & Q(peer_reflection=True)),
        hours=Sum("hours", filter=final),
    )
    for row in rows:
        tally = found[row["user_id"]]
        tally.records_final = row["final"]
        tally.drafts = row["drafts"]
        tally.peer_final = row["peer"]
        tally.hours = Decimal(row["hours"] or 0)
    for user_id, standards in (
        in_period.filter(final).exclude(standards=[]).values_list("user_id", "standards")
    ):
        found[user_id].standards.update(standards or [])
    return found


def progress_for(user, *, today: dt.date | None = None, year: int | None = None) -> Progress:
    today = today or timezone.localdate()
    framework, period = selectors.framework_and_period(user, today=today, year=year)
    default = not framework.fixed_period and selectors.period_ends_on(user) is None
    tally = tallies([user.pk], period).get(user.pk) or Tally()
    return Progress(framework, period, today, tally, default)


# --- PCF coverage -----------------------------------------------------------------------------


@dataclass(frozen=True)
class DomainCoverage:
    domain: frameworks.Standard
    group: str
    this_period: int
    all_time: int


def pcf_coverage(user, period: Period) -> list[DomainCoverage]:
    """How many of the person's records (draft or final) map to each PCF domain, in the
    period and over all time (one query: the lists are short)."""
    this, ever = defaultdict(int), defaultdict(int)
    rows = selectors.records_for(user).exclude(pcf_domains=[]).values_list("date", "pcf_domains")
    for day, domains in rows:
        for code in set(domains or []):
            ever[code] += 1
            if period.contains(day):
                this[code] += 1
    group_of = {code: name for name, codes in frameworks.PCF_GROUPS.items() for code in codes}
    return [
        DomainCoverage(d, group_of[d.code], this[d.code], ever[d.code])
        for d in frameworks.PCF_DOMAINS
    ]


# --- Organisation figure ----------------------------------------------------------------------


@dataclass(frozen=True)
class OrganisationFigure:
    group_size: int
    met: int | None
    suppressed: bool


def _periods_for(users, today: dt.date, *, known_only: bool = False):
    """user id -> (framework, period). With ``known_only``, people whose period is only
    a guess (their own renewal date not given) are left out."""
    ends = dict(
        CpdSettings.objects.filter(
            user_id__in=[u.pk for u in users], period_ends_on__isnull=False
        ).values_list("user_id", "period_ends_on")
    )
    found: dict[int, tuple[Framework, Period]] = {}
    for user in users:
        framework = frameworks.framework_for(user)
        ends_on = None if framework.fixed_period else ends.get(user.pk)
        if known_only and not framework.fixed_period and ends_on is None:
            continue
        found[user.pk] = (framework, framework.period_for(today, period_ends_on=ends_on))
    return found


def organisation_peer_reflection(organisation, *, today: dt.date | None = None):
    """Of the organisation's verified staff whose framework asks for peer reflection, how
    many have met it this period. ``met`` is ``None`` (suppressed) when fewer than
    ``MIN_GROUP`` people are in the group, so no one's progress can be inferred."""
    today = today or timezone.localdate()
    memberships = OrganisationMembership.objects.filter(organisation=organisation).select_related(
        "user", "user__profession"
    )
    users = [m.user for m in memberships if m.user.is_active]
    users = [u for u in users if frameworks.framework_for(u).peer_reflection_required]
    if len(users) < MIN_GROUP:
        return OrganisationFigure(len(users), None, True)
    by_period = defaultdict(list)
    for user_id, (framework, period) in _periods_for(users, today).items():
        by_period[period].append((user_id, framework.peer_reflection_required))
    met = 0
    for period, people in by_period.items():
        counts = tallies([uid for uid, _n in people], period)
        met += sum(1 for uid, need in people if counts.get(uid, Tally()).peer_final >= need)
    return OrganisationFigure(len(users), met, False)


def people_due_reminders(users, today: dt.date):
    """(user, progress) for people whose period ends within ``REMINDER_DAYS[0]`` days and
    whose requirements are not yet met. Only known deadlines: a fixed year, or the
    person's own renewal date once they have given it."""
    periods = _periods_for(users, today, known_only=True)
    groups = defaultdict(list)
    for user in users:
        if user.pk not in periods:
            continue  # no reminder against a guessed deadline
        framework, period = periods[user.pk]
        if 0 <= period.days_left(today) <= REMINDER_DAYS[0]:
            groups[(framework.key, period)].append(user)
    for (key, period), people in groups.items():
        framework = frameworks.FRAMEWORKS[key]
        counts = tallies([u.pk for u in people], period)
        for user in people:
            progress = Progress(framework, period, today, counts.get(user.pk) or Tally(), False)
            if progress.has_requirements and not progress.complete:
                yield user, progress
