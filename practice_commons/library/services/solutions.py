"""Documented solutions from solved threads.

``discussions`` records the request ("Add to the library as a documented solution") and,
after commit, sends what the library needs (ids and the already-guarded texts); the
wiring above both apps calls ``solution_draft_from_thread``, so this app never reads a
thread. The requester, the thread's author and the community's facilitators then finish
the draft in one step (``solution_publish``: edits and publication together); on
publication ``signals.solution_published`` lets the wiring link the thread back.
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from practice_commons.accounts.models import User
from practice_commons.accounts.services import audit_record
from practice_commons.communities import selectors as community_selectors
from practice_commons.communities.models import Community
from practice_commons.confidentiality.guard import ConfidentialityError, guard_texts
from practice_commons.core.bilingual import lazy_in_language
from practice_commons.core.errors import Conflict
from practice_commons.core.lazy_text import lazy_format
from practice_commons.core.markdown import render_plain

from .. import signals
from ..models import (
    SUMMARY_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    ItemKind,
    ItemStatus,
    LibraryItem,
)
from .common import require_editable
from .items import DEFAULT_REVIEW_DAYS, item_update, record_version, tell


def _safe(field: str, text: str, limit: int) -> str:
    """Texts arrive already through the guard; check again (a rule may have changed) and
    drop a text that would now be blocked rather than store it."""
    text = (text or "").strip()[:limit]
    if not text:
        return ""
    try:
        guard_texts(texts={field: text}, acknowledged=True)
    except ConfidentialityError:
        return ""
    return text


def solution_draft_from_thread(
    *,
    thread_id: int,
    community_id: int,
    title: str,
    question: str = "",
    answer: str = "",
    requested_by_id: int | None = None,
    author_id: int | None = None,
    url: str = "",
    **_extra,
) -> LibraryItem | None:
    """The draft solution for a solved thread, made once (idempotent: a repeated request
    returns the first draft untouched)."""
    existing = LibraryItem.objects.filter(source_thread_id=thread_id).first()
    if existing is not None:
        return existing
    community = Community.objects.filter(pk=community_id).first()
    if community is None:
        return None
    requester = User.objects.filter(pk=requested_by_id).first() if requested_by_id else None
    answer = _safe("what_was_done", answer, TEXT_MAX_LENGTH)
    now = timezone.now()
    try:
        with transaction.atomic():
            item = LibraryItem.objects.create(
                kind=ItemKind.SOLUTION,
                status=ItemStatus.DRAFT,
                community=community,
                title=_safe("title", title, TITLE_MAX_LENGTH) or _("Documented solution"),
                summary=render_plain(answer, SUMMARY_MAX_LENGTH - 1) if answer else "",
                context=_safe("context", question, TEXT_MAX_LENGTH),
                what_was_done=answer,
                source_thread_id=thread_id,
                source_thread_url=(url or "")[:300],
                source_author_id=author_id,
                created_by=requester,
                contact=requester,
                created_at=now,
                updated_at=now,
                review_by=timezone.localdate() + dt.timedelta(days=DEFAULT_REVIEW_DAYS),
            )
            item.topics.set(community.topics.all())
            record_version(item, requester)
            audit_record(
                actor=requester,
                action="library.solution.draft",
                target=item,
                data={"thread": thread_id},
            )
            # The thread's author and the facilitators may finish it too.
            others = set(community_selectors.moderator_ids(community)) | {author_id}
            tell(
                others - {requested_by_id, None},
                item=item,
                title=lazy_format(
                    gettext_lazy(
                        "A documented solution from “%(title)s” is waiting to be finished"
                    ),
                    title=lazy_in_language(item, "title"),
                ),
                key=f"library.solution_draft:{item.pk}",
            )
    except IntegrityError:
        return LibraryItem.objects.filter(source_thread_id=thread_id).first()
    return item


def solution_publish(
    *, actor, item: LibraryItem, confidentiality_acknowledged: bool = False, **changes
) -> LibraryItem:
    """Finish a solution draft in one step: the edits are saved as a version and the
    solution is published at once (the community already accepted the answer, so there
    is no second review). Sends ``solution_published`` after commit."""
    require_editable(actor, item)
    if item.kind != ItemKind.SOLUTION:
        raise Conflict(_("Only documented solutions are published this way."))
    if item.status == ItemStatus.PUBLISHED:
        raise Conflict(_("This solution is already published."))
    with transaction.atomic():
        item = item_update(
            actor=actor,
            item=item,
            confidentiality_acknowledged=confidentiality_acknowledged,
            **changes,
        )
        now = timezone.now()
        item.status = ItemStatus.PUBLISHED
        item.published_at = now
        item.updated_at = now
        item.reviewed_by = actor
        item.save(update_fields=["status", "published_at", "updated_at", "reviewed_by"])
        audit_record(actor=actor, action="library.solution.publish", target=item)
        if item.source_thread_id:
            payload = {
                "item_id": item.pk,
                "thread_id": item.source_thread_id,
                "url": item.get_absolute_url(),
            }
            transaction.on_commit(
                lambda: signals.solution_published.send(sender=LibraryItem, **payload)
            )
    return item
