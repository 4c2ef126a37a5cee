"""Moderation of posts: facilitators hide and unhide with a reason; the safeguarding app
redacts and removes reported posts; a safeguarding lead may learn who asked an
anonymous question.

Every action here is audited in the same transaction as the change, and every reason a
moderator or lead writes passes ``guard_texts`` first. Nobody but the community's
safeguarding lead can learn an anonymous author, and only with a reason of at least
``REVEAL_REASON_MIN_LENGTH`` characters.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from practice_commons.accounts.services import audit_record
from practice_commons.confidentiality.guard import guard_texts, redact_texts
from practice_commons.core.errors import PermissionDenied

from ..models import TITLE_MAX_LENGTH, Post, PostRevision, Thread
from ..policies import can_reveal_author
from .bookkeeping import adjust_reply_count, clear_answer, record_revision
from .common import clean_text, require_can_read, require_moderator, require_signed_in

REASON_MAX_LENGTH = 500
REVEAL_REASON_MIN_LENGTH = 20


def post_hide(
    *, actor, post: Post, reason: str, confidentiality_acknowledged: bool = False
) -> Post:
    """A moderator hides a post with a reason (shown to moderators, audited). Hiding the
    opening post hides the thread from lists."""
    thread = post.thread
    require_moderator(actor, thread.community)
    reason = clean_text(
        reason,
        field="reason",
        required=True,
        max_length=REASON_MAX_LENGTH,
        empty_message=_("Enter why you are hiding this post."),
    )
    guard_texts(texts={"reason": reason}, acknowledged=confidentiality_acknowledged)
    if post.hidden_at is not None:
        return post
    now = timezone.now()
    with transaction.atomic():
        post.hidden_at, post.hidden_by, post.hidden_reason = now, actor, reason
        post.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
        if post.is_opening:
            thread.hidden_at = now
            thread.save(update_fields=["hidden_at"])
        else:
            if post.deleted_at is None:
                adjust_reply_count(thread, -1)
            if thread.answer_id == post.pk:
                clear_answer(thread)
        audit_record(
            actor=actor,
            action="discussions.post.hidden",
            target=post,
            reason=reason,
            data={"thread": thread.pk, "community": thread.community_id},
        )
    return post


def post_unhide(*, actor, post: Post) -> Post:
    thread = post.thread
    require_moderator(actor, thread.community)
    if post.hidden_at is None:
        return post
    with transaction.atomic():
        post.hidden_at, post.hidden_by, post.hidden_reason = None, None, ""
        post.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
        if post.is_opening:
            thread.hidden_at = None
            thread.save(update_fields=["hidden_at"])
        elif post.deleted_at is None:
            adjust_reply_count(thread, +1)
        audit_record(
            actor=actor,
            action="discussions.post.unhidden",
            target=post,
            data={"thread": thread.pk, "community": thread.community_id},
        )
    return post


def post_redact_for_safeguarding(post: Post, *, actor) -> None:
    """Replace identifying details in a reported post with labels. Called only by the
    safeguarding app, which has already checked the actor handles the report."""
    thread = post.thread
    texts = {"body": post.body}
    if post.is_opening:
        texts["title"] = thread.title
    redacted = redact_texts(texts)
    now = timezone.now()
    with transaction.atomic():
        record_revision(post, actor=actor, replaced_at=now)
        post.body = redacted["body"]
        post.edited_at = now
        post.save(update_fields=["body", "edited_at"])
        if post.is_opening:
            thread.title = redacted["title"][:TITLE_MAX_LENGTH]
            thread.details = {
                k: (redact_texts({"v": v})["v"] if isinstance(v, str) else v)
                for k, v in (thread.details or {}).items()
            }
            thread.save(update_fields=["title", "details"])
        # The earlier text may hold what was redacted: only the redacted version remains.
        PostRevision.objects.filter(post=post).update(
            body=redacted["body"], title=redacted.get("title", "")[:TITLE_MAX_LENGTH], details={}
        )
        audit_record(
            actor=actor, action="discussions.post.redacted", target=post, data={"thread": thread.pk}
        )


def post_remove_for_safeguarding(post: Post, *, actor) -> None:
    """Take a reported post down for good (soft delete). Called only by safeguarding."""
    thread = post.thread
    if post.deleted_at is not None:
        return
    now = timezone.now()
    with transaction.atomic():
        post.deleted_at, post.deleted_by = now, actor
        post.save(update_fields=["deleted_at", "deleted_by"])
        if post.is_opening:
            thread.deleted_at, thread.deleted_by = now, actor
            thread.save(update_fields=["deleted_at", "deleted_by"])
        else:
            adjust_reply_count(thread, -1)
            if thread.answer_id == post.pk:
                clear_answer(thread)
        audit_record(
            actor=actor, action="discussions.post.removed", target=post, data={"thread": thread.pk}
        )


def thread_reveal_author(
    *, actor, thread: Thread, reason: str, confidentiality_acknowledged: bool = False
):
    """Tell the community's safeguarding lead who asked an anonymous question. Nobody
    else can learn it; the reason is required and the reveal is audited."""
    require_signed_in(actor)
    require_can_read(actor, thread.community)
    if not can_reveal_author(actor, thread):
        raise PermissionDenied(_("Only this community's safeguarding lead can see who asked."))
    reason = clean_text(
        reason,
        field="reason",
        required=True,
        max_length=REASON_MAX_LENGTH,
        empty_message=_("Enter the safeguarding reason for revealing who asked."),
    )
    if len(reason) < REVEAL_REASON_MIN_LENGTH:
        raise ValidationError(
            {
                "reason": _("Describe the safeguarding reason in at least %(min)s characters.")
                % {"min": REVEAL_REASON_MIN_LENGTH}
            }
        )
    guard_texts(texts={"reason": reason}, acknowledged=confidentiality_acknowledged)
    audit_record(
        actor=actor,
        action="discussions.thread.author_revealed",
        target=thread,
        reason=reason,
        data={"community": thread.community_id},
    )
    return thread.author
