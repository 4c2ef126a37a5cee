"""Private messages: one-to-one and small groups (up to eight people), and blocking.

Only people who share at least one community (both active members) may start a
conversation. A host may have thousands of practitioners; limiting first contact to
people already admitted to a group together keeps cold contact, spam and harassment
out of inboxes, gives every conversation a shared context and group rules behind it,
and means a private community's membership cannot be probed by trying to message
people (the refusal never says which community, or whether one exists).

A block stops the blocked person messaging the blocker: they cannot start a
conversation with them or write in any conversation the blocker is still in. The
blocked person is only ever told "you cannot message this person".
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from practice_commons.accounts.models import User
from practice_commons.accounts.services import audit_record
from practice_commons.confidentiality.guard import guard_texts, redact_texts
from practice_commons.core.errors import PermissionDenied
from practice_commons.core.lazy_text import lazy_format
from practice_commons.core.markdown import render_plain
from practice_commons.core.people import require_name
from practice_commons.core.text import clean_name_field

from .. import notify
from ..models import (
    MAX_PARTICIPANTS,
    MESSAGE_MAX_LENGTH,
    Block,
    Conversation,
    ConversationParticipant,
    Message,
)
from ..policies import blocked_between, share_a_community
from .common import clean_text, require_signed_in


def _clean_message(body: str) -> str:
    return clean_text(
        body,
        field="body",
        required=True,
        max_length=MESSAGE_MAX_LENGTH,
        empty_message=_("Enter your message."),
    )


def _notify_message(*, actor, conversation: Conversation, message: Message) -> None:
    recipients = set(
        conversation.participants.filter(left_at__isnull=True)
        .exclude(user_id=actor.pk)
        .values_list("user_id", flat=True)
    )
    notify.send_on_commit(
        recipient_ids=recipients,
        kind=notify.KIND_MESSAGE,
        title=lazy_format(gettext_lazy("New message from %(who)s"), who=actor.display_name),
        url=message.get_absolute_url(),
        body=render_plain(message.body, 300),
        actor=actor,
        key=notify.conversation_key(conversation.pk),
        dedupe_key=f"discussions.message:{message.pk}",
    )


def _existing_one_to_one(actor, other) -> Conversation | None:
    return (
        Conversation.objects.annotate(n=Count("participants"))
        .filter(n=2, participants__user=actor)
        .filter(participants__user=other)
        .order_by("-last_message_at")
        .first()
    )


def conversation_start(
    *,
    actor,
    recipients: list,
    body: str,
    subject: str = "",
    confidentiality_acknowledged: bool = False,
) -> Conversation:
    """Start a conversation (or carry on the existing one-to-one with the same person)."""
    require_signed_in(actor)
    require_name(actor, to="post")
    others = {r.pk: r for r in recipients if r is not None and r.pk != actor.pk}
    if not others:
        raise ValidationError({"recipients": _("Choose who to message.")})
    if len(others) + 1 > MAX_PARTICIPANTS:
        raise ValidationError(
            {
                "recipients": _("A conversation can have up to %(max)s people, including you.")
                % {"max": MAX_PARTICIPANTS}
            }
        )
    inactive = [u for u in others.values() if not u.is_active]
    sharing = share_a_community(actor.pk, list(others))
    if inactive or set(others) - sharing:
        raise PermissionDenied(_("You can only message people who are in a community with you."))
    blocked = blocked_between(actor.pk, list(others))
    if blocked:
        names = ", ".join(sorted(others[i].display_name for i in blocked))
        raise PermissionDenied(_("You cannot message %(names)s.") % {"names": names})
    subject = clean_name_field(
        subject, field="subject", label=_("Subject"), max_length=150, required=False
    )
    body = _clean_message(body)
    guard_texts(texts={"subject": subject, "body": body}, acknowledged=confidentiality_acknowledged)

    now = timezone.now()
    with transaction.atomic():
        conversation = None
        if len(others) == 1:
            conversation = _existing_one_to_one(actor, next(iter(others.values())))
        if conversation is None:
            conversation = Conversation.objects.create(
                subject=subject, created_by=actor, created_at=now, last_message_at=now
            )
            ConversationParticipant.objects.bulk_create(
                [ConversationParticipant(conversation=conversation, user=actor, last_read_at=now)]
                + [
                    ConversationParticipant(conversation=conversation, user_id=pk)
                    for pk in sorted(others)
                ]
            )
        else:
            ConversationParticipant.objects.filter(conversation=conversation).update(left_at=None)
        message = Message.objects.create(
            conversation=conversation, sender=actor, body=body, created_at=now
        )
        Conversation.objects.filter(pk=conversation.pk).update(last_message_at=now)
        ConversationParticipant.objects.filter(conversation=conversation, user=actor).update(
            last_read_at=now
        )
        _notify_message(actor=actor, conversation=conversation, message=message)
    return conversation


def message_send(
    *, actor, conversation: Conversation, body: str, confidentiality_acknowledged: bool = False
) -> Message:
    require_signed_in(actor)
    seat = conversation.participants.filter(user=actor, left_at__isnull=True).first()
    if seat is None:
        raise PermissionDenied(_("You are not in this conversation."))
    others = list(
        conversation.participants.filter(left_at__isnull=True)
        .exclude(user=actor)
        .values_list("user_id", flat=True)
    )
    if not others:
        raise PermissionDenied(_("Everyone else has left this conversation."))
    if Block.objects.filter(blocker_id__in=others, blocked=actor).exists():
        raise PermissionDenied(_("You cannot send messages in this conversation."))
    if Block.objects.filter(blocker=actor, blocked_id__in=others).exists() and len(others) == 1:
        raise PermissionDenied(_("You have blocked this person. Unblock them to message them."))
    require_name(actor, to="post")
    body = _clean_message(body)
    guard_texts(texts={"body": body}, acknowledged=confidentiality_acknowledged)
    now = timezone.now()
    with transaction.atomic():
        message = Message.objects.create(
            conversation=conversation, sender=actor, body=body, created_at=now
        )
        Conversation.objects.filter(pk=conversation.pk).update(last_message_at=now)
        conversation.last_message_at = now
        ConversationParticipant.objects.filter(pk=seat.pk).update(last_read_at=now)
        _notify_message(actor=actor, conversation=conversation, message=message)
    return message


def conversation_mark_read(*, actor, conversation: Conversation) -> None:
    ConversationParticipant.objects.filter(conversation=conversation, user=actor).update(
        last_read_at=timezone.now()
    )


@transaction.atomic
def conversation_leave(*, actor, conversation: Conversation) -> None:
    require_signed_in(actor)
    ConversationParticipant.objects.filter(
        conversation=conversation, user=actor, left_at__isnull=True
    ).update(left_at=timezone.now())


@transaction.atomic
def user_block(*, actor, user: User) -> Block:
    require_signed_in(actor)
    if user.pk == actor.pk:
        raise ValidationError(_("You cannot block yourself."))
    block, _created = Block.objects.get_or_create(blocker=actor, blocked=user)
    return block


@transaction.atomic
def user_unblock(*, actor, user: User) -> None:
    require_signed_in(actor)
    Block.objects.filter(blocker=actor, blocked=user).delete()


@transaction.atomic
def message_redact_for_safeguarding(message: Message, *, actor) -> None:
    """Replace identifying details in a reported message with labels. Called only by the
    safeguarding app, which has already checked the actor handles the report."""
    message.body = redact_texts({"body": message.body})["body"]
    message.save(update_fields=["body"])
    audit_record(actor=actor, action="discussions.message.redacted", target=message)
