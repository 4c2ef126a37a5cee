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
practice, cited authors and public figures (see ``lexicon``), and any capitalised phrase
that ends in a word like "Council", "Trust" or "Police", or goes on from one with "of"
("London Borough of Merton"): that is an organisation. Places (the gazetteer of UK
places and a list of places abroad) are not names either unless strong personal context
says so: a title ("Mrs Merton"), a personal cue ("her son Kingston", but not "social
worker, Leeds"), and for a place that is also a listed name, a surname ("Angus
MacLeod"), an initial, an age ("Kingston (6)"), a relative ("Richmond's mum") or a
given name beside it ("Chelsea and Zain"). Anonymised forms ("Child A", "Mrs K.") are
single letters and never match. Authors cited with a year ("Munro (2011)") and
colleagues greeted in the forum ("Thanks Priya") are not the people the guard protects,
so they are skipped. The first word of each item of a capitalised list ("Safe sleep,
Infant feeding") is capitalised for the list's sake, like the first word of a sentence.
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
    ORGANISATION_OPENERS,
    ORGANISATION_WORDS,
    PERSONAL_CUES,
    PLACE_PHRASES,
    PROTECTED_PHRASES,
    PUBLIC_FIGURES,
    SPEECH_VERBS,
    SURNAMES,
    WORD,
    is_common_word,
    is_given_name,
    is_word_name,
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


def find_names(text: str) -> Iterator[Finding]:
    tokens = _tokenise(text)
    _mark_protected(tokens)
    _mark_places(text, tokens)
    _mark_organisations(text, tokens)
    _mark_list_items(text, tokens)
    spans = [
        *_titled_names(text, tokens),
        *_cued_names(text, tokens),
        *_listed_names(text, tokens),
        *_unlisted_names(text, tokens),
        *_places_as_names(text, tokens),
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


def _gap(text: str, left: Token, right: Token) -> str:
    """What is written between two words (a possessive 's belongs to neither)."""
    return text[left.start + len(left.raw) : right.start]


def _mark_list_items(text: str, tokens: list[Token]) -> None:
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


def _mark_protected(tokens: list[Token]) -> None:
    """Flag every word of an organisation, term or public figure phrase, and of a law
    named after someone ("Clare's Law", "Sarah's Law")."""
    for token, following in pairwise(tokens):
        if token.possessive and following.text == "Law":
            token.protected = following.protected = True
    for window in _phrases_in(tokens, PHRASE_SIZES, PROTECTED_PHRASES):
        for word in window:
            word.protected = True


def _mark_places(text: str, tokens: list[Token]) -> None:
    """Flag every word of a place phrase ("Kingston upon Thames"), with any compass word
    before it ("North Ayrshire", "North East Lincolnshire")."""
    for window in _phrases_in(tokens, PLACE_SIZES, PLACE_PHRASES):
        for word in window:
            word.place = len(window)
    for i in range(len(tokens) - 2, -1, -1):
        token, following = tokens[i], tokens[i + 1]
        if token.text in PLACE_QUALIFIERS and following.place and _adjacent(text, token, following):
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


def _mark_organisations(text: str, tokens: list[Token]) -> None:
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
        words = _name_run(text, tokens, i + 1, places=True)
        if words and _plausible_titled(token.text, words):
            yield words[0].start, _end_with_initial(text, words[-1]), HIGH


def _name_run(text: str, tokens: list[Token], first: int, *, places: bool) -> list[Token]:
    """Consecutive capitalised, unprotected words from ``first``: the name after a cue.

    With ``places``, after a title or a personal cue, a place can be the name ("Mrs
    Merton", "her son Kingston"), and later in the name one that is also a listed name
    ("Jayden Preston"); otherwise a place ends the run.
    """
    run: list[Token] = []
    for token in tokens[first : first + MAX_NAME_WORDS]:
        if run and not _adjacent(text, run[-1], token):
            break
        if not token.capitalised or token.protected or token.text in TITLES:
            break
        if token.place and not (places and (not run or _name_like_place(token))):
            break
        run.append(token)
    return run


def _name_like_place(token: Token) -> bool:
    """A one-word place that is also a listed given name or surname ("Kingston", "Preston")."""
    return token.place == 1 and (is_given_name(token.text) or token.text in SURNAMES)


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
        words = _name_run(text, tokens, i + 1, places=_is_personal_cue(tokens, i))
        if words and _plausible_after_cue(words[0]):
            yield words[0].start, _end_with_initial(text, words[-1]), HIGH


def _is_cue(tokens: list[Token], i: int) -> bool:
    if tokens[i].place or tokens[i].protected:  # "Isle of Man", "Child Protection"
        return False
    word = tokens[i].lower
    if word in CUES:
        return True
    return i > 0 and (tokens[i - 1].lower, word) in CUE_PAIRS


def _is_personal_cue(tokens: list[Token], i: int) -> bool:
    """A relative or a naming word ("son", "called"), not a role ("worker", "student")."""
    if tokens[i].place or tokens[i].protected:
        return False
    word = tokens[i].lower
    if word in PERSONAL_CUES:
        return True
    return i > 0 and (tokens[i - 1].lower, word) in PERSONAL_CUE_PAIRS


def _plausible_after_cue(token: Token) -> bool:
    word = token.text
    if token.place:
        return _name_like_place(token)
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
        if token.place:
            continue  # see _places_as_names
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
    """Can follow a given name as its surname. A place can if it is also a listed name:
    "Jayden Preston", "Jayden Merton"."""
    word = token.text
    if not token.capitalised or token.protected or word in TITLES:
        return False
    if token.place:
        return _name_like_place(token)
    if word in NOT_NAMES:
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
    if i > 0 and tokens[i - 1].place and _adjacent(text, tokens[i - 1], token):
        return None  # the rest of a place's name: "Richmond Park", "Chelsea Harbour"
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
    """Coordinated with a given name that is not also a word or a place: "Jade and Zain"."""
    for conjunction, other in ((i + 1, i + 2), (i - 1, i - 2)):
        if 0 <= other < len(tokens) and tokens[conjunction].text == "and":
            word = tokens[other].text
            if (
                tokens[other].capitalised
                and is_given_name(word)
                and not is_word_name(word)
                and not tokens[other].place
            ):
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
        and not token.place
        and not is_given_name(word)
        and not is_common_word(word)
        and word not in NOT_NAMES
        and word not in TITLES
        and word not in PUBLIC_FIGURES
    )


# --- places that are also names -----------------------------------------------------------


def _places_as_names(text: str, tokens: list[Token]) -> Iterator[tuple[int, int, str]]:
    """A one-word place that is also a listed name ("Kingston", "Chelsea", "Preston") is a
    name only in strong personal context (titles and cues are handled above): as a given
    name, before a surname that is not a place ("Angus MacLeod", not "Chelsea Harbour")
    or an initial ("Chelsea K."); and with an age ("Kingston (6)"), a relative
    ("Richmond's mum") or beside a given name ("Chelsea and Zain"). On its own it is the
    place: "Our team in Kingston", "Richmond said it would review the case"."""
    for i, token in enumerate(tokens):
        if token.place != 1 or token.protected or not token.capitalised:
            continue
        if not _name_like_place(token) or _is_greeted(text, tokens, i):
            continue
        if CITED.match(text, token.end) or _names_a_place(text, token):
            continue
        following = tokens[i + 1].lower if i + 1 < len(tokens) else ""
        surname_words = _surname_run(text, tokens, i) if is_given_name(token.text) else []
        if any(not word.place for word in surname_words):
            yield token.start, _end_with_initial(text, surname_words[-1]), HIGH
        elif (
            is_given_name(token.text)
            and not surname_words
            and not token.possessive
            and INITIAL.match(text, token.end)
        ):
            yield token.start, _end_with_initial(text, token), HIGH
        elif (
            AGE_NEXT.match(text, token.end)
            or (token.possessive and following in RELATIVES)
            or _listed_alongside(tokens, i)
        ):
            yield token.start, token.end, HIGH


# --- families -----------------------------------------------------------------------------


def _family_names(text: str, tokens: list[Token]) -> Iterator[tuple[int, int, str]]:
    """Surnames of households: "the Okafor family", "the Nowak children", and "the Preston
    family are moving", but not "the Bolton family hubs"."""
    for i in range(1, len(tokens) - 1):
        before, token, after = tokens[i - 1], tokens[i], tokens[i + 1]
        if before.lower != "the" or after.lower not in FAMILY_NOUNS:
            continue
        if not _adjacent(text, token, after) or not _surname_like(token):
            continue
        if not token.place or _household_follows(text, tokens, i + 1):
            yield token.start, token.end, HIGH


def _household_follows(text: str, tokens: list[Token], noun: int) -> bool:
    """Nothing after the family noun, punctuation, or a verb: a household, not a service."""
    if noun + 1 >= len(tokens) or not _adjacent(text, tokens[noun], tokens[noun + 1]):
        return True
    return tokens[noun + 1].lower in FAMILY_FOLLOWERS


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
