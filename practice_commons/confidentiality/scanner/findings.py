"""What a detector reports, and how competing reports over the same characters are settled."""

from bisect import bisect_left
from dataclasses import dataclass

KINDS = (
    "person_name",
    "nhs_number",
    "chi_number",
    "hc_number",
    "ni_number",
    "upn",
    "postcode",
    "address",
    "phone",
    "email",
    "date_of_birth",
    "case_reference",
)
LABELS = {
    "person_name": "[name]",
    "nhs_number": "[NHS number]",
    "chi_number": "[CHI number]",
    "hc_number": "[H&C number]",
    "ni_number": "[NI number]",
    "upn": "[UPN]",
    "postcode": "[postcode]",
    "address": "[address]",
    "phone": "[phone]",
    "email": "[email]",
    "date_of_birth": "[date of birth]",
    "case_reference": "[case reference]",
}
HIGH, LOW = "high", "low"

# Lower rank wins an overlap. A check digit is the strongest evidence there is, a name
# guess the weakest; a postcode inside an address line and the address itself tie.
_RANK = {
    "nhs_number": 0,
    "chi_number": 0,
    "hc_number": 0,
    "ni_number": 0,
    "upn": 0,
    "email": 1,
    "phone": 2,
    "postcode": 3,
    "address": 3,
    "date_of_birth": 4,
    "case_reference": 5,
    "person_name": 6,
}


@dataclass(frozen=True, slots=True)
class Finding:
    """One identifier found in a text: ``text == source[start:end]`` (character offsets)."""

    kind: str
    start: int
    end: int
    text: str
    confidence: str


def make_finding(source: str, kind: str, start: int, end: int, confidence: str) -> Finding:
    return Finding(kind, start, end, source[start:end], confidence)


def resolve_overlaps(candidates: list[Finding]) -> list[Finding]:
    """Keep the strongest of any overlapping findings; return them sorted by start.

    Strength is the kind's rank, then length (longer wins), then position, so the result
    does not depend on the order the detectors ran in.
    """
    ordered = sorted(candidates, key=lambda f: (_RANK[f.kind], f.start - f.end, f.start))
    starts: list[int] = []
    kept: list[Finding] = []
    for finding in ordered:
        i = bisect_left(starts, finding.start)
        clashes_before = i > 0 and kept[i - 1].end > finding.start
        clashes_after = i < len(kept) and kept[i].start < finding.end
        if not (clashes_before or clashes_after):
            starts.insert(i, finding.start)
            kept.insert(i, finding)
    return kept
