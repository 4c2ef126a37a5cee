"""The quick check-in and the working-conditions questions, held as data, and every
measure the aggregates report (check-in, working conditions, instrument scales).

Answers are choices and numbers only: nothing a person types as free text is stored,
so nothing here can carry details of the people they work with."""

from dataclasses import dataclass, field

from .models import Kind

FEELING = [
    (1, "Very badly"),
    (2, "Not so well"),
    (3, "OK"),
    (4, "Quite well"),
    (5, "Very well"),
]
WORKLOAD = [
    (1, "Not at all manageable"),
    (2, "Hard to manage"),
    (3, "Just about manageable"),
    (4, "Mostly manageable"),
    (5, "Very manageable"),
]
SUPPORT = [
    (1, "Not at all supported"),
    (2, "A little supported"),
    (3, "Somewhat supported"),
    (4, "Well supported"),
    (5, "Very well supported"),
]
SATISFACTION = [
    (1, "Very dissatisfied"),
    (2, "Dissatisfied"),
    (3, "Neither satisfied nor dissatisfied"),
    (4, "Satisfied"),
    (5, "Very satisfied"),
]
LEAVE = [("yes", "Yes"), ("unsure", "Not sure"), ("no", "No")]
PRESSURES = [
    ("caseload", "Caseload"),
    ("admin", "Administration and paperwork"),
    ("resources", "Lack of resources for the people who use services"),
    ("control", "Lack of control over my work"),
    ("hours", "Long hours"),
]
HELPS = [
    ("peer_support", "Support from peers"),
    ("supervision", "Supervision"),
    ("community", "A community of practice"),
]
EXTRA_HOURS_MAX = 80
DAYS_UNWELL_MAX = 366

CHECKIN_QUESTIONS = [
    ("feeling", "How are you doing?", FEELING),
    ("workload", "How manageable is your workload at the moment?", WORKLOAD),
    ("support", "How supported do you feel at work?", SUPPORT),
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

    def bin_of(self, value: float) -> str:
        for label, low, high in self.bins:
            if low <= value <= high:
                return label
        return self.bins[-1][0]

    @property
    def bin_labels(self) -> list[str]:
        return [label for label, _low, _high in self.bins]


def _likert(labels) -> tuple:
    return tuple((f"{v} {text}", v - 0.5, v + 0.4999) for v, text in labels)


def _share() -> tuple:
    return (("no", 0, 0.4999), ("yes", 0.5, 1))


_MEASURES = [
    Measure("feeling", "How people are doing (1–5)", Kind.CHECKIN, "1–5", _likert(FEELING)),
    Measure("workload", "Workload manageable (1–5)", Kind.CHECKIN, "1–5", _likert(WORKLOAD)),
    Measure("support", "Feeling supported (1–5)", Kind.CHECKIN, "1–5", _likert(SUPPORT)),
    Measure(
        "extra_hours",
        "Hours worked beyond contract last week",
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
        "Days worked while unwell in the last year",
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
        "satisfaction", "Job satisfaction (1–5)", Kind.CONDITIONS, "1–5", _likert(SATISFACTION)
    ),
    Measure(
        "intends_to_leave",
        "Share planning to leave within 15 months",
        Kind.CONDITIONS,
        "share",
        _share(),
        higher_is_better=False,
    ),
    *[
        Measure(
            f"pressure_{key}",
            f"Share naming {label.lower()} as a main pressure",
            Kind.CONDITIONS,
            "share",
            _share(),
            higher_is_better=False,
        )
        for key, label in PRESSURES
    ],
    *[
        Measure(
            f"helps_{key}",
            f"Share saying {label.lower()} helps",
            Kind.CONDITIONS,
            "share",
            _share(),
        )
        for key, label in HELPS
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
