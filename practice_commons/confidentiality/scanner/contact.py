"""Ways to reach a person: email addresses, UK phone numbers, postcodes and street addresses."""

import re
from collections.abc import Iterator

import phonenumbers

from .findings import HIGH, LOW, Finding, make_finding

EMAIL = re.compile(
    r"(?<![\w.%+'-])[A-Za-z0-9][\w.%+'-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b"
)

# A UK number as people write it: 0, or +44 and an optional "(0)", then nine to eleven more
# digits with spaces, hyphens or brackets between them. phonenumbers decides validity.
PHONE = re.compile(
    r"(?<![\w+])(?:\+44[ \-]?(?:\(0\)[ \-]?)?|\(0|0)\d(?:[ \-\u00a0()]{0,2}\d){8,10}(?![\w])"
)
PHONE_PREFIXES = ("01", "02", "03", "07", "08", "09")
# Ofcom reserves these ranges for drama and examples. They are not allocated, so
# phonenumbers may call them invalid, but a practitioner's text using one is still
# writing a phone number, and the corpus and tests use nothing else.
DRAMA_RANGES = (
    "07700900",
    "01134960",
    "01144960",
    "01154960",
    "01164960",
    "01174960",
    "01184960",
    "01214960",
    "01314960",
    "01414960",
    "01514960",
    "01614960",
    "02079460",
    "01914980",
    "02896496",
    "02920180",
    "01632960",
    "08081570",
    "09098790",
    "03069990",
)
# Public helplines that practitioners quote to each other; no person is identified.
PUBLIC_HELPLINES = frozenset(
    {
        "08088005000",  # NSPCC helpline
        "08082000247",  # National Domestic Abuse Helpline
    }
)

# The Royal Mail shape: outward code (area, district, optional sub-district letter), an
# optional space, and the inward code (a digit and two letters, never C, I, K, M, O or V).
POSTCODE = re.compile(
    r"\b(?:GIR ?0AA|BFPO ?\d{1,4}|"
    r"(?:[A-PR-UWYZ][0-9][0-9A-HJKPSTUW]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9ABEHMNPRV-Y]?)"
    r" ?[0-9][ABD-HJLNP-UW-Z]{2})\b",
    re.IGNORECASE,
)

STREET_TYPES = (
    "Road|Rd|Street|St|Avenue|Ave|Lane|Close|Drive|Way|Crescent|Court|Gardens|Place|Terrace|"
    "Grove|Walk|View|Mews|Rise|Hill|Square|Row|Parade|Green|Vale|Bank|Fold|Croft|Wynd|Brae|"
    "Heights|Chase|Mount|Park|Approach|Boulevard|Circus|Gate|Yard|Wharf|Quay|Path|Passage"
)
# "Flat 3, 22 Beech Court", "27a Harehills Lane": a house number and one to three
# capitalised words ending in a street type. The town is not part of it.
ADDRESS = re.compile(
    r"\b(?:(?:Flat|Apartment|Apt\.?|Unit|Room)\s+\d{1,4}[A-Za-z]?,?\s+)?"
    r"\d{1,4}[A-Za-z]?,?\s+(?:[A-Z][\w'’-]*\s+){1,3}"
    rf"(?:{STREET_TYPES})\b"
)
# An address reads as certain when a postcode follows it closely (", Leeds LS9 7AB").
NEARBY_CHARS = 40


def find_contact_details(text: str) -> Iterator[Finding]:
    yield from _emails(text)
    yield from _phones(text)
    postcodes = list(_postcodes(text))
    yield from postcodes
    yield from _addresses(text, [p.start for p in postcodes])


def _emails(text: str) -> Iterator[Finding]:
    for match in EMAIL.finditer(text):
        yield make_finding(text, "email", match.start(), match.end(), HIGH)


def _phones(text: str) -> Iterator[Finding]:
    for match in PHONE.finditer(text):
        if _is_uk_phone_number(match.group()):
            yield make_finding(text, "phone", match.start(), match.end(), HIGH)


def _is_uk_phone_number(written: str) -> bool:
    national = _national_digits(written)
    if not national.startswith(PHONE_PREFIXES) or national in PUBLIC_HELPLINES:
        return False
    if national.startswith(DRAMA_RANGES) and len(national) == 11:
        return True
    try:
        parsed = phonenumbers.parse(national, "GB")
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_valid_number(parsed)


def _national_digits(written: str) -> str:
    """'+44 (0)7700 900123' and '07700-900-123' both become '07700900123'."""
    digits = re.sub(r"\D", "", written.replace("(0)", ""))
    return "0" + digits[2:] if written.startswith("+44") else digits


def _postcodes(text: str) -> Iterator[Finding]:
    for match in POSTCODE.finditer(text):
        written = match.group()
        # Upper or lower case as typed, but never mixed: "Ab1 2Cd" is not a postcode.
        if written.isupper() or written.islower():
            yield make_finding(text, "postcode", match.start(), match.end(), HIGH)


def _addresses(text: str, postcode_starts: list[int]) -> Iterator[Finding]:
    for match in ADDRESS.finditer(text):
        followed_by_postcode = any(
            0 <= start - match.end() <= NEARBY_CHARS for start in postcode_starts
        )
        confidence = HIGH if followed_by_postcode else LOW
        yield make_finding(text, "address", match.start(), match.end(), confidence)
