"""Names of the people a practitioner writes about.

A name is mostly a capitalised word with evidence around it, weighed by rules a reviewer
can read (these, and the round-two rules in ``name_context``), with a small trained model
(``name_model``) for names the rules cannot see; the model only ever makes low-confidence
guesses. The rules, in decreasing order of strength:

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

from collections.abc import Iterator

from .findings import HIGH, LOW, Finding, make_finding
from .lexicon import (
    CONTACT_VERBS,
    CUES,
    FAMILY_NOUNS,
    GREETINGS,
    NON_NAME_WORDS,
    NOT_NAMES,
    PERSONAL_CUES,
    PUBLIC_FIGURES,
    SPEECH_VERBS,
    SURNAMES,
    is_common_word,
    is_given_name,
    is_listed_in_lower_case,
    is_slip_of_a_word,
    is_word_name,
    opens_welsh,
)
from .name_context import (
    ANONYMISED,
    ANONYMISED_LETTER,
    BELONGINGS,
    DETERMINERS,
    PERSON_PREPOSITIONS,
    a_place_after_a_preposition,
    after_a_place_word,
    initialled_names,
    inside_a_handle,
    listed_in_a_list,
    looks_derived,
    lowercase_names,
    names_a_thing,
    names_before_a_birth_cue,
    not_a_name_at_the_start,
    pair_of_people,
    person_state_after,
    plural_surnames,
    unlisted_lowercase_names,
    word_names_in_person_context,
)
from .name_model import model_name_spans
from .name_tokens import (
    ACADEMIC_TITLES,
    AGE_NEXT,
    CITED,
    CONTACT_PAIRS,
    CUE_JOINS,
    CUE_PAIRS,
    FAMILY_FOLLOWERS,
    INITIAL,
    MAX_NAME_WORDS,
    PERSONAL_CUE_PAIRS,
    PLACE_WORDS_AFTER,
    RELATIVES,
    SAINT,
    TITLES,
    Token,
    adjacent,
    mark_list_items,
    mark_organisations,
    mark_places,
    mark_protected,
    tokenise,
)


def prepared_tokens(text: str) -> list[Token]:
    """The words of ``text``, each marked as protected, a place or a list item."""
    tokens = tokenise(text)
    mark_protected(tokens)
    mark_places(text, tokens)
    mark_organisations(text, tokens)
    mark_list_items(text, tokens)
    return tokens


def find_names(text: str) -> Iterator[Finding]:
    tokens = prepared_tokens(text)
    spans = [
        *_titled_names(text, tokens),
        *_cued_names(text, tokens),
        *_listed_names(text, tokens),
        *_unlisted_names(text, tokens),
        *_places_as_names(text, tokens),
        *_family_names(text, tokens),
        *initialled_names(text, tokens),
        *lowercase_names(text, tokens),
        *unlisted_lowercase_names(text, tokens),
        *names_before_a_birth_cue(text, tokens),
        *word_names_in_person_context(text, tokens, CUES),
        *_model_names(text, tokens),
    ]
    by_start = {token.start: i for i, token in enumerate(tokens)}
    for start, end, confidence in _merge(spans):
        if names_a_thing(text, tokens, by_start, start, end):
            continue
        yield make_finding(text, "person_name", start, end, confidence)


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
        if run and not adjacent(text, run[-1], token):
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
        if token.text in ANONYMISED and ANONYMISED_LETTER.match(text, token.end):
            continue  # "Baby E.", "Child A": the standard anonymisation
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
        if not adjacent(text, previous, token) or not _surname_like(token):
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
    if token.text in NOT_NAMES or token.text in PUBLIC_FIGURES or _welsh_opener(tokens, i):
        return None
    if i and tokens[i - 1].lower in DETERMINERS and not tokens[i - 1].possessive:
        return None  # "seen at the Royal", "a Will Writing service"; not "that's Kai"
    if _marked_as_someone_worked_with(text, tokens, i):
        return HIGH
    if not is_word_name(token.text):
        # A given name on its own ("I spoke to Kai about this") may be a colleague's: the
        # writer is asked, not refused.
        return LOW
    # "Grace", "Hope", "Will": an everyday word unless something marks it as a name.
    next_word = tokens[i + 1].text if i + 1 < len(tokens) else ""
    if next_word in SPEECH_VERBS:
        return HIGH
    if person_state_after(tokens, i) or listed_in_a_list(text, tokens, i):
        return LOW  # "Hope was upset when I mentioned her dad", "Family: Mai, Ivy"
    if token.sentence_start or _followed_by_common_proper_word(text, tokens, i):
        return None
    if i > 0 and tokens[i - 1].place and adjacent(text, tokens[i - 1], token):
        return None  # the rest of a place's name: "Richmond Park", "Chelsea Harbour"
    return HIGH if token.possessive else LOW


def _welsh_opener(tokens: list[Token], i: int) -> bool:
    """ "Mae ei mab...": a Welsh word opening a sentence, though a listed name (README)."""
    following = tokens[i + 1].raw if i + 1 < len(tokens) else ""
    return tokens[i].sentence_start and opens_welsh(tokens[i].raw, following)


def _marked_as_someone_worked_with(text: str, tokens: list[Token], i: int) -> bool:
    """A lone given name with evidence that it is a person written about, not a colleague:
    an age beside it ("Kai (6)"), a relative ("Kai's mum") or other names listed with it
    ("Kai and Tyrese")."""
    return bool(
        AGE_NEXT.match(text, tokens[i].end)
        or _owns_a_relative(tokens, i)
        or _listed_alongside(tokens, i)
    )


def _followed_by_common_proper_word(text: str, tokens: list[Token], i: int) -> bool:
    """An everyday word starting a capitalised phrase: "Council Chamber", "Hope Street"."""
    if i + 1 >= len(tokens) or not adjacent(text, tokens[i], tokens[i + 1]):
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
    """Coordinated with a given name that is not also a word or a place: "Jade and Zain",
    "Family: Nneka, Callum, Sunny"; or two names before "are twins" ("Sunny and Storm
    are twins")."""
    if pair_of_people(tokens, i):
        return True
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
        joined = following is not None and adjacent(text, token, following)
        if joined and following.text in SURNAMES and _surname_like(following):
            yield token.start, following.end, HIGH
        elif AGE_NEXT.match(text, token.end) or _owns_a_relative(tokens, i):
            yield token.start, token.end, HIGH
        elif joined and _unlisted_proper_noun(following):
            yield token.start, following.end, LOW
        elif (_hinted_name(tokens, i) or listed_in_a_list(text, tokens, i)) and not (
            is_slip_of_a_word(token.text)  # "by Firday", "to Scottihs colleagues"
            or looks_derived(token.lower)  # "Unannounced visits are..."
        ):
            yield token.start, token.end, LOW


def _owns_a_relative(tokens: list[Token], i: int) -> bool:
    return tokens[i].possessive and i + 1 < len(tokens) and tokens[i + 1].lower in CUES


def _hinted_name(tokens: list[Token], i: int) -> bool:
    token = tokens[i]
    following = tokens[i + 1].text if i + 1 < len(tokens) else ""
    previous = tuple(t.lower for t in tokens[max(0, i - 2) : i])
    return (
        (token.possessive and not token.sentence_start)
        or (token.possessive and following.lower() in BELONGINGS)
        or following in SPEECH_VERBS
        or person_state_after(tokens, i)
        or (
            bool(previous)
            and previous[-1] in PERSON_PREPOSITIONS
            and not token.sentence_start
            and not after_a_place_word(tokens, i)
        )
        or (bool(previous) and previous[-1] in CONTACT_VERBS)
        or previous in CONTACT_PAIRS
        or _listed_alongside(tokens, i)
        or _beside_a_listed_name(tokens, i)
    )


def _beside_a_listed_name(tokens: list[Token], i: int) -> bool:
    """ "Segun Appiah and Bashir", "Bashir and Kwame": joined by "and" to a capitalised
    word the given-name or surname list holds (and that is no everyday word or place)."""
    for conjunction, other in ((i - 1, i - 2), (i + 1, i + 2)):
        if not (0 <= other < len(tokens)) or tokens[conjunction].text != "and":
            continue
        word = tokens[other]
        if (
            word.capitalised
            and not word.place
            and not word.protected
            and (is_given_name(word.text) or word.text in SURNAMES)
            and not is_common_word(word.text)
        ):
            return True
    return False


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


# --- the trained model -------------------------------------------------------------------


def _model_names(text: str, tokens: list[Token]) -> Iterator[tuple[int, int, str]]:
    """The model's guesses (see ``name_model``), less what the rules know is no name: a
    greeted colleague, an everyday word in lower case or opening a sentence, a typo that
    is in no name list (unless the model is very sure)."""
    by_start = {token.start: i for i, token in enumerate(tokens)}
    for start, end, probability in model_name_spans(text, tokens):
        i = by_start[start]
        token = tokens[i]
        if _is_greeted(text, tokens, i) or CITED.match(text, end):
            continue
        if token.text in ANONYMISED and ANONYMISED_LETTER.match(text, token.end):
            continue
        if token.place or (i and tokens[i - 1].place and adjacent(text, tokens[i - 1], token)):
            continue  # "King's Lynn", "Richmond Park": a place's name
        if i and tokens[i - 1].lower in DETERMINERS and is_common_word(token.text):
            continue  # "seen at the Royal"
        if _names_a_place(text, token) or PLACE_WORDS_AFTER.match(text, end):
            continue  # "St Mary's", "Mary Street"
        if a_place_after_a_preposition(tokens, i, probability):
            continue  # "moved from Splott to Govan", "based in Cathays"
        if not_a_name_at_the_start(text, tokens, i, probability) or _welsh_opener(tokens, i):
            continue
        if token.text.islower():
            if is_common_word(token.text) or inside_a_handle(text, token):
                continue
            if not is_listed_in_lower_case(token.text) and probability < LOWER_CASE_SURE:
                continue
        elif (
            token.sentence_start
            and is_common_word(token.text)
            and token.text not in SURNAMES
            and not is_given_name(token.text)
        ):
            continue
        yield start, end, LOW


LOWER_CASE_SURE = 0.9


# --- families -----------------------------------------------------------------------------


def _family_names(text: str, tokens: list[Token]) -> Iterator[tuple[int, int, str]]:
    """Surnames of households: "the Okafor family", "the Nowak children", and "the Preston
    family are moving", but not "the Bolton family hubs"."""
    for i in range(1, len(tokens) - 1):
        before, token, after = tokens[i - 1], tokens[i], tokens[i + 1]
        if before.lower != "the" or after.lower not in FAMILY_NOUNS:
            continue
        if not adjacent(text, token, after) or not _surname_like(token):
            continue
        if not token.place or _household_follows(text, tokens, i + 1):
            yield token.start, token.end, HIGH
    yield from plural_surnames(text, tokens)


def _household_follows(text: str, tokens: list[Token], noun: int) -> bool:
    """Nothing after the family noun, punctuation, or a verb: a household, not a service."""
    if noun + 1 >= len(tokens) or not adjacent(text, tokens[noun], tokens[noun + 1]):
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
