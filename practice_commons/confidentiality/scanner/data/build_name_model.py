"""Train the name model (``name_model.json``) on the tune split of the second corpus.

Run by hand, never at run time::

    python practice_commons/confidentiality/scanner/data/build_name_model.py

Logistic regression over the features of ``scanner.name_model.token_features``, fitted by
AdaGrad with L2 regularisation and a fixed seed, so the same corpus gives the same file.
Only ``tests/corpus/corpus_v2_tune.jsonl`` is read: the held-out split is never seen.
Weights too small to matter are dropped to keep the file small.
"""

import json
import math
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]
sys.path.insert(0, str(ROOT))

from practice_commons.confidentiality.scanner.name_model import (  # noqa: E402
    MODEL,
    token_features,
)
from practice_commons.confidentiality.scanner.names import prepared_tokens  # noqa: E402

TUNE = ROOT / "practice_commons/confidentiality/tests/corpus/corpus_v2_tune.jsonl"
SEED = 20261202
EPOCHS = 12
RATE = 0.3
L2 = 2e-4
MIN_WEIGHT = 0.02
THRESHOLD = 0.5


def tune_records() -> list[dict]:
    return [json.loads(line) for line in TUNE.read_text(encoding="utf-8").splitlines()]


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
    the other way round: how the model does on templates it has not seen (names may
    recur across the halves, so this is, if anything, optimistic)."""
    import importlib.util

    from practice_commons.confidentiality.scanner import name_model
    from practice_commons.confidentiality.scanner.core import scan
    from practice_commons.confidentiality.scanner.evaluation import evaluate

    spec = importlib.util.spec_from_file_location("v2", TUNE.with_name("build_corpus_v2.py"))
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    pairs = builder.build_with_templates("tune")
    templates = sorted({t for _r, t in pairs})
    for fold in (0, 1):
        held = set(templates[fold::2])
        train_on = [r for r, t in pairs if t not in held]
        test_on = [r for r, t in pairs if t in held]
        weights = train(examples(train_on))
        name_model._weights.cache_clear()
        original = name_model._weights
        name_model._weights = lambda w=weights: (w, THRESHOLD)  # noqa: B023
        report = evaluate(test_on, scan)
        name_model._weights = original
        names, overall = report.by_kind["person_name"], report.overall()
        print(
            f"fold {fold}: {len(test_on)} texts; names recall {names.recall:.3f} precision "
            f"{names.precision:.3f}; overall recall {overall.recall:.3f} precision "
            f"{overall.precision:.3f}; clean blocked {report.clean_blocked}/"
            f"{report.clean_texts}, to confirm {report.clean_confirm}"
        )
        for kind, id_, text in report.misses[:40]:
            print("   missed", kind, id_, repr(text))
        for kind, id_, text in report.false_alarms[:40]:
            print("   false alarm", kind, id_, repr(text))


def main() -> None:
    if "--cross-validate" in sys.argv:
        cross_validate()
        return
    rows = examples(tune_records())
    weights = train(rows)
    kept = {f: round(w, 3) for f, w in sorted(weights.items()) if abs(w) >= MIN_WEIGHT}
    MODEL.write_text(
        json.dumps(
            {
                "about": "Name model for the confidentiality scanner; see build_name_model.py.",
                "trained_on": "tests/corpus/corpus_v2_tune.jsonl",
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
