"""Starting a thread, and what its community's facilitators do to a whole thread: lock,
pin, move.

What must stay true:

* Every text a person writes (the title, body, the kind's extra answers, attachment file
  names) passes ``guard_texts`` before anything is written.
* An anonymous thread's author is never sent anywhere: notifications go with
  ``actor=None`` and the label "A member", and it stays anonymous when moved.
* Notifications go after commit and only to people who can read the community now.
* A facilitator's change to a thread and its audit entry are written together or not
  at all.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from practice_commons.accounts.services import audit_record
from practice_commons.communities import selectors as community_selectors
from practice_commons.confidentiality.guard import guard_texts
from practice_commons.core.bilingual import lazy_in_language
from practice_commons.core.errors import PermissionDenied
from practice_commons.core.lazy_text import lazy_format
from practice_commons.core.markdown import render_plain
from practice_commons.core.people import require_name

from .. import notify
from ..kinds import KINDS, ThreadKind, extra_texts
from ..models import (
    CommunityFollow,
    Mention,
    Post,
    Thread,
    ThreadFollow,
    ThreadReadState,
)
from .common import clean_body, clean_title, label_for, require_can_post, require_moderator
from .content import (
    attachment_texts,
    check_attachments,
    clean_details,
    guarded_body,
    record_mentions,
    save_attachments,
)


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
    require_name(actor, to="post")
    if kind not in KINDS:
        raise ValidationError({"kind": _("Choose what kind of thread this is.")})
    title = clean_title(title)
    # A documenting-solutions thread says what it has to say in its extra answers.
    body_required = kind != ThreadKind.DOCUMENTING_SOLUTIONS
    body = clean_body(body, required=body_required)
    details, key_date = clean_details(kind, details)
    if is_anonymous and not community.allow_anonymous_questions:
        raise ValidationError(
            {"is_anonymous": _("This community does not allow anonymous questions.")}
        )
    checked = check_attachments(attachments)
    scanned_body, mentioned = guarded_body(body, community)
    guard_texts(
        texts={
            "title": title,
            "body": scanned_body,
            **extra_texts(kind, details),
            **attachment_texts(checked),
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
        save_attachments(actor=actor, post=post, checked=checked)
        ThreadFollow.objects.create(user=actor, thread=thread)
        ThreadReadState.objects.create(user=actor, thread=thread, last_seen_number=0)
        record_mentions(actor=actor, post=post, thread=thread, mentioned=mentioned)
        followers = set(
            CommunityFollow.objects.filter(community=community)
            .exclude(user_id=actor.pk)
            .values_list("user_id", flat=True)
        )
        followers -= set(Mention.objects.filter(post=post).values_list("user_id", flat=True))
        who = label_for(actor, anonymous=thread.is_anonymous)
        notify.send_on_commit(
            recipient_ids=notify.readers_among(community, followers),
            kind=notify.KIND_NEW_THREAD,
            title=lazy_format(
                gettext_lazy("%(who)s started “%(title)s” in %(community)s"),
                who=who,
                title=title,
                community=lazy_in_language(community, "name"),
            ),
            url=thread.get_absolute_url(),
            body=render_plain(body, 300),
            actor=None if thread.is_anonymous else actor,
            community_id=community.pk,
            key=notify.thread_key(thread.pk),
            dedupe_key=f"discussions.new_thread:{thread.pk}",
        )
    return thread


@transaction.atomic
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


@transaction.atomic
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
