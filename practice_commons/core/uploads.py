"""Size limits for every upload, held as settings, and the content check for uploads that
must be plain text (the CSV files of onboarding and the membership register).

Limits (bytes) come from ``settings.UPLOAD_MAX_BYTES``, a dict by kind of upload; a kind
missing there falls back to ``DEFAULT_LIMITS``:

* ``attachment``: CPD evidence, library item files and discussion attachments (10 MB).
  Their type is sniffed from their bytes by ``confidentiality.attachments.sniff``.
* ``onboarding_csv``: an organisation's staff list (2 MB).
* ``register_csv``: the host's membership register (5 MB).

A plain-text upload is refused when its bytes are not text: a NUL byte, a known binary
signature (PDF, images, zip/Office packages, OLE2, executables, archives) or markup that a
browser would render (HTML, SVG, XML), whatever the file is called. Nothing is stored on
refusal: callers check before they write.
"""

from django.conf import settings
from django.utils.translation import gettext as _

MB = 1024 * 1024
DEFAULT_LIMITS = {
    "attachment": 10 * MB,
    "onboarding_csv": 2 * MB,
    "register_csv": 5 * MB,
}

# First bytes of files that are never plain text.
BINARY_SIGNATURES = (
    b"%PDF-",
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"RIFF",
    b"PK\x03\x04",
    b"\xd0\xcf\x11\xe0",
    b"MZ",
    b"\x7fELF",
    b"\x1f\x8b",
    b"7z\xbc\xaf",
    b"Rar!",
    b"\xca\xfe\xba\xbe",
    b"\xcf\xfa\xed\xfe",
)
MARKUP_STARTS = (b"<",)
SNIFF_BYTES = 8192


class UploadRejected(ValueError):
    """``str()`` is the message to show the person."""


def max_upload_bytes(kind: str) -> int:
    limits = getattr(settings, "UPLOAD_MAX_BYTES", None) or {}
    return int(limits.get(kind, DEFAULT_LIMITS[kind]))


def size_in_words(size: int) -> str:
    if size >= MB:
        return f"{size / MB:g} MB"
    return f"{max(1, size // 1024)} KB"


def check_size(size: int, kind: str) -> None:
    limit = max_upload_bytes(kind)
    if size > limit:
        raise UploadRejected(
            _("The file must be smaller than %(size)s.") % {"size": size_in_words(limit)}
        )


def check_plain_text(content: bytes, kind: str) -> None:
    """Raise ``UploadRejected`` unless ``content`` is plain text within the kind's limit."""
    check_size(len(content), kind)
    head = content[:SNIFF_BYTES]
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    stripped = head.lstrip()
    if b"\x00" in head or head.startswith(BINARY_SIGNATURES) or stripped.startswith(MARKUP_STARTS):
        raise UploadRejected(
            _("The file must be a CSV file. Save the spreadsheet as “CSV UTF-8” and upload that.")
        )
