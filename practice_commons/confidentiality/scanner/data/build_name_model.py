"""Train the name model (``name_model.json``) on the tune split of the second corpus.

Run by hand, never at run time::

    python practice_commons/confidentiality/scanner/data/build_name_model.py

Logistic regression over the features of ``scanner.name_model.token_features``, fitted by
AdaGrad with L2 regularisation and a fixed seed, so the same corpus gives the same file.
Only ``tests/corpus/corpus_v2_tune.jsonl`` is read of the corpus: the held-out splits are
never seen. Beside it, the model learns from ``name_training.txt`` (round four): sentences
written by hand with a name slot in many places, filled from the scanner's own name lists
(``given_names_uk.txt``, ``surnames_uk.txt``) and the tune split's word-names, so it learns
where names stand beyond the tune templates. Weights too small to matter are dropped to
keep the file small.
"""

import importlib.util
import json
import math
import random
import re
import sys
from contextlib import contextmanager
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]
sys.path.insert(0, str(ROOT))

from practice_commons.confidentiality.scanner.name_model import (  # noqa: E402
    MODEL,
    token_features,
)
from practice_commons.confidentiality.scanner.names import prepared_tokens  # noqa: E402

TUNE = ROOT / "practice_commons/confidentiality/tests/corpus/corpus_v2_tune.jsonl"
DATA = Path(__file__).resolve().parent
EXTRA_TEXTS = 1500  # sentences generated from name_training.txt
SLOT = re.compile(r"\{(\w+)\}")
SEED = 20261202
EPOCHS = 12
RATE = 0.3
L2 = 2e-4
MIN_WEIGHT = 0.02
THRESHOLD = 0.5
DROPOUT = 0.5  # share of the tune names left out of the lists for the second pass


def tune_records() -> list[dict]:
    return [json.loads(line) for line in TUNE.read_text(encoding="utf-8").splitlines()]


def _listed(name: str) -> list[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def _tune_word_names() -> list[str]:
    names = json.loads(
        (TUNE.parent / "v2" / "names.json").read_text(encoding="utf-8")
    )  # the tune split's half of the list, as build_corpus_v2 takes it
    return names["given"]["word"][0::2]


def extra_records() -> list[dict]:
    """Sentences from ``name_training.txt`` with their slots filled (fixed seed)."""
    from practice_commons.confidentiality.scanner.lexicon import PLACES

    rng = random.Random(f"{SEED}-extra")
    lines = _listed("name_training.txt")
    given = sorted({n for n in _listed("given_names_uk.txt") if n.isalpha() or "-" in n})
    surnames = sorted(set(_listed("surnames_uk.txt")))
    pools = {
        "first": given,
        "lower": given,
        "surname": surnames,
        "word": _tune_word_names(),
        "place": sorted(p for p in PLACES if p.isalpha()),
        "org": _listed("organisations.txt"),
    }
    records = []
    for n in range(EXTRA_TEXTS):
        template = rng.choice(lines)
        negative = template.startswith("- ")
        template = template[2:] if negative else template
        text, spans, cursor = "", [], 0
        for match in SLOT.finditer(template):
            text += _roughen(template[cursor : match.start()], rng)
            slot = match.group(1)
            if slot == "full":
                value = f"{rng.choice(given)} {rng.choice(surnames)}"
            else:
                value = rng.choice(pools[slot])
            value = value.lower() if slot == "lower" else value
            if slot not in ("place", "org"):
                spans.append(
                    {"kind": "person_name", "start": len(text), "end": len(text) + len(value)}
                )
            text += value
            cursor = match.end()
        text += _roughen(template[cursor:], rng)
        records.append({"id": f"extra-{n}", "text": text, "spans": spans})
    return records


@cache
def _corpus_builder():
    spec = importlib.util.spec_from_file_location("v2", TUNE.with_name("build_corpus_v2.py"))
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    return builder


def _roughen(literal: str, rng: random.Random) -> str:
    """Typos in the words around the names, as in the corpus (a slip is not a name)."""
    return _corpus_builder().roughen(literal, rng)


def name_words(records: list[dict]) -> list[str]:
    """The distinct lower-case words and hyphen parts of the gold names, sorted."""
    words = set()
    for record in records:
        for span in record["spans"]:
            if span["kind"] == "person_name":
                text = record["text"][span["start"] : span["end"]].lower()
                words.update(part for word in text.split() for part in word.split("-"))
    return sorted(words)


@contextmanager
def lists_without(hidden: frozenset[str]):
    """The scanner's name lists with the lower-case words ``hidden`` left out, for as
    long as the block runs: to train on and score names the lists do not know, as most
    real names in a post will not be (only at build time; never at run time)."""
    from practice_commons.confidentiality.scanner import (
        lexicon,
        name_context,
        name_model,
        name_tokens,
        names,
    )

    given = frozenset(w for w in lexicon.GIVEN_NAMES if w.lower() not in hidden)
    surnames = frozenset(w for w in lexicon.SURNAMES if w.lower() not in hidden)
    changes = [
        (lexicon, "GIVEN_NAMES", given),
        (lexicon, "GIVEN_NAMES_LOWER", frozenset(w.lower() for w in given)),
        (lexicon, "SURNAMES_LOWER", frozenset(w.lower() for w in surnames)),
        *((module, "SURNAMES", surnames) for module in (lexicon, names, name_context)),
        *((module, "SURNAMES", surnames) for module in (name_model, name_tokens)),
    ]
    saved = [(module, attribute, getattr(module, attribute)) for module, attribute, _ in changes]
    for module, attribute, value in changes:
        setattr(module, attribute, value)
    name_model.clear_caches()
    try:
        yield
    finally:
        for module, attribute, value in saved:
            setattr(module, attribute, value)
        name_model.clear_caches()


def training_rows(records: list[dict], hidden: frozenset[str] = frozenset()):
    """Every word of ``records`` twice: once with the name lists as they are (less
    ``hidden``), once with a further share of the records' own names left out of them
    ("name dropout"), so the model learns what a name looks like and where it stands,
    not only that the lists hold it."""
    words = [w for w in name_words(records) if w not in hidden]
    dropped = frozenset(random.Random(SEED).sample(words, int(len(words) * DROPOUT)))
    with lists_without(hidden):
        rows = examples(records)
    with lists_without(hidden | dropped):
        rows += examples(records)
    return rows


def examples(records: list[dict]) -> list[tuple[list[str], int]]:
    rows = []
    for record in records:
        text = record["text"]
        names = [(s["start"], s["end"]) for s in record["spans"] if s["kind"] == "person_name"]
        tokens = prepared_tokens(text)
        for i, token in enumerate(tokens):
            label = int(any(start <= token.start < end for start, end in names))
            rows.append((token_features(text, tokens, i), label))
    return rows


def train(rows: list[tuple[list[str], int]]) -> dict[str, float]:
    rng = random.Random(SEED)
    weights: dict[str, float] = {}
    squares: dict[str, float] = {}
    for _epoch in range(EPOCHS):
        rng.shuffle(rows)
        for features, label in rows:
            total = sum(weights.get(f, 0.0) for f in features)
            predicted = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, total))))
            error = predicted - label
            for f in features:
                w = weights.get(f, 0.0)
                gradient = error + L2 * w
                squares[f] = squares.get(f, 0.0) + gradient * gradient
                weights[f] = w - RATE * gradient / math.sqrt(squares[f] + 1e-8)
    return weights


def cross_validate() -> None:
    """Train on the tune texts of half the tune templates, score on the other half, and
    the other way round, with every other name word of the tune split left out of the
    name lists for both: how the scanner does on templates it has not seen and on names
    its lists do not know (as most real names will not be). Tune split only."""
    from practice_commons.confidentiality.scanner import name_model
    from practice_commons.confidentiality.scanner.core import scan
    from practice_commons.confidentiality.scanner.evaluation import evaluate

    pairs = _corpus_builder().build_with_templates("tune")
    templates = sorted({t for _r, t in pairs})
    hidden = frozenset(name_words([r for r, _t in pairs])[1::2])
    verbose = "--verbose" in sys.argv
    for fold in (0, 1):
        held = set(templates[fold::2])
        train_on = [r for r, t in pairs if t not in held] + extra_records()
        test_on = [r for r, t in pairs if t in held]
        weights = train(training_rows(train_on, hidden))
        original = name_model._weights
        name_model._weights = lambda w=weights: (w, THRESHOLD)  # noqa: B023
        name_model.clear_caches()
        with lists_without(hidden):
            report = evaluate(test_on, scan)
            unknown = _unknown_name_recall(test_on, hidden, scan)
        name_model._weights = original
        name_model.clear_caches()
        names, overall = report.by_kind["person_name"], report.overall()
        print(
            f"fold {fold}: {len(test_on)} texts; names recall {names.recall:.3f} "
            f"(unlisted {unknown:.3f}) precision {names.precision:.3f}; overall recall "
            f"{overall.recall:.3f} precision {overall.precision:.3f}; clean blocked "
            f"{report.clean_blocked}/{report.clean_texts}, to confirm {report.clean_confirm}"
        )
        if verbose:
            for kind, id_, text in report.misses:
                print("   missed", kind, id_, repr(text))
            for kind, id_, text in report.false_alarms:
                print("   false alarm", kind, id_, repr(text))


def _unknown_name_recall(records, hidden, scanner) -> float:
    """Recall of the gold names holding a word left out of the lists."""
    gold = found = 0
    for record in records:
        findings = [f for f in scanner(record["text"]) if f.kind == "person_name"]
        for span in record["spans"]:
            text = record["text"][span["start"] : span["end"]].lower()
            parts = {part for word in text.split() for part in word.split("-")}
            if span["kind"] != "person_name" or not parts & hidden:
                continue
            gold += 1
            found += any(f.start < span["end"] and span["start"] < f.end for f in findings)
    return found / gold if gold else 1.0


def main() -> None:
    if "--cross-validate" in sys.argv:
        cross_validate()
        return
    rows = training_rows(tune_records() + extra_records())
    weights = train(rows)
    kept = {f: round(w, 3) for f, w in sorted(weights.items()) if abs(w) >= MIN_WEIGHT}
    MODEL.write_text(
        json.dumps(
            {
                "about": "Name model for the confidentiality scanner; see build_name_model.py.",
                "trained_on": "tests/corpus/corpus_v2_tune.jsonl, data/name_training.txt",
                "threshold": THRESHOLD,
                "weights": kept,
            },
            ensure_ascii=False,
            indent=0,
            sort_keys=True,
        )
        + "\n",
        encoding="utf-8",
    )
    positives = sum(label for _f, label in rows)
    print(f"{len(rows)} words ({positives} in names); {len(kept)} weights -> {MODEL.name}")


if __name__ == "__main__":
    main()
