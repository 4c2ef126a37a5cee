"""The confidentiality scanner: one test per rule, then properties over generated text.

Pure Python: no database, no settings. Every number here is fictional: check digits are
computed, phone numbers come from Ofcom's drama ranges.
"""

from datetime import date
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from practice_commons.confidentiality.scanner import KINDS, LABELS, Finding, redact, scan
from practice_commons.confidentiality.scanner.identifiers import classify_ten_digits

CHECK_DIGIT_KINDS = ("nhs_number", "chi_number", "hc_number", "ni_number", "upn")


def kinds(text: str) -> list[str]:
    return [f.kind for f in scan(text)]


def found(text: str, kind: str) -> list[str]:
    return [f.text for f in scan(text) if f.kind == kind]


def mod11(nine: str) -> int | None:
    check = 11 - sum(int(d) * (10 - i) for i, d in enumerate(nine)) % 11
    return {11: 0, 10: None}.get(check, check)


def luhn_chi(nine: str) -> int:
    total = sum(
        (int(d) * 2 - 9 if int(d) * 2 > 9 else int(d) * 2) if i % 2 == 0 else int(d)
        for i, d in enumerate(nine)
    )
    return (10 - total % 10) % 10


def upn_letter(twelve: str) -> str:
    alphabet = "ABCDEFGHJKLMNPQRTUVWXYZ0123456789"
    return alphabet[sum(i * alphabet.index(c) for i, c in enumerate(twelve, 2)) % 23]


# --- the API --------------------------------------------------------------------------


def test_kinds_and_labels_cover_each_other():
    assert set(LABELS) == set(KINDS)
    assert len(KINDS) == 12


def test_finding_is_frozen_and_slotted():
    finding = scan("NHS 943 476 5919")[0]
    assert finding == Finding("nhs_number", 4, 16, "943 476 5919", "high")
    with pytest.raises(AttributeError):
        finding.kind = "upn"
    assert not hasattr(finding, "__dict__")


def test_redact_replaces_each_finding_with_its_label():
    text = "Mum (Tracey) is on 07700 900123 and NHS 943 476 5919."
    assert redact(text) == "Mum ([name]) is on [phone] and NHS [NHS number]."


def test_redact_uses_the_findings_it_is_given():
    text = "Ring 07700 900123 or email a.b@example.com"
    phone_only = [f for f in scan(text) if f.kind == "phone"]
    assert redact(text, phone_only) == "Ring [phone] or email a.b@example.com"
    assert redact(text, []) == text


def test_empty_and_plain_text_have_no_findings():
    assert scan("") == []
    assert scan("Reflecting on supervision this week: I felt heard.") == []


# --- ten-digit health numbers -------------------------------------------------------------


@pytest.mark.parametrize("written", ["943 476 5919", "943-476-5919", "9434765919"])
def test_nhs_number_in_any_grouping(written):
    assert found(f"NHS number {written} on the letter", "nhs_number") == [written]


def test_nhs_number_with_a_wrong_check_digit_is_not_found():
    assert kinds("the example 943 476 5918 fails its check") == []


def test_a_ten_digit_run_inside_a_longer_number_is_ignored():
    assert kinds("ISBN 978-1-9434-7659-19 and 19434765919") == []


def test_chi_number_example_from_the_rules():
    assert found("CHI 0101011237", "chi_number") == ["0101011237"]
    assert found("CHI 010101 1237", "chi_number") == ["010101 1237"]


def test_classify_precedence_hc_then_chi_then_nhs():
    hc = "320000001" + str(mod11("320000001"))
    assert classify_ten_digits(hc) == "hc_number"
    chi_by_mod11 = "010101123" + str(mod11("010101123"))
    assert classify_ten_digits(chi_by_mod11) == "chi_number"  # also a valid mod-11 NHS shape
    base = "150612345"
    chi_by_luhn = base + str(luhn_chi(base))
    assert mod11(base) != luhn_chi(base)
    assert classify_ten_digits(chi_by_luhn) == "chi_number"
    assert classify_ten_digits("9434765919") == "nhs_number"
    assert classify_ten_digits("9434765918") is None


def test_chi_luhn_check_only_counts_with_a_real_date():
    base = "320612345"  # day 32: no date, so the mod-10 rule cannot make it a CHI
    number = base + str(luhn_chi(base))
    if mod11(base) != luhn_chi(base):
        assert classify_ten_digits(number) is None


def test_hc_range_edges():
    below = "319999999"
    assert mod11(below) is not None
    assert classify_ten_digits(below + str(mod11(below))) == "nhs_number"
    top = "399999999"
    if mod11(top) is not None:
        assert classify_ten_digits(top + str(mod11(top))) == "hc_number"


def test_phone_number_after_plus_44_is_not_read_as_a_health_number():
    number = "+44 (0)113 496 0123"
    assert kinds(f"Ring {number}") == ["phone"]


# --- National Insurance numbers ---------------------------------------------------------


@pytest.mark.parametrize("written", ["AB 12 34 56 C", "AB123456C", "ab123456c", "JG 103759 A"])
def test_ni_number_found(written):
    assert found(f"NI number {written} on file", "ni_number") == [written]


@pytest.mark.parametrize(
    "written",
    [
        "QQ 12 34 56 A",  # the deliberately invalid example
        "BG 12 34 56 A",
        "GB 12 34 56 A",
        "NK 12 34 56 A",
        "KN 12 34 56 A",
        "TN 12 34 56 A",
        "NT 12 34 56 A",
        "ZZ 12 34 56 A",  # prefixes never issued
        "DA 12 34 56 A",
        "FA 12 34 56 A",
        "IA 12 34 56 A",
        "UA 12 34 56 A",
        "VA 12 34 56 A",
        "AO 12 34 56 A",  # O never second
        "AB 12 34 56 E",  # suffix beyond D
    ],
)
def test_invalid_ni_numbers_are_not_found(written):
    assert "ni_number" not in kinds(f"NI number {written} on file")


# --- pupil numbers ------------------------------------------------------------------------


def test_upn_example_and_wrong_check_letter():
    assert found("UPN B801200005001", "upn") == ["B801200005001"]
    assert found("UPN A801200005001", "upn") == []


def test_temporary_upn_ends_in_a_letter():
    body = "80120000501A"
    upn = upn_letter(body) + body
    assert found(f"temporary UPN {upn} issued", "upn") == [upn]


def test_upn_from_a_local_authority_missing_from_stdnums_table():
    body = "940123424001"  # a newer unitary authority's number
    upn = upn_letter(body) + body
    assert found(f"UPN {upn}", "upn") == [upn]


# --- postcodes, phones, emails, addresses --------------------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        "LS9 7AB",
        "LS97AB",
        "ls9 7ab",
        "M1 1AE",
        "SW1A 1AA",
        "EC1A 1BB",
        "CF10 3AT",
        "GIR 0AA",
        "BT7 1NN",
        "BFPO 105",
        "Ls9 7ab",
        "ls97ab",
    ],
)
def test_postcodes_found(written):
    assert found(f"moved to {written} last week", "postcode") == [written]


@pytest.mark.parametrize("written", ["y10 4th", "LS9", "the LS9 area", "LS9 7CA"])
def test_postcode_look_alikes_not_found(written):
    assert found(f"moved to {written} last week", "postcode") == []


@pytest.mark.parametrize(
    "written",
    [
        "07700 900123",
        "07700900123",
        "07700-900-123",
        "+44 7700 900123",
        "+44 (0)7700 900123",
        "0113 496 0123",
        "(0113) 496 0123",
        "01632 960123",
        "020 7946 0123",
        "0161 496 0123",
        "029 2018 0123",
    ],
)
def test_phone_numbers_found(written):
    assert found(f"her number is {written} today", "phone") == [written]


@pytest.mark.parametrize(
    "written",
    [
        "0808 800 5000",  # NSPCC helpline: public
        "0113 2022 87",  # too short for a Leeds number
        "0113 496",
        "extension 4521",
    ],
)
def test_phone_look_alikes_not_found(written):
    assert "phone" not in kinds(f"call {written} for help")


def test_email_found_without_trailing_punctuation():
    assert found("Email sarah.k87@example.co.uk.", "email") == ["sarah.k87@example.co.uk"]


def test_address_confidence_depends_on_a_postcode_nearby():
    with_postcode = scan("lives at Flat 3, 22 Beech Court, Leeds LS9 7AB")
    address = next(f for f in with_postcode if f.kind == "address")
    assert (address.text, address.confidence) == ("Flat 3, 22 Beech Court", "high")
    bare = next(f for f in scan("lives at 27a Harehills Lane now") if f.kind == "address")
    assert (bare.text, bare.confidence) == ("27a Harehills Lane", "low")


# --- dates of birth ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "date_text"),
    [
        ("DOB 12/03/2015", "12/03/2015"),
        ("D.O.B. 03.11.09", "03.11.09"),
        ("date of birth: 7 June 2012", "7 June 2012"),
        ("born 14th February 2019", "14th February 2019"),
        ("b. 2/9/2016", "2/9/2016"),
        ("born in March 2020", "March 2020"),
        ("the DOB on the form is 13/4/13", "13/4/13"),
    ],
)
def test_dates_with_a_birth_cue(text, date_text):
    assert found(text, "date_of_birth") == [date_text]


@pytest.mark.parametrize(
    "text",
    [
        "she is aged 7 and",
        "he is aged seven",
        "a 7-year-old boy",
        "a fifteen year old",
        "since age 14 she",
        "baby aged 14 months",
        "Child A, aged 7, told his teacher",
        "Jayden, 7, told his teacher",
        "Jayden (7) told his teacher",
        "her son (4) is",
    ],
)
def test_ages_alone_are_not_dates_of_birth(text):
    """Practitioners anonymise with ages; an age beside a name is found as the name."""
    assert found(text, "date_of_birth") == []


@pytest.mark.parametrize(
    ("text", "date_text"),
    [
        ("born on the 21st of March 2007", "21st of March 2007"),
        ("(DOB 12.03.2015)", "12.03.2015"),
        ("Jayden Okafor (12/03/2015) was seen", "12/03/2015"),
        ("she was born in 2014", "2014"),
    ],
)
def test_dates_of_birth_as_people_write_them(text, date_text):
    assert found(text, "date_of_birth") == [date_text]


@pytest.mark.parametrize(
    "text",
    [
        "The hub was born on 1 April 2019 when the councils merged.",
        "The service was born in 2014.",
        "The scheme, born in 2018, now covers three councils.",
        "Munro (2011) is still the best account.",
    ],
)
def test_dates_that_are_born_of_things(text):
    assert found(text, "date_of_birth") == []


@pytest.mark.parametrize(
    "text",
    [
        "The strategy meeting is on 12/03/2025 at 10:30.",
        "Deadline for CPD is 30 November.",
        "A section 47 enquiry under the Children Act 1989.",
        "The Care Act 2014 section 42 duty.",
        "A group for young people aged 13-17.",
        "Children aged 8 to 12 are welcome.",
        "Most 7-year-olds can tell you.",
        "Services for the under-5s and people aged 65 and over.",
        "The project was born out of the 2019 conference.",
    ],
)
def test_dates_that_are_not_births(text):
    assert found(text, "date_of_birth") == []


# --- case references --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "reference", "confidence"),
    [
        ("Mosaic ID 1234567", "1234567", "high"),
        ("case no. CP-2023-0456", "CP-2023-0456", "high"),
        ("our LCS number is 2045871", "2045871", "high"),
        ("person ID 556677", "556677", "high"),
        ("CP plan no 23114", "23114", "high"),
        ("keep the LCS record open (3436217).", "3436217", "high"),
        ("Police have the details (ref SC123456).", "SC123456", "low"),
    ],
)
def test_case_references(text, reference, confidence):
    [finding] = [f for f in scan(text) if f.kind == "case_reference"]
    assert (finding.text, finding.confidence) == (reference, confidence)


@pytest.mark.parametrize(
    "text",
    [
        "Course ID 20451 on the portal.",
        "Our policy reference is SG-POL-07.",
        "Grant reference 2025/CP/114 covers it.",
        "We moved to Mosaic in 2019-20.",
        "case conference on 14 March",
        "ref: see above",
    ],
)
def test_references_that_are_not_case_references(text):
    assert found(text, "case_reference") == []


# --- names -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("I visited Mrs Kowalski at home.", ["Kowalski"]),
        ("Mr and Mrs Okafor asked to move it.", ["Okafor"]),
        ("Mum (Tracey) was anxious.", ["Tracey"]),
        ("Dad, Owain Booth, has asked", ["Owain Booth"]),
        ("her son Tyrese has stopped eating", ["Tyrese"]),
        ("a boy called Zbigniew", ["Zbigniew"]),
        ("I visited Olivia Nguyen today.", ["Olivia Nguyen"]),
        ("A pupil, Jayden K., told me", ["Jayden K."]),
        ("Has anyone worked with the Kowalski family?", ["Kowalski"]),
        ("I'm worried about Kacper because", ["Kacper"]),
        ("Leah disclosed that she", ["Leah"]),
        ("Jade and Zain are both on the plan.", ["Jade", "Zain"]),
        ("Eilidh, 6, lives with her gran.", ["Eilidh"]),
        ("Faisal's teacher noticed bruising.", ["Faisal"]),
    ],
)
def test_names_found(text, names):
    assert found(text, "person_name") == names


def test_name_confidence():
    [titled] = [f for f in scan("Mrs Kowalski rang.") if f.kind == "person_name"]
    assert titled.confidence == "high"
    [guess] = [f for f in scan("I think Hope was there.") if f.kind == "person_name"]
    assert guess.confidence == "low"


@pytest.mark.parametrize(
    "text",
    [
        "Child A is the subject of the review and Mrs K. is her mother.",
        "Wenger, Lave, Munro, Revans, Heron, Proctor, Kolb, Schön and Bowlby all wrote on this.",
        "Brené Brown's work on shame changed how I run meetings.",
        "Munro (2011) and Banks (2012) make the same point.",
        "Dr Bowlby's later work on loss is underrated.",
        "BASW, the NSPCC, Barnardo's, Ofsted and Social Work England all responded.",
        "Our teams in Leeds, Cardiff and Glasgow meet monthly.",
        "Section 47 of the Children Act 1989 and the Care Act 2014 apply.",
        "Child Protection, Early Help and Team Around the Family meetings; ASYE and AMHP roles.",
        "Thanks Priya, that's helpful. Hi Sarah, yes it's on the intranet.",
        "Appreciate everyone's replies, Tom.",
        "Our DSL at St Mary's asked for the plan; the centre on Mary Street is closed.",
        "Training is in the Council Chamber on 3 June.",
        "He plays Roblox and uses Snapchat every night.",
        "A Clare's Law disclosure was made; Sarah's Law is the equivalent for child sex offenders.",
        "We're setting up a sign-up sheet. Sign-up closes Friday.",
        "Can anyone help? Will the panel meet in May?",
    ],
)
def test_not_names(text):
    assert found(text, "person_name") == []


# --- overlaps -----------------------------------------------------------------------------


def test_check_digit_number_wins_over_a_case_reference_cue():
    assert [(f.kind, f.text) for f in scan("case number 943 476 5919")] == [
        ("nhs_number", "943 476 5919")
    ]


def test_email_wins_over_a_name_inside_it():
    assert kinds("email Sarah.Okafor@example.com please") == ["email"]


# --- properties ---------------------------------------------------------------------------

FILLER = [
    "I visited the family today.",
    "Mum was anxious about contact.",
    "The school rang me.",
    "We discussed the plan in supervision.",
    "It was a difficult conversation.",
    "The health visitor has concerns.",
    "Please can someone advise?",
    "Thanks for reading.",
]
SEPARATORS = st.sampled_from(["", " ", "-"])


def group(digits: str, sep: str, sizes: tuple[int, ...]) -> str:
    parts, i = [], 0
    for size in sizes:
        parts.append(digits[i : i + size])
        i += size
    return sep.join(parts)


def with_mod11(base: str) -> str:
    return base + str(mod11(base))


# NHS England numbers start 4-9: never a date, never in the H&C range.
nhs_numbers = (
    st.builds(str.__add__, st.sampled_from("456789"), st.text("0123456789", min_size=8, max_size=8))
    .filter(lambda base: mod11(base) is not None)
    .map(with_mod11)
)
hc_numbers = (
    st.integers(320_000_001, 399_999_999)
    .map(str)
    .filter(lambda base: mod11(base) is not None)
    .map(with_mod11)
)


@st.composite
def chi_numbers(draw) -> str:
    born = draw(st.dates(min_value=date(1930, 1, 1), max_value=date(2025, 12, 31)))
    base = born.strftime("%d%m%y") + draw(st.text("0123456789", min_size=3, max_size=3))
    check = mod11(base)
    use_luhn = draw(st.booleans()) or check is None
    return base + str(luhn_chi(base) if use_luhn else check)


@settings(max_examples=200)
@given(number=nhs_numbers, sep=SEPARATORS, grouping=st.sampled_from([(3, 3, 4), (10,)]))
def test_valid_nhs_numbers_found_however_grouped(number, sep, grouping):
    written = group(number, sep, grouping)
    assert [(f.kind, f.text) for f in scan(f"NHS no. {written}.")] == [("nhs_number", written)]


@settings(max_examples=200)
@given(number=chi_numbers(), sep=SEPARATORS, grouping=st.sampled_from([(6, 4), (3, 3, 4), (10,)]))
def test_valid_chi_numbers_found_however_grouped(number, sep, grouping):
    written = group(number, sep, grouping)
    assert [(f.kind, f.text) for f in scan(f"CHI {written} noted")] == [("chi_number", written)]


@settings(max_examples=200)
@given(number=hc_numbers, sep=SEPARATORS)
def test_valid_hc_numbers_found_however_grouped(number, sep):
    written = group(number, sep, (3, 3, 4))
    assert [(f.kind, f.text) for f in scan(f"H&C {written} noted")] == [("hc_number", written)]


@settings(max_examples=200)
@given(number=nhs_numbers, position=st.integers(1, 9), delta=st.integers(1, 9))
def test_one_wrong_digit_is_never_an_nhs_number(number, position, delta):
    """Mod-11 catches every single-digit error; the first digit (4-9) keeps it no date."""
    wrong = str((int(number[position]) + delta) % 10)
    altered = number[:position] + wrong + number[position + 1 :]
    assert not {"nhs_number", "chi_number", "hc_number"} & set(kinds(f"NHS {altered}"))


@settings(max_examples=200)
@given(
    first=st.sampled_from("ABCEGHJKLMNOPRSTWXYZ"),
    second=st.sampled_from("ABCEGHJKLMNPRSTWXYZ"),
    digits=st.text("0123456789", min_size=6, max_size=6),
    suffix=st.sampled_from("ABCD"),
    sep=SEPARATORS,
)
def test_ni_numbers_found_however_spaced(first, second, digits, suffix, sep):
    prefix = first + second
    written = sep.join([prefix, digits[:2], digits[2:4], digits[4:], suffix])
    expected = [] if prefix in {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"} else [written]
    assert found(f"NI {written} on the form", "ni_number") == expected


@settings(max_examples=200)
@given(body=st.text("0123456789", min_size=12, max_size=12), wrong=st.integers(1, 22))
def test_upn_check_letter(body, wrong):
    alphabet = "ABCDEFGHJKLMNPQRTUVWXYZ"
    right = upn_letter(body)
    assert found(f"UPN {right}{body}", "upn") == [right + body]
    other = alphabet[(alphabet.index(right) + wrong) % 23]
    assert found(f"UPN {other}{body}", "upn") == []


@settings(max_examples=100)
@given(tail=st.integers(0, 999), style=st.integers(0, 5))
def test_drama_mobile_numbers_found_in_every_style(tail, style):
    written = [
        f"07700 900{tail:03d}",
        f"07700900{tail:03d}",
        f"+44 7700 900{tail:03d}",
        f"+44 (0)7700 900{tail:03d}",
        f"07700-900-{tail:03d}",
        f"07700 900 {tail:03d}",
    ][style]
    assert found(f"text me on {written} later", "phone") == [written]


identifiers = st.one_of(
    nhs_numbers,
    chi_numbers(),
    hc_numbers,
    st.integers(0, 999).map(lambda n: f"07700 900{n:03d}"),
    st.integers(0, 999).map(lambda n: f"0113 496 0{n:03d}"),
    st.from_regex(r"[a-z]{3,8}\.[a-z]{3,8}@example\.(com|org|co\.uk)", fullmatch=True),
    st.from_regex(r"(LS|BD|M|CF|G|BT)[1-9] [0-9][ABDEFGHJLNPQRSTUWXYZ]{2}", fullmatch=True),
)


@settings(max_examples=300)
@given(st.lists(st.one_of(st.sampled_from(FILLER), identifiers), min_size=1, max_size=12))
def test_redaction_removes_every_finding(parts):
    """Parts are joined with ", ": a ten-digit number followed by a space and more digits
    is deliberately skipped, as it may be part of a longer grouped number."""
    text = ", ".join(parts)
    findings = scan(text)
    redacted = redact(text, findings)
    for finding in findings:
        assert finding.text not in redacted
    planted = [p for p in parts if p not in FILLER]
    for identifier in planted:
        assert identifier not in redacted


@settings(max_examples=500)
@given(
    st.text(max_size=400)
    | st.lists(
        st.sampled_from(
            FILLER
            + [
                "Mrs Okafor",
                "aged 7",
                "DOB 1/2/2015",
                "Mosaic ID 123456",
                "Jayden,",
                "(7)",
                "LS9 7AB",
                "07700 900123",
                "943 476 5919",
            ]
        ),
        max_size=15,
    ).map(" ".join)
)
def test_findings_are_consistent_with_the_text(text):
    findings = scan(text)
    for finding in findings:
        assert text[finding.start : finding.end] == finding.text
        assert finding.kind in KINDS
        assert finding.confidence in ("high", "low")
        assert finding.start < finding.end
    for before, after in pairwise(findings):
        assert before.end <= after.start
    assert scan(text) == findings
