"""Word lists the name detector consults, loaded once at import as frozensets.

The generated lists (given names, surnames, common English words) are rebuilt by
``data/build_lexicon.py``; the others are written by hand. See each file's header.
"""

import re
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).with_name("data")
# Letters, with apostrophes and hyphens inside ("O'Neill", "Ellie-Mae", "Jayden's").
WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['’-](?=[^\W\d_]))*")


def _read(name: str) -> frozenset[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def _words(name: str) -> frozenset[str]:
    """A file of words, several to a line."""
    return frozenset(word for line in _read(name) for word in line.split())


def phrase_key(word: str) -> str:
    """A word as phrases are matched: typographic apostrophes read as plain ones."""
    return word.replace("’", "'")


def _phrases(*names: str) -> frozenset[tuple[str, ...]]:
    """Multi-word entries as word tuples, matched token by token, so the punctuation
    between words does not matter ("Newry, Mourne and Down")."""
    return frozenset(
        tuple(phrase_key(word) for word in WORD.findall(entry))
        for name in names
        for entry in _read(name)
    )


# Words that head an organisation's name ("Council", "Trust", "Police") or open it
# ("NHS", "Ysgol"): never a personal name, though a few are in the generated lists.
ORGANISATION_WORDS = _read("organisation_words.txt")
ORGANISATION_OPENERS = _read("organisation_openers.txt")
GIVEN_NAMES = (_read("first_names.txt") | _read("given_names_uk.txt")) - ORGANISATION_WORDS
SURNAMES = (_read("surnames.txt") | _read("surnames_uk.txt")) - ORGANISATION_WORDS
COMMON_WORDS = _read("common_words.txt")
NAMES_NOT_WORDS = _read("names_not_words.txt")
PUBLIC_FIGURES = _read("public_figures.txt")

# Welsh initial mutations of a word's first letters: soft, nasal and aspirate.
_MUTATIONS = (
    ("ll", ("l",)),
    ("rh", ("r",)),
    ("c", ("g", "ngh", "ch")),
    ("p", ("b", "mh", "ph")),
    ("t", ("d", "nh", "th")),
    ("g", ("", "ng")),
    ("b", ("f", "m")),
    ("d", ("dd", "n")),
    ("m", ("f",)),
)
# Initial letters that do not mutate although they begin like ones that do.
_UNMUTATED = ("ch", "ph", "th", "dd", "ff", "ng")
# A short word's mutations are too often someone's name ("tai": "Thai", "ti": "Nhi").
_MUTATED_LENGTH = 4


def welsh_mutations(word: str) -> frozenset[str]:
    """A Welsh word with its initial mutations ("cymru": "gymru", "nghymru", "chymru";
    "iaith": "hiaith"), in lower case."""
    forms = {word}
    if word.startswith(_UNMUTATED):
        return frozenset(forms)
    if word[:1] in "aeiouwyâêîôûŵŷ":
        forms.add("h" + word)
    for start, replacements in _MUTATIONS:
        if word.startswith(start):
            rest = word[len(start) :]
            forms.update(new + rest for new in replacements if len(new + rest) > 1)
            break
    return frozenset(forms)


# Every Welsh form in lower case, names and English words too (for ``opens_welsh``).
WELSH_FORMS = frozenset(
    form
    for word in _read("welsh_words.txt")
    for form in (welsh_mutations(word) if len(word) >= _MUTATED_LENGTH else (word,))
)
# Welsh contractions: "hi'n", "ni'n", "gyda'r".
_WELSH_CONTRACTION = re.compile(r"[^\W\d_]+['’][nr]")


def opens_welsh(word: str, following: str) -> bool:
    """A Welsh word that is also a listed name ("Mae", "is"; "Beth", "what") before a
    Welsh word in lower case that is no English word: "Mae ei mab...", "Mae hi'n...",
    "Beth yw...", but not "Mae was upset" or "Dan at school"."""
    if word.lower() not in WELSH_FORMS or not following.islower():
        return False
    if _WELSH_CONTRACTION.fullmatch(following):
        return True
    return following in WELSH_FORMS and following not in COMMON_WORDS


def _welsh_words() -> frozenset[str]:
    """The capitalised forms of ``welsh_words.txt`` and their mutations ("Nghymru",
    "Fyfyriol"): never a listed given name or surname (compared in lower case), so a
    name is never hidden, nor an English everyday word (those are handled as such)."""
    names = {name.lower() for name in GIVEN_NAMES | SURNAMES}
    return frozenset(
        form[:1].upper() + form[1:]
        for form in WELSH_FORMS
        if form not in names and form not in COMMON_WORDS
    )


# Welsh words practitioners write ("Diogelu", "Nghymru", "Cyfarfod"): like months and
# places, a name only when the context says so (README, "Welsh").
WELSH_WORDS = _welsh_words()
# Months, nationalities, family words, compass points, brands... and organisation words.
_ENGLISH_NON_NAMES = _read("non_names.txt") | ORGANISATION_WORDS
NON_NAME_WORDS = _ENGLISH_NON_NAMES | WELSH_WORDS
# Places in the UK (the gazetteer, ``uk_places.txt``) and abroad (``places.txt``).
PLACE_PHRASES = _phrases("places.txt", "uk_places.txt")
PLACES = frozenset(phrase[0] for phrase in PLACE_PHRASES if len(phrase) == 1)
NOT_NAMES = NON_NAME_WORDS | PLACES
# Context around a capitalised word (see ``names``). After a personal cue even a place is
# a name ("her son Kingston"); after a role it is more likely a workplace.
PERSONAL_CUES = _words("relationship_cues.txt")
CUES = PERSONAL_CUES | _words("role_cues.txt")
CONTACT_VERBS = _words("contact_verbs.txt")
SPEECH_VERBS = _words("speech_verbs.txt")
GREETINGS = _words("greetings.txt")
FAMILY_NOUNS = _words("family_nouns.txt")


def _services() -> frozenset[tuple[str, ...]]:
    """The names of the helplines in ``public_numbers.txt`` ("SANEline", "Mind
    Infoline"), also without a last word in lower case ("StepChange debt advice",
    "StepChange") and by a first word no list holds ("Cruse Bereavement Support",
    "Cruse"); and the bodies named in brackets after them ("Respect")."""
    phrases, names = set(), GIVEN_NAMES | SURNAMES
    for line in _read("public_numbers.txt"):
        service = line.split("|")[1]
        for name in (re.sub(r"\(.*?\)", " ", service), *re.findall(r"\((.*?)\)", service)):
            words = [phrase_key(word) for word in WORD.findall(name)]
            phrases.add(tuple(words))
            while words and words[-1].islower():
                words.pop()
            phrases.add(tuple(words))
            if words and words[0][0].isupper() and words[0].lower() not in COMMON_WORDS:
                phrases.add(tuple(words[:1]))
    # A single letter ("C A L L") or a name ("Karma") alone is no helpline.
    return frozenset(
        p for p in phrases if len(p) > 1 or (p and len(p[0]) > 1 and p[0] not in names)
    )


# Never part of a personal name: organisations, helplines, terms of practice, cited people.
PROTECTED_PHRASES = (
    _phrases("organisations.txt", "practice_terms.txt", "public_figures.txt") | _services()
)


# The name lists in lower case, for names typed without capitals ("spoke to kerry-ann").
GIVEN_NAMES_LOWER = frozenset(name.lower() for name in GIVEN_NAMES)
SURNAMES_LOWER = frozenset(name.lower() for name in SURNAMES)
LOWERCASE_NOT_NAMES = _words("lowercase_not_names.txt") | frozenset(
    word.lower() for word in NOT_NAMES | PUBLIC_FIGURES | ORGANISATION_WORDS
)


def is_listed_in_lower_case(word: str) -> bool:
    """A lower-case word that is a listed given name or surname, or a hyphenated compound
    of them ("kerry-ann"), and not an everyday word or abbreviation."""
    if word in LOWERCASE_NOT_NAMES or word in COMMON_WORDS:
        return False
    if word in GIVEN_NAMES_LOWER or word in SURNAMES_LOWER:
        return True
    parts = word.split("-")
    return len(parts) > 1 and all(part in GIVEN_NAMES_LOWER for part in parts)


def is_given_name(word: str) -> bool:
    """Listed, or a hyphenated compound of listed names ("Ellie-Mae")."""
    if word in GIVEN_NAMES:
        return True
    parts = word.split("-")
    return len(parts) > 1 and all(part in GIVEN_NAMES for part in parts)


def is_word_name(word: str) -> bool:
    """A given name that is also an everyday word ("Grace", "Will"): needs context."""
    return word.lower() in COMMON_WORDS and word not in NAMES_NOT_WORDS


def is_common_word(word: str) -> bool:
    return word.lower() in COMMON_WORDS


# Keys next to each other on a UK keyboard: a slip of the finger swaps one for another.
_KEY_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_NEIGHBOURS: dict[str, str] = {}
for _row, _keys in enumerate(_KEY_ROWS):
    for _col, _key in enumerate(_keys):
        # Rows are staggered: above a key are the keys at its column and the next one,
        # below it those at its column and the one before.
        _near = [(_row, _col - 1), (_row, _col + 1), (_row - 1, _col), (_row - 1, _col + 1)]
        _near += [(_row + 1, _col - 1), (_row + 1, _col)]
        _NEIGHBOURS[_key] = "".join(
            _KEY_ROWS[r][c] for r, c in _near if 0 <= r < 3 and 0 <= c < len(_KEY_ROWS[r])
        )


_LETTERS = "etaoinsrhldcumfpgwybvkxjqz"
# Everyday words, and the capitalised words that are never names ("Friday", "Scottish").
# Not the Welsh words: a name one letter from one ("Cerys") is no typo.
_SLIP_TARGETS = COMMON_WORDS | frozenset(word.lower() for word in _ENGLISH_NON_NAMES)


@lru_cache(maxsize=16384)
def is_slip_of_a_word(word: str) -> bool:
    """One slip away from an everyday word: a letter dropped ("contat"), doubled or added
    ("lateer"), two letters swapped ("btoh") or a neighbouring key ("tje"). A word of four
    letters or more in no list that is such a slip is more likely a typo than a name."""
    lower = word.lower()
    if len(lower) < 4 or not lower.isascii() or not lower.isalpha() or lower in _SLIP_TARGETS:
        return False
    n = len(lower)
    words = _SLIP_TARGETS
    for i in range(n):
        head, tail = lower[:i], lower[i + 1 :]
        if head + tail in words:  # a letter added or doubled
            return True
        if tail and head + tail[0] + lower[i] + tail[1:] in words:  # two letters swapped
            return True
        for key in _NEIGHBOURS[lower[i]]:  # a neighbouring key
            if head + key + tail in words:
                return True
    for i in range(n + 1):  # a letter dropped
        head, tail = lower[:i], lower[i:]
        for letter in _LETTERS:
            if head + letter + tail in words:
                return True
    return False


def is_swap_or_double(word: str) -> bool:
    """An everyday word with two letters swapped ("abuot") or one doubled ("wiith"): the
    commonest slips, and ones a name hardly ever makes."""
    lower = word.lower()
    for i in range(len(lower) - 1):
        swapped = lower[:i] + lower[i + 1] + lower[i] + lower[i + 2 :]
        if swapped != lower and swapped in COMMON_WORDS:
            return True
        if lower[i] == lower[i + 1] and lower[:i] + lower[i + 1 :] in COMMON_WORDS:
            return True
    return False
