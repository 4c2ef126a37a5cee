"""Checks every discussions service shares: who may read, post and moderate, and what a
person's text must look like before the guard sees it."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from practice_commons.communities import selectors as community_selectors
from practice_commons.communities.policies import community_policy
from practice_commons.core.errors import NotFound, PermissionDenied
from practice_commons.core.text import clean_name_field
from practice_commons.safeguarding import selectors as safeguarding_selectors

from ..models import BODY_MAX_LENGTH, TITLE_MAX_LENGTH, Post, Thread

ANONYMOUS_LABEL = gettext_lazy("A member")


def require_signed_in(actor) -> None:
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Sign in first."))


def require_can_read(actor, community) -> None:
    """``NotFound``, not ``PermissionDenied``: someone who cannot read a community must not
    learn it exists."""
    if not community_policy.can_read(actor, community):
        raise NotFound


def require_can_post(actor, community) -> None:
    require_signed_in(actor)
    require_can_read(actor, community)
    allowed, reason = community_selectors.can_post(actor, community)
    if not allowed:
        raise PermissionDenied(reason)


def require_moderator(actor, community) -> None:
    require_signed_in(actor)
    require_can_read(actor, community)
    if not community_selectors.can_moderate(actor, community):
        raise PermissionDenied(_("Only this community's facilitators can do that."))


def require_thread_visible(actor, thread: Thread) -> bool:
    """Raise ``NotFound`` if ``actor`` may not see ``thread``; return whether they moderate
    it."""
    require_can_read(actor, thread.community)
    moderator = community_selectors.can_moderate(actor, thread.community)
    if (thread.deleted_at or thread.hidden_at) and not moderator:
        raise NotFound
    if safeguarding_selectors.hidden_from(actor, thread) and not moderator:
        raise NotFound
    return moderator


def require_post_open(post: Post) -> None:
    if post.deleted_at is not None:
        raise ValidationError(_("That post has been deleted."))
    if post.hidden_at is not None or safeguarding_selectors.is_hidden(post):
        raise ValidationError(_("That post has been hidden by a moderator."))


def require_thread_open_for_replies(actor, thread: Thread) -> None:
    if thread.deleted_at is not None or thread.hidden_at is not None:
        raise PermissionDenied(_("This thread has been removed, so no one can reply."))
    if thread.is_locked and not community_selectors.can_moderate(actor, thread.community):
        raise PermissionDenied(_("This thread is locked, so no one can reply to it."))


def clean_text(
    value: str | None,
    *,
    field: str,
    required: bool,
    max_length: int,
    empty_message: str | None = None,
) -> str:
    """Normalise line endings and surrounding space, then check emptiness and length.
    Lengths are counted after normalising so the limit means the same in every client."""
    text = (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if required and not text:
        raise ValidationError({field: empty_message or _("Enter your message.")})
    if len(text) > max_length:
        raise ValidationError(
            {
                field: _("This must be %(max)s characters or fewer. It is %(length)s characters.")
                % {"max": f"{max_length:,}", "length": f"{len(text):,}"}
            }
        )
    return text


def clean_title(value: str | None) -> str:
    """A thread's title is a name people see in lists and emails: ``core.text`` rules."""
    return clean_name_field(
        value,
        field="title",
        label=_("Title"),
        max_length=TITLE_MAX_LENGTH,
        required_message=_("Enter a title."),
    )


def clean_body(value: str | None, *, field: str = "body", required: bool = True) -> str:
    return clean_text(
        value,
        field=field,
        required=required,
        max_length=BODY_MAX_LENGTH,
        empty_message=_("Enter your message."),
    )


def author_is(actor, obj) -> bool:
    return (
        actor is not None and getattr(actor, "pk", None) is not None and obj.author_id == actor.pk
    )


def label_for(actor, *, anonymous: bool):
    """How a notification names the writer: never by name when they posted anonymously
    ("A member", lazy: in each reader's own language)."""
    return ANONYMOUS_LABEL if anonymous else actor.display_name


def audit_actor(actor, post_or_thread):
    """The actor to audit, or None when recording it would reveal an anonymous author."""
    if getattr(post_or_thread, "is_anonymous", False) and author_is(actor, post_or_thread):
        return None
    return actor
