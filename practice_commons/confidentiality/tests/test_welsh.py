"""Welsh words are not taken for names (README, "Welsh"); names in Welsh sentences are.

Treating a capitalised Welsh word as a possible name asks Welsh writers to confirm "this
is not someone I work with" far more often than English writers: less favourable
treatment of Welsh, which the Welsh language standards forbid.
"""

import pytest

from practice_commons.confidentiality.guard import guard_texts
from practice_commons.confidentiality.scanner import scan
from practice_commons.confidentiality.scanner.lexicon import (
    DATA,
    GIVEN_NAMES,
    NOT_NAMES,
    SURNAMES,
    WELSH_WORDS,
    welsh_mutations,
)


def names(text: str) -> list[tuple[str, str]]:
    return [(f.text, f.confidence) for f in scan(text) if f.kind == "person_name"]


def _listed_welsh_words() -> set[str]:
    lines = (DATA / "welsh_words.txt").read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


@pytest.mark.parametrize(
    "text",
    [
        "Adnabod esgeulustod gyda'n gilydd",
        "Diogelu Plant yng Nghymru: Cyfarfod Ymarferwyr",
        "Gofal Cymdeithasol Cymru a Gweithwyr Cymdeithasol",
        "Sesiwn Fyfyriol Misol",
        "Teitl Cymraeg",
        "Hyfforddiant amlasiantaethol ar y cyd i weithwyr cymdeithasol.",
        "Dydd Llun, 3 Mawrth: Hyfforddiant Diogelu i Weithwyr Ieuenctid",
        "Cynhadledd Flynyddol Gofal Cymdeithasol Cymru",
        "Gweithdy ar-lein: Iechyd Meddwl Pobl Ifanc",
        "Grŵp Trafod Ymarfer Amlasiantaethol Misol",
        "Cyngor Sir Ddinbych: Gwasanaethau Plant a Theuluoedd",
    ],
)
def test_welsh_titles_have_no_name(text):
    assert names(text) == []


def test_a_welsh_title_and_description_are_stored_without_confirming():
    guard_texts(
        texts={
            "title_cy": "Adnabod esgeulustod gyda'n gilydd",
            "description_cy": "Hyfforddiant amlasiantaethol ar y cyd i weithwyr cymdeithasol.",
        },
        acknowledged=False,
    )  # raises neither ConfidentialityBlocked nor ConfidentialityWarning


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Siaradodd Dafydd Jones gyda'r teulu ddoe.", "Dafydd Jones"),
        ("Mae Megan Williams yn byw gyda'i nain.", "Megan Williams"),
        ("Cyfarfod gyda Haf a'i mam", "Haf"),
        ("Mae ei mam, Seren Hughes, yn gweithio yn yr ysgol.", "Seren Hughes"),
        ("Her daughter Carys told me she was scared.", "Carys"),
        ("Gwelais Glyn a Mair ddoe.", "Mair"),
    ],
)
def test_names_in_welsh_sentences_are_still_found(text, name):
    assert any(name in found for found, _ in names(text)), names(text)


def test_a_name_after_a_relationship_cue_is_high_confidence():
    assert names("Her daughter Carys told me she was scared.") == [("Carys", "high")]
    assert ("Dafydd Jones", "high") in names("Siaradodd Dafydd Jones gyda'r teulu ddoe.")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Siaradais gyda ei merch Nia ddoe.", "Nia"),  # her daughter
        ("Mae ei fab Gethin yn yr ysgol.", "Gethin"),  # his son, soft mutation
        ("Daeth ei thad Emrys i'r ysgol.", "Emrys"),  # her father, aspirate
        ("Daeth ei mam-gu Eirlys i'r cyfarfod.", "Eirlys"),
        ("Mae fy mrawd Iestyn wedi symud.", "Iestyn"),  # my brother, nasal
        ("Roedd ei nain Gwenllian yn sâl.", "Gwenllian"),
    ],
)
def test_a_name_after_a_welsh_word_for_a_relative_is_high_confidence(text, name):
    assert names(text) == [(name, "high")]


@pytest.mark.parametrize(
    "text",
    [
        "Roedd ei thad yn y cyfarfod.",  # "thad" is her father, not Thad
        "Mae ei merch yn hapus.",
        "Siaradodd y tad gyda'r ysgol.",
        "Cyfarfod gyda rhieni a phlant ym Mangor",
    ],
)
def test_welsh_words_for_relatives_are_no_names(text):
    assert names(text) == []


def test_mutations():
    assert welsh_mutations("cymru") == {"cymru", "gymru", "nghymru", "chymru"}
    assert welsh_mutations("plant") == {"plant", "blant", "mhlant", "phlant"}
    assert welsh_mutations("gofal") == {"gofal", "ofal", "ngofal"}
    assert welsh_mutations("llesiant") == {"llesiant", "lesiant"}
    assert welsh_mutations("iaith") == {"iaith", "hiaith"}
    assert welsh_mutations("chwefror") == {"chwefror"}


@pytest.mark.parametrize(
    "word",
    ["Nghymru", "Gymraeg", "Fyfyriol", "Ddiogelu", "Phlant", "Weithwyr", "Theuluoedd", "Hiaith"],
)
def test_mutated_forms_are_known(word):
    assert word in WELSH_WORDS
    assert word in NOT_NAMES


def test_no_welsh_word_is_a_listed_name():
    listed = {name.lower() for name in GIVEN_NAMES | SURNAMES}
    assert {word.lower() for word in WELSH_WORDS} & listed == set()
    # The file itself holds none of the names most often also Welsh words.
    words = _listed_welsh_words()
    assert len(words) >= 400
    assert all(word == word.lower() for word in words)
    common_names = {"haf", "eira", "gwyn", "glyn", "bryn", "seren", "awen", "heulwen"}
    common_names |= {"afon", "rhys", "carys", "dafydd", "mair"}
    assert words & common_names == set()


@pytest.mark.parametrize(
    "text",
    [
        "Mae ei mab yn yr ysgol.",
        "Mae hi'n hapus.",
        "Mae angen cymorth ar y teulu.",
        "Beth yw diogelu?",
    ],
)
def test_a_welsh_word_that_is_a_listed_name_opening_a_welsh_sentence_is_no_name(text):
    # "Mae" ("is") and "Beth" ("what") are listed given names.
    assert names(text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Mae was upset at school.", "Mae"),
        ("Beth said she was fine.", "Beth"),
        ("Dan at school.", "Dan"),
    ],
)
def test_the_same_names_in_english_sentences_are_still_asked_about(text, name):
    assert (name, "low") in names(text)


def test_welsh_place_names_mutated_and_verbs_are_not_names():
    assert names("Siaradais gyda'r teulu yng Nghaerdydd ddoe.") == []
    assert names("Cynhaliwyd y cyfarfod ym Mhen-y-bont.") == []
    assert names("Mae ei mab Iwan yn yr ysgol.") == [("Iwan", "high")]  # "mab": her son
