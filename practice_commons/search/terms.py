"""What someone typed, as terms each engine can match safely.

Only letters and digits reach an engine (no FTS5 or tsquery operators from the user);
common English words are dropped on both engines alike (PostgreSQL's ``english``
configuration drops them anyway); the last term can match as a prefix, so results and
suggestions follow someone typing ("Siob" finds "Siobhan"; ``selectors`` reads it whole
when a row the reader may see holds it as typed). Stemming is the engines' own: Porter
on SQLite, Snowball English on PostgreSQL, so "safeguarding", "safeguarded" and
"safeguards" meet.
"""

import re
import unicodedata
from dataclasses import dataclass

MAX_TERMS = 8
MAX_QUERY_LENGTH = 200
MIN_PREFIX = 3
_WORD = re.compile(r"[^\W_]+")

STOP_WORDS = frozenset(
    (
        "a",
        "about",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "for",
        "from",
        "had",
        "has",
        "have",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "me",
        "my",
        "no",
        "not",
        "of",
        "on",
        "or",
        "our",
        "so",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "to",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "anyone",
        "anybody",
        "someone",
    )
)


@dataclass(frozen=True)
class Terms:
    words: tuple[str, ...]
    prefix_last: bool = True

    def __bool__(self) -> bool:
        return bool(self.words)

    @property
    def text(self) -> str:
        return " ".join(self.words)


def parse(raw: str, *, prefix_last: bool = True) -> Terms:
    """The searchable words of ``raw`` (lower-cased, at most ``MAX_TERMS``)."""
    words = [w.lower() for w in _WORD.findall((raw or "")[:MAX_QUERY_LENGTH]) if len(w) < 40]
    kept = [w for w in words if w not in STOP_WORDS]
    if not kept and words:
        kept = words  # a query of common words only still searches for them
    seen: list[str] = []
    for word in kept:
        if word not in seen:
            seen.append(word)
    # A trailing space means the last word is finished; a prefix of one or two letters
    # would match a large part of the vocabulary, so it must be a whole word.
    finished = bool(raw) and raw[-1:].isspace()
    words = tuple(seen[:MAX_TERMS])
    long_enough = bool(words) and len(words[-1]) >= MIN_PREFIX
    return Terms(words, prefix_last=prefix_last and not finished and long_enough)


def fts5(terms: Terms, *, any_term: bool = False) -> str:
    """An FTS5 MATCH expression: each word quoted, the last a prefix."""
    parts = []
    for i, word in enumerate(terms.words):
        last = i == len(terms.words) - 1
        parts.append(f'"{word}"*' if (last and terms.prefix_last) else f'"{word}"')
    return (" OR " if any_term else " AND ").join(parts)


def tsquery(terms: Terms, *, any_term: bool = False) -> str:
    """A ``to_tsquery`` expression: words joined by & (or |), the last with ``:*``."""
    parts = []
    for i, word in enumerate(terms.words):
        last = i == len(terms.words) - 1
        parts.append(f"'{word}':*" if (last and terms.prefix_last) else f"'{word}'")
    return (" | " if any_term else " & ").join(parts)


def words_of(text: str) -> list[str]:
    """The words of ``text``, as ``parse`` cuts them (letters and digits)."""
    return _WORD.findall(text or "")


def folded(word: str) -> str:
    """``word`` lower-cased without accents, as the engines compare words (FTS5's
    ``remove_diacritics``)."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words_starting(prefix: str, text: str) -> list[str]:
    """The words of ``text`` that start with ``prefix`` (case and accents folded)."""
    start = folded(prefix)
    return [word for word in words_of(text) if folded(word).startswith(start)]


def starts_a_word(prefix: str, text: str) -> bool:
    """Whether a word of ``text`` starts with ``prefix`` (case and accents folded)."""
    return bool(words_starting(prefix, text))
