"""The CPD rules of each regulator and framework, held as data: a change of rule is one
edit here, and nothing else in the app hard-codes a date, a count or an hour figure.

Facts come from ``shared/domain.md`` (checked against the regulators' own pages in
November 2026). Where that source says *check*, the framework carries ``check=True`` and
every page that shows its rules says to confirm them with the regulator.

A person's framework is chosen from their profile: their regulator first, and for people
with no CPD regulator on the platform (teachers in England, police), their profession.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Standard:
    """One standard, domain or required learning element a record can be mapped to."""

    code: str
    title: str


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def days_left(self, today: dt.date) -> int:
        return max((self.end - today).days, 0)


@dataclass(frozen=True)
class Framework:
    """What one regulator (or profession's framework) asks of a registrant.

    ``year_start`` (month, day) fixes the period for everyone (Social Work England's
    registration year starts on 1 December). Otherwise the period is ``period_years``
    long and ends on the person's own renewal date (``CpdSettings.period_ends_on``);
    until they give it, it is the calendar year(s) ending 31 December, and pages say so.
    """

    key: str
    name: str
    regulator_label: str
    summary: str
    rules: tuple[str, ...]
    period_label: str
    records_required: int = 0
    peer_reflection_required: int = 0
    hours_required: Decimal | None = None
    year_start: tuple[int, int] | None = None
    period_years: int = 1
    standards: tuple[Standard, ...] = ()
    standards_name: str = ""
    required_standards: tuple[str, ...] = ()
    uses_pcf: bool = False
    check: bool = False
    source_url: str = ""
    notes: tuple[str, ...] = field(default=())

    @property
    def fixed_period(self) -> bool:
        return self.year_start is not None

    def period_for(self, today: dt.date, *, period_ends_on: dt.date | None = None) -> Period:
        """The registration period containing ``today``."""
        if self.year_start is not None:
            month, day = self.year_start
            start = dt.date(today.year, month, day)
            if start > today:
                start = dt.date(today.year - 1, month, day)
            end = dt.date(start.year + self.period_years, month, day) - dt.timedelta(days=1)
            return Period(start, end)
        if period_ends_on is not None:
            end = period_ends_on
            # Roll the person's renewal date forward (or back) to the period holding today.
            while end < today:
                end = _add_years(end, self.period_years)
            while _add_years(end, -self.period_years) >= today:
                end = _add_years(end, -self.period_years)
            start = _add_years(end, -self.period_years) + dt.timedelta(days=1)
            return Period(start, end)
        end = dt.date(today.year, 12, 31)
        return Period(dt.date(today.year - self.period_years + 1, 1, 1), end)

    def standard(self, code: str) -> Standard | None:
        return next((s for s in self.standards if s.code == code), None)

    def standard_choices(self) -> list[tuple[str, str]]:
        return [(s.code, s.title) for s in self.standards]


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


# --- The Professional Capabilities Framework (BASW, England) ---------------------------------

PCF_DOMAINS: tuple[Standard, ...] = (
    Standard("1", _("Professionalism")),
    Standard("2", _("Values and Ethics")),
    Standard("3", _("Diversity and Equality")),
    Standard("4", _("Rights, Justice and Economic Wellbeing")),
    Standard("5", _("Knowledge")),
    Standard("6", _("Critical Reflection and Analysis")),
    Standard("7", _("Skills and Interventions")),
    Standard("8", _("Contexts and Organisations")),
    Standard("9", _("Professional Leadership")),
)
PCF_GROUPS = {
    _("Purpose"): ("1", "2", "3", "4"),
    _("Practice"): ("5", "6", "7"),
    _("Impact"): ("8", "9"),
}
PCF_CODES = tuple(d.code for d in PCF_DOMAINS)


def pcf_domain(code: str) -> Standard | None:
    return next((d for d in PCF_DOMAINS if d.code == code), None)


# --- Regulators and frameworks ----------------------------------------------------------------

SOCIAL_WORK_ENGLAND = Framework(
    key="swe",
    name=_("Social Work England CPD"),
    regulator_label=_("Social Work England"),
    summary=(
        _(
            "Record at least 2 different pieces of CPD in each registration year, at least 1 of "
            "them with peer reflection, by 23:59 on 30 November."
        )
    ),
    rules=(
        _(
            "Your registration year runs from 1 December to 30 November; renewal and CPD are "
            "due by 23:59 on 30 November."
        ),
        _("Record at least 2 different pieces of CPD in the year."),
        _(
            "At least 1 of them must include peer reflection: a discussion with a peer such as "
            "supervision, team reflection, a community of practice or an action learning set."
        ),
        _(
            "A peer is a registered social worker anywhere in the UK, a line manager or "
            "supervisor, or another professional who knows your practice. They do not approve "
            "your learning."
        ),
        _(
            "There is no hours requirement. 2.5% of registrants are sampled for review after "
            "the deadline."
        ),
    ),
    period_label=_("registration year"),
    records_required=2,
    peer_reflection_required=1,
    year_start=(12, 1),
    standards_name=_("Social Work England professional standards"),
    standards=(
        Standard(
            "swe-1",
            _("1. Promote the rights, strengths and wellbeing of people, families and communities"),
        ),
        Standard("swe-2", _("2. Establish and maintain the trust and confidence of people")),
        Standard(
            "swe-3", _("3. Be accountable for the quality of my practice and the decisions I make")
        ),
        Standard("swe-4", _("4. Maintain my continuing professional development")),
        Standard("swe-5", _("5. Act safely, respectfully and with professional integrity")),
        Standard("swe-6", _("6. Promote ethical practice and report concerns")),
    ),
    uses_pcf=True,
    check=True,  # the standards' exact wording
    source_url="https://www.socialworkengland.org.uk/cpd/",
    notes=(
        _("The standards are summarised here; check their exact wording with Social Work England."),
    ),
)

SSSC = Framework(
    key="sssc",
    name=_("SSSC Continuous Professional Learning"),
    regulator_label=_("Scottish Social Services Council (SSSC)"),
    summary=(
        _(
            "Make an annual declaration of your Continuous Professional Learning (no hour "
            "count), covering the core learning elements, including the mandatory learning on "
            "trauma awareness and on adult and child protection."
        )
    ),
    rules=(
        _(
            "Since June 2024 you make an annual declaration of your Continuous Professional "
            "Learning; there is no hour count."
        ),
        _(
            "Follow the pathway for your career stage and cover the core learning elements "
            "each year."
        ),
        _("Learning on trauma awareness and on adult and child protection is mandatory."),
        _("Your employer verifies a sample of declarations."),
    ),
    period_label=_("registration year"),
    year_start=None,
    period_years=1,
    standards_name=_("SSSC learning elements"),
    standards=(
        Standard("sssc-trauma", _("Trauma awareness (mandatory)")),
        Standard("sssc-adult-protection", _("Adult support and protection (mandatory)")),
        Standard("sssc-child-protection", _("Child protection (mandatory)")),
        Standard("sssc-core", _("Other core learning for your career stage")),
    ),
    required_standards=("sssc-trauma", "sssc-adult-protection", "sssc-child-protection"),
    uses_pcf=True,
    check=True,
    source_url="https://www.sssc.uk.com/",
    notes=(
        _("Check your career-stage pathway and the current core learning elements with the SSSC."),
    ),
)

SOCIAL_CARE_WALES = Framework(
    key="scw",
    name=_("Social Care Wales registration"),
    regulator_label=_("Social Care Wales"),
    summary=(
        _(
            "Since 1 April 2025 there are no set hours and nothing to log with Social Care "
            "Wales: confirm your learning is current when you renew, and keep your own record "
            "to send only if you are sampled."
        )
    ),
    rules=(
        _("Your registration runs for 3 years."),
        _(
            "From 1 April 2025 there are no set hours and no logging with Social Care Wales "
            "(before then it was 90 hours over 3 years)."
        ),
        _("When you renew, you confirm that your learning is current."),
        _("Keep your own record of your learning: you send it only if you are sampled."),
    ),
    period_label=_("registration period"),
    period_years=3,
    uses_pcf=True,
    check=True,
    source_url="https://socialcare.wales/",
)

NISCC = Framework(
    key="niscc",
    name=_("NISCC Post Registration Training and Learning"),
    regulator_label=_("Northern Ireland Social Care Council (NISCC)"),
    summary=(
        _(
            "Complete 90 hours of post-registration training and learning (PRTL) in each "
            "3-year registration period, with a learning and development plan agreed with "
            "your employer."
        )
    ),
    rules=(
        _("Your registration runs for 3 years."),
        _("Complete 90 hours of post-registration training and learning (PRTL) in the period."),
        _("Agree a learning and development plan with your employer."),
        _("Keep your records: you submit them if you are audited."),
    ),
    period_label=_("registration period"),
    period_years=3,
    hours_required=Decimal(90),
    uses_pcf=True,
    check=True,
    source_url="https://niscc.info/",
)

NMC = Framework(
    key="nmc",
    name=_("NMC revalidation"),
    regulator_label=_("Nursing and Midwifery Council (NMC)"),
    summary=(
        _(
            "Revalidate every 3 years: 35 hours of CPD (20 of them participatory), 5 written "
            "reflective accounts and a reflective discussion with another NMC registrant, "
            "among the other requirements."
        )
    ),
    rules=(
        _("You revalidate every 3 years."),
        _("35 hours of CPD, of which 20 must be participatory (learning with others)."),
        _(
            "5 written reflective accounts, and a reflective discussion with another NMC "
            "registrant about them."
        ),
        _(
            "Also: 450 practice hours, 5 pieces of practice-related feedback, a health and "
            "character declaration, indemnity, and confirmation by a third party. Record "
            "those with the NMC; only CPD and reflection are kept here."
        ),
    ),
    period_label=_("revalidation period"),
    period_years=3,
    records_required=5,
    peer_reflection_required=1,
    hours_required=Decimal(35),
    standards_name=_("The Code (NMC)"),
    standards=(
        Standard("nmc-people", _("Prioritise people")),
        Standard("nmc-practise", _("Practise effectively")),
        Standard("nmc-safety", _("Preserve safety")),
        Standard("nmc-trust", _("Promote professionalism and trust")),
    ),
    check=True,
    source_url="https://www.nmc.org.uk/revalidation/",
    notes=(
        _(
            "Participatory hours are not counted separately here: mark records with peer "
            "reflection and check your total with the NMC's own forms."
        ),
    ),
)

HCPC = Framework(
    key="hcpc",
    name=_("HCPC standards of CPD"),
    regulator_label=_("Health and Care Professions Council (HCPC)"),
    summary=(
        _(
            "Keep a continuous, up-to-date record of a mix of learning that benefits your "
            "practice and the people who use your service. There are no hours; 2.5% of each "
            "profession is audited at the two-yearly renewal."
        )
    ),
    rules=(
        _("Your registration is renewed every 2 years."),
        _("Keep a continuous, up-to-date and accurate record of your CPD."),
        _("Your learning should be a mix of activities relevant to your practice."),
        _(
            "It should improve the quality of your practice and benefit the people who use "
            "your service."
        ),
        _("There is no hours requirement; 2.5% of each profession is audited at renewal."),
    ),
    period_label=_("registration period"),
    period_years=2,
    standards_name=_("HCPC standards for CPD"),
    standards=(
        Standard("hcpc-1", _("1. Keep a continuous, up-to-date and accurate record")),
        Standard("hcpc-2", _("2. A mixture of learning activities relevant to practice")),
        Standard("hcpc-3", _("3. Contributes to the quality of practice and service delivery")),
        Standard("hcpc-4", _("4. Benefits the service user")),
    ),
    check=True,
    source_url="https://www.hcpc-uk.org/cpd/",
)

TEACHERS = Framework(
    key="teachers",
    name=_("Teachers' Standards and the Early Career Framework"),
    regulator_label=_("Teachers in England (no CPD regulator)"),
    summary=(
        _(
            "There are no statutory CPD hours for teachers in England. Map your learning to "
            "the Teachers' Standards; in your first two years, the Early Career Framework "
            "shapes your induction."
        )
    ),
    rules=(
        _("There are no statutory CPD hours."),
        _("The Early Career Framework sets what new teachers learn in their two-year induction."),
        _(
            "The Teachers' Standards describe what every teacher should do; map records to "
            "them for your appraisal."
        ),
    ),
    period_label=_("year"),
    standards_name=_("Teachers' Standards"),
    standards=(
        Standard("ts-1", _("1. Set high expectations")),
        Standard("ts-2", _("2. Promote good progress and outcomes")),
        Standard("ts-3", _("3. Good subject and curriculum knowledge")),
        Standard("ts-4", _("4. Plan and teach well-structured lessons")),
        Standard("ts-5", _("5. Adapt teaching to the needs of all pupils")),
        Standard("ts-6", _("6. Accurate and productive use of assessment")),
        Standard("ts-7", _("7. Manage behaviour effectively")),
        Standard("ts-8", _("8. Fulfil wider professional responsibilities")),
    ),
    check=True,
    source_url="https://www.gov.uk/government/publications/teachers-standards",
)

POLICE = Framework(
    key="police",
    name=_("College of Policing CPD"),
    regulator_label=_("Police (College of Policing)"),
    summary=(
        _(
            "The College of Policing expects CPD and an annual performance review; there is "
            "no hour count."
        )
    ),
    rules=(
        _("There is no hour count."),
        _("Your CPD is discussed in your annual performance and development review."),
    ),
    period_label=_("year"),
    check=True,
    source_url="https://www.college.police.uk/",
)

OWN_RECORD = Framework(
    key="own",
    name=_("Your own learning record"),
    regulator_label=_("No regulator"),
    summary=(
        _(
            "Your profile names no regulator with CPD rules, so nothing here is required: keep "
            "a record of your learning for your own development and appraisal."
        )
    ),
    rules=(_("No regulator's rules apply. Set your regulator on your profile if you have one."),),
    period_label=_("year"),
)

FRAMEWORKS: dict[str, Framework] = {
    f.key: f
    for f in (
        SOCIAL_WORK_ENGLAND,
        SSSC,
        SOCIAL_CARE_WALES,
        NISCC,
        NMC,
        HCPC,
        TEACHERS,
        POLICE,
        OWN_RECORD,
    )
}

# ``accounts.Regulator`` value -> framework key. The General Teaching Council has no CPD
# rules held here yet, so its registrants fall back to their profession.
BY_REGULATOR = {
    "swe": "swe",
    "sssc": "sssc",
    "scw": "scw",
    "niscc": "niscc",
    "nmc": "nmc",
    "hcpc": "hcpc",
}
# Profession slug -> framework key, for people whose profile names no regulator above.
BY_PROFESSION = {
    "teacher": "teachers",
    "police-officer": "police",
    "health-visitor": "nmc",
    "school-nurse": "nmc",
    "mental-health-nurse": "nmc",
}


def framework_for(user) -> Framework:
    """The framework whose rules apply to ``user`` (their regulator, else profession)."""
    key = BY_REGULATOR.get(getattr(user, "regulator", "") or "")
    if key is None:
        profession = getattr(user, "profession", None)
        key = BY_PROFESSION.get(getattr(profession, "slug", "") or "", OWN_RECORD.key)
    return FRAMEWORKS[key]


def all_standard_codes(framework: Framework) -> set[str]:
    return {s.code for s in framework.standards}
