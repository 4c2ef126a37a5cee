"""Identifiers with check digits: NHS, CHI, H&C, National Insurance and pupil numbers.

A check digit makes these the most reliable findings, so all of them are "high".

NHS, CHI and H&C numbers are all ten digits with the same mod-11 check, so one run of
ten digits is classified once, as the most specific kind it satisfies (see
``classify_ten_digits``).
"""

import re
from collections.abc import Iterator
from datetime import date

from stdnum.gb import nhs, upn

from .findings import HIGH, Finding, make_finding

_SEP = r"[ \-\u00a0]"
# Between two digits of a ten-digit number people write one or two spaces, a hyphen, a
# dot, or a line break ("943 476 5919", "943.476.5919", "943  476  5919", "943 476\n5919").
_GAP = r"(?:[ \u00a0.\-]{1,2}|[ \t]*\r?\n[ \t]*)"
TEN_DIGITS = re.compile(rf"(?<![\d+])\d(?:{_GAP}?\d){{9}}")
# What before or after a run of ten digits makes it part of something longer: another
# digit across a separator (a phone number, an ISBN), or "+44" / "(0)" / "0044" before it
# (a phone number written without its 0).
_LONGER_BEFORE = re.compile(r"(?:\d[ \u00a0.\-]{0,2}|\+44[ \-]?|\(0\)[ \-]?|\b0044[ \-]?)$")
_LONGER_AFTER = re.compile(r"[ \u00a0\-]{0,2}\d|\.\d")
# Ten digits that name something else: "Zoom meeting ID 812 3456 7890", "invoice
# 4002311812", "ISBN 0198504038". One in eleven such numbers passes the mod-11 check.
NOT_A_PERSON_BEFORE = re.compile(
    r"\b(?:meeting|zoom|teams|webinar|passcode|invoice|order|isbn|tracking|parcel|account|"
    r"booking|ticket|course|event|job|vacancy|policy|transaction|serial|product|grant)\b"
    r"[\w\s:#.-]{0,18}$",
    re.IGNORECASE,
)
# Two prefix letters, six digits (in pairs, threes or together) and a suffix A-D, in
# either case: "AB 12 34 56 C", "AB 123 456 C", "ab123456c".
NI_NUMBER = re.compile(
    rf"\b([A-Z]{{2}}){_SEP}?(\d(?:{_SEP}?\d){{5}}){_SEP}?([A-D])\b", re.IGNORECASE
)
NI_NOT_FIRST = frozenset("DFIQUV")
NI_NOT_SECOND = frozenset("DFIQUVO")
NI_NEVER_ISSUED = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})
# Check letter, LA number, establishment number, year and serial (a temporary UPN ends in
# two digits and a letter). Separators are allowed only between those parts.
UPN = re.compile(
    rf"\b([A-Z]){_SEP}?(\d{{3}}){_SEP}?(\d{{4}}){_SEP}?(\d\d){_SEP}?(\d{{3}}|\d\d[A-Z])\b",
    re.IGNORECASE,
)
HC_FIRST, HC_LAST = 320_000_001, 399_999_999


def find_identifiers(text: str) -> Iterator[Finding]:
    yield from _ten_digit_numbers(text)
    yield from _ni_numbers(text)
    yield from _pupil_numbers(text)


def _ten_digit_numbers(text: str) -> Iterator[Finding]:
    for match in TEN_DIGITS.finditer(text):
        if _LONGER_BEFORE.search(text, max(0, match.start() - 6), match.start()):
            continue
        if _LONGER_AFTER.match(text, match.end()):
            continue
        if NOT_A_PERSON_BEFORE.search(text, max(0, match.start() - 30), match.start()):
            continue
        kind = classify_ten_digits(re.sub(r"\D", "", match.group()))
        if kind:
            yield make_finding(text, kind, match.start(), match.end(), HIGH)


def classify_ten_digits(digits: str) -> str | None:
    """Name the kind of a ten-digit number, or None if no check passes.

    Precedence, most specific first:

    1. H&C (Northern Ireland): the first nine digits in 320000001-399999999 and a valid
       mod-11 check. Such a number cannot also be a CHI number: a day of 32-39 is no date.
    2. CHI (Scotland): the first six digits are a real DDMMYY date and either CHI check
       passes (mod-11, or since 2026 the Luhn-style mod-10). A date-shaped number that
       also passes mod-11 is reported as CHI, not NHS: NHS England numbers are issued
       from ranges that start 4-9, never from the CHI date space, so the date is the
       more specific evidence.
    3. NHS (England, Wales, Isle of Man): mod-11 alone.
    """
    mod11_valid = nhs.checksum(digits) == 0
    if mod11_valid and HC_FIRST <= int(digits[:9]) <= HC_LAST:
        return "hc_number"
    if _is_ddmmyy(digits[:6]) and (mod11_valid or _chi_mod10_valid(digits)):
        return "chi_number"
    if mod11_valid:
        return "nhs_number"
    return None


def _is_ddmmyy(six: str) -> bool:
    """A real calendar date, read as 20YY: 29 February is then allowed in years 00, 04...,
    which is right for every century a living person was born in except 1900."""
    try:
        date(2000 + int(six[4:]), int(six[2:4]), int(six[:2]))
    except ValueError:
        return False
    return True


def _chi_mod10_valid(digits: str) -> bool:
    """Double digits 1, 3, 5, 7 and 9, cast out nines, and the sum of all ten ends in 0."""
    total = int(digits[9])
    for i, digit in enumerate(digits[:9]):
        value = int(digit) * 2 if i % 2 == 0 else int(digit)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def _ni_numbers(text: str) -> Iterator[Finding]:
    for match in NI_NUMBER.finditer(text):
        if _is_issued_ni_prefix(match.group(1).upper()):
            yield make_finding(text, "ni_number", match.start(), match.end(), HIGH)


def _is_issued_ni_prefix(prefix: str) -> bool:
    return (
        prefix[0] not in NI_NOT_FIRST
        and prefix[1] not in NI_NOT_SECOND
        and prefix not in NI_NEVER_ISSUED
    )


def _pupil_numbers(text: str) -> Iterator[Finding]:
    for match in UPN.finditer(text):
        if _is_valid_upn("".join(match.groups()).upper()):
            yield make_finding(text, "upn", match.start(), match.end(), HIGH)


def _is_valid_upn(compact: str) -> bool:
    """The DfE check letter over characters 2-13.

    ``stdnum.gb.upn.validate`` also insists on a local authority number from its own
    table, which lags local government reorganisations; the check letter alone already
    rejects 22 of 23 look-alikes, so only the letter is checked.
    """
    try:
        return upn.calc_check_digit(compact[1:]) == compact[0]
    except ValueError:  # a character outside the UPN alphabet (I, O or S)
        return False
