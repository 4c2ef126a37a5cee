"""The quick check-in and the working-conditions questions, held as data, and every
measure the aggregates report (check-in, working conditions, instrument scales).

Answers are choices and numbers only: nothing a person types as free text is stored,
so nothing here can carry details of the people they work with."""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext, gettext_noop

from .models import Kind

FEELING = [
    (1, gettext_noop("Very badly")),
    (2, gettext_noop("Not so well")),
    (3, gettext_noop("OK")),
    (4, gettext_noop("Quite well")),
    (5, gettext_noop("Very well")),
]
WORKLOAD = [
    (1, gettext_noop("Not at all manageable")),
    (2, gettext_noop("Hard to manage")),
    (3, gettext_noop("Just about manageable")),
    (4, gettext_noop("Mostly manageable")),
    (5, gettext_noop("Very manageable")),
]
SUPPORT = [
    (1, gettext_noop("Not at all supported")),
    (2, gettext_noop("A little supported")),
    (3, gettext_noop("Somewhat supported")),
    (4, gettext_noop("Well supported")),
    (5, gettext_noop("Very well supported")),
]
SATISFACTION = [
    (1, gettext_noop("Very dissatisfied")),
    (2, gettext_noop("Dissatisfied")),
    (3, gettext_noop("Neither satisfied nor dissatisfied")),
    (4, gettext_noop("Satisfied")),
    (5, gettext_noop("Very satisfied")),
]
LEAVE = [
    ("yes", gettext_noop("Yes")),
    ("unsure", gettext_noop("Not sure")),
    ("no", gettext_noop("No")),
]
PRESSURES = [
    ("caseload", gettext_noop("Caseload")),
    ("admin", gettext_noop("Administration and paperwork")),
    ("resources", gettext_noop("Lack of resources for the people who use services")),
    ("control", gettext_noop("Lack of control over my work")),
    ("hours", gettext_noop("Long hours")),
]
HELPS = [
    ("peer_support", gettext_noop("Support from peers")),
    ("supervision", gettext_noop("Supervision")),
    ("community", gettext_noop("A community of practice")),
]
EXTRA_HOURS_MAX = 80
DAYS_UNWELL_MAX = 366

CHECKIN_QUESTIONS = [
    ("feeling", gettext_noop("How are you doing?"), FEELING),
    ("workload", gettext_noop("How manageable is your workload at the moment?"), WORKLOAD),
    ("support", gettext_noop("How supported do you feel at work?"), SUPPORT),
]


@dataclass(frozen=True)
class Measure:
    """One figure the aggregates report. ``bins`` turn a person's value for a period
    into the distribution's categories (label, lowest value, highest value)."""

    name: str
    label: str
    kind: str
    unit: str
    bins: tuple = field(default_factory=tuple)
    higher_is_better: bool | None = True
    # For an instrument's scale: the instrument's short name and the scale's label, so
    # the page can translate the scale's label (``label`` stays English for the API).
    display_prefix: str = ""
    display_name: str = ""

    @property
    def display_label(self) -> str:
        """``label`` in the active language, for the pages."""
        if self.display_name:
            return f"{self.display_prefix}: {gettext(self.display_name)}"
        return gettext(self.label)

    @property
    def bin_display_labels(self) -> list[str]:
        """``bin_labels`` in the active language (the stored keys stay English)."""
        return [_bin_display(label) for label in self.bin_labels]

    def bin_of(self, value: float) -> str:
        for label, low, high in self.bins:
            if low <= value <= high:
                return label
        return self.bins[-1][0]

    @property
    def bin_labels(self) -> list[str]:
        return [label for label, _low, _high in self.bins]


def _bin_display(label: str) -> str:
    numbered = re.fullmatch(r"(\d+) (.+)", label)
    if numbered:
        return f"{numbered.group(1)} {gettext(numbered.group(2))}"
    return gettext(label)


# Bin labels that are words, marked here so the pages can translate them.
_BIN_WORDS = (
    gettext_noop("over 20"),
    gettext_noop("over 10"),
    gettext_noop("yes"),
    gettext_noop("no"),
)


def _likert(labels) -> tuple:
    return tuple((f"{v} {text}", v - 0.5, v + 0.4999) for v, text in labels)


def _share() -> tuple:
    return (("no", 0, 0.4999), ("yes", 0.5, 1))


_PRESSURE_MEASURES = {
    "caseload": gettext_noop("Share naming caseload as a main pressure"),
    "admin": gettext_noop("Share naming administration and paperwork as a main pressure"),
    "resources": gettext_noop(
        "Share naming lack of resources for the people who use services as a main pressure"
    ),
    "control": gettext_noop("Share naming lack of control over my work as a main pressure"),
    "hours": gettext_noop("Share naming long hours as a main pressure"),
}
_HELP_MEASURES = {
    "peer_support": gettext_noop("Share saying support from peers helps"),
    "supervision": gettext_noop("Share saying supervision helps"),
    "community": gettext_noop("Share saying a community of practice helps"),
}

_MEASURES = [
    Measure(
        "feeling", gettext_noop("How people are doing (1–5)"), Kind.CHECKIN, "1–5", _likert(FEELING)
    ),
    Measure(
        "workload",
        gettext_noop("Workload manageable (1–5)"),
        Kind.CHECKIN,
        "1–5",
        _likert(WORKLOAD),
    ),
    Measure(
        "support", gettext_noop("Feeling supported (1–5)"), Kind.CHECKIN, "1–5", _likert(SUPPORT)
    ),
    Measure(
        "extra_hours",
        gettext_noop("Hours worked beyond contract last week"),
        Kind.CONDITIONS,
        "hours",
        (
            ("0", 0, 0),
            ("1–5", 0.001, 5.4999),
            ("6–10", 5.5, 10.4999),
            ("11–20", 10.5, 20.4999),
            ("over 20", 20.5, 10_000),
        ),
        higher_is_better=False,
    ),
    Measure(
        "days_unwell",
        gettext_noop("Days worked while unwell in the last year"),
        Kind.CONDITIONS,
        "days",
        (
            ("0", 0, 0),
            ("1", 0.001, 1.4999),
            ("2–5", 1.5, 5.4999),
            ("6–10", 5.5, 10.4999),
            ("over 10", 10.5, 10_000),
        ),
        higher_is_better=False,
    ),
    Measure(
        "satisfaction",
        gettext_noop("Job satisfaction (1–5)"),
        Kind.CONDITIONS,
        "1–5",
        _likert(SATISFACTION),
    ),
    Measure(
        "intends_to_leave",
        gettext_noop("Share planning to leave within 15 months"),
        Kind.CONDITIONS,
        "share",
        _share(),
        higher_is_better=False,
    ),
    *[
        Measure(
            f"pressure_{key}",
            _PRESSURE_MEASURES[key],
            Kind.CONDITIONS,
            "share",
            _share(),
            higher_is_better=False,
        )
        for key, _label in PRESSURES
    ],
    *[
        Measure(
            f"helps_{key}",
            _HELP_MEASURES[key],
            Kind.CONDITIONS,
            "share",
            _share(),
        )
        for key, _label in HELPS
    ],
]


def register_measure(measure: Measure) -> None:
    MEASURES[measure.name] = measure


MEASURES: dict[str, Measure] = {m.name: m for m in _MEASURES}


def checkin_scores(*, feeling: int, workload: int, support: int) -> dict:
    return {"feeling": feeling, "workload": workload, "support": support}


def conditions_scores(
    *,
    extra_hours: int,
    days_unwell: int,
    satisfaction: int,
    leave: str,
    pressures: list[str],
    helps: list[str],
) -> dict:
    scores = {
        "extra_hours": extra_hours,
        "days_unwell": days_unwell,
        "satisfaction": satisfaction,
        "intends_to_leave": 1 if leave == "yes" else 0,
    }
    scores.update({f"pressure_{k}": int(k in pressures) for k, _label in PRESSURES})
    scores.update({f"helps_{k}": int(k in helps) for k, _label in HELPS})
    return scores
