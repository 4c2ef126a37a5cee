"""Attaching files to a library item: type from the bytes, the file's text and name
through the guard before anything is stored (``confidentiality.attachments``: the same
rules as discussions' attachments, with images refused unless ``LIBRARY_ALLOW_IMAGES``)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from practice_commons.accounts.services import audit_record
from practice_commons.confidentiality.attachments import (
    AttachmentRejected,
    read_attachment,
)
from practice_commons.confidentiality.guard import guard_texts

from ..models import ItemAttachment, LibraryItem
from .common import images_allowed, require_editable

MAX_PER_ITEM = 5


def prepare_upload(upload) -> tuple:
    """(checked, display name, texts for the guard) or a ``ValidationError`` on ``file``."""
    try:
        checked = read_attachment(upload, allow_images=images_allowed())
    except AttachmentRejected as exc:
        raise ValidationError({"file": str(exc)}) from None
    texts = {"file_name": checked.name}
    if checked.text.strip():
        texts["file"] = checked.text
    return checked.sniffed, checked.name, texts


def save_upload(*, actor, item: LibraryItem, upload, checked, name: str) -> ItemAttachment:
    attachment = ItemAttachment(
        item=item,
        uploaded_by=actor,
        original_name=name,
        content_type=checked.content_type,
        size=upload.size,
    )
    upload.seek(0)
    attachment.file.save(f"upload{checked.extension}", upload, save=False)
    attachment.save()
    return attachment


def attachment_add(
    *, actor, item: LibraryItem, upload, confidentiality_acknowledged: bool = False
) -> ItemAttachment:
    require_editable(actor, item)
    if item.attachments.count() >= MAX_PER_ITEM:
        raise ValidationError(
            {"file": _("An item can have %(n)s files at most.") % {"n": MAX_PER_ITEM}}
        )
    checked, name, texts = prepare_upload(upload)
    guard_texts(texts=texts, acknowledged=confidentiality_acknowledged)
    with transaction.atomic():
        attachment = save_upload(actor=actor, item=item, upload=upload, checked=checked, name=name)
        audit_record(actor=actor, action="library.attachment.add", target=item)
    return attachment
