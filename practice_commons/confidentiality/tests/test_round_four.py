"""Round four of the guard: names opening a sentence, after "from", and the model's
guesses weighed against commands, typos and products.

The probe names are in no name list and no corpus split. The name lists gained names in
round four; none of them is a name of a held-out split (holdout, fresh, blind, sealed),
so those splits still measure names the lists do not know.
"""

import json
from pathlib import Path

import pytest

from practice_commons.confidentiality.scanner import scan
from practice_commons.confidentiality.scanner.lexicon import GIVEN_NAMES, SURNAMES

DATA = Path(__file__).parents[1] / "scanner" / "data"
SPLITS = Path(__file__).with_name("corpus") / "v2"
UNLISTED = ("Uzoma", "Olufemi", "Thistle", "Honor", "Ngaio")


def names(text: str) -> list[tuple[str, str]]:
    return [(f.text, f.confidence) for f in scan(text) if f.kind == "person_name"]


def _round_four_additions(name: str) -> set[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("# Round four"))
    return {line.strip().lower() for line in lines[first:] if line and line[0] != "#"}


def _held_out_names() -> set[str]:
    held = set()
    shared = json.loads((SPLITS / "names.json").read_text(encoding="utf-8"))
    for section in ("given", "surnames"):
        for values in shared[section].values():
            held.update(name.lower() for name in values[1::2])  # the holdout half
    for split in ("fresh", "blind", "sealed"):
        own = json.loads((SPLITS / f"names_{split}.json").read_text(encoding="utf-8"))
        for section in ("given", "surnames"):
            for values in own[section].values():
                held.update(name.lower() for name in values)
    return held


def test_round_four_list_additions_hold_no_held_out_name():
    added = _round_four_additions("given_names_uk.txt") | _round_four_additions("surnames_uk.txt")
    assert len(added) > 300
    assert added & _held_out_names() == set()


def test_the_probe_names_are_in_no_list():
    for name in UNLISTED:
        assert name not in GIVEN_NAMES and name not in SURNAMES, name


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Still no answer from Uzoma or his mum.", "Uzoma"),
        ("Not heard anything from Olufemi since Monday.", "Olufemi"),
        ("Thistle was groomed online, the police say.", "Thistle"),
        ("Honor told the teacher about the bruises.", "Honor"),
        ("The referral says Tendai was left alone overnight.", "Tendai"),
        ("Ngaio asked whether she can keep the kitten.", "Ngaio"),
    ],
)
def test_unlisted_names_without_a_cue_are_asked_about(text, name):
    assert (name, "low") in names(text)


def test_an_unlisted_name_in_lower_case_before_a_persons_state():
    assert names("ifeoluwa has been excluded again") == [("ifeoluwa", "low")]


@pytest.mark.parametrize(
    "text",
    [
        "They moved from Splott to Govan last year.",  # a route, not a person
        "Chase the school about the attendance figures.",  # a command
        "Worth adding to any leaflets you hand out.",
        "Long shift. Nothing else to report.",
        "The ProQOL questionnaire asks about the last 30 days.",
        "Unannounced visits are not always the answer.",
        "Qick update: the rota is attached.",  # a typo opening a sentence
        "Mr and Mrs Bennett have asked for a meeting.",  # the title is not the name
        "Everyone is refusing to cover the Friday duty.",
        "Housing is sleeping on the decision.",
        "Facilitator's own.",  # a role opening a sentence
    ],
)
def test_commands_routes_typos_and_products_are_not_names(text):
    found = [(n, c) for n, c in names(text) if n != "Bennett"]
    assert found == []
