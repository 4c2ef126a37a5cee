"""Words of a text as tokens, and the words that are never part of a name.

The name detectors in ``names`` read these tokens: each knows where it is, whether it
starts a sentence or a list item, and whether it belongs to a protected phrase, a place
or an organisation (see ``names`` for the rules)."""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

from .lexicon import (
    ORGANISATION_OPENERS,
    ORGANISATION_WORDS,
    PERSONAL_CUES,
    PLACE_PHRASES,
    PROTECTED_PHRASES,
    SPEECH_VERBS,
    SURNAMES,
    WORD,
    is_common_word,
    is_given_name,
    phrase_key,
)

POSSESSIVE = ("'s", "’s")
SENTENCE_END = frozenset(".!?;:\n•")
OPENERS = frozenset(" \t\"“‘'([")

TITLES = frozenset({"Mr", "Mrs", "Ms", "Miss", "Mx", "Master", "Dr", "Prof", "Professor"})
ACADEMIC_TITLES = frozenset({"Dr", "Prof", "Professor"})
# "real name Leah", "known as Kai": cues of two words; all but "known as" are personal.
CUE_PAIRS = frozenset({("real", "name"), ("known", "as"), ("first", "name"), ("service", "user")})
PERSONAL_CUE_PAIRS = CUE_PAIRS - {("known", "as")}
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
        ("referral", "for"),
        ("referral", "about"),
        ("concerns", "about"),
        ("concern", "about"),
        ("update", "on"),
        ("plan", "for"),
        ("assessment", "of"),
        ("thinking", "about"),
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
# Before a place, part of it: "North Ayrshire", "Greater Glasgow", "Mid Ulster".
PLACE_QUALIFIERS = frozenset(
    {
        "North",
        "South",
        "East",
        "West",
        "Northern",
        "Southern",
        "Eastern",
        "Western",
        "Central",
        "Greater",
        "Mid",
        "Upper",
        "Lower",
        "Inner",
        "Outer",
    }
)
# Small words inside the name of an organisation. Going back from its head word, only
# "of" ("Vale of Glamorgan Council"), "upon"/"on" and "and" ("Hammersmith and Fulham
# Council") join, and never after a personal name ("Tracey and Social Services"); going
# on from "of" or "for" ("University of the West of England", "Department for Work and
# Pensions"), or from an opening word ("Comhairle nan Eilean Siar", "Ysgol Pen y Bryn"),
# a few more do.
# Words that end a building's name but are also surnames, so they are not organisation
# words: a building only after a word that is not a given name (see _heads_a_building).
BUILDING_WORDS = frozenset(
    {"Hall", "House", "Library", "Chambers", "Lodge", "Pavilion", "Tower", "Rooms", "Suite"}
)
MAX_ORGANISATION_WORDS = 12  # "Great Ormond Street Hospital for Children NHS Foundation Trust"
ORG_JOINS_BACK = frozenset({"of", "and", "upon", "on"})
ORG_JOINS_ON = frozenset({"of", "for", "the", "and", "upon", "on"})
ORG_JOINS_AFTER_OPENER = ORG_JOINS_ON | frozenset({"y", "yr", "ar", "nan", "na", "an", "a", "a'"})
# Verbs and auxiliaries of running prose: a comma-separated run holding one is a
# sentence, not a list of capitalised items ("Yesterday, Grace was upset").
PROSE_VERBS = SPEECH_VERBS | frozenset(
    {
        "is",
        "was",
        "are",
        "were",
        "be",
        "been",
        "has",
        "had",
        "have",
        "do",
        "does",
        "did",
        "will",
        "would",
        "can",
        "could",
        "should",
        "may",
        "might",
        "must",
        "isn't",
        "wasn't",
        "won't",
        "can't",
        "didn't",
        "doesn't",
        "don't",
    }
)
LIST_SEPARATORS = frozenset(",;/|")
MAX_LIST_ITEM_WORDS = 4
# Relatives a place cannot have: "Richmond's mum" is a person ("Bedford's partner
# agencies" and "Kingston's child protection team" are not).
RELATIVES = PERSONAL_CUES - {"partner", "called", "named", "aka", "child"}
# After "the Preston family", what shows a household rather than a service named after a
# place ("the Bolton family hubs").
FAMILY_FOLLOWERS = PROSE_VERBS | frozenset({"who", "moved", "live", "lived", "left", "came"})
# First word of each protected phrase -> the phrase lengths to try, longest first.
PHRASE_SIZES: dict[str, tuple[int, ...]] = {}
for _phrase in sorted(PROTECTED_PHRASES, key=len, reverse=True):
    PHRASE_SIZES[_phrase[0]] = (*PHRASE_SIZES.get(_phrase[0], ()), len(_phrase))
PLACE_SIZES: dict[str, tuple[int, ...]] = {}
for _phrase in sorted(PLACE_PHRASES, key=len, reverse=True):
    PLACE_SIZES[_phrase[0]] = (*PLACE_SIZES.get(_phrase[0], ()), len(_phrase))


@dataclass(slots=True)
class Token:
    start: int
    end: int  # end of the word without a possessive 's
    text: str  # the word without a possessive 's
    raw: str  # the word as written
    lower: str
    possessive: bool
    capitalised: bool
    sentence_start: bool  # or the start of an item in a capitalised list
    protected: bool = False  # never part of a name
    place: int = 0  # words in the place phrase it belongs to; a name only in strong context


def tokenise(text: str) -> list[Token]:
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
    if len(word) > 2 and word.endswith("s") and word[:-1].isupper():
        return False  # an initialism made plural: "AMHPs", "GPs", "IROs"
    if "'" in word or "’" in word or "-" in word:
        return not any(mark in "'’-" and letter.islower() for mark, letter in pairwise(word))
    return True


def _starts_sentence(text: str, start: int) -> bool:
    """At the start of the text, a line, a sentence or a clause after a colon."""
    i = start - 1
    while i >= 0 and text[i] in OPENERS:
        i -= 1
    return i < 0 or text[i] in SENTENCE_END


def _gap(text: str, left: Token, right: Token) -> str:
    """What is written between two words (a possessive 's belongs to neither)."""
    return text[left.start + len(left.raw) : right.start]


def mark_list_items(text: str, tokens: list[Token]) -> None:
    """Treat the first word of each item of a capitalised list like a sentence start.

    In "Interests: Safe sleep, Infant feeding, Early help" every item starts with a capital
    because it is an item, so "Infant" is no more a name than a sentence's first word. A
    list here is a clause cut by commas (or ; / |) into two or more short items that all
    start with a capital and hold no verb of running prose ("Yesterday, Grace was upset"
    is a sentence).
    """
    items: list[list[Token]] = []

    def settle() -> None:
        if len(items) > 1 and all(_list_item(item) for item in items):
            for item in items[1:]:
                item[0].sentence_start = True
        items.clear()

    for i, token in enumerate(tokens):
        if token.sentence_start:
            settle()
            items.append([token])
        elif (
            i
            and items
            and any(mark in LIST_SEPARATORS for mark in _gap(text, tokens[i - 1], token))
        ):
            items.append([token])
        elif items:
            items[-1].append(token)
    settle()


def _list_item(item: list[Token]) -> bool:
    """Short (a place or organisation counts as one word), capitalised and verbless."""
    named = [token.place or token.protected for token in item]
    words = len(item) - sum(a and b for a, b in pairwise(named))
    return (
        words <= MAX_LIST_ITEM_WORDS
        and item[0].raw[0].isupper()
        and not any(token.lower in PROSE_VERBS for token in item)
    )


def mark_protected(tokens: list[Token]) -> None:
    """Flag every word of an organisation, term or public figure phrase, and of a law
    named after someone ("Clare's Law", "Sarah's Law")."""
    for token, following in pairwise(tokens):
        if token.possessive and following.text == "Law":
            token.protected = following.protected = True
    for window in _phrases_in(tokens, PHRASE_SIZES, PROTECTED_PHRASES):
        for word in window:
            word.protected = True


def mark_places(text: str, tokens: list[Token]) -> None:
    """Flag every word of a place phrase ("Kingston upon Thames"), with any compass word
    before it ("North Ayrshire", "North East Lincolnshire")."""
    for window in _phrases_in(tokens, PLACE_SIZES, PLACE_PHRASES):
        for word in window:
            word.place = len(window)
    for i in range(len(tokens) - 2, -1, -1):
        token, following = tokens[i], tokens[i + 1]
        if token.text in PLACE_QUALIFIERS and following.place and adjacent(text, token, following):
            token.place = following.place = following.place + 1


def _phrases_in(
    tokens: list[Token], sizes: dict[str, tuple[int, ...]], phrases: frozenset[tuple[str, ...]]
) -> Iterator[list[Token]]:
    """The longest listed phrase starting at each word, left to right, never overlapping."""
    i = 0
    while i < len(tokens):
        token = tokens[i]
        key = phrase_key(token.raw)
        for size in sizes.get(key, ()) or sizes.get(phrase_key(token.text), ()):
            window = tokens[i : i + size]
            if len(window) == size and _phrase_of(window) in phrases:
                yield window
                i += size - 1
                break
        i += 1


def _phrase_of(window: list[Token]) -> tuple[str, ...]:
    *body, last = window
    return (*(phrase_key(t.raw) for t in body), phrase_key(last.text))


def mark_organisations(text: str, tokens: list[Token]) -> None:
    """Protect every word of an organisation's name, found by its head word.

    A head word ("Council", "Trust", "Police") that ends a capitalised phrase makes the
    phrase an organisation: "Leeds City Council", "Alder Hey Children's NHS Foundation
    Trust", "Robert Gordon University". So does one that goes on with "of" or "for":
    "London Borough of Merton", "Police Service of Northern Ireland". One followed by
    another capitalised word is a description, not a name ("Team Manager"). The words
    after an opening word ("NHS", "Ysgol", "Comhairle") belong to it too: "NHS Greater
    Glasgow and Clyde", "Comhairle nan Eilean Siar". A title stops the phrase ("Dr
    Okonkwo Surgery" leaves Dr Okonkwo a name), as does a possessive that is not an
    everyday word ("Jayden's School").
    """
    for i, token in enumerate(tokens):
        if token.raw in ORGANISATION_OPENERS:
            token.protected = True
            _protect_onwards(text, tokens, i, ORG_JOINS_AFTER_OPENER, stop_at_names=False)
        elif token.text in ORGANISATION_WORDS and token.raw[0].isupper():
            token.protected = True
            following = tokens[i + 1] if i + 1 < len(tokens) else None
            if following is None or not _joined(text, token, following):
                _protect_backwards(text, tokens, i)
            elif following.lower in ("of", "for"):
                _protect_backwards(text, tokens, i)
                _protect_onwards(text, tokens, i, ORG_JOINS_ON, stop_at_names=True)
            elif not _org_word(following) or following.place or following.protected:
                _protect_backwards(text, tokens, i)
        elif _heads_a_building(text, tokens, i):
            token.protected = True
            _protect_backwards(text, tokens, i)


def _heads_a_building(text: str, tokens: list[Token], i: int) -> bool:
    """ "Civic Hall", "Kingsway House", "Carnegie Library": a building word that is also a
    surname ("Hall", "House") names a building when it ends a capitalised phrase whose
    word before it is not a given name or a title ("Jayden Hall", "Mrs Hall" stay
    names)."""
    token = tokens[i]
    if token.text not in BUILDING_WORDS or not token.capitalised or i == 0:
        return False
    following = tokens[i + 1] if i + 1 < len(tokens) else None
    if following is not None and _joined(text, token, following) and following.capitalised:
        return False
    previous = tokens[i - 1]
    return (
        _joined(text, previous, token)
        and previous.capitalised
        and previous.text not in TITLES
        and not is_given_name(previous.text)
    )


def _protect_backwards(text: str, tokens: list[Token], head: int) -> None:
    i = head
    while i > max(0, head - MAX_ORGANISATION_WORDS):
        token, previous = tokens[i], tokens[i - 1]
        if not _joined(text, previous, token) or previous.text in TITLES:
            return
        if previous.lower in ORG_JOINS_BACK and previous.raw[0].islower():
            before = tokens[i - 2] if i > 1 else None
            if before is None or not _joined(text, before, previous):
                return
            if not _org_word(before) or not _joins_back(before):
                return
            previous.protected = True
            i -= 1
            continue
        if not _org_word(previous):
            return
        if i > 1 and tokens[i - 2].text in TITLES and _joined(text, tokens[i - 2], previous):
            return
        previous.protected = True
        i -= 1


def _joins_back(token: Token) -> bool:
    """Before "and" or "of" in an organisation's name: a place ("Hammersmith and Fulham
    Council"), another organisation's word, or an everyday word ("Health and Care"), but
    not a name ("Tracey Smith and Social Services")."""
    word = token.text
    if token.place or token.protected or word in ORGANISATION_WORDS:
        return True
    return is_common_word(word) and word not in SURNAMES and not is_given_name(word)


def _protect_onwards(
    text: str, tokens: list[Token], head: int, joins: frozenset[str], *, stop_at_names: bool
) -> None:
    i, end = head, min(len(tokens), head + MAX_ORGANISATION_WORDS)
    while i + 1 < end:
        token, following = tokens[i], tokens[i + 1]
        if not _joined(text, token, following):
            return
        j = i + 1  # a joining word only counts when a capitalised word follows it
        while j < end and tokens[j].lower in joins and tokens[j].raw[0].islower():
            j += 1
        if j >= end or not _org_word(tokens[j]):
            return
        if not all(_joined(text, a, b) for a, b in pairwise(tokens[i : j + 1])):
            return
        name = _personal_name_word(tokens[j])
        if name and (stop_at_names or tokens[j - 1].lower == "and"):
            return
        for word in tokens[i + 1 : j + 1]:
            word.protected = True
        i = j


def _joined(text: str, left: Token, right: Token) -> bool:
    """Next to each other in one name: a space between, and no possessive on the left
    unless it is an everyday word ("King's College", "Alder Hey Children's")."""
    if _gap(text, left, right) not in (" ", "\u00a0"):
        return False
    return not left.possessive or is_common_word(left.text)


def _org_word(token: Token) -> bool:
    """Capitalised or an initialism: a word that can stand in an organisation's name."""
    return token.raw[0].isupper() and token.text not in TITLES


def _personal_name_word(token: Token) -> bool:
    """A given name that is not also a place or part of a protected phrase."""
    return is_given_name(token.text) and not token.place and not token.protected


def adjacent(text: str, left: Token, right: Token) -> bool:
    return not left.possessive and text[left.end : right.start] in (" ", "\u00a0")
