"""What a thread or post is made of before it is written: the kind's extra answers,
attachments (checked from their bytes) and @mentions.

A mention names a colleague, not someone the writer works with, so the guard scans the
body with recognised mentions masked (``guarded_body``), and only newly mentioned
members who can read the community now are told (``record_mentions``).
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from practice_commons.core.lazy_text import lazy_format
from practice_commons.core.markdown import render_plain

from .. import notify
from ..attachments import (
    MAX_ATTACHMENTS_PER_POST,
    AttachmentRejected,
    CheckedAttachment,
    read_attachment,
)
from ..attachments import attachment_texts as attachment_content_texts
from ..kinds import spec_for
from ..mentions import mask_mentions, mention_spans
from ..models import Attachment, Mention, Post, Thread
from .common import clean_text, label_for


def clean_details(kind: str, details: dict | None) -> tuple[dict, dt.date | None]:
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


def check_attachments(uploads) -> list:
    uploads = [u for u in (uploads or []) if u]
    if len(uploads) > MAX_ATTACHMENTS_PER_POST:
        raise ValidationError(
            {"attachments": _("Attach %(max)s files or fewer.") % {"max": MAX_ATTACHMENTS_PER_POST}}
        )
    checked = []
    for upload in uploads:
        try:
            checked.append(read_attachment(upload))
        except AttachmentRejected as exc:
            raise ValidationError({"attachments": str(exc)}) from None
    return checked


def attachment_texts(checked: list[CheckedAttachment]) -> dict[str, str]:
    """What the guard scans of the attachments: their names and the text inside them."""
    names = {f"attachment_name_{i}": a.name for i, a in enumerate(checked)}
    return {**names, **attachment_content_texts(checked)}


def save_attachments(*, actor, post: Post, checked: list[CheckedAttachment]) -> None:
    for attachment_in in checked:
        upload, sniffed, name = attachment_in.upload, attachment_in.sniffed, attachment_in.name
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


def guarded_body(body: str, community) -> tuple[str, set[int]]:
    """The body as the guard should scan it (mentions of members masked) and the ids of
    the members it mentions."""
    spans = mention_spans(body, community)
    return mask_mentions(body, spans), {pk for _s, _e, ids in spans for pk in ids}


def record_mentions(*, actor, post: Post, thread: Thread, mentioned: set[int]) -> None:
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
    who = label_for(actor, anonymous=post.is_anonymous)
    notify.send_on_commit(
        recipient_ids=notify.readers_among(thread.community, new_ids),
        kind=notify.KIND_MENTION,
        title=lazy_format(
            gettext_lazy("%(who)s mentioned you in “%(title)s”"), who=who, title=thread.title
        ),
        url=post.get_absolute_url(),
        body=render_plain(post.body, 300),
        actor=None if post.is_anonymous else actor,
        community_id=thread.community_id,
        key=notify.thread_key(thread.pk),
        dedupe_key=f"discussions.mention:{post.pk}",
    )
