"""Every write to threads and posts: start, reply, edit, delete, react, answer, follow,
read, moderate, reveal an anonymous author.

What must stay true:

* Every text a person writes (titles, bodies, the kind's extra answers, attachment file
  names, moderators' reasons) passes ``guard_texts`` before anything is written.
* An anonymous post's author is never sent anywhere: notifications go with
  ``actor=None``, audit entries for the author's own actions carry no actor, and only
  ``thread_reveal_author`` (safeguarding leads, with a reason, audited) returns them.
* Notifications go after commit and only to people who can read the community now.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from practice_commons.accounts.services import audit_record
from practice_commons.communities import selectors as community_selectors
from practice_commons.confidentiality.guard import guard_texts
from practice_commons.core.errors import PermissionDenied
from practice_commons.core.markdown import render_plain

from .. import notify
from ..attachments import (
    MAX_ATTACHMENTS_PER_POST,
    AttachmentRejected,
    check_upload,
    safe_display_name,
)
from ..kinds import KINDS, ThreadKind, extra_texts, spec_for
from ..mentions import mask_mentions, mention_spans
from ..models import (
    TITLE_MAX_LENGTH,
    Attachment,
    CommunityFollow,
    Mention,
    Post,
    PostRevision,
    Reaction,
    ReactionKind,
    Thread,
    ThreadFollow,
    ThreadReadState,
)
from .common import (
    author_is,
    clean_body,
    clean_text,
    require_can_post,
    require_can_read,
    require_moderator,
    require_post_open,
    require_signed_in,
    require_thread_open_for_replies,
    require_thread_visible,
)

ANONYMOUS_LABEL = gettext_lazy("A member")
REASON_MAX_LENGTH = 500
REVEAL_REASON_MIN_LENGTH = 20


# --- helpers -------------------------------------------------------------------------


def _clean_details(kind: str, details: dict | None) -> tuple[dict, dt.date | None]:
    """The kind's extra answers, validated; returns (details, key_date)."""
    details = details or {}
    spec = spec_for(kind)
    cleaned: dict = {}
    key_date = None
    errors = {}
    for f in spec.extra_fields:
        value = details.get(f.name)
        if f.kind == "date":
            if isinstance(value, str) and value:
                try:
                    value = dt.date.fromisoformat(value)
                except ValueError:
                    errors[f.name] = _("Enter a real date.")
                    continue
            if value is None or value == "":
                if f.required:
                    errors[f.name] = _("Enter %(label)s") % {"label": str(f.label).lower()}
                continue
            if not isinstance(value, dt.date):
                errors[f.name] = _("Enter a real date.")
                continue
            cleaned[f.name] = value.isoformat()
            if f.key_date:
                key_date = value
        else:
            try:
                text = clean_text(
                    value if isinstance(value, str) else "",
                    field=f.name,
                    required=f.required,
                    max_length=f.max_length,
                    empty_message=_("Answer “%(label)s”") % {"label": f.label},
                )
            except ValidationError as exc:
                errors.update(exc.message_dict)
                continue
            if text:
                cleaned[f.name] = text
    if errors:
        raise ValidationError(errors)
    return cleaned, key_date


def _check_attachments(uploads) -> list:
    uploads = [u for u in (uploads or []) if u]
    if len(uploads) > MAX_ATTACHMENTS_PER_POST:
        raise ValidationError(
            {"attachments": _("Attach %(max)s files or fewer.") % {"max": MAX_ATTACHMENTS_PER_POST}}
        )
    checked = []
    for upload in uploads:
        try:
            sniffed = check_upload(upload)
        except AttachmentRejected as exc:
            raise ValidationError({"attachments": str(exc)}) from None
        checked.append((upload, sniffed, safe_display_name(upload.name or "", sniffed.extension)))
    return checked


def _attachment_texts(checked) -> dict[str, str]:
    return {f"attachment_name_{i}": name for i, (_u, _s, name) in enumerate(checked)}


def _save_attachments(*, actor, post: Post, checked) -> None:
    for upload, sniffed, name in checked:
        attachment = Attachment(
            post=post,
            uploaded_by=actor,
            original_name=name,
            content_type=sniffed.content_type,
            size=upload.size,
        )
        upload.seek(0)
        attachment.file.save(f"upload{sniffed.extension}", upload, save=False)
        attachment.save()


def _label_for(actor, *, anonymous: bool) -> str:
    return str(ANONYMOUS_LABEL) if anonymous else actor.display_name


def _audit_actor(actor, post_or_thread):
    """The actor to audit, or None when recording it would reveal an anonymous author."""
    if getattr(post_or_thread, "is_anonymous", False) and author_is(actor, post_or_thread):
        return None
    return actor


def _guarded_body(body: str, community) -> tuple[str, set[int]]:
    """The body as the guard should scan it (mentions of members masked) and the ids of
    the members it mentions."""
    spans = mention_spans(body, community)
    return mask_mentions(body, spans), {pk for _s, _e, ids in spans for pk in ids}


def _record_mentions(*, actor, post: Post, thread: Thread, mentioned: set[int]) -> None:
    """Store new mentions and notify only the newly mentioned active members."""
    ids = set(mentioned) - {actor.pk}
    if not ids:
        return
    already = set(Mention.objects.filter(post=post).values_list("user_id", flat=True))
    new_ids = ids - already
    if not new_ids:
        return
    Mention.objects.bulk_create(
        [Mention(post=post, user_id=i) for i in new_ids], ignore_conflicts=True
    )
    who = _label_for(actor, anonymous=post.is_anonymous)
    notify.send_on_commit(
        recipient_ids=notify.readers_among(thread.community, new_ids),
        kind=notify.KIND_MENTION,
        title=_("%(who)s mentioned you in “%(title)s”") % {"who": who, "title": thread.title},
        url=post.get_absolute_url(),
        body=render_plain(post.body, 300),
        actor=None if post.is_anonymous else actor,
        community_id=thread.community_id,
        key=notify.thread_key(thread.pk),
        dedupe_key=f"discussions.mention:{post.pk}",
    )


def _follow(user_id: int, thread: Thread) -> None:
    """Follow unless the person unfollowed this thread before."""
    ThreadFollow.objects.get_or_create(user_id=user_id, thread=thread)


def _next_number(thread: Thread) -> int:
    Thread.objects.filter(pk=thread.pk).update(last_post_number=F("last_post_number") + 1)
    thread.refresh_from_db(fields=["last_post_number"])
    return thread.last_post_number


def _adjust_reply_count(thread: Thread, delta: int) -> None:
    if delta < 0:
        Thread.objects.filter(pk=thread.pk, reply_count__gt=0).update(
            reply_count=F("reply_count") + delta
        )
    else:
        Thread.objects.filter(pk=thread.pk).update(reply_count=F("reply_count") + delta)
    thread.refresh_from_db(fields=["reply_count"])


# --- threads -------------------------------------------------------------------------


def thread_create(
    *,
    actor,
    community,
    kind: str,
    title: str,
    body: str,
    details: dict | None = None,
    is_anonymous: bool = False,
    attachments=(),
    confidentiality_acknowledged: bool = False,
) -> Thread:
    """Start a typed thread. The opening text is post number 0."""
    require_can_post(actor, community)
    if kind not in KINDS:
        raise ValidationError({"kind": _("Choose what kind of thread this is.")})
    title = clean_text(
        title,
        field="title",
        required=True,
        max_length=TITLE_MAX_LENGTH,
        empty_message=_("Enter a title."),
    )
    # A documenting-solutions thread says what it has to say in its extra answers.
    body_required = kind != ThreadKind.DOCUMENTING_SOLUTIONS
    body = clean_body(body, required=body_required)
    details, key_date = _clean_details(kind, details)
    if is_anonymous and not community.allow_anonymous_questions:
        raise ValidationError(
            {"is_anonymous": _("This community does not allow anonymous questions.")}
        )
    checked = _check_attachments(attachments)
    scanned_body, mentioned = _guarded_body(body, community)
    guard_texts(
        texts={
            "title": title,
            "body": scanned_body,
            **extra_texts(kind, details),
            **_attachment_texts(checked),
        },
        acknowledged=confidentiality_acknowledged,
    )

    now = timezone.now()
    with transaction.atomic():
        thread = Thread.objects.create(
            community=community,
            kind=kind,
            title=title,
            author=actor,
            is_anonymous=bool(is_anonymous),
            details=details,
            key_date=key_date,
            created_at=now,
            last_activity_at=now,
        )
        post = Post.objects.create(
            thread=thread,
            number=0,
            is_opening=True,
            author=actor,
            is_anonymous=bool(is_anonymous),
            body=body,
            created_at=now,
        )
        _save_attachments(actor=actor, post=post, checked=checked)
        ThreadFollow.objects.create(user=actor, thread=thread)
        ThreadReadState.objects.create(user=actor, thread=thread, last_seen_number=0)
        _record_mentions(actor=actor, post=post, thread=thread, mentioned=mentioned)
        followers = set(
            CommunityFollow.objects.filter(community=community)
            .exclude(user_id=actor.pk)
            .values_list("user_id", flat=True)
        )
        followers -= set(Mention.objects.filter(post=post).values_list("user_id", flat=True))
        who = _label_for(actor, anonymous=thread.is_anonymous)
        notify.send_on_commit(
            recipient_ids=notify.readers_among(community, followers),
            kind=notify.KIND_NEW_THREAD,
            title=_("%(who)s started “%(title)s” in %(community)s")
            % {"who": who, "title": title, "community": community.name},
            url=thread.get_absolute_url(),
            body=render_plain(body, 300),
            actor=None if thread.is_anonymous else actor,
            community_id=community.pk,
            key=notify.thread_key(thread.pk),
            dedupe_key=f"discussions.new_thread:{thread.pk}",
        )
    return thread


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
    body = clean_body(body)
    if quoted_post is not None:
        if quoted_post.thread_id != thread.pk:
            raise ValidationError({"quoted_post": _("You can only quote posts in this thread.")})
        require_post_open(quoted_post)
    checked = _check_attachments(attachments)
    scanned_body, mentioned = _guarded_body(body, thread.community)
    guard_texts(
        texts={"body": scanned_body, **_attachment_texts(checked)},
        acknowledged=confidentiality_acknowledged,
    )

    anonymous = thread.is_anonymous and author_is(actor, thread)
    now = timezone.now()
    with transaction.atomic():
        number = _next_number(thread)
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
        _adjust_reply_count(thread, +1)
        _save_attachments(actor=actor, post=post, checked=checked)
        _follow(actor.pk, thread)
        _mark_read(actor, thread, number)
        _record_mentions(actor=actor, post=post, thread=thread, mentioned=mentioned)
        followers = set(
            ThreadFollow.objects.filter(thread=thread, following=True)
            .exclude(user_id=actor.pk)
            .values_list("user_id", flat=True)
        )
        followers -= set(Mention.objects.filter(post=post).values_list("user_id", flat=True))
        who = _label_for(actor, anonymous=anonymous)
        notify.send_on_commit(
            recipient_ids=notify.readers_among(thread.community, followers),
            kind=notify.KIND_REPLY,
            title=_("%(who)s replied to “%(title)s”") % {"who": who, "title": thread.title},
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
            new_title = clean_text(
                title,
                field="title",
                required=True,
                max_length=TITLE_MAX_LENGTH,
                empty_message=_("Enter a title."),
            )
        if details is not None:
            new_details, key_date = _clean_details(thread.kind, details)
        texts.update({"title": new_title, **extra_texts(thread.kind, new_details)})
    texts["body"], mentioned = _guarded_body(body, thread.community)
    guard_texts(texts=texts, acknowledged=confidentiality_acknowledged)

    changed = body != post.body or new_title != thread.title or new_details != thread.details
    if not changed:
        return post
    now = timezone.now()
    with transaction.atomic():
        PostRevision.objects.create(
            post=post,
            body=post.body,
            title=thread.title if post.is_opening else "",
            details=thread.details if post.is_opening else {},
            written_at=post.edited_at or post.created_at,
            replaced_at=now,
            edited_by=actor,
        )
        post.body = body
        post.edited_at = now
        post.save(update_fields=["body", "edited_at"])
        if post.is_opening:
            thread.title, thread.details, thread.key_date = new_title, new_details, key_date
            thread.save(update_fields=["title", "details", "key_date"])
        _record_mentions(actor=actor, post=post, thread=thread, mentioned=mentioned)
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
                _adjust_reply_count(thread, -1)
            if thread.answer_id == post.pk:
                _clear_answer(thread)
        audit_record(
            actor=_audit_actor(actor, post),
            action="discussions.thread.deleted" if post.is_opening else "discussions.post.deleted",
            target=thread if post.is_opening else post,
            data={
                "thread": thread.pk,
                "community": thread.community_id,
                "by": "author" if author_is(actor, post) else "moderator",
            },
        )
    return post


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
                _adjust_reply_count(thread, -1)
            if thread.answer_id == post.pk:
                _clear_answer(thread)
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
            _adjust_reply_count(thread, +1)
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
    from practice_commons.confidentiality.guard import redact_texts

    thread = post.thread
    texts = {"body": post.body}
    if post.is_opening:
        texts["title"] = thread.title
    redacted = redact_texts(texts)
    now = timezone.now()
    with transaction.atomic():
        PostRevision.objects.create(
            post=post,
            body=post.body,
            title=thread.title if post.is_opening else "",
            details=thread.details if post.is_opening else {},
            written_at=post.edited_at or post.created_at,
            replaced_at=now,
            edited_by=actor,
        )
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
            _adjust_reply_count(thread, -1)
            if thread.answer_id == post.pk:
                _clear_answer(thread)
        audit_record(
            actor=actor, action="discussions.post.removed", target=post, data={"thread": thread.pk}
        )


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


def _clear_answer(thread: Thread) -> None:
    thread.answer, thread.answered_at, thread.answered_by = None, None, None
    thread.save(update_fields=["answer", "answered_at", "answered_by"])


def can_mark_answer(actor, thread: Thread) -> bool:
    if not getattr(actor, "is_authenticated", False):
        return False
    return author_is(actor, thread) or community_selectors.can_moderate(actor, thread.community)


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
                title=_("Your reply to “%(title)s” was marked as the answer")
                % {"title": thread.title},
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
        _clear_answer(thread)
    return thread


def thread_request_library(*, actor, thread: Thread) -> Thread:
    """Ask for a solved thread to be added to the library as a documented solution. The
    library app completes this (it sets ``library_item_id``)."""
    require_thread_visible(actor, thread)
    if not can_mark_answer(actor, thread):
        raise PermissionDenied(_("Only the person who asked or a facilitator can do that."))
    if not thread.is_solved:
        raise ValidationError(
            _("Mark the answer first: only solved threads can be added to the library.")
        )
    if thread.solution_requested_at is not None or thread.library_item_id is not None:
        return thread
    with transaction.atomic():
        thread.solution_requested_at, thread.solution_requested_by = timezone.now(), actor
        thread.save(update_fields=["solution_requested_at", "solution_requested_by"])
        audit_record(
            actor=_audit_actor(actor, thread),
            action="discussions.thread.library_requested",
            target=thread,
            data={"community": thread.community_id},
        )
    return thread


# --- following and reading -----------------------------------------------------------


def thread_follow(*, actor, thread: Thread, following: bool) -> bool:
    require_signed_in(actor)
    require_thread_visible(actor, thread)
    ThreadFollow.objects.update_or_create(
        user=actor, thread=thread, defaults={"following": bool(following)}
    )
    return bool(following)


def community_follow(*, actor, community, following: bool) -> bool:
    require_signed_in(actor)
    require_can_read(actor, community)
    if following:
        CommunityFollow.objects.get_or_create(user=actor, community=community)
    else:
        CommunityFollow.objects.filter(user=actor, community=community).delete()
    return bool(following)


def _mark_read(user, thread: Thread, number: int) -> None:
    now = timezone.now()
    state, created = ThreadReadState.objects.get_or_create(
        user=user, thread=thread, defaults={"last_seen_number": number, "last_read_at": now}
    )
    if not created and state.last_seen_number < number:
        ThreadReadState.objects.filter(pk=state.pk, last_seen_number__lt=number).update(
            last_seen_number=number, last_read_at=now
        )


def thread_mark_read(*, actor, thread: Thread, number: int) -> None:
    """Record that ``actor`` has been shown posts up to ``number``. Never moves back."""
    if not getattr(actor, "is_authenticated", False):
        return
    _mark_read(actor, thread, min(number, thread.last_post_number))


# --- moderation ----------------------------------------------------------------------


def thread_set_locked(*, actor, thread: Thread, locked: bool) -> Thread:
    require_moderator(actor, thread.community)
    if thread.is_locked != bool(locked):
        thread.is_locked = bool(locked)
        thread.save(update_fields=["is_locked"])
        audit_record(
            actor=actor,
            target=thread,
            action="discussions.thread.locked" if locked else "discussions.thread.unlocked",
            data={"community": thread.community_id},
        )
    return thread


def thread_set_pinned(*, actor, thread: Thread, pinned: bool) -> Thread:
    require_moderator(actor, thread.community)
    if thread.is_pinned != bool(pinned):
        thread.is_pinned = bool(pinned)
        thread.save(update_fields=["is_pinned"])
        audit_record(
            actor=actor,
            target=thread,
            action="discussions.thread.pinned" if pinned else "discussions.thread.unpinned",
            data={"community": thread.community_id},
        )
    return thread


def move_targets(actor, thread: Thread):
    """Communities the actor moderates, other than the thread's own."""
    from practice_commons.communities.models import MODERATOR_ROLES, Community

    if not getattr(actor, "is_authenticated", False):
        return Community.objects.none()
    qs = Community.objects.filter(archived_at__isnull=True).exclude(pk=thread.community_id)
    if not actor.is_host_admin:
        qs = qs.filter(
            memberships__user=actor,
            memberships__status="active",
            memberships__role__in=MODERATOR_ROLES,
        )
    return qs.order_by("name").distinct()


def thread_move(*, actor, thread: Thread, to_community) -> Thread:
    """Move a thread to another community the moderator also moderates. An anonymous
    thread stays anonymous wherever it goes."""
    require_moderator(actor, thread.community)
    if to_community.pk == thread.community_id:
        raise ValidationError({"community": _("Choose a different community.")})
    if not community_selectors.can_moderate(actor, to_community):
        raise PermissionDenied(_("You can only move threads to communities you facilitate."))
    from_id = thread.community_id
    with transaction.atomic():
        thread.community = to_community
        thread.save(update_fields=["community"])
        audit_record(
            actor=actor,
            action="discussions.thread.moved",
            target=thread,
            data={"from": from_id, "to": to_community.pk},
        )
    return thread


def can_reveal_author(actor, thread: Thread) -> bool:
    """The community's safeguarding leads (a sub-group without its own uses its
    parent's), and nobody else: not facilitators, not host admins."""
    if not getattr(actor, "is_authenticated", False) or not thread.is_anonymous:
        return False
    return community_selectors.is_safeguarding_lead(actor, thread.community)


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
