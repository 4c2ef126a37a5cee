"""Round three of the guard: names the word lists do not know, with no cue around them.

Every name here is in no name list the scanner reads and in no corpus split, so these
tests check how a name is recognised (its place in the sentence, the words around it,
how it is spelt), not that a list holds it. The allowed texts check that the same rules
do not stop ordinary writing.
"""

import pytest

from practice_commons.confidentiality.guard import ConfidentialityWarning, guard_texts
from practice_commons.confidentiality.scanner import scan
from practice_commons.confidentiality.scanner.lexicon import (
    GIVEN_NAMES,
    PROTECTED_PHRASES,
    SURNAMES,
    is_slip_of_a_word,
    is_swap_or_double,
)

UNLISTED = ("Oghenekaro", "Tinuke", "Zenaida", "Ramsdale", "Lewicki", "Ubax", "Wojtek")


def names(text: str) -> list[tuple[str, str]]:
    return [(f.text, f.confidence) for f in scan(text) if f.kind == "person_name"]


def test_the_probe_names_are_in_no_list():
    for name in UNLISTED:
        assert name not in GIVEN_NAMES and name not in SURNAMES, name


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("spoke to oghenekaro this morning, she was tearful", "oghenekaro"),
        ("I'm worried about tinuke, she has missed school again", "tinuke"),
        ("visited ubax after school and the flat was cold", "ubax"),
        ("sat with zenaida ramsdale for an hour after court", "zenaida ramsdale"),
    ],
)
def test_unlisted_names_in_lower_case_after_a_word_of_contact(text, name):
    assert (name, "low") in names(text)


def test_an_unlisted_name_in_lower_case_before_a_surname():
    assert names("wojtek Lewicki is staying with friends this week") == [("wojtek Lewicki", "low")]


@pytest.mark.parametrize(
    "text",
    [
        "spoke to teh school about it",  # a slip of "the"
        "Met wiith the family at the centre",  # a doubled letter
        "I am still thinking abuot the case",  # two letters swapped
        "spoke to camhs and the sencos on Friday",
        "visited them at home, then saw the gp",
    ],
)
def test_slips_and_abbreviations_after_a_word_of_contact_are_not_names(text):
    assert names(text) == []


def test_slips_of_everyday_words():
    assert is_slip_of_a_word("viist") and is_slip_of_a_word("contat")
    assert is_slip_of_a_word("btoh") and is_swap_or_double("btoh")
    assert is_swap_or_double("lateer") and not is_swap_or_double("Oghenekaro")
    assert not any(is_slip_of_a_word(name) for name in UNLISTED)
    assert not is_slip_of_a_word("visit")  # an everyday word is no slip


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Hospital social work: Zenaida Ramsdale, d.o.b. 6 Jan 2009, admitted", "Zenaida Ramsdale"),
        ("Referral for Thistle Ramsdale (DOB 03/04/2012) from the school", "Thistle Ramsdale"),
        ("The plan for Copper, date of birth 12.03.2015, is agreed", "Copper"),
    ],
)
def test_whoever_a_date_of_birth_is_given_for_is_a_name(text, name):
    assert (name, "high") in names(text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("We met at the centre; Marble talked about her new school.", "Marble"),
        ("Copper was very upset when I mentioned her dad.", "Copper"),
        ("I met with Thistle and her nan at the family centre.", "Thistle"),
        ("Later, Marble said she wanted to go home.", "Marble"),
    ],
)
def test_everyday_words_used_as_names_where_only_a_person_stands(text, name):
    assert (name, "low") in names(text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Oghenekaro and Tinuke were both at the contact.", "Oghenekaro"),
        ("Our student asked how to record the number given by Wojtek at the meeting.", "Wojtek"),
        ("Tinuke Lewicki-Ramsdale is due at the review on Thursday.", "Tinuke Lewicki-Ramsdale"),
        ("I asked Wojtek what would help.", "Wojtek"),
    ],
)
def test_unlisted_capitalised_names_without_cues(text, name):
    found = names(text)
    assert any(name in text_ or text_ in name for text_, _ in found), found


def test_names_the_lists_do_not_know_warn_rather_than_block():
    with pytest.raises(ConfidentialityWarning):
        guard_texts(texts={"body": "spoke to oghenekaro this morning"})
    guard_texts(texts={"body": "spoke to oghenekaro this morning"}, acknowledged=True)


@pytest.mark.parametrize(
    "text",
    [
        "Meeting moved to 10:30 in room 4.",
        "Just moved from Milton Keynes to Bedford, any tips?",
        "Everyone said the session went well; Staff felt listened to.",
        "Signposting: Drinkline (0300 123 1110) and SANEline (0300 304 7000).",
        "Useful numbers: Cruse Bereavement Support helpline on 0808 808 1677.",
        "Summer holiday programme starts on 21 July. Will anyone from early help attend?",
        "I spoke to Housing about the rent arrears and to the school about attendance.",
        "The Mental Health Bill and the Rose review were both discussed.",
        "The hub was born on 1 April 2019 when the councils merged.",
        "Child A, aged 7, and a 14 year old sibling live with their grandmother.",
        "Date of birth 12/03/2015 was missing from the form, so we sent it back.",
        "I will share the slides from the workshop by Firday.",  # a slip of "Friday"
        "Who knows about working with unaccompanied young people?",
        "I have been worried about overcrowding and about homelessness in the area.",
        "We met with safeguarding partners and spoke to commissioning about placements.",
        "Community meeting: perinatal mental health",
        "Community meeting: trauma-informed practice",
        "Tees, Esk and Wear Valleys NHS Foundation Trust",
    ],
)
def test_ordinary_writing_is_not_stopped(text):
    assert names(text) == []


def test_helpline_names_are_protected_phrases():
    assert ("Drinkline",) in PROTECTED_PHRASES and ("Mind", "Infoline") in PROTECTED_PHRASES


def test_a_listed_name_after_thats_is_still_a_name():
    """ "that's" is "that is", not the determiner "that" ("that Royal")."""
    text = "H&C 324-049-6259: that's Agnieszka, who's moving to Liverpool"
    assert ("Agnieszka", "low") in names(text)
