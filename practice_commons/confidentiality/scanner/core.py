"""Run every detector over a text and settle their findings into one non-overlapping list."""

from .contact import find_contact_details
from .dates import find_dates_of_birth
from .findings import LABELS, Finding, resolve_overlaps
from .identifiers import find_identifiers
from .names import find_names
from .references import find_case_references


def scan(text: str) -> list[Finding]:
    """Every identifier found in ``text``, sorted by start and never overlapping."""
    names = list(find_names(text))
    candidates = [
        *find_identifiers(text),
        *find_contact_details(text),
        *find_dates_of_birth(text, (name.end for name in names)),
        *find_case_references(text),
        *names,
    ]
    return resolve_overlaps(candidates)


def redact(text: str, findings: list[Finding] | None = None) -> str:
    """``text`` with each finding replaced by its label ("[NHS number]")."""
    if findings is None:
        findings = scan(text)
    parts = []
    cursor = 0
    for finding in sorted(findings, key=lambda f: f.start):
        if finding.start < cursor:  # overlaps a finding already replaced
            continue
        parts.append(text[cursor : finding.start])
        parts.append(LABELS[finding.kind])
        cursor = finding.end
    parts.append(text[cursor:])
    return "".join(parts)
