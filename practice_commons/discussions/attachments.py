"""Which uploaded files may be attached, decided from their bytes, never their name.

Allowed: PDF, Office documents (OOXML and OpenDocument without macros; legacy
OLE2 .doc/.xls/.ppt), and raster images (PNG, JPEG, GIF, WebP). SVG and HTML are
refused because a browser would run their scripts. Files are always served as
downloads (see ``views.attachment_download``), so even a mislabelled file is never
rendered by the browser in our origin.
"""

import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS_PER_POST = 5

OOXML = {
    "word/": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    "xl/": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
    "ppt/": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx"),
}
ODF = {
    "application/vnd.oasis.opendocument.text": ".odt",
    "application/vnd.oasis.opendocument.spreadsheet": ".ods",
    "application/vnd.oasis.opendocument.presentation": ".odp",
}
OLE2 = {
    ".doc": "application/msword",
    ".xls": "application/vnd.ms-excel",
    ".ppt": "application/vnd.ms-powerpoint",
}


class AttachmentRejected(ValueError):
    """The file is too big or not a type we accept. ``str()`` is the message to show."""


@dataclass(frozen=True)
class Sniffed:
    content_type: str
    extension: str


def _sniff_zip(fileobj) -> Sniffed | None:
    try:
        with zipfile.ZipFile(fileobj) as zf:
            names = zf.namelist()
            if "mimetype" in names:
                mimetype = zf.read("mimetype")[:100].decode("ascii", "replace").strip()
                if mimetype in ODF:
                    if any(n.lower().startswith("basic/") for n in names):
                        return None  # OpenDocument macros
                    return Sniffed(mimetype, ODF[mimetype])
                return None
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError):
        return None
    if "[Content_Types].xml" not in names or any("vbaproject.bin" in n.lower() for n in names):
        return None  # not OOXML, or it carries macros
    for prefix, (content_type, ext) in OOXML.items():
        if any(n.startswith(prefix) for n in names):
            return Sniffed(content_type, ext)
    return None


def sniff(fileobj, original_name: str = "") -> Sniffed | None:
    """The type of the file from its first bytes (and, for containers, its contents)."""
    fileobj.seek(0)
    head = fileobj.read(16)
    fileobj.seek(0)
    if head.startswith(b"%PDF-"):
        return Sniffed("application/pdf", ".pdf")
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return Sniffed("image/png", ".png")
    if head.startswith(b"\xff\xd8\xff"):
        return Sniffed("image/jpeg", ".jpg")
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return Sniffed("image/gif", ".gif")
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return Sniffed("image/webp", ".webp")
    if head.startswith(b"PK\x03\x04"):
        result = _sniff_zip(fileobj)
        fileobj.seek(0)
        return result
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        # OLE2 does not say which Office program wrote it without a full parse; the
        # name picks the label, the bytes decide that it is an Office container.
        ext = "." + original_name.rsplit(".", 1)[-1].lower() if "." in original_name else ""
        return Sniffed(OLE2.get(ext, "application/vnd.ms-office"), ext if ext in OLE2 else ".doc")
    return None


def check_upload(upload) -> Sniffed:
    """Raise ``AttachmentRejected`` with a message for the person, or return the type."""
    name = getattr(upload, "name", "") or ""
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise AttachmentRejected(
            _("“%(name)s” is larger than 10 MB. Attach a smaller file.") % {"name": name[:80]}
        )
    if upload.size == 0:
        raise AttachmentRejected(_("“%(name)s” is empty.") % {"name": name[:80]})
    sniffed = sniff(upload.file if hasattr(upload, "file") else upload, name)
    if sniffed is None:
        raise AttachmentRejected(
            _(
                "“%(name)s” is not a file type we accept. Attach a PDF, an Office document "
                "(Word, Excel, PowerPoint or OpenDocument, without macros) or an image "
                "(PNG, JPEG, GIF or WebP)."
            )
            % {"name": name[:80]}
        )
    return sniffed


EQUIVALENT_EXTENSIONS = {".jpg": {".jpg", ".jpeg"}}


def safe_display_name(name: str, extension: str = "") -> str:
    """The uploader's file name, stripped of path parts and control characters, ending in
    the extension its content was sniffed as: a PDF called "notes.html" is offered for
    download as "notes.pdf", so no program opens it as something else."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable() and ch not in '"<>:|?*;')
    name = name.strip().lstrip(".")[:150] or "attachment"
    if extension:
        stem, dot, suffix = name.rpartition(".")
        allowed = EQUIVALENT_EXTENSIONS.get(extension, {extension})
        if not dot or f".{suffix.lower()}" not in allowed:
            name = f"{stem if dot else name}{extension}"
    return name
