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
from .findings import KINDS, Finding


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


def _matches(finding: Finding, span: dict) -> bool:
    return (
        finding.kind == span["kind"] and finding.start < span["end"] and span["start"] < finding.end
    )
