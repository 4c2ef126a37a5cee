"""Names of the people a practitioner writes about.

There is no model here: a name is a capitalised word with evidence around it, weighed by
rules a reviewer can read. In decreasing order of strength:

* a title ("Mrs Kowalski", "Mr and Mrs Okafor");
* a relationship or naming cue ("her son Tyrese", "Mum (Tracey)", "a boy called Kai");
* a listed given name followed by a surname-like word ("Jayden Okafor", "Jayden K.");
* "the Okafor family";
* a listed given name on its own ("I visited Kacper"); if the name is also an everyday
  word ("Grace", "Hope") it needs more: a possessive, an age, a verb of speech, or at
  least a capital letter in mid-sentence, and then it is only a low-confidence guess;
* a proper noun in no list at all ("Oluwadamilare"), only with evidence around it (see
  ``_unlisted_names``), and mostly as a low-confidence guess.

Some capitalised words are never names, whatever the evidence: organisations, terms of
practice, cited authors and public figures, places (see ``lexicon``). Anonymised forms
("Child A", "Mrs K.") are single letters and never match. Authors cited with a year
("Munro (2011)") and colleagues greeted in the forum ("Thanks Priya") are not the people
the guard protects, so they are skipped.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

from .findings import HIGH, LOW, Finding, make_finding
from .lexicon import (
    CONTACT_VERBS,
    CUES,
    FAMILY_NOUNS,
    GREETINGS,
    NON_NAME_WORDS,
    NOT_NAMES,
    PLACES,
    PROTECTED_PHRASES,
    PUBLIC_FIGURES,
    SPEECH_VERBS,
    SURNAMES,
    is_common_word,
    is_given_name,
    is_word_name,
)

# Letters, with apostrophes and hyphens inside ("O'Neill", "Ellie-Mae", "Jayden's").
WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['’-](?=[^\W\d_]))*")
POSSESSIVE = ("'s", "’s")
SENTENCE_END = frozenset(".!?;:\n•")
OPENERS = frozenset(" \t\"“‘'([")

TITLES = frozenset({"Mr", "Mrs", "Ms", "Miss", "Mx", "Master", "Dr", "Prof", "Professor"})
ACADEMIC_TITLES = frozenset({"Dr", "Prof", "Professor"})
# "real name Leah", "known as Kai": cues of two words.
CUE_PAIRS = frozenset({("real", "name"), ("known", "as"), ("first", "name"), ("service", "user")})
CUE_JOINS = ("", ",", "(", ":", "-", "–")
CONTACT_PAIRS = frozenset(
    {
        ("spoke", "to"),
        ("spoke", "with"),
        ("talked", "to"),
        ("met", "with"),
        ("worried", "about"),
        ("concerned", "about"),
        ("working", "with"),
        ("worked", "with"),
    }
)
# A given name followed by one of these is part of a place or organisation's name.
PLACE_WORDS_AFTER = re.compile(
    r"\s+(?:[A-Z][\w'’-]*\s+)?(?:Street|Road|Lane|Avenue|House|Court|"
    r"Centre|Center|School|Academy|Primary|College|Hospital|Ward|Church|Chapel|Trust|Park|"
    r"Library|Hall|Lodge|Surgery|Practice|Nursery|Unit|Close|Way|Drive|Terrace|Gardens)\b"
)
SAINT = re.compile(r"\b(?:St|Saint)\.?\s+$")
CITED = re.compile(r"(?:['’]s)?\s*(?:\(\s*(?:19|20)\d\d|,\s*(?:19|20)\d\d\s*\)|et al\b)")
AGE_NEXT = re.compile(r"(?:,\s*\d{1,2}\s*[,;)]|\s*\(\d{1,2}\))")
INITIAL = re.compile(r" ([A-Z])\.")
MAX_NAME_WORDS = 3
# First word of each protected phrase -> the phrase lengths to try, longest first.
PHRASE_SIZES: dict[str, tuple[int, ...]] = {}
for _phrase in sorted(PROTECTED_PHRASES, key=len, reverse=True):
    PHRASE_SIZES[_phrase[0]] = (*PHRASE_SIZES.get(_phrase[0], ()), len(_phrase))


@dataclass(slots=True)
class Token:
    start: int
    end: int  # end of the word without a possessive 's
    text: str  # the word without a possessive 's
    raw: str  # the word as written
    lower: str
    possessive: bool
    capitalised: bool
    sentence_start: bool
    protected: bool = False


def find_names(text: str) -> Iterator[Finding]:
    tokens = _tokenise(text)
    _mark_protected(tokens)
    spans = [
        *_titled_names(text, tokens),
        *_cued_names(text, tokens),
        *_listed_names(text, tokens),
        *_unlisted_names(text, tokens),
        *_family_names(text, tokens),
    ]
    for start, end, confidence in _merge(spans):
        yield make_finding(text, "person_name", start, end, confidence)


def _tokenise(text: str) -> list[Token]:
    tokens = []
    for match in WORD.finditer(text):
        raw = match.group()
        possessive = raw.endswith(POSSESSIVE)
        word = raw[:-2] if possessive else raw
        start = match.start()
        tokens.append(
            Token(
                start,
                start + len(word),
                word,
                raw,
                word.lower(),
                possessive,
                _looks_like_a_name(word),
                _starts_sentence(text, start),
            )
        )
    return tokens


def _looks_like_a_name(word: str) -> bool:
    """Capitalised like a name: "Kai", "McAllister", "O'Neill", "Adeyemi-Clarke".

    Not "NSPCC" or "K", nor a contraction ("We're") or a hyphenated word with a lower-case
    part ("Sign-up").
    """
    if len(word) < 2 or not word[0].isupper() or word.isupper():
        return False
    if "'" in word or "’" in word or "-" in word:
        return not any(mark in "'’-" and letter.islower() for mark, letter in pairwise(word))
    return True


def _starts_sentence(text: str, start: int) -> bool:
    """At the start of the text, a line, a sentence or a clause after a colon."""
    i = start - 1
    while i >= 0 and text[i] in OPENERS:
        i -= 1
    return i < 0 or text[i] in SENTENCE_END


def _mark_protected(tokens: list[Token]) -> None:
    """Flag every word of an organisation, term, public figure or place phrase, and of a
    law named after someone ("Clare's Law", "Sarah's Law")."""
    for token, following in pairwise(tokens):
        if token.possessive and following.text == "Law":
            token.protected = following.protected = True
    for i, token in enumerate(tokens):
        for size in PHRASE_SIZES.get(token.raw, ()) or PHRASE_SIZES.get(token.text, ()):
            window = tokens[i : i + size]
            if len(window) == size and _phrase_of(window) in PROTECTED_PHRASES:
                for word in window:
                    word.protected = True
                break


def _phrase_of(window: list[Token]) -> tuple[str, ...]:
    *body, last = window
    return (*(t.raw for t in body), last.text)


def _adjacent(text: str, left: Token, right: Token) -> bool:
    return not left.possessive and text[left.end : right.start] in (" ", "\u00a0")


# --- titles -------------------------------------------------------------------------------


def _titled_names(text: str, tokens: list[Token]) -> Iterator[tuple[int, int, str]]:
    for i, token in enumerate(tokens[:-1]):
        if token.text not in TITLES or token.possessive:
            continue
        after = tokens[i + 1]
        if text[token.end : after.start] not in (" ", ". ", "\u00a0"):
            continue
        words = _name_run(text, tokens, i + 1)
        if words and _plausible_titled(token.text, words):
            yield words[0].start, _end_with_initial(text, words[-1]), HIGH


def _name_run(text: str, tokens: list[Token], first: int) -> list[Token]:
    """Consecutive capitalised, unprotected words from ``first``: the name after a cue."""
    run: list[Token] = []
    for token in tokens[first : first + MAX_NAME_WORDS]:
        if run and not _adjacent(text, run[-1], token):
            break
        if not token.capitalised or token.protected or token.text in TITLES:
            break
        run.append(token)
    return run


def _plausible_titled(title: str, words: list[Token]) -> bool:
    surname = words[-1].text
    if title in ACADEMIC_TITLES and surname in PUBLIC_FIGURES:
        return False
    if surname in NON_NAME_WORDS:
        return False
    return surname in SURNAMES or is_given_name(surname) or not is_common_word(surname)


def _end_with_initial(text: str, last: Token) -> int:
    """Take in a trailing initial: "Jayden K." is one name."""
    match = INITIAL.match(text, last.end)
    return match.end() if match and not last.possessive else last.end


# --- relationship and naming cues --------------------------------------------------------


def _cued_names(text: str, tokens: list[Token]) -> Iterator[tuple[int, int, str]]:
    for i, token in enumerate(tokens[:-1]):
        if not _is_cue(tokens, i) or token.possessive:
            continue
        after = tokens[i + 1]
        if text[token.end : after.start].strip() not in CUE_JOINS:
            continue
        words = _name_run(text, tokens, i + 1)
        if words and _plausible_after_cue(words[0]):
            yield words[0].start, _end_with_initial(text, words[-1]), HIGH


def _is_cue(tokens: list[Token], i: int) -> bool:
    word = tokens[i].lower
    if word in CUES:
        return True
    return i > 0 and (tokens[i - 1].lower, word) in CUE_PAIRS


def _plausible_after_cue(token: Token) -> bool:
    word = token.text
    if word in NON_NAME_WORDS and not is_given_name(word):
        return False
    return is_given_name(word) or word in SURNAMES or not is_common_word(word)


# --- listed given names ------------------------------------------------------------------


def _listed_names(text: str, tokens: list[Token]) -> Iterator[tuple[int, int, str]]:
    for i, token in enumerate(tokens):
        if not token.capitalised or token.protected or not is_given_name(token.text):
            continue
        if _is_greeted(text, tokens, i) or CITED.match(text, token.end):
            continue
        if _names_a_place(text, token):
            continue
        surname_words = _surname_run(text, tokens, i)
        if surname_words:
            yield token.start, _end_with_initial(text, surname_words[-1]), HIGH
        elif INITIAL.match(text, token.end) and not token.possessive:
            yield token.start, _end_with_initial(text, token), HIGH
        else:
            confidence = _lone_name_confidence(text, tokens, i)
            if confidence:
                yield token.start, token.end, confidence


def _surname_run(text: str, tokens: list[Token], i: int) -> list[Token]:
    run: list[Token] = []
    previous = tokens[i]
    for token in tokens[i + 1 : i + MAX_NAME_WORDS]:
        if not _adjacent(text, previous, token) or not _surname_like(token):
            break
        run.append(token)
        previous = token
    return run


def _surname_like(token: Token) -> bool:
    word = token.text
    if not token.capitalised or token.protected or word in NOT_NAMES or word in TITLES:
        return False
    return word in SURNAMES or is_given_name(word) or not is_common_word(word)


def _lone_name_confidence(text: str, tokens: list[Token], i: int) -> str | None:
    token = tokens[i]
    if token.text in NOT_NAMES or token.text in PUBLIC_FIGURES:
        return None
    if not is_word_name(token.text):
        return HIGH
    # "Grace", "Hope", "Will": an everyday word unless something marks it as a name.
    next_word = tokens[i + 1].text if i + 1 < len(tokens) else ""
    if AGE_NEXT.match(text, token.end) or next_word in SPEECH_VERBS:
        return HIGH
    if _listed_alongside(tokens, i):
        return HIGH
    if token.sentence_start or _followed_by_common_proper_word(text, tokens, i):
        return None
    return HIGH if token.possessive else LOW


def _followed_by_common_proper_word(text: str, tokens: list[Token], i: int) -> bool:
    """An everyday word starting a capitalised phrase: "Council Chamber", "Hope Street"."""
    if i + 1 >= len(tokens) or not _adjacent(text, tokens[i], tokens[i + 1]):
        return False
    following = tokens[i + 1]
    return (
        following.capitalised
        and is_common_word(following.text)
        and (following.text not in SURNAMES)
    )


def _names_a_place(text: str, token: Token) -> bool:
    """A name used to name somewhere: "St Mary's", "Mary Street", "Grace Academy"."""
    return bool(SAINT.search(text[max(0, token.start - 7) : token.start])) or bool(
        not token.possessive and PLACE_WORDS_AFTER.match(text, token.end)
    )


def _listed_alongside(tokens: list[Token], i: int) -> bool:
    """Coordinated with a given name that is not also a word: "Jade and Zain"."""
    for conjunction, other in ((i + 1, i + 2), (i - 1, i - 2)):
        if 0 <= other < len(tokens) and tokens[conjunction].text == "and":
            word = tokens[other].text
            if tokens[other].capitalised and is_given_name(word) and not is_word_name(word):
                return True
    return False


def _is_greeted(text: str, tokens: list[Token], i: int) -> bool:
    """A colleague addressed in the forum: "Thanks Priya", "Hi Sarah,", "..., Tom."."""
    token = tokens[i]
    if text[token.start - 1 : token.start] == "@":
        return True
    if i > 0 and tokens[i - 1].text in GREETINGS:
        return text[tokens[i - 1].end : token.start].strip() in ("", ",")
    before = text[: token.start].rstrip()
    after = text[token.end : token.end + 1]
    ends_sentence = after in ("", ".", "!", "?")
    return before.endswith(",") and ends_sentence and i > 0 and not _is_cue(tokens, i - 1)


# --- words in no list ----------------------------------------------------------------------


def _unlisted_names(text: str, tokens: list[Token]) -> Iterator[tuple[int, int, str]]:
    """Proper nouns in no vocabulary, marked as names by what follows them.

    Followed by a listed surname ("Bartosz Patel"), an age ("Eilidh, 6,") or owning a
    relative ("Faisal's teacher"): a name. Followed by another unknown proper noun
    ("Shazia MacLeod") or a verb of speech ("Ffion said"), a possessive in mid-sentence
    ("Eilidh's CHI"), after a verb of meeting ("visited Kezia") or beside a listed name
    ("Nkem and Chisom"): probably a name, but an unlisted organisation or place reads the
    same way, so only a low-confidence guess.
    """
    for i, token in enumerate(tokens):
        if not _unlisted_proper_noun(token) or _is_greeted(text, tokens, i):
            continue
        if CITED.match(text, token.end):
            continue
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        joined = following is not None and _adjacent(text, token, following)
        if joined and following.text in SURNAMES and _surname_like(following):
            yield token.start, following.end, HIGH
        elif AGE_NEXT.match(text, token.end) or _owns_a_relative(tokens, i):
            yield token.start, token.end, HIGH
        elif joined and _unlisted_proper_noun(following):
            yield token.start, following.end, LOW
        elif _hinted_name(tokens, i):
            yield token.start, token.end, LOW


def _owns_a_relative(tokens: list[Token], i: int) -> bool:
    return tokens[i].possessive and i + 1 < len(tokens) and tokens[i + 1].lower in CUES


def _hinted_name(tokens: list[Token], i: int) -> bool:
    token = tokens[i]
    following = tokens[i + 1].text if i + 1 < len(tokens) else ""
    previous = tuple(t.lower for t in tokens[max(0, i - 2) : i])
    return (
        (token.possessive and not token.sentence_start)
        or following in SPEECH_VERBS
        or (bool(previous) and previous[-1] in CONTACT_VERBS)
        or previous in CONTACT_PAIRS
        or _listed_alongside(tokens, i)
    )


def _unlisted_proper_noun(token: Token) -> bool:
    word = token.text
    return (
        token.capitalised
        and not token.protected
        and not is_given_name(word)
        and not is_common_word(word)
        and word not in NOT_NAMES
        and word not in TITLES
        and word not in PUBLIC_FIGURES
    )


# --- families -----------------------------------------------------------------------------


def _family_names(text: str, tokens: list[Token]) -> Iterator[tuple[int, int, str]]:
    """Surnames of households: "the Okafor family", "the Nowak children"."""
    for i in range(1, len(tokens) - 1):
        before, token, after = tokens[i - 1], tokens[i], tokens[i + 1]
        if before.lower != "the" or after.lower not in FAMILY_NOUNS:
            continue
        if _adjacent(text, token, after) and _surname_like(token) and token.text not in PLACES:
            yield token.start, token.end, HIGH


def _merge(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Join overlapping spans, keeping the stronger confidence."""
    merged: list[tuple[int, int, str]] = []
    for start, end, confidence in sorted(spans):
        if merged and start < merged[-1][1]:
            last_start, last_end, last_confidence = merged[-1]
            stronger = HIGH if HIGH in (confidence, last_confidence) else LOW
            merged[-1] = (last_start, max(end, last_end), stronger)
        else:
            merged.append((start, end, confidence))
    return merged
