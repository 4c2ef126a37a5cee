"""Span-level scoring of the scanner against a labelled corpus (used by tests and benchmarks).

A prediction matches a gold span when both have the same kind and their characters
overlap: the scanner may draw the edges of "Mrs Kowalski" or "aged 7" a little
differently from the labeller without being wrong.
"""

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .core import scan
from .findings import HIGH, KINDS, Finding

# Identifiers with a fixed shape: the kinds whose recall target is 0.99.
STRUCTURED_KINDS = (
    "nhs_number",
    "chi_number",
    "hc_number",
    "ni_number",
    "upn",
    "postcode",
    "phone",
    "email",
)


@dataclass
class KindScore:
    gold: int = 0
    found: int = 0  # gold spans matched by a prediction
    predicted: int = 0
    correct: int = 0  # predictions matching a gold span

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0


@dataclass
class Report:
    by_kind: dict[str, KindScore] = field(default_factory=lambda: {k: KindScore() for k in KINDS})
    misses: list[tuple[str, str, str]] = field(default_factory=list)  # (id, kind, text)
    false_alarms: list[tuple[str, str, str]] = field(default_factory=list)
    clean_texts: int = 0  # texts with no gold span
    clean_blocked: int = 0  # ... with a high-confidence finding (the write is refused)
    clean_confirm: int = 0  # ... with only low-confidence ones ("not someone I work with")

    def overall(self, kinds: Iterable[str] = KINDS) -> KindScore:
        total = KindScore()
        for kind in kinds:
            score = self.by_kind[kind]
            total.gold += score.gold
            total.found += score.found
            total.predicted += score.predicted
            total.correct += score.correct
        return total


def load_corpus(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


MARKED_SPAN = re.compile(r"\{(\w+)\|([^{}]+)\}")


def load_marked(path: Path) -> list[dict]:
    """Texts written with inline gold spans, ``{kind|text}``, one a line; # starts a comment."""
    records = []
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        text, spans, cursor = "", [], 0
        for match in MARKED_SPAN.finditer(line):
            text += line[cursor : match.start()]
            spans.append(
                {"kind": match.group(1), "start": len(text), "end": len(text) + len(match.group(2))}
            )
            text += match.group(2)
            cursor = match.end()
        text += line[cursor:]
        records.append({"id": f"{path.stem}-{number}", "text": text, "spans": spans})
    return records


def evaluate(records: Iterable[dict], scanner: Callable[[str], list[Finding]] = scan) -> Report:
    report = Report()
    for record in records:
        text, gold = record["text"], record["spans"]
        predicted = scanner(text)
        if not gold:
            report.clean_texts += 1
            if any(p.confidence == HIGH for p in predicted):
                report.clean_blocked += 1
            elif predicted:
                report.clean_confirm += 1
        for span in gold:
            score = report.by_kind[span["kind"]]
            score.gold += 1
            if any(_matches(p, span) for p in predicted):
                score.found += 1
            else:
                report.misses.append(
                    (record["id"], span["kind"], text[span["start"] : span["end"]])
                )
        for finding in predicted:
            score = report.by_kind[finding.kind]
            score.predicted += 1
            if any(_matches(finding, span) for span in gold):
                score.correct += 1
            else:
                report.false_alarms.append((record["id"], finding.kind, finding.text))
    return report


AGE = re.compile(r"\d{1,2}|.*\b(?:aged?|years?|yrs?|months?|weeks?|old)\b.*", re.IGNORECASE)


def without_ages(records: list[dict]) -> list[dict]:
    """The records without gold spans that are ages ("aged 7", "7-year-old", the "7" of
    "Jayden (7)"): since round two an age alone is not an identifier. Dates of birth
    stay."""
    return [
        {
            **record,
            "spans": [
                span
                for span in record["spans"]
                if not (
                    span["kind"] == "date_of_birth"
                    and AGE.fullmatch(record["text"][span["start"] : span["end"]].strip())
                )
            ],
        }
        for record in records
    ]


def _matches(finding: Finding, span: dict) -> bool:
    return (
        finding.kind == span["kind"] and finding.start < span["end"] and span["start"] < finding.end
    )
