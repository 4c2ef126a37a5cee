"""Which uploaded files may be attached: the confidentiality guard's attachment rules
(``practice_commons.confidentiality.attachments``), which also read each file's text for
the guard. Kept so existing imports keep working."""

from practice_commons.confidentiality.attachments import (
    MAX_ATTACHMENT_BYTES,
    MAX_ATTACHMENTS_PER_POST,
    AttachmentRejected,
    CheckedAttachment,
    Sniffed,
    attachment_texts,
    check_upload,
    read_attachment,
    safe_display_name,
    sniff,
)

__all__ = [
    "MAX_ATTACHMENTS_PER_POST",
    "MAX_ATTACHMENT_BYTES",
    "AttachmentRejected",
    "CheckedAttachment",
    "Sniffed",
    "attachment_texts",
    "check_upload",
    "read_attachment",
    "safe_display_name",
    "sniff",
]
