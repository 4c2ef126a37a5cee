"""Dates of birth and ages tied to a person.

A date has no checksum, so only dates with a birth cue count ("DOB 12/03/2015", "born 3rd
March 2015"): meeting dates, deadlines and years of legislation have none. An age says
as much as a year of birth, so ages said of someone count too ("aged 7", "a 7-year-old",
"Jayden (7)"), but not ages that describe a group ("children aged 8 to 12", "most
7-year-olds").
"""

import re
from collections.abc import Iterable, Iterator
from datetime import date

from .findings import HIGH, Finding, make_finding

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_YEAR = r"(?:19|20)\d\d"
_ORDINAL = r"(?:st|nd|rd|th)?"
_NUMERIC = r"(?P<day>\d{1,2})[/.\-](?P<month>\d{1,2})[/.\-](?:\d{4}|\d\d)"
_DATE = (
    rf"(?:{_YEAR}-\d\d-\d\d|{_NUMERIC}"
    rf"|\d{{1,2}}{_ORDINAL}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}"
    rf"|{_MONTH}\s+\d{{1,2}}{_ORDINAL},?\s+{_YEAR}"
    rf"|{_MONTH}\s+{_YEAR}|{_YEAR})(?!\d)"
)
# "DOB" and "date of birth" may be a few words from their date, within the sentence
# ("the DOB on the form is 13/4/13", "date of birth for Finley: it should be 11 Dec
# 2012"); "born" and "b." must be right before it, since "born" also starts phrases like
# "born out of the 2019 review".
_LABEL_CUE = (
    r"\b(?:D\.?\s?O\.?\s?B\b\.?|date\s+of\s+birth|birth\s?date)(?:[\s:,]+[A-Za-z'’]+){0,6}?"
)
_BORN_CUE = r"\b(?:born(?:\s+(?:on|in))?|b\.)"
DATE_AFTER_BIRTH_CUE = re.compile(
    rf"(?:{_LABEL_CUE}|{_BORN_CUE})\s*(?:[:=–-]\s*)?\(?(?P<date>{_DATE})", re.IGNORECASE
)

_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    "fifteen|sixteen|seventeen|eighteen|nineteen|twenty"
)
_AGE_NUMBER = rf"(?:\d{{1,2}}|{_NUMBER_WORDS})"
_UNIT = r"(?:years?|yrs?|months?|weeks?|days?)"
AGED = re.compile(rf"\baged?\s+{_AGE_NUMBER}(?:\s*{_UNIT}(?:\s+old)?)?\b", re.IGNORECASE)
YEAR_OLD = re.compile(rf"\b{_AGE_NUMBER}[- ]{_UNIT}[- ]old\b(?!s)", re.IGNORECASE)
# "aged 8 to 12", "aged 13-17", "aged 65 and over": a range describes a group.
RANGE_AFTER = re.compile(
    r"\s*(?:[-–]|to\b|and\s+(?:over|under|above|below|older|younger)\b|"
    r"or\s+(?:over|under|above|below|older|younger)\b|\+|plus\b)",
    re.IGNORECASE,
)
GROUP_BEFORE = re.compile(
    r"\b(?:children|young\s+people|pupils|people|kids|adults|learners|students|families|"
    r"girls|boys|carers|parents|men|women|persons|groups?|cohorts?|those|anyone|everyone|"
    r"every|any|most|all|typical|average|under|over|from|by|until|till|above|below|"
    r"minimum|maximum|legal|school|retirement|pension|working|voting|compulsory)\s+$",
    re.IGNORECASE,
)
LOOKBEHIND_CHARS = 24
# Straight after a person: "Jayden, 7, told..." or "Jayden (7)".
AGE_AFTER_PERSON = re.compile(
    r"(?:,\s*(?P<listed>\d{1,2})"
    r"(?=\s*[,;)]|\.(?!\d)|\s+(?:and|who|is|has|was|had|lives|attends)\b)"
    r"|\s*\((?P<bracketed>\d{1,2})(?:\s*(?:yrs?|years?|y/?o|months?))?\))"
)
RELATIVE = re.compile(
    r"\b(?:son|daughter|brother|sister|baby|child|boy|girl|nephew|niece|grandson|"
    r"granddaughter|toddler|twin|stepson|stepdaughter)\b",
    re.IGNORECASE,
)


def find_dates_of_birth(text: str, person_ends: Iterable[int]) -> Iterator[Finding]:
    """Dates and ages of birth; ``person_ends`` are where names found in the text end."""
    yield from _cued_birth_dates(text)
    yield from _stated_ages(text)
    anchors = set(person_ends) | {m.end() for m in RELATIVE.finditer(text)}
    yield from _ages_after_people(text, anchors)


def _cued_birth_dates(text: str) -> Iterator[Finding]:
    for match in DATE_AFTER_BIRTH_CUE.finditer(text):
        if match.group("day") and not _is_day_month(match.group("day"), match.group("month")):
            continue
        yield make_finding(text, "date_of_birth", match.start("date"), match.end("date"), HIGH)


def _is_day_month(day: str, month: str) -> bool:
    try:
        date(2000, int(month), int(day))
    except ValueError:
        return False
    return True


def _stated_ages(text: str) -> Iterator[Finding]:
    for pattern in (AGED, YEAR_OLD):
        for match in pattern.finditer(text):
            if not _describes_a_group(text, match.start(), match.end()):
                yield make_finding(text, "date_of_birth", match.start(), match.end(), HIGH)


def _describes_a_group(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - LOOKBEHIND_CHARS) : start]
    return bool(RANGE_AFTER.match(text, end) or GROUP_BEFORE.search(before))


def _ages_after_people(text: str, anchors: set[int]) -> Iterator[Finding]:
    for anchor in sorted(anchors):
        match = AGE_AFTER_PERSON.match(text, anchor)
        if match:
            group = "listed" if match.group("listed") else "bracketed"
            yield make_finding(text, "date_of_birth", match.start(group), match.end(group), HIGH)
