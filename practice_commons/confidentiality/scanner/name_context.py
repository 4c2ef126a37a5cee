"""Round-two context rules for names, beside those in ``names``: names without cues
(an initial and a surname, names in lower case, plural surnames, word-names in a list or
before a person's state) and the words that make a capitalised word a thing, a place or
an anonymisation rather than a person ("the Rose review", "moved to Govan", "Baby E").
"""

import re
from collections.abc import Iterator

from .findings import HIGH, LOW
from .lexicon import (
    CONTACT_VERBS,
    GREETINGS,
    LOWERCASE_NOT_NAMES,
    NOT_NAMES,
    PERSONAL_CUES,
    PUBLIC_FIGURES,
    SPEECH_VERBS,
    SURNAMES,
    is_common_word,
    is_given_name,
    is_listed_in_lower_case,
    is_slip_of_a_word,
    is_swap_or_double,
    is_word_name,
)
from .name_tokens import FAMILY_FOLLOWERS, TITLES, Token, adjacent

# Words after a name that make it the name of a thing: "the Rose review", "Grace House".
THING_AFTER = re.compile(
    r"\s+(?:[A-Z][\w'’-]*\s+|(?:youth|family|community|children's|young|women's|men's|"
    r"parent|parents|support|advice|drop-in|day|play|health|care|resource|learning|"
    r"activity|wellbeing|arts|sports|music)\s+)?(?i:review|report|inquiry|enquiry|bill|act|law|"
    r"principles|centre|center|project|refuge|cottage|trust|hub|programme|program|scheme|"
    r"lodge|house|school|academy|nursery|ward|clinic|surgery|foundation|fund|award|"
    r"lecture|model|recommendations|judgment|framework|commission|building|hall)\b"
)
TITLE_BEFORE = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+$")
# "Oluwadamilare has settled", "Deividas was upset": a state only a person is in.
AUXILIARIES = frozenset({"has", "had", "is", "was", "seems", "seemed", "looked", "felt"})
PERSON_STATES = frozenset(
    {
        *("settled", "upset", "tearful", "angry", "anxious", "withdrawn", "excluded"),
        *("unwell", "pregnant", "missing", "happier", "happy", "sad", "scared"),
        *("frightened", "worried", "distressed", "quiet", "aggressive", "hungry"),
        *("tired", "injured", "bruised", "hurt", "crying", "suspended", "arrested"),
        *("referred", "placed", "admitted", "discharged", "pregnant", "poorly", "sick"),
        "born",
        *("refusing", "sleeping", "grieving", "bullied", "groomed", "exploited", "assaulted"),
        *("neglected", "self-harming", "absconding", "bereaved"),
    }
)
# "Mason has been excluded", "Liberty is doing well": what follows "has"/"is" about a
# person.
STATE_LINKS = frozenset({"been", "doing", "being"})
INTENSIFIERS = frozenset({"very", "so", "really", "still", "now", "quite", "more", "less"})


def person_state_after(tokens: list[Token], i: int) -> bool:
    """ "Hope was upset", "Mason has been excluded", "Will is very quiet"."""
    following = [t.lower for t in tokens[i + 1 : i + 4]]
    if not following or following[0] not in AUXILIARIES or len(following) < 2:
        return False
    if following[1] in PERSON_STATES or following[1] in STATE_LINKS:
        return True
    return following[1] in INTENSIFIERS and len(following) > 2 and following[2] in PERSON_STATES


THING_BEFORE = frozenset({"Storm", "Hurricane", "Operation", "Project", "Programme"})
# "the Bill", "Mental Health Bill": a bill before Parliament, not a man.
BILL_WORDS = frozenset({"Bill", "Act", "Order"})


def names_a_thing(
    text: str, tokens: list[Token], by_start: dict[int, int], start: int, end: int
) -> bool:
    """A name that names a law, a review, a building or a service: "the Rose review", "the
    Mental Health Bill", "the Robin Hood centre", "Grace House". Not after a title."""
    if THING_AFTER.match(text, end):
        return not TITLE_BEFORE.search(text, max(0, start - 6), start)
    i = by_start.get(start)
    if i is None:
        return False
    first = tokens[i]
    if (
        i > 0
        and tokens[i - 1].text in THING_BEFORE
        and adjacent(text, tokens[i - 1], first)
        and first.text not in SURNAMES
    ):
        return True  # "Storm Darragh", "Operation Encompass"
    if first.text in THING_BEFORE and end > first.end:
        last = text[first.end : end].split()[-1] if text[first.end : end].split() else ""
        return last not in SURNAMES  # "Storm Darragh", but "Storm Duale" is a child
    if first.text not in BILL_WORDS:
        return False
    return i > 0 and (tokens[i - 1].lower == "the" or tokens[i - 1].capitalised)


PEOPLE_NOUNS = frozenset(
    {"twins", "siblings", "brothers", "sisters", "cousins", "sister", "brother", "friends"}
)


def pair_of_people(tokens: list[Token], i: int) -> bool:
    """ "Sunny and Storm are twins": two capitalised given names joined by "and", then "are"
    or "were" and a word for people."""
    for first in (i, i - 2):
        if first < 0 or first + 4 >= len(tokens):
            continue
        a, conjunction, b, verb, noun = tokens[first : first + 5]
        if (
            conjunction.text == "and"
            and a.capitalised
            and b.capitalised
            and is_given_name(a.text)
            and is_given_name(b.text)
            and verb.lower in ("are", "were")
            and noun.lower in PEOPLE_NOUNS
        ):
            return True
    return False


# Words before a person more often than before a thing: "proud of Uisdean", "talked
# about Oduya", "to say Nhi is", "introduced me to Halimo".
PERSON_PREPOSITIONS = frozenset({"about", "of", "for", "with", "to", "say", "says", "said", "by"})
# What a person has, after a possessive: "Tinuke's phone", "Wojtek's placement".
BELONGINGS = frozenset(
    {
        *("phone", "mobile", "number", "email", "address", "school", "room", "bedroom"),
        *("placement", "birthday", "behaviour", "attendance", "drawings", "diagnosis"),
        *("friend", "friends", "boyfriend", "girlfriend", "foster", "carer", "carers"),
    }
)


def listed_in_a_list(text: str, tokens: list[Token], i: int) -> bool:
    """An item of a comma-separated list beside a given name that is no everyday word:
    "Family: Nneka Oyelaran, Mai, Ivy"."""
    for j in (i - 1, i + 1):
        if not 0 <= j < len(tokens):
            continue
        left, right = (tokens[j], tokens[i]) if j < i else (tokens[i], tokens[j])
        between = text[left.start + len(left.raw) : right.start].strip()
        other = tokens[j]
        if j < i and j > 0 and tokens[j - 1].raw in GREETINGS:
            continue  # "Hi Sarah, Hope you're well": a greeting, not a list
        if (
            between == ","
            and other.capitalised
            and is_given_name(other.text)
            and not is_word_name(other.text)
            and not other.place
        ):
            return True
    return False


DETERMINERS = frozenset({"the", "a", "an", "our", "their", "this", "that", "my", "your", "its"})
PLACE_PREPOSITIONS = frozenset({"from", "in", "at", "near", "towards", "around", "via", "into"})
TO_A_PLACE = frozenset({"moved", "move", "moving", "went", "go", "going", "back", "travel"})


def after_a_place_word(tokens: list[Token], i: int) -> bool:
    """A preposition of place before the word: "in Cathays", "moved to Govan", "from
    Splott to Govan"."""
    if i == 0:
        return False
    before = tokens[i - 1].lower
    if before in PLACE_PREPOSITIONS:
        return True
    earlier = {t.lower for t in tokens[max(0, i - 7) : i - 1]}
    return before == "to" and bool(earlier & TO_A_PLACE or "from" in earlier)


# --- initials and lower case ------------------------------------------------------------

ANONYMISED = frozenset(
    {"Child", "Mother", "Father", "Family", "Sibling", "Baby", "Person", "Adult", "Carer"}
)
ANONYMISED_LETTER = re.compile(r" [A-Z]\b")
INITIAL_GAPS = (". ", ".", " ", ".\u00a0")


def initialled_names(text: str, tokens: list[Token]) -> Iterator[tuple[int, int, str]]:
    """ "D. Kowalska-Reid", "K.MacLeod", "J Rahman": an initial and a surname. Not an
    anonymised form ("Child A. Grace was..."), nor "I" or "A" without a full stop."""
    for i in range(1, len(tokens)):
        initial, token = tokens[i - 1], tokens[i]
        if len(initial.raw) != 1 or not initial.raw.isupper():
            continue
        gap = text[initial.end : token.start]
        if gap not in INITIAL_GAPS or (gap == " " and initial.raw in ("I", "A")):
            continue
        if not token.capitalised or token.protected or token.place or token.text in TITLES:
            continue
        if token.text in NOT_NAMES or token.text in PUBLIC_FIGURES:
            continue
        if i >= 2 and tokens[i - 2].text in ANONYMISED and adjacent(text, tokens[i - 2], initial):
            continue
        listed = token.text in SURNAMES or is_given_name(token.text)
        if listed or not is_common_word(token.text):
            yield initial.start, token.end, HIGH if listed and token.text in SURNAMES else LOW


LOWER_CONTEXT = frozenset({"to", "with", "and", "about", "for", "re", "saw", "met"})


def inside_a_handle(text: str, token: Token) -> bool:
    """Part of an @handle, a web address or a dotted login ("@dafydd.douglas.111",
    "www.kerry.org", "jo.smith/notes"): not a name written in prose."""
    start = token.start
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    end = token.end
    while end < len(text) and not text[end].isspace():
        end += 1
    chunk = text[start:end].rstrip(".,;:!?)")
    return any(mark in chunk for mark in ("@", "/", "www.")) or bool(DOTTED.search(chunk))


DOTTED = re.compile(r"[^\W\d_]\.[^\W_]")


def lowercase_names(text: str, tokens: list[Token]) -> Iterator[tuple[int, int, str]]:
    """Names typed without capitals ("spoke to kerry-ann", "yaw adeyemi said"): a listed
    given name or surname that is no everyday word nor a word for a relative ("ei thad",
    her father, is no Thad). A short one (three letters or fewer) needs a word of contact
    or speech beside it. Always a low-confidence guess."""
    i = 0
    while i < len(tokens):
        token = tokens[i]
        word = token.text
        if (
            not word.islower()
            or token.protected
            or token.place
            or not is_listed_in_lower_case(word)
            or word in PERSONAL_CUES
            or inside_a_handle(text, token)
        ):
            i += 1
            continue
        before = tokens[i - 1].lower if i else ""
        after = tokens[i + 1].lower if i + 1 < len(tokens) else ""
        if len(word) <= 3 and not (
            before in LOWER_CONTEXT or before in CONTACT_VERBS or after in SPEECH_VERBS
        ):
            i += 1
            continue
        end = token.end
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        if (
            following is not None
            and adjacent(text, token, following)
            and following.text.islower()
            and is_listed_in_lower_case(following.text)
        ):
            end = following.end
            i += 1
        yield token.start, end, LOW
        i += 1


def plural_surnames(text: str, tokens: list[Token]) -> Iterator[tuple[int, int, str]]:
    """ "The Nguyens have moved", "the Okafors were at home": a listed surname made plural,
    after "the" and before a verb."""
    for i in range(1, len(tokens) - 1):
        before, token, after = tokens[i - 1], tokens[i], tokens[i + 1]
        word = token.text
        if before.lower != "the" or not token.capitalised or token.protected or token.place:
            continue
        stem = word[:-2] if word.endswith("es") and word[:-2] in SURNAMES else word[:-1]
        if not word.endswith("s") or stem not in SURNAMES or is_common_word(word):
            continue
        if after.lower in FAMILY_FOLLOWERS and adjacent(text, token, after):
            yield token.start, token.end, HIGH


# --- names without capitals after a word of contact, and names before a birth cue ------

# Words before a person met, seen or written about: "spoke to kerry-ann", "worried about
# nasteexo", "sat with him", "visited chidinma".
CONTACT_BEFORE = frozenset(
    {
        *("spoke", "talked", "met", "sat", "worked", "working", "visited", "saw", "seen"),
        *("phoned", "rang", "emailed", "texted", "called", "messaged", "supported"),
        *("worried", "concerned", "thinking", "visiting", "seeing", "meeting"),
    }
)
CONTACT_AFTER = frozenset({"to", "with", "about", "on"})


def _after_contact(text: str, tokens: list[Token], i: int) -> bool:
    """ "spoke to [x]", "worried about [x]", "visited [x]", "saw [x]", the words only a
    space apart ("Community meeting: perinatal mental health" is a heading, not a visit)."""
    if i == 0 or not adjacent(text, tokens[i - 1], tokens[i]):
        return False
    before = tokens[i - 1].lower
    if before in CONTACT_VERBS or (before in CONTACT_BEFORE and before not in CONTACT_AFTER):
        return True
    return (
        i > 1
        and before in CONTACT_AFTER
        and tokens[i - 2].lower in CONTACT_BEFORE
        and adjacent(text, tokens[i - 2], tokens[i - 1])
    )


# Endings of long English words made from others ("unaccompanied", "overwhelming",
# "placement", "homeless"): a long unlisted word with one of them is a word, not a name
# that no list knows. Listed names with such endings ("fleming") are still found by the
# lists.
DERIVED_ENDINGS = (
    *("ied", "ated", "ised", "ized", "ened", "ing", "tion", "sion", "ment", "ness"),
    *("able", "ible", "ful", "less", "ous", "ive", "ally", "ical", "ship", "hood"),
    *("ator", "itor"),  # "facilitator", "coordinator": a role
)


def looks_derived(word: str) -> bool:
    if len(word) < 8:
        return False
    return word.endswith(DERIVED_ENDINGS) or (word.startswith("un") and word.endswith("ed"))


def unknown_in_lower_case(word: str, slips: bool = False) -> bool:
    """A lower-case word no list holds and that is no slip of an everyday word: "nasteexo",
    not "the", "camhs" or "viist". With ``slips``, a word of five letters or more may be
    one ("guled", one letter from "gulled"), where the context is strong."""
    return (
        len(word) >= 3
        and word.islower()
        and word not in LOWERCASE_NOT_NAMES
        and not is_common_word(word)
        and not looks_derived(word)
        and (
            (slips and len(word) >= 5 and not is_swap_or_double(word))
            or not is_slip_of_a_word(word)
        )
    )


def unlisted_lowercase_names(text: str, tokens: list[Token]) -> Iterator[tuple[int, int, str]]:
    """Names in no list, typed without capitals, where only a person can stand: after a
    word of contact ("spoke to nasteexo", "worried about liibaan warsame"), or opening a
    sentence before a surname ("yaw Bui is staying...") or a person's state ("ifeoluwa
    has been excluded"). Always a low-confidence guess."""
    for i, token in enumerate(tokens):
        word = token.text
        if token.protected or token.place or not word.islower() or is_common_word(word):
            continue
        contact = _after_contact(text, tokens, i)
        if not (unknown_in_lower_case(word, contact) or is_listed_in_lower_case(word)):
            continue
        if inside_a_handle(text, token):
            continue
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        joined = following is not None and adjacent(text, token, following)
        if contact:
            end = token.end
            if joined and not following.protected and not following.place:
                after = following.text
                if unknown_in_lower_case(after) or is_listed_in_lower_case(after):
                    end = following.end  # "spoke to segun owusu"
            yield token.start, end, LOW
        elif (
            token.sentence_start
            and joined
            and following.capitalised
            and not following.protected
            and not following.place
            and (following.text in SURNAMES or not is_common_word(following.text))
        ):
            yield token.start, following.end, LOW  # "yaw Bui is staying with friends"
        elif token.sentence_start and person_state_after(tokens, i):
            yield token.start, token.end, LOW  # "ifeoluwa has been excluded again"


# "Rose Pritchard, d.o.b. 6 Jan 2009", "Kai (DOB 3/4/15)", "Tinuke (UPN A123...)": whoever
# a date of birth or a personal number is given for is a person.
BIRTH_CUE_AFTER = re.compile(
    r"(?:['’]s)?\s*(?:,|\(|-|–)?\s*(?:D\.?\s?O\.?\s?B\b|date of birth|born\b|b\.\s*\d"
    r"|(?:UPN|NHS|CHI|H&C|NI|NINo)(?:\s*(?:no\.?|number|num))?[\s:]*[A-Za-z]{0,2}\s?\d)",
    re.IGNORECASE,
)


def names_before_a_birth_cue(text: str, tokens: list[Token]) -> Iterator[tuple[int, int, str]]:
    """One to three capitalised words straight before a birth cue or the label of a
    personal number: a name, whatever the lists say of its words ("Rose Pritchard, DOB
    ...", "Tinuke (UPN A12...)")."""
    for i, token in enumerate(tokens):
        if not token.capitalised or token.protected or token.place or token.text in TITLES:
            continue
        if token.text in NOT_NAMES or token.text in PUBLIC_FIGURES:
            continue
        if i and adjacent(text, tokens[i - 1], token) and tokens[i - 1].capitalised:
            continue  # not the first word of the run
        run = [token]
        for following in tokens[i + 1 : i + 3]:
            if not adjacent(text, run[-1], following) or not following.capitalised:
                break
            if following.protected or following.place or following.text in NOT_NAMES:
                break
            run.append(following)
        if not BIRTH_CUE_AFTER.match(text, run[-1].end):
            continue
        if len(run) == 1 and is_common_word(token.text) and token.sentence_start:
            continue  # "Born 2012 ...", "Date of birth": no name, the text's first word
        yield run[0].start, run[-1].end, HIGH


# --- everyday words used as names, where only a person can stand ------------------------

# Words that open a sentence before "said" or "was upset" and are not names: people
# spoken of by role or in general ("Everyone said", "Staff felt", "School rang").
PEOPLE_WORDS = frozenset(
    {
        *("everyone", "everybody", "someone", "somebody", "nobody", "anyone", "anybody"),
        *("staff", "school", "housing", "health", "nursery", "college", "police", "family"),
        *("he", "she", "they", "we", "it", "i", "you", "who", "this", "that", "which"),
        *("nobody", "one", "each", "both", "all", "neither", "either", "none", "mum", "dad"),
        *("baby", "child", "parent", "carer", "manager", "team", "service", "panel"),
    }
)


# What only a person does, for a word opening a sentence ("Meeting moved to 10:30" and
# "Just moved from Leeds" are no people).
SAYING = frozenset(
    {
        *("said", "says", "told", "tells", "disclosed", "discloses", "asked", "asks"),
        *("explained", "talked", "spoke", "cried", "shouted", "screamed", "refused"),
        *("smiled", "laughed", "wants", "wanted", "feels", "felt", "thinks", "loves"),
    }
)


def word_names_in_person_context(
    text: str, tokens: list[Token], cues: frozenset[str]
) -> Iterator[tuple[int, int, str]]:
    """A capitalised everyday word that no name list holds, where only a person stands:
    before a verb of speech or a person's state ("Honey talked about her new school",
    "Meadow was really quiet"), or in mid-sentence after a word of contact ("met with
    Clover and her nan"). Opening a sentence it needs the verb, and a word for people in
    general ("Everyone said", "Staff felt") never counts. Always a low-confidence guess:
    listed word-names ("Grace", "Hope") are weighed in ``names``."""
    for i, token in enumerate(tokens):
        word = token.text
        if not token.capitalised or token.protected or token.place or not is_common_word(word):
            continue
        if is_given_name(word) or word in NOT_NAMES or word in PUBLIC_FIGURES:
            continue
        lower = token.lower
        if lower in cues or lower in PEOPLE_WORDS or word in TITLES:
            continue
        if i and tokens[i - 1].lower in DETERMINERS:
            continue  # "the Rose and Crown", "our Summer programme"
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        if following is not None and adjacent(text, token, following) and following.capitalised:
            continue  # "Honey Bee Nursery", "Sky News": a thing's name
        verbs = SAYING if token.sentence_start else SPEECH_VERBS
        speaks = following is not None and following.lower in verbs
        if speaks or person_state_after(tokens, i):
            if not token.possessive and (not lower.endswith("s") or lower.endswith("ss")):
                yield token.start, token.end, LOW
        elif not token.sentence_start and _after_contact(text, tokens, i) and not token.possessive:
            yield token.start, token.end, LOW


# --- the trained model's guesses, weighed (used by ``names``) -----------------------

FROM_SURE = 0.9
SURE = 0.95
OPENING_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "your", "our", "my"})


def a_place_after_a_preposition(tokens: list[Token], i: int, probability: float) -> bool:
    token = tokens[i]
    if token.possessive or is_given_name(token.text) or not after_a_place_word(tokens, i):
        return False
    return not _heard_from_someone(tokens, i, probability)


def _heard_from_someone(tokens: list[Token], i: int, probability: float) -> bool:
    """ "no answer from Uzoma", "heard from Olufemi": a sure guess after "from" is a
    person unless a route follows ("from Splott to Govan")."""
    following = tokens[i + 1].lower if i + 1 < len(tokens) else ""
    return tokens[i - 1].lower == "from" and probability >= FROM_SURE and following != "to"


def not_a_name_at_the_start(text: str, tokens: list[Token], i: int, probability: float) -> bool:
    """A word opening a sentence that the model takes for a name is a command, a heading
    or a typo instead when it is an everyday word before a determiner ("Chase the
    school"), or an everyday word or a slip of one ("Long shift.", "Qick update") that
    the model is not very sure of, unless a verb of speech or a person's state follows
    ("Honor told the teacher"). A word with capitals inside ("ProQOL") is a product or an
    acronym."""
    token = tokens[i]
    if sum(c.isupper() for c in token.text[1:]) >= 2 and "-" not in token.text:
        return True
    if not token.sentence_start:
        return False
    following = tokens[i + 1] if i + 1 < len(tokens) else None
    common = is_common_word(token.text)
    if common and following is not None and following.lower in OPENING_DETERMINERS:
        return adjacent(text, token, following)
    if not common and not is_slip_of_a_word(token.text):
        listed = is_given_name(token.text) or token.text in SURNAMES
        return not listed and looks_derived(token.lower)  # "Facilitator's own."
    if (following is not None and following.lower in SPEECH_VERBS) or person_state_after(tokens, i):
        return common and not (is_given_name(token.text) or token.text in SURNAMES)
    return probability < SURE
