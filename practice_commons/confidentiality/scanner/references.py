"""Case and record references from local systems (Mosaic, LCS, EHM and the like).

They have no national format: five to twenty letters and digits, with at least one
digit, after a cue such as "case no", "Mosaic ID" or "ref". A cue that names a case
system is strong evidence ("high"); a bare "ref" or "ID" is weaker ("low"). A cue that
belongs to something other than a person's case ("course ID", "policy ref", "invoice
number") is not a case reference at all.
"""

import re
from collections.abc import Iterator

from .findings import HIGH, LOW, Finding, make_finding

_NUMBER_WORD = r"(?:\s*(?:no\b\.?|number|num\b\.?|ref(?:erence)?\b\.?|id\b|#))?"
_SYSTEMS = (
    r"mosaic|lcs|ehm|liquid\s?logic|eclipse|care\s?first|paris|frameworki|azeus|swift|"
    r"wisdom|capita|servelec|crn|soscis|carestream"
)
_STRONG_CUE = (
    r"case\s*(?:no\b\.?|number|num\b\.?|ref(?:erence)?\b\.?|id\b|#)"
    rf"|(?:{_SYSTEMS})\b{_NUMBER_WORD}"
    r"|(?:person|child|client|family|pupil|subject)\s+id\b"
    r"|cp\s+plan\s*(?:no\b\.?|number)"
)
_WEAK_CUE = r"(?:ref(?:erence)?\b\.?|id\b)(?:\s*(?:no\b\.?|number))?"
# A strong cue may be a few words from its reference ("LCS record open (3436217)").
_GAP = r"(?:\s+(?-i:[a-z]+)){0,4}?"
_REFERENCE = r"(?P<ref>(?=[A-Za-z/-]*\d)[A-Za-z0-9][A-Za-z0-9/-]{3,18}[A-Za-z0-9])(?![\w/-])"
_BETWEEN = r"\s*(?:is\s+|was\s+)?[:#=–-]?\s*\(?"
# "case 1234567", "Case FS/2018/2362:": a bare "case" before a reference with five or
# more digits or the shape of a system's reference.
BARE_CASE = re.compile(
    r"\bcase\s*[:#]?\s*(?P<ref>\d{5,12}|[A-Z]{1,4}[/-]?\d{5,10}|[A-Z]{1,4}[/-](?:19|20)\d\d[/-]\d{2,6})"
    r"(?![\w/-])",
    re.IGNORECASE,
)
# A reference shaped like a case system's, whatever is around it: "CP-2021-13045",
# "CIN/2022/0789", "LAC 2019 04561".
SYSTEM_SHAPED = re.compile(
    r"\b(?:CP|CIN|LAC|CLA|CIC|CiC|EH|EHA|EHM|FS|CSC|ASC|CS|SW|MASH|YOS|YJS|CAF|CAMHS|PLO)"
    r"[-/ ](?:19|20)\d\d[-/ ]\d{3,6}\b"
)
CUED_REFERENCE = re.compile(
    rf"\b(?:(?P<strong>{_STRONG_CUE}){_GAP}|(?P<weak>{_WEAK_CUE})){_BETWEEN}{_REFERENCE}",
    re.IGNORECASE,
)
NOT_A_CASE = re.compile(
    r"\b(?:course|training|booking|room|ticket|invoice|order|purchase|policy|procedure|"
    r"grant|event|session|meeting|candidate|employee|staff|payroll|registration|form|"
    r"document|version|isbn|product|account|transaction|tracking|parcel|job|vacancy)"
    r"\s*$",
    re.IGNORECASE,
)
# Dates and years ("2019-20") are not references, even after a cue.
DATE_OR_YEAR = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|(?:19|20)\d\d(?:[/-]\d{2,4})?")
LOOKBEHIND_CHARS = 20


def find_case_references(text: str) -> Iterator[Finding]:
    for pattern in (BARE_CASE, SYSTEM_SHAPED):
        for match in pattern.finditer(text):
            start, end = match.span("ref") if pattern is BARE_CASE else match.span()
            if not DATE_OR_YEAR.fullmatch(text[start:end]):
                yield make_finding(text, "case_reference", start, end, HIGH)
    for match in CUED_REFERENCE.finditer(text):
        reference = match.group("ref")
        if DATE_OR_YEAR.fullmatch(reference):
            continue
        if NOT_A_CASE.search(text[max(0, match.start() - LOOKBEHIND_CHARS) : match.start()]):
            continue
        confidence = HIGH if match.group("strong") else LOW
        yield make_finding(text, "case_reference", match.start("ref"), match.end("ref"), confidence)
