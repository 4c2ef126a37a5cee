# ruff: noqa: S608 - SQL is built from constants and a filter compiled by Django; every
# value (the words, the ids, the filter's parameters) is passed as a parameter.
"""The one place that knows which full-text engine answers: SQLite FTS5 in the embedded
mode, PostgreSQL full-text search in production. Everything above it (``selectors``)
hands over the terms and a permission filter as SQL and gets back candidates, snippets
and names; the same tests run against both.

Ranking works on a **bounded candidate set**: each query takes at most ``limit``
matching rows that the reader may see, newest first, with each row's text score, plus
the newest matches in titles from the titles' own index; ``ranking.py`` orders them.
A common word over millions of rows costs the limit, not the matches: FTS5 walks the
matches in id order and stops; PostgreSQL reads slices of ids, newest first
(``ID_SLICES``), and ranks only the pool. The permission filter is part of the same
SQL, so counts, pages and snippets only ever involve rows the reader may see.
"""

from __future__ import annotations

import contextlib
import functools
import html
import itertools
import re
from dataclasses import dataclass
from datetime import datetime

from django.db import connection

from . import engine_sql
from .models import SearchDocument
from .terms import Terms, fts5, tsquery, words_of, words_starting

T = engine_sql.TABLE
START, STOP = "\x02", "\x03"
_MARKUP = re.compile(r"[*_#>`~|\[\]]+")
_SPACES = re.compile(r"\s+")


@dataclass
class Candidate:
    id: int
    text_score: float
    kind: str
    solved: bool
    endorsements: int
    date: datetime
    title_match: bool = False
    score: float = 0.0


def _row(row, title_ids=frozenset()) -> Candidate:
    date = row[5]
    if isinstance(date, str):  # SQLite through a raw cursor
        from django.utils.dateparse import parse_datetime

        date = parse_datetime(date)
    return Candidate(
        id=row[0],
        text_score=float(row[1] or 0.0),
        kind=row[2],
        solved=bool(row[3]),
        endorsements=int(row[4] or 0),
        date=date,
        title_match=row[0] in title_ids,
    )


def title_pool(limit: int) -> int:
    """How many title matches join a pool of ``limit`` newest matches: title matches are
    the strongest signal, so older ones must not be crowded out by newer matches deep in
    long bodies."""
    return max(limit // 3, 50)


def _merge(rows, title_rows) -> list[Candidate]:
    title_ids = {r[0] for r in title_rows}
    found = {r[0]: _row(r, title_ids) for r in rows}
    for r in title_rows:
        found.setdefault(r[0], _row(r, title_ids))
    return list(found.values())


def clean_snippet(raw: str) -> str:
    """Escape a snippet and turn the engine's markers into ``<mark>``: the only markup
    a snippet ever carries (the text itself is what people wrote, never trusted)."""
    text = _SPACES.sub(" ", _MARKUP.sub("", raw or "")).strip()
    return html.escape(text).replace(START, "<mark>").replace(STOP, "</mark>").replace("\x01", "")


class SqliteEngine:
    vendor = "sqlite"
    # bm25 weights: title, body
    WEIGHTS = "8.0, 1.0"

    def candidates(self, terms: Terms, where: str, params: list, limit: int, any_term=False):
        match = fts5(terms, any_term=any_term)
        with connection.cursor() as cursor:
            cursor.execute(self._NEWEST.format(where=where), [match, *params, limit])
            rows = cursor.fetchall()
            titled = self._TITLED.format(where=where)
            cursor.execute(titled, [match, *params, title_pool(limit)])
            title_rows = cursor.fetchall()
        return _merge(rows, title_rows)

    _NEWEST = (
        f'SELECT "{T}"."id", -bm25(search_fts, {WEIGHTS}), "{T}"."kind", "{T}"."solved", '
        f'"{T}"."endorsements", "{T}"."date" '
        f'FROM search_fts CROSS JOIN "{T}" ON "{T}"."id" = search_fts.rowid '
        "WHERE search_fts MATCH %s AND ({where}) ORDER BY search_fts.rowid DESC LIMIT %s"
    )
    # The newest titles holding the words, from the titles' own index, with their bm25
    # there: close to their whole-text score (measured at 2 million rows: 4-50% below,
    # median 10%), which a row also in the newest matches keeps. Scoring them over the
    # whole text instead costs a prefix's merged posting lists once per row (3 ms each).
    _TITLED = (
        f'SELECT "{T}"."id", -bm25(search_titles), "{T}"."kind", "{T}"."solved", '
        f'"{T}"."endorsements", "{T}"."date" FROM search_titles CROSS JOIN "{T}" '
        f'ON "{T}"."id" = search_titles.rowid WHERE search_titles MATCH %s AND ({{where}}) '
        "ORDER BY search_titles.rowid DESC LIMIT %s"
    )

    def holds(self, word: str, where: str, params: list) -> bool:
        """Whether a row the reader may see holds ``word`` as a whole word."""
        sql = (
            f'SELECT 1 FROM search_fts CROSS JOIN "{T}" ON "{T}"."id" = search_fts.rowid '
            "WHERE search_fts MATCH %s AND ({where}) LIMIT 1"
        )
        return _any_row(sql.format(where=where), [fts5(Terms((word,), False)), *params])

    def snippets(self, terms: Terms, ids: list[int]) -> dict[int, str]:
        """Snippets, with a last word that is a prefix given to FTS5 as the words of these
        rows that start with it. FTS5 merges the posting lists of every word starting
        with a prefix once for each row asked for: 250 ms for "help*" on 20 rows at 2
        million rows, against 8 ms for whole words. A row that only the stem's prefix
        reaches ("caring" → "care*" → "careers") gets the prefix itself."""
        if not terms.prefix_last:
            return self._snippets(terms, ids)
        found = self._snippets(self._prefix_as_words(terms, ids), ids)
        rest = [i for i in ids if i not in found]
        return found | self._snippets(terms, rest)

    @staticmethod
    def _prefix_as_words(terms: Terms, ids: list[int]) -> Terms:
        """``terms`` with the last word as whole words: itself and the words of rows
        ``ids`` that start with it (compared as FTS5 compares: case and accents folded)."""
        words = dict.fromkeys(terms.words)
        for title, body in SearchDocument.objects.filter(pk__in=ids).values_list("title", "body"):
            for word in words_starting(terms.words[-1], f"{title} {body}"):
                words.setdefault(word.lower())
        return Terms(tuple(words), prefix_last=False)

    def _snippets(self, terms: Terms, ids: list[int]) -> dict[int, str]:
        if not ids:
            return {}
        marks = ", ".join(["%s"] * len(ids))
        sql = (
            f"SELECT rowid, snippet(search_fts, 1, %s, %s, ' … ', 24) FROM search_fts "
            f"WHERE search_fts MATCH %s AND rowid IN ({marks})"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [START, STOP, fts5(terms, any_term=True), *ids])
            return {row[0]: clean_snippet(row[1]) for row in cursor.fetchall()}

    def similar_names(self, text: str, where: str, params: list, limit: int):
        """People whose name shares trigrams with ``text`` (bounded), for a name typed
        with a slip; ``selectors`` keeps only close ones."""
        grams = _trigrams(text)
        if not grams:
            return []
        match = " OR ".join(f'"{g}"' for g in grams)
        return self._names(match, where, params, limit, order="ORDER BY rank")

    def names_containing(self, text: str, where: str, params: list, limit: int):
        """People whose name holds ``text`` (three letters or more) anywhere, from the
        names' trigram index; ``selectors`` keeps those where it starts a word."""
        return self._names(f'"{text}"', where, params, limit)

    _NAMES = (
        f'SELECT "{T}"."id", -bm25(search_names), "{T}"."kind", "{T}"."solved", '
        f'"{T}"."endorsements", "{T}"."date", "{T}"."title" '
        f'FROM search_names CROSS JOIN "{T}" ON "{T}"."id" = search_names.rowid '
        "WHERE search_names MATCH %s AND ({where}) {order} LIMIT %s"
    )

    def _names(self, match: str, where: str, params: list, limit: int, order: str = ""):
        with connection.cursor() as cursor:
            cursor.execute(self._NAMES.format(where=where, order=order), [match, *params, limit])
            return [(_row(r), r[6]) for r in cursor.fetchall()]

    @contextlib.contextmanager
    def bulk_load(self):
        """Load many rows without the triggers, then build the FTS indexes once."""
        with connection.cursor() as cursor:
            for name in engine_sql.SQLITE_TRIGGER_NAMES + engine_sql.SQLITE_TITLE_TRIGGER_NAMES:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
                cursor.execute("INSERT INTO search_names(search_names) VALUES ('delete-all')")
                cursor.execute(
                    f"INSERT INTO search_names(rowid, title) SELECT id, title FROM {T} "
                    "WHERE kind = 'person'"
                )
                cursor.execute("INSERT INTO search_titles(search_titles) VALUES ('delete-all')")
                cursor.execute(engine_sql.SQLITE_TITLES_FILL)
                for statement in engine_sql.SQLITE_TRIGGERS + engine_sql.SQLITE_TITLE_TRIGGERS:
                    cursor.execute(statement)

    def clear(self):
        """Empty the index (faster than deleting row by row through the triggers)."""
        with self.bulk_load(), connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {T}")


# PostgreSQL reads the newest matches in slices of ids, newest first, and reads a slice
# only when the newer ones held too few (``UNION ALL`` under ``LIMIT`` stops early). The
# first slice intersects the words' bitmap from the index with the newest ids, so a
# common word's pool costs the rows of one short range, not every row that holds the
# word (a GIN index cannot return matches in id order and stop). The rest is one slice:
# each slice looks the words up in the index again (35 ms for "restorative practice"
# at 2 million rows), and a middle slice of 450,000 ids cost that and a bitmap of its
# ids for words it seldom held (national scale: p95 160 → 113 ms without it).
ID_SLICES = (50_000,)


def _newest_in_slices(count: int, vector: str, extra: str = "") -> str:
    """The pool's ids, in ``count`` slices; each slice's bounds are parameters (read
    before, so the planner knows how many ids a slice holds and picks its plan for that).
    ``vector`` is the indexed expression the words are matched against."""
    slices = [
        f'(SELECT "{T}"."id" FROM "{T}" '
        f"WHERE {vector} @@ to_tsquery('english', %s) {extra}"
        f"AND {_id_range(oldest=n == count - 1)} "
        f'AND ({{where}}) ORDER BY "{T}"."id" DESC LIMIT %s)'
        for n in range(count)
    ]
    return "(" + " UNION ALL ".join(slices) + " LIMIT %s)"


def _id_range(*, oldest: bool) -> str:
    """A slice's bounds. The oldest slice holds most of the ids: intersecting the words'
    matches with a bitmap of its ids cost more (90 ms for 1.7 million ids, measured with
    three slices) than checking the few rows that hold the words, so there the bounds
    are kept out of the index (``+ 0``)."""
    column = f'("{T}"."id" + 0)' if oldest else f'"{T}"."id"'
    return f"{column} > %s AND {column} <= %s"


def _slice_bounds(top: int) -> list[tuple[int, int]]:
    """``(up_to, after)`` id ranges, newest first, covering every id up to ``top``."""
    edges = [top, *(max(top - n, 0) for n in ID_SLICES), 0]
    return list(itertools.pairwise(edges))


# Ids first, then ranks: ``ts_rank`` reads each row's whole vector, so it runs on the
# pool only, never on every match the index yields.
_RANKED = (
    f'SELECT "{T}"."id", ts_rank("{T}".search_vector, q, 1), "{T}"."kind", '
    f'"{T}"."solved", "{T}"."endorsements", "{T}"."date" '
    f"FROM \"{T}\", to_tsquery('english', %s) AS q "
    f'WHERE "{T}"."id" IN '
)


@functools.cache
def _newest_sql(count: int) -> str:
    return _RANKED + _newest_in_slices(count, f'"{T}".search_vector')


@functools.cache
def _titled_sql(count: int) -> str:
    """The newest titles holding the words, from the titles' own index (migration 0003),
    in the same slices: unsliced, a word that no title holds made the planner walk every
    id backwards, computing each title's vector (195 ms at 2 million rows)."""
    return _RANKED + _newest_in_slices(
        count, engine_sql.POSTGRES_TITLE_VECTOR, extra=f'AND "{T}"."title" <> \'\' '
    )


_TRGM: dict[str, bool] = {}


class PostgresEngine:
    vendor = "postgresql"

    def candidates(self, terms: Terms, where: str, params: list, limit: int, any_term=False):
        query = tsquery(terms, any_term=any_term)
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT coalesce(max("id"), 0) FROM "{T}"')
            top = cursor.fetchone()[0]
            bounds = _slice_bounds(top)
            rows = self._sliced(cursor, _newest_sql, where, query, params, bounds, limit)
            title_rows = self._sliced(
                cursor, _titled_sql, where, query, params, bounds, title_pool(limit)
            )
        return _merge(rows, title_rows)

    @staticmethod
    def _sliced(cursor, sql_for, where: str, query: str, params: list, bounds, limit: int):
        """``sql_for(len(bounds))`` run over ``bounds``: the statement is built for as
        many slices as there are bounds (``ID_SLICES`` is read when the search runs)."""
        slices = [[query, after, up_to, *params, limit] for up_to, after in bounds]
        sql = sql_for(len(bounds))
        cursor.execute(sql.format(where=where), [query, *itertools.chain(*slices), limit])
        return cursor.fetchall()

    def holds(self, word: str, where: str, params: list) -> bool:
        """Whether a row the reader may see holds ``word`` as a whole word (a common word
        stops at its first row; the planner reads a rare one from the index)."""
        sql = (
            f'SELECT 1 FROM "{T}" WHERE "{T}".search_vector @@ to_tsquery(\'english\', %s) '
            "AND ({where}) LIMIT 1"
        )
        return _any_row(sql.format(where=where), [tsquery(Terms((word,), False)), *params])

    def snippets(self, terms: Terms, ids: list[int]) -> dict[int, str]:
        if not ids:
            return {}
        options = (
            f"StartSel={START}, StopSel={STOP}, MaxWords=30, MinWords=12, "
            'MaxFragments=2, FragmentDelimiter=" … "'
        )
        sql = (
            f"SELECT id, ts_headline('english', body, to_tsquery('english', %s), %s) "
            f"FROM {T} WHERE id = ANY(%s)"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [tsquery(terms, any_term=True), options, list(ids)])
            return {row[0]: clean_snippet(row[1]) for row in cursor.fetchall()}

    def _has_trgm(self) -> bool:
        """Whether the database has ``pg_trgm`` (read once per database and process:
        migration 0002 creates it or not, once)."""
        name = connection.settings_dict["NAME"]
        if name not in _TRGM:
            _TRGM[name] = _any_row("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        return _TRGM[name]

    def similar_names(self, text: str, where: str, params: list, limit: int):
        if not text or not self._has_trgm():
            return []
        sql = (
            f'SELECT "{T}"."id", word_similarity(%s, "{T}"."title"), "{T}"."kind", '
            f'"{T}"."solved", "{T}"."endorsements", "{T}"."date", "{T}"."title" '
            f'FROM "{T}" WHERE "{T}"."kind" = \'person\' AND %s <%% "{T}"."title" '
            f"AND ({where}) ORDER BY 2 DESC LIMIT %s"
        )
        with connection.cursor() as cursor:
            # A one-letter slip in a short name scores just under pg_trgm's default (0.6);
            # ``selectors`` keeps only close names anyway.
            cursor.execute("SELECT set_config('pg_trgm.word_similarity_threshold', '0.45', false)")
            cursor.execute(sql, [text, text, *params, limit])
            return [(_row(r), r[6]) for r in cursor.fetchall()]

    def names_containing(self, text: str, where: str, params: list, limit: int):
        """People whose name holds ``text`` anywhere, through the names' trigram index
        (none without ``pg_trgm``, as for ``similar_names``)."""
        if not text or not self._has_trgm():
            return []
        sql = (
            f'SELECT "{T}"."id", 0, "{T}"."kind", "{T}"."solved", "{T}"."endorsements", '
            f'"{T}"."date", "{T}"."title" FROM "{T}" WHERE "{T}"."kind" = \'person\' '
            f'AND "{T}"."title" ILIKE %s AND ({where}) LIMIT %s'
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [f"%{text}%", *params, limit])
            return [(_row(r), r[6]) for r in cursor.fetchall()]

    @contextlib.contextmanager
    def bulk_load(self):
        with connection.cursor() as cursor:
            cursor.execute("DROP INDEX IF EXISTS search_doc_vector")
            cursor.execute("DROP INDEX IF EXISTS search_doc_title_vector")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                # Building a GIN index over millions of rows in the default 64 MB takes
                # several times longer; this lasts only until the transaction ends.
                cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
                cursor.execute(engine_sql.POSTGRES_GIN)
                cursor.execute(engine_sql.POSTGRES_TITLE_GIN)
                cursor.execute(f"ANALYZE {T}")

    def clear(self):
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {T}")


def _any_row(sql: str, params: list | None = None) -> bool:
    """Whether ``sql`` returns a row."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone() is not None


def _trigrams(text: str) -> list[str]:
    words = words_of((text or "").lower())
    grams: list[str] = []
    for word in words:
        for i in range(len(word) - 2):
            gram = word[i : i + 3]
            if gram not in grams:
                grams.append(gram)
    return grams[:24]


def current():
    """The engine of the database in use."""
    if connection.vendor == "postgresql":
        return PostgresEngine()
    if connection.vendor == "sqlite":
        return SqliteEngine()
    raise NotImplementedError(f"search has no engine for {connection.vendor}")
