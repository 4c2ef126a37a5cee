"""The engine's bounded pool, on whichever engine the run uses (CI runs both): the
newest matches the reader may see, however the engine reads them (PostgreSQL in slices
of ids, newest first, reading an older slice only when the newer ones held too few)."""

import pytest
from django.db.models import Q
from django.utils import timezone

from practice_commons.accounts.tests.factories import UserFactory
from practice_commons.search import engine, selectors
from practice_commons.search.models import SearchDocument
from practice_commons.search.terms import parse

pytestmark = pytest.mark.django_db


def _documents(n, body, *, audience="public"):
    made = SearchDocument.objects.bulk_create(
        SearchDocument(
            kind="post",
            object_id=SearchDocument.objects.count() + i + 1,
            audience=audience,
            date=timezone.now(),
            url=f"/p/{i}/",
            body=body,
        )
        for i in range(n)
    )
    return [d.pk for d in made]


def _pool(word, limit, user=None):
    where, params = selectors.permission_where(user, Q())
    found = engine.current().candidates(parse(word), where, params, limit)
    return sorted((c.id for c in found), reverse=True)


@pytest.fixture
def small_slices(monkeypatch):
    """A first slice of 5 ids instead of 50,000, so a small table spans both."""
    monkeypatch.setattr(engine, "ID_SLICES", (5,))


def test_the_pool_is_the_newest_matches_across_slices(small_slices):
    old = _documents(3, "heron nesting season")
    _documents(30, "something else entirely")
    middle = _documents(10, "heron counts")
    _documents(4, "nothing here")
    newest = _documents(2, "heron again")
    matches = sorted(old + middle + newest, reverse=True)
    assert _pool("heron", 2) == matches[:2]  # from the newest slice
    assert _pool("heron", 14) == matches[:14]  # from both
    assert _pool("heron", 100) == matches
    assert _pool("nesting", 10) == sorted(old, reverse=True)  # only in the oldest slice


def test_the_statement_has_as_many_slices_as_id_slices_says(monkeypatch):
    monkeypatch.setattr(engine, "ID_SLICES", (5, 20))  # three slices
    old = _documents(3, "plover ringing")
    _documents(30, "something else entirely")
    middle = _documents(10, "plover counts")
    newest = _documents(4, "plover again")
    assert _pool("plover", 5) == sorted(newest + middle, reverse=True)[:5]
    assert _pool("plover", 100) == sorted(old + middle + newest, reverse=True)


def test_what_the_reader_may_not_see_takes_no_place_in_the_pool(small_slices):
    visible = _documents(3, "kestrel survey")
    _documents(10, "kestrel survey", audience="signed_in")  # newer, hidden from visitors
    assert _pool("kestrel", 3) == sorted(visible, reverse=True)


def test_slice_bounds_cover_every_id_once():
    assert engine._slice_bounds(1_000_000) == [(1_000_000, 950_000), (950_000, 0)]
    assert engine._slice_bounds(7) == [(7, 0), (0, 0)]


def test_snippets_mark_whole_words_and_words_only_the_prefix_reaches():
    (whole,) = _documents(1, "a heron flew over the marsh")
    (longer,) = _documents(1, "the heronry by the marsh is busy")
    found = engine.current().snippets(parse("heron"), [whole, longer])
    assert "<mark>heron</mark>" in found[whole]
    assert "<mark>heronry</mark>" in found[longer]
    finished = engine.current().snippets(parse("heron "), [whole, longer])
    assert "<mark>heron</mark>" in finished[whole]
    assert "<mark>" not in finished.get(longer, "")  # a finished word is no prefix


def _urls(user, q, *, typing=False):
    if typing:
        where, params = selectors.permission_where(user, Q())
        pool = selectors._candidates(engine.current(), parse(q), where, params, 50, typing=True)
        return sorted(SearchDocument.objects.get(pk=c.id).url for c in pool.found)
    return sorted(r.url for r in selectors.search(user, q).results)


def _document(body, url, *, audience="public"):
    SearchDocument.objects.create(
        kind="post",
        object_id=hash(url) % 100000,
        audience=audience,
        date=timezone.now(),
        url=url,
        body=body,
    )


def test_a_sent_search_reads_a_word_rows_hold_as_finished():
    _document("a heron flew over the marsh", "/heron/")
    _document("the heronry by the marsh is busy", "/heronry/")
    assert _urls(None, "heron") == ["/heron/"]
    assert _urls(None, "hero") == ["/heron/", "/heronry/"]  # no row holds "hero"
    assert _urls(None, "heron", typing=True) == ["/heron/", "/heronry/"]


def test_a_word_held_only_where_the_reader_may_not_look_still_reads_as_a_prefix():
    """Otherwise whether a hidden row holds a word would show in what a visitor finds."""
    _document("a heron flew over the marsh", "/heron/", audience="signed_in")
    _document("the heronry by the marsh is busy", "/heronry/")
    assert _urls(None, "heron") == ["/heronry/"]
    assert _urls(UserFactory(), "heron") == ["/heron/"]


def test_a_finished_word_that_no_row_holds_with_the_others_broadens_to_any_word():
    _document("the strategy meeting was moved", "/meeting/")
    _document("a section 47 enquiry began", "/section/")
    page = selectors.search(None, "section 47 strategy meeting")
    assert page.broadened
    assert sorted(r.url for r in page.results) == ["/meeting/", "/section/"]


def test_a_prefix_is_marked_beside_the_whole_words_in_snippets():
    _document("Early help for families, and a helpline", "/early/")
    _document("Help arrived early", "/help/")
    (result, other) = selectors.search(None, "early hel").results
    for snippet in (result.snippet, other.snippet):
        assert "<mark>early</mark>" in snippet.lower() and "<mark>help" in snippet.lower()
    marked = {r.url: r.snippet for r in (result, other)}
    assert "<mark>helpline</mark>" in marked["/early/"]


def test_a_row_only_the_stems_prefix_reaches_still_gets_its_snippet():
    """The word "caring" stems to "care", whose prefix reaches "careers", which does not start
    with "caring": the words of the row do not hold it, the prefix itself does."""
    (row,) = _documents(1, "the careers fair is on Friday")
    found = engine.current().snippets(parse("caring"), [row])
    assert "<mark>careers</mark>" in found[row]


def test_a_name_read_whole_still_finds_the_longer_names_it_starts():
    for n, name in enumerate(("Sam Okafor", "Samantha Jones", "Rosa Gorsam"), start=1):
        SearchDocument.objects.create(
            kind="person",
            object_id=1000 + n,  # not the reader's id: making a person indexes them
            audience="signed_in",
            date=timezone.now(),
            url=f"/people/{n}/",
            title=name,
        )
    assert _urls(UserFactory(), "sam") == ["/people/1/", "/people/2/"]
    assert _urls(None, "sam") == []  # visitors find nobody
