"""What was typed, as terms the engines can match safely."""

from practice_commons.search.engine import clean_snippet
from practice_commons.search.terms import folded, fts5, parse, starts_a_word, tsquery


def test_only_words_reach_the_engines():
    terms = parse("safeguarding\" OR title:* NEAR(x) '; DROP TABLE --")
    assert terms.words == ("safeguarding", "title", "near", "x", "drop", "table")
    assert fts5(terms) == '"safeguarding" AND "title" AND "near" AND "x" AND "drop" AND "table"*'
    assert "'" not in "".join(terms.words)


def test_the_last_word_is_a_prefix_while_it_is_typed():
    assert fts5(parse("kinship assess")) == '"kinship" AND "assess"*'
    assert tsquery(parse("kinship assess")) == "'kinship' & 'assess':*"
    assert fts5(parse("kinship assess ")) == '"kinship" AND "assess"'
    assert fts5(parse("section 47")) == '"section" AND "47"'  # too short to be a prefix
    assert fts5(parse("x y"), any_term=True) == '"x" OR "y"'


def test_common_words_are_dropped_unless_nothing_else_is_left():
    assert parse("Has anyone dealt with a section 47 before?").words == (
        "dealt",
        "section",
        "47",
        "before",
    )
    assert parse("the").words == ("the",)
    assert not parse("   ")
    assert not parse("!!! ???")


def test_snippets_are_escaped_and_only_marks_become_markup():
    raw = "<script>x</script> **bold** \x02kinship\x03 care"
    assert clean_snippet(raw) == "&lt;scriptx&lt;/script bold <mark>kinship</mark> care"


def test_a_word_starts_a_word_of_a_name_with_case_and_accents_folded():
    assert folded("Siobhán") == "siobhan"
    assert starts_a_word("SIOBHA", "Siobhán O'Neill")
    assert starts_a_word("oneil", "Siobhán O'Neill") is False  # "O" and "Neill" are words
    assert starts_a_word("sam", "Rosa Gorsam") is False
