"""Ways to reach a person: email addresses, UK phone numbers, postcodes and street addresses."""

import re
from collections.abc import Iterator
from pathlib import Path

import phonenumbers

from .findings import HIGH, LOW, Finding, make_finding

EMAIL = re.compile(
    r"(?<![\w.%+'-])[A-Za-z0-9][\w.%+'-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b"
)
# Written to dodge harvesters: "kerry.jones at gmail dot com", "kjones [at] hotmail [dot]
# co [dot] uk", "jo(at)nhs.net". The domain must end in a known top-level domain.
_AT = r"(?:\s*[\[({]\s*at\s*[\])}]\s*|\s+at\s+)"
_DOT = r"(?:\s*[\[({]\s*dot\s*[\])}]\s*|\s+dot\s+|\.)"
_TLD = r"(?:com|org|net|uk|gov|nhs|scot|wales|cymru|ie|io|info|edu|eu|me)"
OBFUSCATED_EMAIL = re.compile(
    rf"(?<![\w.%+'-])[A-Za-z0-9][\w.%+'-]*{_AT}[A-Za-z0-9-]+(?:{_DOT}[A-Za-z0-9-]+)*?"
    rf"{_DOT}{_TLD}\b",
    re.IGNORECASE,
)

# A UK number as people write it: 0, or +44 and an optional "(0)", then nine to eleven more
# digits with spaces, hyphens or brackets between them. phonenumbers decides validity.
PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+|\b00)44[ \-]?(?:\(0\)[ \-]?)?|\(0|0)\d(?:[ \-\u00a0().]{0,2}\d){8,10}"
    r"(?![\w])"
)
# A number abroad: "+48 512 341 991", "00353 87 123 4567". phonenumbers decides validity.
FOREIGN_PHONE = re.compile(
    r"(?<![\w+])(?:\+|\b00)(?!44)[1-9]\d{0,2}(?:[ \-\u00a0().]{0,2}\d){6,13}(?![\w])"
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
# Public helplines and advice lines that practitioners quote to each other: no person is
# identified, so they are never reported (the list, with sources, is data).
PUBLIC_NUMBERS = frozenset(
    line.split("|")[0].strip()
    for line in (Path(__file__).with_name("data") / "public_numbers.txt")
    .read_text(encoding="utf-8")
    .splitlines()
    if line.strip() and not line.startswith("#")
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
# "Flat 3, 22 Beech Court", "27a Harehills Lane", "Flat 2/1, 14 Dumbarton Road": a house
# number and one to three capitalised words ending in a street type. The town is not
# part of it. A Scottish tenement flat ("2/1", "0/2") may stand before the number.
_FLAT = (
    r"(?:(?:Flat|Apartment|Apt\.?|Unit|Room)\s+(?:\d{1,2}/\d{1,2}|\d{1,4}[A-Za-z]?),?\s+"
    r"|\d/\d,?\s+)"
)
ADDRESS = re.compile(
    rf"\b{_FLAT}?"
    r"\d{1,4}[A-Za-z]?,?\s+(?:[A-Z][\w'’-]*\s+){1,3}"
    rf"(?:{STREET_TYPES})\b"
)
# The same in lower case ("48 rosemount close"), when no word in it is a quantity or
# an everyday word that cannot name a street ("a 10 minute walk", "2 more days").
LOWER_ADDRESS = re.compile(
    rf"\b(?i:{_FLAT})?\d{{1,4}}[a-z]?,?\s+((?:[a-z][\w'’-]*\s+){{1,2}})"
    rf"(?:{STREET_TYPES.lower()})\b"
)
NOT_STREET_WORDS = frozenset(
    word
    for line in (Path(__file__).with_name("data") / "not_street_words.txt")
    .read_text(encoding="utf-8")
    .splitlines()
    if not line.startswith("#")
    for word in line.split()
)
# A Scottish tenement flat marks an address even without a street type: "Flat 3/1, 179
# Hilltown", "301 Hilltown, flat 0/3".
TENEMENT_ADDRESS = re.compile(
    r"\b(?i:flat)\s+\d/\d,?\s+\d{1,4}[A-Za-z]?\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?"
    r"|\b\d{1,4}[A-Za-z]?\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?,?\s+(?i:flat)\s+\d/\d\b"
)
# Welsh streets put the street word first: "23 Heol y Parc", "4 Ffordd yr Eglwys",
# "7 Stryd Fawr", "12 Lôn Las".
WELSH_ADDRESS = re.compile(
    r"\b\d{1,4}[A-Za-z]?,?\s+(?i:heol|ffordd|stryd|l[ôo]n|maes|rhodfa|cilgant|teras|cwrt)"
    r"(?:['’]r)?\s+(?:(?i:y|yr)\s+|'r\s+)?[^\W\d_][\w'’-]*"
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
    for pattern in (EMAIL, OBFUSCATED_EMAIL):
        for match in pattern.finditer(text):
            yield make_finding(text, "email", match.start(), match.end(), HIGH)


# Non-geographic numbers (03, 08, 09) belong to organisations far more often than to a
# person: one not in the list of public numbers is a low-confidence finding, so the
# writer confirms it rather than being refused (a council's contact centre, a charity).
SERVICE_PREFIXES = ("03", "08", "09")


def _phones(text: str) -> Iterator[Finding]:
    for match in PHONE.finditer(text):
        if _is_uk_phone_number(match.group()):
            start = match.start() + (match.group().startswith("(") and ")" not in match.group())
            national = _national_digits(match.group())
            confidence = LOW if national.startswith(SERVICE_PREFIXES) else HIGH
            yield make_finding(text, "phone", start, match.end(), confidence)
    for match in FOREIGN_PHONE.finditer(text):
        if _is_foreign_phone_number(match.group()):
            yield make_finding(text, "phone", match.start(), match.end(), HIGH)


def _is_foreign_phone_number(written: str) -> bool:
    digits = re.sub(r"\D", "", written)
    digits = digits[2:] if written.startswith("00") else digits
    try:
        parsed = phonenumbers.parse("+" + digits)
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_valid_number(parsed)


def is_public_number(written: str) -> bool:
    """A helpline or advice line from ``data/public_numbers.txt``, however it is written."""
    return _national_digits(written) in PUBLIC_NUMBERS


def _is_uk_phone_number(written: str) -> bool:
    national = _national_digits(written)
    if not national.startswith(PHONE_PREFIXES) or national in PUBLIC_NUMBERS:
        return False
    if national.startswith(DRAMA_RANGES) and len(national) == 11:
        return True
    try:
        parsed = phonenumbers.parse(national, "GB")
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_valid_number(parsed)


def _national_digits(written: str) -> str:
    """'+44 (0)7700 900123', '0044 7700 900123' and '07700-900-123' all become
    '07700900123'."""
    digits = re.sub(r"\D", "", written.replace("(0)", ""))
    if written.startswith("+44"):
        return "0" + digits[2:]
    if written.startswith("0044"):
        return "0" + digits[4:]
    return digits


# Lower-case inward codes that are ordinals or units: "y10 4th", "b12 3rd".
NOT_INWARD = frozenset({"st", "nd", "rd", "th"})


def _postcodes(text: str) -> Iterator[Finding]:
    for match in POSTCODE.finditer(text):
        written = match.group()
        # In any case as typed ("ls6 2qt", "Ls6 2qt", "LS62QT"), except an inward code
        # that is an ordinal in lower case ("Y10 4th").
        if not written.isupper() and written[-2:].lower() in NOT_INWARD:
            continue
        yield make_finding(text, "postcode", match.start(), match.end(), HIGH)


def _addresses(text: str, postcode_starts: list[int]) -> Iterator[Finding]:
    matches = [
        *ADDRESS.finditer(text),
        *WELSH_ADDRESS.finditer(text),
        *TENEMENT_ADDRESS.finditer(text),
    ]
    matches += [
        m
        for m in LOWER_ADDRESS.finditer(text)
        if not NOT_STREET_WORDS.intersection(m.group(1).split())
    ]
    for match in matches:
        followed_by_postcode = any(
            0 <= start - match.end() <= NEARBY_CHARS for start in postcode_starts
        )
        confidence = HIGH if followed_by_postcode else LOW
        yield make_finding(text, "address", match.start(), match.end(), confidence)
