"""A small trained model for names the rules cannot see: no title, no cue, lower case,
at the start of a sentence, names from communities the word lists barely cover.

It is a logistic regression over features of each word and its neighbours: its shape
and case, where it stands in the sentence, whether the name lists, the surname list,
the everyday-word list, the places and the protected phrases hold it, its last letters,
and the words around it ("spoke to", "said", "and her brother"). The weights are in
``data/name_model.json``, trained by ``data/build_name_model.py`` on the tune split of
the project's own generated corpus only (``tests/corpus/corpus_v2_tune.jsonl``), and
shipped with the code: nothing is downloaded, and the file is read once, on first use.

The model's names are always low confidence: the writer confirms "this is not someone I
work with" and the text is stored. Only the rules in ``names`` block.
"""

import json
import math
from functools import cache, lru_cache
from pathlib import Path

from .lexicon import (
    CONTACT_VERBS,
    CUES,
    GREETINGS,
    NOT_NAMES,
    PUBLIC_FIGURES,
    SPEECH_VERBS,
    SURNAMES,
    is_common_word,
    is_given_name,
    is_slip_of_a_word,
)
from .name_context import DETERMINERS, person_state_after
from .name_tokens import TITLES, Token

MODEL = Path(__file__).with_name("data") / "name_model.json"
THRESHOLD = 0.5
CONTEXT_WORDS = 2


@cache
def _weights() -> tuple[dict[str, float], float]:
    model = json.loads(MODEL.read_text(encoding="utf-8"))
    return model["weights"], model["threshold"]


def _shape(word: str) -> str:
    if word.isupper():
        return "UPPER" if len(word) > 1 else "INITIAL"
    if word[0].isupper():
        return "Title" if word[1:].islower() or not word[1:].isalpha() else "MiXed"
    return "lower"


@lru_cache(maxsize=8192)
def _lexical(word: str) -> tuple[str, ...]:
    """What the word lists say about a word, whatever case it was typed in."""
    titled = word[:1].upper() + word[1:]
    classes = []
    if is_given_name(titled) or is_given_name(word):
        classes.append("given")
    if titled in SURNAMES or word in SURNAMES:
        classes.append("surname")
    if is_common_word(word):
        classes.append("common")
    if titled in NOT_NAMES:
        classes.append("notname")
    if titled in PUBLIC_FIGURES:
        classes.append("figure")
    if not classes and "-" in word:
        parts = {c for part in word.split("-") if part for c in _lexical(part)}
        classes.extend(f"part-{c}" for c in sorted(parts))
    if not classes and is_slip_of_a_word(word):
        classes.append("slip")  # one slip from an everyday word: a typo, more likely
    return tuple(classes) or ("unknown",)


def _context_class(token: Token | None) -> str:
    if token is None:
        return "NONE"
    return _class_of(token.text, token.lower, token.raw, token.capitalised)


@lru_cache(maxsize=16384)
def _class_of(word: str, lower: str, raw: str, capitalised: bool) -> str:
    if word in TITLES:
        return "TITLE"
    if lower in SPEECH_VERBS:
        return "SPEECH"
    if lower in CONTACT_VERBS:
        return "CONTACT"
    if lower in CUES:
        return "CUE"
    if raw in GREETINGS:
        return "GREETING"
    return "+".join(_lexical(word)) + ("|cap" if capitalised else "")


def _name_like(token: Token) -> str:
    """What the other side of an "and" is: "Kacper and [Łukasz]", "mum and [dad]"."""
    if not token.capitalised or token.protected or token.place:
        return "other"
    lexical = _lexical(token.text)
    if "given" in lexical or "surname" in lexical:
        return "given" if "given" in lexical else "surname"
    return "common" if "common" in lexical else "unknown"


def token_features(text: str, tokens: list[Token], i: int) -> list[str]:
    """Every feature of the word at ``i``: its own (spelling, lists, place in the
    sentence) and its context (the words around it)."""
    return [*_word_features(*_word_key(tokens[i])), *_context_features(text, tokens, i)]


def _word_key(token: Token) -> tuple[str, bool, bool, bool, bool]:
    return token.text, token.sentence_start, token.possessive, token.protected, bool(token.place)


@lru_cache(maxsize=16384)
def _word_features(
    word: str, sentence_start: bool, possessive: bool, protected: bool, place: bool
) -> tuple[str, ...]:
    lower = word.lower()
    lexical = _lexical(word)
    shape = _shape(word)
    features = [
        "bias",
        f"shape={shape}",
        f"start={sentence_start}",
        f"possessive={possessive}",
        f"protected={protected}",
        f"place={place}",
        f"hyphen={'-' in word}",
        f"apostrophe={chr(39) in word or chr(8217) in word}",
        f"accent={not word.isascii()}",
        f"len={min(len(word), 9)}",
        *(f"lex={c}" for c in lexical),
        *(f"lex={c}|{shape}" for c in lexical),
        *(f"lex={c}|start={sentence_start}" for c in lexical),
        *(f"lex={c}|{shape}|start={sentence_start}" for c in lexical),
    ]
    if "common" in lexical or len(word) <= 2:
        features.append(f"w={lower}")
    else:
        # How the word is spelt: endings and beginnings run in families of names
        # ("-ewski", "Mac-", "Oluwa-", "-sson"), whether or not a list holds the name.
        features += [f"suffix={lower[-3:]}", f"suffix2={lower[-2:]}", f"prefix={lower[:3]}"]
        if len(lower) > 4:
            features += [f"suffix4={lower[-4:]}", f"prefix2={lower[:2]}|{shape}"]
    return tuple(features)


def _context_features(text: str, tokens: list[Token], i: int) -> list[str]:
    token = tokens[i]
    features = []
    previous = tokens[i - 1] if i else None
    following = tokens[i + 1] if i + 1 < len(tokens) else None
    if person_state_after(tokens, i):
        features.append("state-after")
    if previous is not None and previous.lower == "and" and i > 1:
        features.append(f"and-after={_name_like(tokens[i - 2])}")
    if following is not None and following.lower == "and" and i + 2 < len(tokens):
        features.append(f"and-before={_name_like(tokens[i + 2])}")
    for offset in range(1, CONTEXT_WORDS + 1):
        before = tokens[i - offset] if i - offset >= 0 else None
        after = tokens[i + offset] if i + offset < len(tokens) else None
        features.append(f"w-{offset}={before.lower if before else 'NONE'}")
        features.append(f"w+{offset}={after.lower if after else 'NONE'}")
        features.append(f"c-{offset}={_context_class(before)}")
        features.append(f"c+{offset}={_context_class(after)}")
    if i > 0:
        gap = text[tokens[i - 1].start + len(tokens[i - 1].raw) : token.start]
        features.append(f"gap-={gap.strip()[:2] or 'space'}")
    if i + 1 < len(tokens):
        gap = text[token.start + len(token.raw) : tokens[i + 1].start]
        features.append(f"gap+={gap.strip()[:2] or 'space'}")
    return features


@lru_cache(maxsize=16384)
def _word_total(key: tuple[str, bool, bool, bool, bool]) -> float:
    """The summed weights of a word's own features (the same wherever it stands)."""
    weights, _threshold = _weights()
    return sum(weights.get(f, 0.0) for f in _word_features(*key))


def clear_caches() -> None:
    """Forget what was worked out from the word lists and weights (after either changes,
    at build time only)."""
    for cached in (_lexical, _word_features, _word_total, _class_of):
        cached.cache_clear()


def _worth_scoring(tokens: list[Token], i: int) -> bool:
    """Not an everyday word opening a sentence ("Meeting", "Just") or after "the": the
    rules in ``names`` set those aside, so they are not scored."""
    token = tokens[i]
    if not is_common_word(token.text) or is_given_name(token.text) or token.text in SURNAMES:
        return True
    return not token.sentence_start and not (i and tokens[i - 1].lower in DETERMINERS)


def score(features: list[str], weights: dict[str, float]) -> float:
    total = sum(weights.get(f, 0.0) for f in features)
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, total))))


def name_probabilities(text: str, tokens: list[Token]) -> list[float]:
    weights, _threshold = _weights()
    return [score(token_features(text, tokens, i), weights) for i in range(len(tokens))]


def model_name_spans(text: str, tokens: list[Token]) -> list[tuple[int, int, float]]:
    """(start, end, probability of the first word) of the words the model takes for
    names, neighbours joined."""
    if not tokens:
        return []
    weights, threshold = _weights()
    spans: list[tuple[int, int, float]] = []
    for i, token in enumerate(tokens):
        if len(token.text) < 2 or token.protected or token.text in TITLES:
            continue  # a title is never the name ("Mr", "Dr")
        if token.text.islower() and is_common_word(token.text):
            continue  # an everyday word in lower case is never taken for a name
        if not (token.capitalised or token.text.islower()):
            continue  # "I've", "NSPCC": not written like a name
        if token.place or not _worth_scoring(tokens, i):
            continue  # what ``names`` would set aside whatever the score (and time)
        total = _word_total(_word_key(token))
        total += sum(weights.get(f, 0.0) for f in _context_features(text, tokens, i))
        probability = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, total))))
        if probability < threshold:
            continue
        if spans and text[spans[-1][1] : token.start] in (" ", "\u00a0"):
            start, _end, first = spans.pop()
            spans.append((start, token.end, first))
        else:
            spans.append((token.start, token.end, probability))
    return spans
