"""Replies and what people do to posts: reply, quote, edit, delete, react, mark the
answer, and ask for a solved thread to go to the library.

What must stay true:

* Every body and attachment file name passes ``guard_texts`` before anything is written;
  an edit keeps the old version for moderators.
* The author of an anonymous thread replies anonymously in it, and audit entries for
  the author's own actions on an anonymous post carry no actor (``audit_actor``).
* Notifications go after commit and only to people who can read the community now.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from practice_commons.accounts.services import audit_record
from practice_commons.communities import selectors as community_selectors
from practice_commons.confidentiality.guard import guard_texts
from practice_commons.core.errors import PermissionDenied
from practice_commons.core.lazy_text import lazy_format
from practice_commons.core.markdown import render_plain
from practice_commons.core.people import require_name

from .. import notify, signals
from ..kinds import ThreadKind, extra_texts
from ..models import (
    Mention,
    Post,
    Reaction,
    ReactionKind,
    Thread,
    ThreadFollow,
)
from ..policies import can_mark_answer
from .bookkeeping import adjust_reply_count, clear_answer, next_post_number, record_revision
from .common import (
    audit_actor,
    author_is,
    clean_body,
    clean_title,
    label_for,
    require_can_post,
    require_post_open,
    require_signed_in,
    require_thread_open_for_replies,
    require_thread_visible,
)
from .content import (
    attachment_texts,
    check_attachments,
    clean_details,
    guarded_body,
    record_mentions,
    save_attachments,
)
from .reading import follow_after_posting, mark_read_up_to


def thread_reply(
    *,
    actor,
    thread: Thread,
    body: str,
    quoted_post: Post | None = None,
    attachments=(),
    confidentiality_acknowledged: bool = False,
) -> Post:
    """Reply to a thread. The author of an anonymous thread replies anonymously too, so
    answering a follow-up question cannot unmask them."""
    require_thread_visible(actor, thread)
    require_can_post(actor, thread.community)
    require_thread_open_for_replies(actor, thread)
    require_name(actor, to="post")
    body = clean_body(body)
    if quoted_post is not None:
        if quoted_post.thread_id != thread.pk:
            raise ValidationError({"quoted_post": _("You can only quote posts in this thread.")})
        require_post_open(quoted_post)
    checked = check_attachments(attachments)
    scanned_body, mentioned = guarded_body(body, thread.community)
    guard_texts(
        texts={"body": scanned_body, **attachment_texts(checked)},
        acknowledged=confidentiality_acknowledged,
    )

    anonymous = thread.is_anonymous and author_is(actor, thread)
    now = timezone.now()
    with transaction.atomic():
        number = next_post_number(thread)
        post = Post.objects.create(
            thread=thread,
            number=number,
            author=actor,
            is_anonymous=anonymous,
            body=body,
            quoted_post=quoted_post,
            created_at=now,
        )
        Thread.objects.filter(pk=thread.pk).update(last_activity_at=now)
        thread.last_activity_at = now
        adjust_reply_count(thread, +1)
        save_attachments(actor=actor, post=post, checked=checked)
        follow_after_posting(actor.pk, thread)
        mark_read_up_to(actor, thread, number)
        record_mentions(actor=actor, post=post, thread=thread, mentioned=mentioned)
        followers = set(
            ThreadFollow.objects.filter(thread=thread, following=True)
            .exclude(user_id=actor.pk)
            .values_list("user_id", flat=True)
        )
        followers -= set(Mention.objects.filter(post=post).values_list("user_id", flat=True))
        who = label_for(actor, anonymous=anonymous)
        notify.send_on_commit(
            recipient_ids=notify.readers_among(thread.community, followers),
            kind=notify.KIND_REPLY,
            title=lazy_format(
                gettext_lazy("%(who)s replied to “%(title)s”"), who=who, title=thread.title
            ),
            url=post.get_absolute_url(),
            body=render_plain(body, 300),
            actor=None if anonymous else actor,
            community_id=thread.community_id,
            key=notify.thread_key(thread.pk),
            dedupe_key=f"discussions.reply:{post.pk}",
        )
    return post


def quote_markdown(post: Post, author_label: str) -> str:
    """The quoted post as a markdown blockquote, to start a reply with. A named author is
    written as a mention ("@Sam Patel wrote:"), so quoting tells them and the guard knows
    the name is a colleague's."""
    lines = (post.body or "").splitlines() or [""]
    quoted = "\n".join(f"> {line}" if line else ">" for line in lines)
    who = author_label if post.is_anonymous or post.author_id is None else f"@{author_label}"
    return f"> {who} wrote:\n>\n{quoted}\n\n"


def post_edit(
    *,
    actor,
    post: Post,
    body: str,
    title: str | None = None,
    details: dict | None = None,
    confidentiality_acknowledged: bool = False,
) -> Post:
    """The author edits their post. The old version is kept for moderators and the post
    shows "edited". Moderators do not edit other people's words: they hide them."""
    thread = post.thread
    require_thread_visible(actor, thread)
    if not author_is(actor, post):
        raise PermissionDenied(_("You can only edit your own posts."))
    require_can_post(actor, thread.community)
    require_post_open(post)
    if thread.is_locked and not community_selectors.can_moderate(actor, thread.community):
        raise PermissionDenied(_("This thread is locked, so posts in it cannot be edited."))
    body_required = not (post.is_opening and thread.kind == ThreadKind.DOCUMENTING_SOLUTIONS)
    body = clean_body(body, required=body_required)
    texts = {"body": body}
    new_title, new_details, key_date = thread.title, thread.details, thread.key_date
    if post.is_opening:
        if title is not None:
            new_title = clean_title(title)
        if details is not None:
            new_details, key_date = clean_details(thread.kind, details)
        texts.update({"title": new_title, **extra_texts(thread.kind, new_details)})
    texts["body"], mentioned = guarded_body(body, thread.community)
    guard_texts(texts=texts, acknowledged=confidentiality_acknowledged)

    changed = body != post.body or new_title != thread.title or new_details != thread.details
    if not changed:
        return post
    now = timezone.now()
    with transaction.atomic():
        record_revision(post, actor=actor, replaced_at=now)
        post.body = body
        post.edited_at = now
        post.save(update_fields=["body", "edited_at"])
        if post.is_opening:
            thread.title, thread.details, thread.key_date = new_title, new_details, key_date
            thread.save(update_fields=["title", "details", "key_date"])
        record_mentions(actor=actor, post=post, thread=thread, mentioned=mentioned)
    return post


def post_delete(*, actor, post: Post) -> Post:
    """Soft delete by the author or a moderator. Deleting the opening post deletes the
    thread. The text stays in the database for moderators and the audit trail."""
    thread = post.thread
    moderator = require_thread_visible(actor, thread)
    require_signed_in(actor)
    if not (author_is(actor, post) or moderator):
        raise PermissionDenied(_("You can only delete your own posts."))
    if post.deleted_at is not None:
        return post
    now = timezone.now()
    with transaction.atomic():
        post.deleted_at, post.deleted_by = now, actor
        post.save(update_fields=["deleted_at", "deleted_by"])
        if post.is_opening:
            thread.deleted_at, thread.deleted_by = now, actor
            thread.save(update_fields=["deleted_at", "deleted_by"])
        else:
            if post.hidden_at is None:
                adjust_reply_count(thread, -1)
            if thread.answer_id == post.pk:
                clear_answer(thread)
        audit_record(
            actor=audit_actor(actor, post),
            action="discussions.thread.deleted" if post.is_opening else "discussions.post.deleted",
            target=thread if post.is_opening else post,
            data={
                "thread": thread.pk,
                "community": thread.community_id,
                "by": "author" if author_is(actor, post) else "moderator",
            },
        )
    return post


# --- reactions and answers -----------------------------------------------------------


def reaction_toggle(*, actor, post: Post, kind: str) -> bool:
    """Add the reaction if absent, remove it if present; returns whether it is now on."""
    thread = post.thread
    require_thread_visible(actor, thread)
    require_can_post(actor, thread.community)
    if kind not in ReactionKind.values:
        raise ValidationError({"kind": _("Choose a reaction.")})
    require_post_open(post)
    if author_is(actor, post):
        raise ValidationError(_("You cannot react to your own post."))
    with transaction.atomic():
        deleted, _n = Reaction.objects.filter(post=post, user=actor, kind=kind).delete()
        if deleted:
            return False
        Reaction.objects.get_or_create(post=post, user=actor, kind=kind)
    return True


def thread_mark_answer(*, actor, thread: Thread, post: Post) -> Thread:
    """The thread's author or a facilitator marks one reply as the answer."""
    require_thread_visible(actor, thread)
    if not can_mark_answer(actor, thread):
        raise PermissionDenied(_("Only the person who asked or a facilitator can mark the answer."))
    if post.thread_id != thread.pk or post.is_opening:
        raise ValidationError(_("Choose a reply in this thread as the answer."))
    require_post_open(post)
    if thread.answer_id == post.pk:
        return thread
    now = timezone.now()
    with transaction.atomic():
        thread.answer, thread.answered_at, thread.answered_by = post, now, actor
        thread.save(update_fields=["answer", "answered_at", "answered_by"])
        if post.author_id and post.author_id != actor.pk:
            anonymous_marker = thread.is_anonymous and author_is(actor, thread)
            notify.send_on_commit(
                recipient_ids=notify.readers_among(thread.community, [post.author_id]),
                kind=notify.KIND_ANSWER,
                title=lazy_format(
                    gettext_lazy("Your reply to “%(title)s” was marked as the answer"),
                    title=thread.title,
                ),
                url=post.get_absolute_url(),
                actor=None if anonymous_marker else actor,
                community_id=thread.community_id,
                key=notify.thread_key(thread.pk),
                dedupe_key=f"discussions.answer:{thread.pk}:{post.pk}",
            )
    return thread


def thread_clear_answer(*, actor, thread: Thread) -> Thread:
    require_thread_visible(actor, thread)
    if not can_mark_answer(actor, thread):
        raise PermissionDenied(
            _("Only the person who asked or a facilitator can change the answer.")
        )
    if thread.answer_id is not None:
        clear_answer(thread)
    return thread


def thread_request_library(*, actor, thread: Thread) -> Thread:
    """Ask for a solved thread to be added to the library as a documented solution.
    After commit ``signals.solution_requested`` carries the (already guarded) question
    and accepted answer to the library, which makes a draft; asking again re-sends it
    (the library's receiver is idempotent). The library links the thread back on
    publication (``thread_link_library_item``)."""
    require_thread_visible(actor, thread)
    if not can_mark_answer(actor, thread):
        raise PermissionDenied(_("Only the person who asked or a facilitator can do that."))
    if not thread.is_solved:
        raise ValidationError(
            _("Mark the answer first: only solved threads can be added to the library.")
        )
    if thread.library_item_id is not None:
        return thread
    with transaction.atomic():
        if thread.solution_requested_at is None:
            thread.solution_requested_at, thread.solution_requested_by = timezone.now(), actor
            thread.save(update_fields=["solution_requested_at", "solution_requested_by"])
            audit_record(
                actor=audit_actor(actor, thread),
                action="discussions.thread.library_requested",
                target=thread,
                data={"community": thread.community_id},
            )
        payload = _solution_payload(thread, actor.pk)
        transaction.on_commit(lambda: signals.solution_requested.send(sender=Thread, **payload))
    return thread


def _solution_payload(thread: Thread, requested_by_id: int) -> dict:
    opening = thread.posts.filter(is_opening=True).only("body").first()
    answer = Post.objects.filter(pk=thread.answer_id).only("body", "hidden_at").first()
    return {
        "thread_id": thread.pk,
        "community_id": thread.community_id,
        "title": thread.title,
        "question": opening.body if opening else "",
        "answer": answer.body if answer and answer.hidden_at is None else "",
        "requested_by_id": requested_by_id,
        "author_id": None if thread.is_anonymous else thread.author_id,
        "url": thread.get_absolute_url(),
    }


def solution_requests_resend() -> int:
    """Send ``solution_requested`` again for every recorded request whose thread is
    still solved and not yet in the library (requests recorded before the library
    could hear them; receivers are idempotent). Returns how many were sent."""
    pending = Thread.objects.filter(
        solution_requested_at__isnull=False,
        library_item_id__isnull=True,
        answer__isnull=False,
        deleted_at__isnull=True,
    ).select_related("community")
    sent = 0
    for thread in pending.iterator(chunk_size=200):
        payload = _solution_payload(thread, thread.solution_requested_by_id)
        signals.solution_requested.send(sender=Thread, **payload)
        sent += 1
    return sent


def thread_link_library_item(*, thread_id: int, item_id: int) -> None:
    """Record that a thread's documented solution is published in the library (called
    by the wiring when the library sends ``solution_published``). Idempotent."""
    with transaction.atomic():
        thread = Thread.objects.filter(pk=thread_id).first()
        if thread is None or thread.library_item_id == item_id:
            return
        Thread.objects.filter(pk=thread_id).update(library_item_id=item_id)
        audit_record(
            actor=None,
            action="discussions.thread.library_linked",
            target=thread,
            data={"library_item": item_id},
        )
