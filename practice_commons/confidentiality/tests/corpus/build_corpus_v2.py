"""Build the second labelled corpus: practitioner writing as it really reads.

    python practice_commons/confidentiality/tests/corpus/build_corpus_v2.py

writes ``corpus_v2_tune.jsonl`` and ``corpus_v2_holdout.jsonl`` beside this script (fixed
seed: the output is reproducible and committed). Texts are case discussions, supervision
reflections, multi-agency meeting notes and requests for advice from all four nations,
with identifiers written the way people write them (dots, double spaces, line breaks,
lower case, +44 (0) and 0044, foreign numbers, obfuscated emails, Welsh, Scottish and
Northern Irish addresses), names without cues (lower case, sentence starts, names that
are words, initials, surnames alone, double-barrelled, from many communities), typos,
and a third of texts with no identifier but many look-alikes (legislation, reviews named
after people, helplines, organisations, places, ages, dates that are no one's birth).

The splits share nothing but the generator: the tune split takes its templates from
``v2/templates_tune.txt`` and the even positions of every name and look-alike list in
``v2/``; the held-out split takes ``v2/templates_holdout.txt`` (written separately) and
the odd positions. The fresh split (``v2/*_fresh.*``: its own templates, names and
look-alikes) was written after the held-out split had been scored once and used to fix
the detectors, to have a split that nothing was ever changed for; it was then looked at
and used for fixes too. The blind split (``v2/*_blind.*``, its own seed, templates, names
and look-alikes) was written before the round-three name work began, and is scored once,
at the end of that work: its names are in no other split and were never added to a word
list the scanner reads. The sealed split (``v2/*_sealed.*``, round four: its own seed,
templates, names and look-alikes) was written the same way before any round-four change
to the detectors, and is scored once, at the end of that round. Only the tune split is
used to tune the detectors and to train the name model
(``scanner/data/build_name_model.py``); the held-out and fresh splits are scored by
``benchmarks/bench_guard.py``.

Labelling conventions are those of ``build_corpus.py``, with one change: an age is not
an identifier (practitioners anonymise with ages: "Child A, aged 7"), so no age is gold.
A title is outside the name's span ("Mrs [Okafor]"); an address span is the flat, house
number and street; a date of birth span is the date after its cue.
"""

import json
import random
import re
import sys
from pathlib import Path

HERE = Path(__file__).parent
DATA = HERE / "v2"
SEED = 20261202
SIZES = {"tune": 900, "holdout": 600, "fresh": 400, "blind": 700, "sealed": 700}
# The blind and sealed splits have seeds of their own (the others keep theirs, so they are
# unchanged).
SEEDS = {"blind": 20261214, "sealed": 20261203}
# splits with templates, names and look-alikes of their own
OWN_LISTS = ("fresh", "blind", "sealed")
NEGATIVE_SHARE = 1 / 3
TYPO_RATE = 0.03
SLOT = re.compile(r"\{(~?)(\w+)(?::(\w+))?\}")

sys.path.insert(0, str(HERE))
from v2.identifiers import IdentifierMaker  # noqa: E402


def _load(name: str):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def _half(items: list, split: str) -> list:
    if split in OWN_LISTS:
        return items  # the fresh and blind splits have lists of their own, used whole
    return items[0::2] if split == "tune" else items[1::2]


def _templates(split: str) -> tuple[list[str], list[str]]:
    lines = (DATA / f"templates_{split}.txt").read_text(encoding="utf-8").splitlines()
    lines = [line for line in lines if line.strip() and not line.startswith("#")]
    negatives = [line[2:] for line in lines if line.startswith("- ")]
    positives = [line for line in lines if not line.startswith("- ")]
    return positives, negatives


class Filler:
    """Renders one slot: returns (text, [(kind, start, end) relative to the text])."""

    def __init__(self, rng: random.Random, split: str):
        self.rng = rng
        suffix = f"_{split}" if split in OWN_LISTS else ""
        names = _load(f"names{suffix}.json")
        self.given = {c: _half(v, split) for c, v in names["given"].items() if c != "word"}
        self.word_names = _half(names["given"]["word"], split)
        self.surnames = {c: _half(v, split) for c, v in names["surnames"].items()}
        self.look = {
            k: _half(v, split) for k, v in _load(f"lookalikes{suffix}.json").items() if k[0] != "_"
        }
        self.ids = IdentifierMaker(rng, split)

    # names

    def _person(self) -> tuple[str, str]:
        community = self.rng.choice(sorted(self.given))
        given = self.rng.choice(self.given[community])
        pool = community if community in self.surnames and self.rng.random() < 0.8 else None
        pool = pool or self.rng.choice(sorted(self.surnames))
        return given, self.rng.choice(self.surnames[pool])

    def name(self, style: str | None) -> tuple[str, list]:
        rng = self.rng
        style = style or rng.choice(["full", "first", "first", "lower", "surname", "word"])
        given, surname = self._person()
        if style == "word":
            given = rng.choice(self.word_names)
            text = given if rng.random() < 0.8 else f"{given} {surname}"
        elif style == "full":
            text = f"{given} {surname}"
        elif style == "first":
            text = given
        elif style == "lower":
            text = (given if rng.random() < 0.7 else f"{given} {surname}").lower()
        elif style == "surname":
            text = surname
        elif style == "initial":
            text = f"{given[0]}{rng.choice(['. ', ' ', '.'])}{surname}"
        elif style == "title":
            title = rng.choice(["Mrs", "Mr", "Ms", "Miss", "Mrs", "Dr"])
            start = len(title) + 1
            return f"{title} {surname}", [("person_name", start, start + len(surname))]
        else:
            raise ValueError(style)
        return text, [("person_name", 0, len(text))]

    def family(self, _style) -> tuple[str, list]:
        _given, surname = self._person()
        noun = self.rng.choice(["family", "family", "household", "children"])
        return f"{surname} {noun}", [("person_name", 0, len(surname))]

    # look-alikes

    def lookalike(self, category: str) -> str:
        if category == "helpline":
            return self.ids.helpline()
        if category == "badnhs":
            return self.ids.bad_nhs()
        key = {"anon": "anonymised", "age": "ages", "nonbirth": "non_birth_dates"}.get(
            category, category if category in self.look else category + "s"
        )
        return self.rng.choice(self.look[key])

    def fill(self, lookalike: bool, kind: str, style: str | None) -> tuple[str, list]:
        if lookalike:
            return self.lookalike(kind), []
        if kind == "name":
            return self.name(style)
        if kind == "family":
            return self.family(style)
        text, spans = self.ids.render(kind)
        return text, spans


def typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)
    how = rng.choice(["swap", "drop", "double"])
    if how == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if how == "drop":
        return word[:i] + word[i + 1 :]
    return word[:i] + word[i] + word[i:]


def roughen(literal: str, rng: random.Random) -> str:
    """Typos in the words around the identifiers (never inside them)."""
    return re.sub(
        r"[A-Za-z]{4,}",
        lambda m: typo(m.group(), rng) if rng.random() < TYPO_RATE else m.group(),
        literal,
    )


def render(template: str, filler: Filler, rng: random.Random) -> tuple[str, list[dict]]:
    text, spans, cursor = "", [], 0
    for match in SLOT.finditer(template):
        text += roughen(template[cursor : match.start()], rng)
        value, value_spans = filler.fill(match.group(1) == "~", match.group(2), match.group(3))
        for kind, start, end in value_spans:
            spans.append({"kind": kind, "start": len(text) + start, "end": len(text) + end})
        text += value
        cursor = match.end()
    text += roughen(template[cursor:], rng)
    starts_with_span = bool(spans) and spans[0]["start"] == 0
    if rng.random() < 0.05 and not starts_with_span:
        text = text[:1].lower() + text[1:]  # a sentence typed without its capital
    return text, spans


def build(split: str) -> list[dict]:
    return [record for record, _template in build_with_templates(split)]


def build_with_templates(split: str) -> list[tuple[dict, str]]:
    """Each record with the template it came from (for cross-validation by template)."""
    rng = random.Random(f"{SEEDS.get(split, SEED)}-{split}")
    filler = Filler(rng, split)
    positives, negatives = _templates(split)
    records = []
    for n in range(SIZES[split]):
        negative = rng.random() < NEGATIVE_SHARE
        template = rng.choice(negatives if negative else positives)
        text, spans = render(template, filler, rng)
        records.append(({"id": f"{split}-{n + 1:04d}", "text": text, "spans": spans}, template))
    return records


def main() -> None:
    for split in SIZES:
        records = build(split)
        path = HERE / f"corpus_v2_{split}.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for record in records:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        clean = sum(1 for r in records if not r["spans"])
        print(f"{path.name}: {len(records)} texts, {clean} with no identifier")


if __name__ == "__main__":
    main()
