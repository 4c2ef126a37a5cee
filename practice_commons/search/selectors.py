"""Searching: one function for the page, the API and the thread form's suggestions.

What must stay true: **who may see a row is decided inside the query**. The permission
filter (``visible_q``) is compiled into the same SQL that matches the words, so the
candidate set, the count, each page and each snippet involve only rows the reader may
see. The rules are the products' own, never restated:

* a row in a community: ``communities.policies.community_policy.visible_to(reader)``
  (public to everyone, members-only to host members and its members, private to its
  members, host admins all);
* a person: ``collaboration.policies.directory_visible_to(reader)`` (visitors find
  nobody; a person who left the directory is never indexed);
* content under a safeguarding hold: left out for everyone but host admins
  (``safeguarding.selectors.hidden_ids``), like every listing;
* jobs and opportunities past their closing date are left out with no job to run;
  opportunities are for people signed in.

What is never indexed (drafts, hidden or removed posts, CPD, wellbeing, sessions'
material, messages) cannot be found at all (``documents.py``).
"""

from __future__ import annotations

import base64
import binascii
import difflib
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from practice_commons.collaboration.policies import directory_visible_to
from practice_commons.communities import selectors as community_selectors
from practice_commons.communities.models import Community
from practice_commons.communities.policies import community_policy
from practice_commons.core.people import is_signed_in

from . import engine, ranking
from .holds import held_sql
from .models import Audience, Kind, SearchDocument
from .terms import Terms, parse, starts_a_word

PAGE_SIZE = 20
# The most candidates one query ranks (and counts). Past it the page says "more than".
POOL = 300
SUGGESTIONS = 5
NAME_CLOSENESS = 0.75
FEW = 5
SINCE_CHOICES = {"week": 7, "month": 31, "year": 366}
LIBRARY_KINDS = (Kind.SOLUTION, Kind.PRACTICE_EXAMPLE, Kind.RESOURCE)


@dataclass
class Result:
    kind: str
    id: int
    title: str
    url: str
    snippet: SafeString
    community: str | None
    community_name: str
    date: object
    solved: bool

    @property
    def kind_label(self) -> str:
        return Kind(self.kind).label


@dataclass
class SearchPage:
    q: str
    results: list[Result] = field(default_factory=list)
    count: int = 0
    more: bool = False  # the count stopped at POOL
    next_cursor: str | None = None
    previous_cursor: str | None = None
    offset: int = 0
    kind_counts: dict[str, int] = field(default_factory=dict)
    broadened: bool = False  # no row had every word: rows with any of them
    searched: bool = False


# --- who may see what -----------------------------------------------------------------------


def visible_q(user) -> Q:
    """The index rows ``user`` may see by the read rules (communities, directory,
    audience, closing dates), as one filter; safeguarding holds are ``held_sql``."""
    signed_in = is_signed_in(user)
    readable = community_policy.visible_to(user).values("pk")
    allowed = Q(audience=Audience.PUBLIC) | Q(
        audience=Audience.COMMUNITY, community_id__in=readable
    )
    if signed_in:
        allowed |= Q(audience=Audience.SIGNED_IN)
        listed = directory_visible_to(user).filter(pk=OuterRef("object_id"))
        allowed |= Q(audience=Audience.DIRECTORY) & Exists(listed)
    today = timezone.localdate()
    allowed &= Q(closes_on__isnull=True) | Q(closes_on__gte=today)
    return allowed


def _where(q: Q) -> tuple[str, list]:
    """``q`` as SQL on the index table (named as itself), for the engine's query."""
    query = SearchDocument.objects.filter(q).query
    compiler = query.get_compiler(using="default")
    sql, params = compiler.compile(query.where)
    return sql, list(params)


def permission_where(user, extra: Q | None = None) -> tuple[str, list]:
    """Everything ``user`` may see (and ``extra``), as SQL for the engine's query.
    Held content is left out for everyone but host admins, like every listing."""
    sql, params = _where(visible_q(user) & (extra or Q()))
    if not (is_signed_in(user) and user.is_host_admin):
        held, held_params = held_sql()
        sql, params = f"({sql}) AND {held}", params + held_params
    return sql, params


# --- filters ------------------------------------------------------------------------------


@dataclass
class Filters:
    kind: str = ""
    community: Community | None = None
    profession: str = ""
    nation: str = ""
    since: str = ""

    def as_q(self) -> Q:
        q = Q()
        if self.kind == "library":
            q &= Q(kind__in=LIBRARY_KINDS)
        elif self.kind == "discussions":
            q &= Q(kind__in=(Kind.THREAD, Kind.POST))
        elif self.kind:
            q &= Q(kind=self.kind)
        if self.community is not None:
            q &= Q(community_id=self.community.pk)
        if self.profession:
            q &= Q(professions__contains=f" {self.profession} ")
        if self.nation:
            q &= Q(nations__contains=f" {self.nation} ")
        if self.since in SINCE_CHOICES:
            q &= Q(date__gte=timezone.now() - timedelta(days=SINCE_CHOICES[self.since]))
        return q


def community_filter(user, slug: str) -> Community | None:
    """The community to search in, or ``NotFound`` when the reader may not read it (the
    same answer as for one that does not exist)."""
    if not slug:
        return None
    return community_selectors.community_for_reader(user, slug)


# --- cursors ------------------------------------------------------------------------------


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o:{offset}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int:
    """The offset a cursor stands for; ``ValueError`` for one we did not make."""
    if not cursor:
        return 0
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise ValueError("That cursor is not one this search gave.") from exc
    prefix, _, number = text.partition(":")
    if prefix != "o" or not number.isdigit() or int(number) >= POOL:
        raise ValueError("That cursor is not one this search gave.")
    return int(number)


# --- searching ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Pool:
    found: list
    terms: Terms  # the terms that made the pool: snippets mark those
    broadened: bool = False  # no row held every word, so any word was enough


def _candidates(eng, terms: Terms, where: str, params: list, pool: int, *, typing: bool) -> Pool:
    """The candidates for ``terms``; ``typing`` for text still being typed.

    A search someone sent reads its last word as a prefix only when no row they may see
    holds the word as typed: "siob" finds Siobhan, while "meeting" means meeting. A
    prefix costs every posting of every word that starts with it before the first row is
    read (PostgreSQL's GIN index unions them into a bitmap, FTS5 merges them in memory):
    70 ms against 5 ms for "section 47 strategy meeting" at 2 million rows. While someone
    types (a new thread's suggestions), the last word is always a prefix.
    """
    if terms.prefix_last and not typing:
        whole = Terms(terms.words, prefix_last=False)
        found = eng.candidates(whole, where, params, pool)
        if found or eng.holds(terms.words[-1], where, params):
            return _broadened_if_empty(eng, found, whole, where, params, pool)
    found = eng.candidates(terms, where, params, pool)
    return _broadened_if_empty(eng, found, terms, where, params, pool)


def _broadened_if_empty(eng, found, terms: Terms, where: str, params: list, pool: int) -> Pool:
    """``found``, or when no row held every word, the rows holding any of them."""
    if not found and len(terms.words) > 1:
        found = eng.candidates(terms, where, params, pool, any_term=True)
        return Pool(found, terms, broadened=bool(found))
    return Pool(found, terms)


def _with_people(eng, user, filters: Filters, typed: Terms, pool: Pool, where: str, params):
    """The pool, with the people its words may name that it missed: names with a word
    starting with a last word the search read whole, and, when a word or two found
    little, names typed with a slip. ``where`` is the search's own permission filter."""
    found = list(pool.found)
    if not (is_signed_in(user) and filters.kind in ("", Kind.PERSON)):
        return found
    kind = f'"{SearchDocument._meta.db_table}"."kind"'
    people = (f"({where}) AND {kind} = %s", [*params, Kind.PERSON.value])
    if typed.prefix_last and not pool.terms.prefix_last:
        found += _names_starting(eng, typed.words[-1], people, {c.id for c in found})
    if len(typed.words) <= 2 and len(found) < FEW:
        found += _close_names(eng, typed, people, {c.id for c in found})
    return found


def _names_starting(eng, word: str, people: tuple[str, list], known: set[int]):
    """People with a name that has a word starting with ``word``, when the search read
    it whole: "Sam" finds Samantha as well as Sam (bounded)."""
    found = []
    for candidate, name in eng.names_containing(word, *people, 30):
        if candidate.id not in known and starts_a_word(word, name):
            candidate.title_match = True
            found.append(candidate)
    return found


def _close_names(eng, terms: Terms, people: tuple[str, list], known: set[int]):
    """People whose name is close to what was typed (a slip in a name): bounded."""
    found = []
    for candidate, name in eng.similar_names(terms.text, *people, 30):
        if candidate.id in known:
            continue
        parts = [p for p in name.lower().split() if len(p) > 1]
        closeness = max(
            (
                difflib.SequenceMatcher(None, word, part).ratio()
                for word in terms.words
                for part in parts
            ),
            default=0.0,
        )
        if closeness >= NAME_CLOSENESS:
            candidate.text_score = closeness
            found.append(candidate)
    return found


def search(
    user,
    q: str,
    *,
    filters: Filters | None = None,
    cursor: str | None = None,
    page_size: int = PAGE_SIZE,
    snippets: bool = True,
) -> SearchPage:
    """One page of what ``user`` may see matching ``q``. ``ValueError`` for a bad cursor."""
    filters = filters or Filters()
    offset = decode_cursor(cursor)
    terms = parse(q)
    page = SearchPage(q=q, offset=offset)
    if not terms:
        return page
    page.searched = True
    eng = engine.current()
    where, params = permission_where(user, filters.as_q())
    pool = _candidates(eng, terms, where, params, POOL, typing=False)
    page.broadened, page.more = pool.broadened, len(pool.found) >= POOL
    found = _with_people(eng, user, filters, terms, pool, where, params)
    terms = pool.terms
    ranked = ranking.rank(found)
    page.count = len(ranked)
    if not filters.kind:
        counts: dict[str, int] = {}
        for c in ranked:
            counts[c.kind] = counts.get(c.kind, 0) + 1
        page.kind_counts = counts
    window = ranked[offset : offset + page_size]
    if offset + page_size < len(ranked):
        page.next_cursor = encode_cursor(offset + page_size)
    if offset > 0:
        page.previous_cursor = encode_cursor(max(offset - page_size, 0))
    page.results = _hydrate(eng, terms, window, snippets=snippets)
    return page


def _hydrate(eng, terms: Terms, window, *, snippets: bool) -> list[Result]:
    if not window:
        return []
    ids = [c.id for c in window]
    docs = {
        d.pk: d
        for d in SearchDocument.objects.filter(pk__in=ids).only(
            "kind", "object_id", "heading", "url", "community_id", "date", "solved", "body"
        )
    }
    community_ids = {d.community_id for d in docs.values() if d.community_id}
    communities = {
        c["pk"]: c
        for c in Community.objects.filter(pk__in=community_ids).values("pk", "slug", "name")
    }
    texts = eng.snippets(terms, ids) if snippets else {}
    results = []
    for c in window:
        doc = docs.get(c.id)
        if doc is None:  # removed since the candidates were read
            continue
        community = communities.get(doc.community_id) if doc.community_id else None
        snippet = texts.get(c.id)
        if snippet is None:
            snippet = engine.clean_snippet(doc.body[:240])
        results.append(
            Result(
                kind=doc.kind,
                id=doc.object_id,
                title=doc.heading,
                url=doc.url,
                snippet=mark_safe(snippet),  # noqa: S308 - escaped by clean_snippet
                community=community["slug"] if community else None,
                community_name=community["name"] if community else "",
                date=doc.date,
                solved=doc.solved,
            )
        )
    return results


def suggestions(user, text: str) -> list[Result]:
    """Documented solutions and threads whose words match a new thread's title, for
    "Has this been answered already?" (the reader's own permissions apply)."""
    terms = parse(text)
    if not terms or len(text.strip()) < 3:
        return []
    where, params = permission_where(user, Q(kind__in=(Kind.SOLUTION, Kind.THREAD)))
    eng = engine.current()
    pool = _candidates(eng, terms, where, params, 200, typing=True)
    ranked = ranking.rank(pool.found)
    return _hydrate(eng, pool.terms, ranked[:SUGGESTIONS], snippets=False)
