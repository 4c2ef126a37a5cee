"""Round two of the guard: identifiers as people really write them, names without cues,
and what is allowed (ages, helplines, legislation, reviews named after people)."""

import pytest

from practice_commons.confidentiality.guard import (
    ConfidentialityBlocked,
    ConfidentialityWarning,
    guard_texts,
)
from practice_commons.confidentiality.scanner import scan
from practice_commons.confidentiality.scanner.contact import PUBLIC_NUMBERS, is_public_number
from practice_commons.confidentiality.testing import IDENTIFYING_TEXT


def found(text: str, kind: str) -> list[str]:
    return [f.text for f in scan(text) if f.kind == kind]


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("NHS no 943.476.5919 on file", "nhs_number", "943.476.5919"),
        ("NHS no 943  476  5919 on file", "nhs_number", "943  476  5919"),
        ("NHS no 943 476\n5919 on file", "nhs_number", "943 476\n5919"),
        ("her NI is AB 123 456 C", "ni_number", "AB 123 456 C"),
        ("her NI is ab123456c", "ni_number", "ab123456c"),
        ("ring 0044 7700 900123 today", "phone", "0044 7700 900123"),
        ("ring +44 (0) 7700 900123 today", "phone", "+44 (0) 7700 900123"),
        ("nan's number in Poland is +48 512 341 991", "phone", "+48 512 341 991"),
        ("email kerry.h at gmail dot com please", "email", "kerry.h at gmail dot com"),
        ("email kh [at] hotmail [dot] co [dot] uk", "email", "kh [at] hotmail [dot] co [dot] uk"),
        ("lives at 48 rosemount close now", "address", "48 rosemount close"),
        ("lives at 23 Heol y Parc now", "address", "23 Heol y Parc"),
        ("lives at Flat 2/1, 14 Dumbarton Road", "address", "Flat 2/1, 14 Dumbarton Road"),
        ("the Eclipse record is CIN-2015-21638", "case_reference", "CIN-2015-21638"),
        ("see case 1234567 for the history", "case_reference", "1234567"),
        ("transferred as CP-2021-13045 last year", "case_reference", "CP-2021-13045"),
    ],
)
def test_identifiers_as_people_write_them(text, kind, expected):
    assert found(text, kind) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "Families can ring the Family Rights Group advice line on 0808 801 0366.",
        "Live Fear Free: 0808 80 10 800, any time.",
        "Childline 0800 1111 and the NSPCC helpline 0808 800 5000.",
        "Samaritans on 116 123, NHS 111 or 101 for the police.",
    ],
)
def test_public_helplines_are_never_findings(text):
    assert found(text, "phone") == []


def test_public_numbers_are_data_with_sources():
    assert "08088010800" in PUBLIC_NUMBERS and is_public_number("+44 808 801 0366")


@pytest.mark.parametrize(
    "text",
    [
        "The Mental Health Bill will change how we use the nearest relative role.",
        "Has anyone read the Rose review? And the Bill that followed it?",
        "The Casey review and the Jay report both say the same thing.",
        "The hub was born on 1 April 2019 when the councils merged.",
        "Child A, aged 7, and a 14 year old sibling live with their grandmother.",
        "Rose Cottage refuge and Grace House both take referrals from us.",
        "Hope everyone is well. Will share the slides by Friday.",
    ],
)
def test_allowed_texts_are_not_stopped(text):
    guard_texts(texts={"body": text})  # raises nothing


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("spoke to kerry-ann on the phone, she was upset", "kerry-ann"),
        ("Spoke to D. Kowalska-Reid about the move", "D. Kowalska-Reid"),
        ("the Matheson family are back in the area", "Matheson"),
        ("Met with Faith at the centre; Faith talked about school.", "Faith"),
        ("I keep thinking about Abdirahman and his brother.", "Abdirahman"),
        ("Worried about zainab, she was not at school again.", "zainab"),
    ],
)
def test_names_without_cues(text, name):
    assert name in found(text, "person_name") or any(name in n for n in found(text, "person_name"))


def test_lone_uncertain_names_warn_and_structured_identifiers_block():
    with pytest.raises(ConfidentialityWarning):
        guard_texts(texts={"body": "spoke to kerry-ann on the phone"})
    guard_texts(texts={"body": "spoke to kerry-ann on the phone"}, acknowledged=True)
    with pytest.raises(ConfidentialityBlocked):
        guard_texts(texts={"body": IDENTIFYING_TEXT}, acknowledged=True)


def test_the_name_model_ships_with_the_code_and_is_read_lazily():
    from practice_commons.confidentiality.scanner import name_model

    assert name_model.MODEL.is_file()
    assert name_model.MODEL.stat().st_size < 1_000_000
    weights, threshold = name_model._weights()
    assert weights and 0 < threshold < 1


def test_service_numbers_not_in_the_list_are_only_confirmed():
    text = "the council's contact centre is 0300 456 7890"
    [phone] = [f for f in scan(text) if f.kind == "phone"]
    assert phone.confidence == "low"
    [mobile] = [f for f in scan("her mobile is 07700 900123") if f.kind == "phone"]
    assert mobile.confidence == "high"


def test_ten_digit_numbers_that_name_something_else():
    assert scan("Zoom meeting ID 943 476 5919, passcode on request") == []
    assert found("NHS number 943 476 5919", "nhs_number") == ["943 476 5919"]


@pytest.mark.parametrize("text", ["Thanks @dafydd.douglas.111 for this", "see www.dafydd.org"])
def test_handles_and_web_addresses_are_not_lower_case_names(text):
    assert found(text, "person_name") == []


def test_cited_authors_and_places_in_lower_case_are_not_names():
    assert found("we use the proctor's model in supervision", "person_name") == []
