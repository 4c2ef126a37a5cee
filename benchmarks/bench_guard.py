"""Accuracy and speed of the confidentiality scanner: ``python benchmarks/bench_guard.py``.

Prints span-level recall and precision per kind and overall on the labelled corpus, on
the review texts (written to probe the first detectors, then used to fix them), on the
held-out texts (scored once before any change; see the header of holdout.txt), and the
median time to scan a realistic 5,000-character post on one core. Imports the
scanner only (no Django), so it runs anywhere the package is installed.
"""

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # runnable as a plain script, like the other benchmarks

from practice_commons.confidentiality.scanner import KINDS, scan  # noqa: E402
from practice_commons.confidentiality.scanner.evaluation import (  # noqa: E402
    Report,
    evaluate,
    load_corpus,
    load_marked,
)

CORPUS_DIR = ROOT / "practice_commons/confidentiality/tests/corpus"
POST_CHARS = 5_000
TARGET_MS = 50.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=300, help="timed scans of the post")
    runs = parser.parse_args().runs

    corpus = load_corpus(CORPUS_DIR / "corpus.jsonl")
    print_report(f"corpus ({len(corpus)} texts)", evaluate(corpus))
    for name, title in (("review.txt", "review texts"), ("holdout.txt", "held-out texts")):
        records = load_marked(CORPUS_DIR / name)
        print_report(f"{title} ({len(records)})", evaluate(records))
    print_speed(realistic_post(corpus), runs)


def print_report(title: str, report: Report) -> None:
    print(f"\n{title}")
    print(f"  {'kind':<16}{'gold':>6}{'recall':>9}{'found':>7}{'precision':>11}")
    for kind in KINDS:
        score = report.by_kind[kind]
        if score.gold or score.predicted:
            print(
                f"  {kind:<16}{score.gold:>6}{score.recall:>9.3f}"
                f"{score.predicted:>7}{score.precision:>11.3f}"
            )
    overall = report.overall()
    print(
        f"  {'overall':<16}{overall.gold:>6}{overall.recall:>9.3f}"
        f"{overall.predicted:>7}{overall.precision:>11.3f}"
    )
    for kind, id_, text in report.misses:
        print(f"  missed       {kind:<15} {id_}: {json.dumps(text, ensure_ascii=False)}")
    for kind, id_, text in report.false_alarms:
        print(f"  false alarm  {kind:<15} {id_}: {json.dumps(text, ensure_ascii=False)}")


def realistic_post(corpus: list[dict]) -> str:
    """A long reflective post: corpus texts, with and without identifiers, run together
    in a fixed order until 5,000 characters, cut at a word boundary."""
    parts, length, step = [], 0, 37
    for i in range(len(corpus)):
        text = corpus[(i * step) % len(corpus)]["text"]
        parts.append(text)
        length += len(text) + 1
        if length >= POST_CHARS:
            break
    post = " ".join(parts)[:POST_CHARS]
    return post[: post.rfind(" ")].ljust(POST_CHARS, ".")


def print_speed(post: str, runs: int) -> None:
    findings = scan(post)  # warm up, and count what a real post would show
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        scan(post)
        timings.append((time.perf_counter() - started) * 1000)
    median = statistics.median(timings)
    verdict = "within" if median < TARGET_MS else "OVER"
    print(f"\nscan of a {len(post):,}-character post ({len(findings)} findings), one core:")
    print(
        f"  median {median:.2f} ms over {runs} runs (min {min(timings):.2f}, "
        f"max {max(timings):.2f}); {verdict} the {TARGET_MS:.0f} ms target"
    )


if __name__ == "__main__":
    main()
