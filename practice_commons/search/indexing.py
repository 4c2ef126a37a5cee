"""Keeping the index in step with the content, in the same transaction as the write.

The content apps sit below search and may not call it, and their own signals do not
cover every change (an edit, a hide, an unhide, a move), while their rows carry no
timestamp for every change either (unhiding clears ``hidden_at``), so a catch-up by
high-water mark could miss one. So search listens to Django's ``post_save`` and
``post_delete`` of the models it indexes (connected in ``handlers.py`` from
``AppConfig.ready()``) and writes the row's index entry **synchronously, inside the
writer's transaction**: a hidden post, a withdrawn job or a person who leaves the
directory is out of the index when the write commits, and a rolled-back write leaves
the index as it was. This is index maintenance, not business logic (DESIGN.md forbids
``post_save`` for the latter): it decides nothing and calls no service.

What signals cannot see (bulk inserts such as the demo seeders, ``QuerySet.update()``
of counters such as endorsements and reply counts) is caught by ``rebuild`` (the
``rebuild_search_index`` command, the demo seeder and ``reindex_recent``, the
catch-up job run every ten minutes for rows whose own timestamps moved).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from practice_commons.accounts.models import User
from practice_commons.collaboration.models import DirectoryListing, Opportunity
from practice_commons.core.bulk import insert_rows
from practice_commons.discussions.models import Post, Thread
from practice_commons.events.models import Event
from practice_commons.jobs.models import Job
from practice_commons.library.models import GlossaryTerm, LibraryItem

from . import documents, engine
from .models import Kind, SearchDocument

log = logging.getLogger(__name__)

BATCH = 2_000
LIBRARY_KINDS = (Kind.SOLUTION, Kind.PRACTICE_EXAMPLE, Kind.RESOURCE)


def _write(kind: str, object_id: int, fields: dict | None) -> None:
    if fields is None:
        SearchDocument.objects.filter(kind=kind, object_id=object_id).delete()
        return
    values = {k: v for k, v in fields.items() if k not in ("kind", "object_id")}
    SearchDocument.objects.update_or_create(kind=kind, object_id=object_id, defaults=values)


def _empty_defaults(fields: dict) -> dict:
    base = {
        "title": "",
        "body": "",
        "heading": "",
        "audience": "public",
        "community_id": None,
        "thread_id": None,
        "closes_on": None,
        "nations": "",
        "professions": "",
        "solved": False,
        "endorsements": 0,
    }
    return {**base, **fields}


# --- one object ---------------------------------------------------------------------------


def index_thread(thread: Thread, *, cascade: bool = False) -> None:
    _write(Kind.THREAD, thread.pk, _full(documents.thread_document(thread)))
    if cascade:
        reindex_replies(thread)


def reindex_replies(thread: Thread) -> None:
    """A thread's move, hiding, removal or new title reaches each of its replies, in a
    fixed number of queries: the old rows go, the listed replies come back."""
    SearchDocument.objects.filter(kind=Kind.POST, thread_id=thread.pk).delete()
    if not documents.thread_is_listed(thread):
        return
    replies = thread.posts.filter(is_opening=False, deleted_at__isnull=True, hidden_at__isnull=True)
    bulk_insert(
        fields
        for post in replies.iterator(chunk_size=BATCH)
        if (fields := documents.post_document(post, thread))
    )


def index_post(post: Post) -> None:
    thread = Thread.objects.select_related("community").get(pk=post.thread_id)
    if post.is_opening:
        _write(Kind.THREAD, thread.pk, _full(documents.thread_document(thread, post)))
        return
    _write(Kind.POST, post.pk, _full(documents.post_document(post, thread)))


def index_item(item: LibraryItem) -> None:
    fields = documents.item_document(item)
    # The kind is the item's: remove a row left under another kind.
    SearchDocument.objects.filter(kind__in=LIBRARY_KINDS, object_id=item.pk).exclude(
        kind=item.kind if fields else ""
    ).delete()
    _write(item.kind, item.pk, _full(fields))


def index_term(term: GlossaryTerm) -> None:
    _write(Kind.GLOSSARY, term.pk, _full(documents.term_document(term)))


def index_event(event: Event) -> None:
    _write(Kind.EVENT, event.pk, _full(documents.event_document(event)))


def index_opportunity(opportunity: Opportunity) -> None:
    _write(Kind.OPPORTUNITY, opportunity.pk, _full(documents.opportunity_document(opportunity)))


def index_job(job: Job) -> None:
    _write(Kind.JOB, job.pk, _full(documents.job_document(job)))


def index_person(person: User) -> None:
    _write(Kind.PERSON, person.pk, _full(documents.person_document(person)))


def unindex(kind: str | Iterable[str], object_id: int) -> None:
    kinds = [kind] if isinstance(kind, str) else list(kind)
    SearchDocument.objects.filter(kind__in=kinds, object_id=object_id).delete()


def _full(fields: dict | None) -> dict | None:
    return None if fields is None else _empty_defaults(fields)


# --- everything ---------------------------------------------------------------------------


def _threads() -> Iterator[dict]:
    threads = Thread.objects.filter(deleted_at__isnull=True, hidden_at__isnull=True)
    openings = {}
    for thread in threads.select_related("community").iterator(chunk_size=BATCH):
        openings[thread.pk] = thread
        if len(openings) >= BATCH:
            yield from _thread_batch(openings)
            openings = {}
    if openings:
        yield from _thread_batch(openings)


def _thread_batch(threads: dict) -> Iterator[dict]:
    posts = Post.objects.filter(thread_id__in=list(threads)).only(
        "pk", "thread_id", "is_opening", "body", "created_at", "deleted_at", "hidden_at", "number"
    )
    urls: dict[int, str] = {}
    for post in posts.iterator(chunk_size=BATCH):
        thread = threads[post.thread_id]
        if post.is_opening:
            fields = documents.thread_document(thread, post)
        else:
            if thread.pk not in urls:
                urls[thread.pk] = thread.get_absolute_url()  # reverse() once, not per reply
            fields = documents.post_document(post, thread, thread_url=urls[thread.pk])
        if fields:
            yield fields


def _simple(queryset, build) -> Iterator[dict]:
    for obj in queryset.iterator(chunk_size=BATCH):
        fields = build(obj)
        if fields:
            yield fields


def all_documents() -> Iterator[dict]:
    """Everything, with threads and replies last: the pool reads the newest ids first
    (``engine.ID_SLICES``), and discussion is the bulk of the index and what most needs
    its newest first; written first, a rebuild gave people and events the newest ids."""
    yield from _simple(
        LibraryItem.objects.filter(status="published").prefetch_related("topics", "professions"),
        documents.item_document,
    )
    yield from _simple(GlossaryTerm.objects.filter(status="approved"), documents.term_document)
    yield from _simple(
        Event.objects.filter(status="published").prefetch_related("target_professions"),
        documents.event_document,
    )
    yield from _simple(
        Opportunity.objects.filter(status="open").prefetch_related("professions"),
        documents.opportunity_document,
    )
    yield from _simple(
        Job.objects.filter(status="open").select_related("organisation", "profession"),
        documents.job_document,
    )
    listings = {row.user_id: row for row in DirectoryListing.objects.all()}
    people = (
        User.objects.filter(is_active=True)
        .exclude(full_name="")
        .select_related("profession")
        .prefetch_related("expertise")
    )
    for person in people.iterator(chunk_size=BATCH):
        fields = documents.person_document(person, listings.get(person.pk))
        if fields:
            yield fields
    yield from _threads()


DOCUMENT_FIELDS = (
    "kind",
    "object_id",
    "title",
    "body",
    "heading",
    "url",
    "audience",
    "community_id",
    "thread_id",
    "closes_on",
    "nations",
    "professions",
    "date",
    "solved",
    "endorsements",
    "indexed_at",
)


def bulk_insert(rows: Iterable[dict]) -> int:
    """Insert documents as plain rows (``core.bulk.insert_rows``): a rebuild writes
    millions, and a model instance per row cost more than the insert."""
    now = timezone.now()
    values = (_row(fields, now) for fields in rows)
    return insert_rows(SearchDocument, DOCUMENT_FIELDS, values, batch_size=BATCH)


def _row(fields: dict, now) -> tuple:
    document = {**_empty_defaults(fields), "indexed_at": now}
    return tuple(document[name] for name in DOCUMENT_FIELDS)


def rebuild() -> int:
    """Empty the index and build it again from the content (one transaction)."""
    eng = engine.current()
    with transaction.atomic():
        eng.clear()
        with eng.bulk_load():
            count = bulk_insert(all_documents())
    log.info("search index rebuilt: %s documents", count)
    return count


def reindex_recent(*, since: timedelta = timedelta(minutes=15)) -> int:
    """The catch-up: rows whose own timestamps moved in the last ``since`` (bulk
    writes that sent no signal; counters changed by ``update()``) are written again."""
    after = timezone.now() - since
    count = 0
    with transaction.atomic():
        for thread in Thread.objects.select_related("community").filter(
            last_activity_at__gte=after
        ):
            index_thread(thread)
            count += 1
        for post in Post.objects.filter(created_at__gte=after, is_opening=False):
            index_post(post)
            count += 1
        for item in LibraryItem.objects.filter(updated_at__gte=after):
            index_item(item)
            count += 1
        for event in Event.objects.filter(updated_at__gte=after):
            index_event(event)
            count += 1
        for job in Job.objects.select_related("organisation", "profession").filter(
            updated_at__gte=after
        ):
            index_job(job)
            count += 1
    return count
