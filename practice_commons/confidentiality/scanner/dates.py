"""Dates of birth.

A date has no checksum, so only dates with a birth cue count ("DOB 12/03/2015", "born on
the 21st of March 2007", "d.o.b. 12.3.15"), or a date in brackets straight after a name
("Jayden Okafor (12/03/2015)"): meeting dates, deadlines and years of legislation have
none. "Born" counts only when the clause before it is about a person, not a thing ("the
hub was born on 1 April 2019 when the councils merged").

Ages are not dates of birth: an age alone identifies no one, and practitioners anonymise
with it ("Child A, aged 7"); an age beside a name is found as the name.
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
    r"\b(?:D\.?\s?O\.?\s?B(?:\b|(?=\d))\.?|date\s+of\s+birth|birth\s?date)"
    r"(?:[\s:,]+[A-Za-z'’]+){0,6}?"
)
_BORN_CUE = r"\b(?P<born>born(?:\s+(?:on|in))?|b\.)(?:\s+the)?"
DATE_AFTER_BIRTH_CUE = re.compile(
    rf"(?:{_LABEL_CUE}|{_BORN_CUE})\s*(?:[:=–-]\s*)?\(?(?P<date>{_DATE})", re.IGNORECASE
)

# "the hub was born on 1 April 2019", "the service, born in 2014,": a thing, not a person,
# in the clause before "born". A person in it ("she", "her son", "baby") outweighs it.
NON_PERSON_SUBJECT = re.compile(
    r"\b(?:hub|service|team|project|idea|scheme|partnership|forum|group|network|"
    r"initiative|programme|program|charity|organisation|organization|council|unit|model|"
    r"approach|campaign|law|act|bill|review|movement|centre|center|panel|board|company|"
    r"business|website|app|policy|strategy|framework|pilot|course|festival|tradition|"
    r"community|practice|clinic|school|college|nursery|club|collaborative|alliance)s?\b",
    re.IGNORECASE,
)
PERSON_SUBJECT = re.compile(
    r"\b(?:he|she|they|him|her|his|baby|child|son|daughter|boy|girl|brother|sister|"
    r"twins?|sibling|mum|dad|mother|father|who)\b",
    re.IGNORECASE,
)
CLAUSE_START = re.compile(r"[.;!?\n]")
SUBJECT_WORDS = 6
# A full date in brackets straight after a name: "Jayden Okafor (12/03/2015)" (a year
# alone is more often a citation: "Munro (2011)").
_FULL_DATE = (
    rf"(?:{_YEAR}-\d\d-\d\d|{_NUMERIC}|\d{{1,2}}{_ORDINAL}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}"
    rf"|{_MONTH}\s+\d{{1,2}}{_ORDINAL},?\s+{_YEAR})"
)
# Any short label may stand before the date, typos included ("(brn 4 Nov 2021)").
BRACKETED_DATE = re.compile(
    rf"\s*\((?:[A-Za-z.]{{1,8}}:?\s+(?:the\s+)?)?(?P<date>{_FULL_DATE})\)", re.IGNORECASE
)


def find_dates_of_birth(text: str, person_ends: Iterable[int]) -> Iterator[Finding]:
    """Dates of birth; ``person_ends`` are where names found in the text end."""
    yield from _cued_birth_dates(text)
    for end in person_ends:
        match = BRACKETED_DATE.match(text, end)
        if match and _real_date(match):
            yield make_finding(text, "date_of_birth", match.start("date"), match.end("date"), HIGH)


def _cued_birth_dates(text: str) -> Iterator[Finding]:
    for match in DATE_AFTER_BIRTH_CUE.finditer(text):
        if not _real_date(match):
            continue
        if match.group("born") and _born_of_a_thing(text, match.start()):
            continue
        yield make_finding(text, "date_of_birth", match.start("date"), match.end("date"), HIGH)


def _real_date(match: re.Match) -> bool:
    return not match.group("day") or _is_day_month(match.group("day"), match.group("month"))


def _born_of_a_thing(text: str, cue_start: int) -> bool:
    """ "The hub was born on 1 April 2019": the last few words of the clause before "born"
    name a thing and no person."""
    clause_start = 0
    for boundary in CLAUSE_START.finditer(text, max(0, cue_start - 120), cue_start):
        clause_start = boundary.end()
    words = " ".join(text[clause_start:cue_start].split()[-SUBJECT_WORDS:])
    return bool(NON_PERSON_SUBJECT.search(words)) and not PERSON_SUBJECT.search(words)


def _is_day_month(day: str, month: str) -> bool:
    try:
        date(2000, int(month), int(day))
    except ValueError:
        return False
    return True
