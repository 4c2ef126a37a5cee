"""Which files may be attached to a library item, decided from their bytes, and the text
inside them, which the confidentiality guard reads before anything is stored.

The same safety rules as discussions' attachments (``discussions/attachments.py``; the
two apps sit side by side and do not import each other): PDF and Office documents
(OOXML and OpenDocument without macros), 10 MB each, five an item, never SVG or HTML,
always downloaded, never shown inline. Two rules more, because a library item is read
far beyond its community: the text of PDFs and Word/OpenDocument files is extracted
and guarded (a file whose text holds an identifier is refused), and images are refused
unless the host allows them (``LIBRARY_ALLOW_IMAGES``). Legacy binary Office files
(.doc/.xls/.ppt) are refused: their text cannot be read reliably, so it cannot be
checked.
"""

import io
import re
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree  # noqa: S405 - parsing text nodes only, no entities

from django.utils.translation import gettext as _

MAX_BYTES = 10 * 1024 * 1024
MAX_PER_ITEM = 5
MAX_TEXT_CHARS = 200_000

IMAGES = {
    b"\x89PNG\r\n\x1a\n": ("image/png", ".png"),
    b"\xff\xd8\xff": ("image/jpeg", ".jpg"),
    b"GIF87a": ("image/gif", ".gif"),
    b"GIF89a": ("image/gif", ".gif"),
}
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


class AttachmentRejected(ValueError):
    """``str()`` is the message to show the person."""


@dataclass(frozen=True)
class Checked:
    content_type: str
    extension: str
    text: str  # what the guard reads ("" for images)
    is_image: bool = False


def _zip_kind(data: bytes) -> tuple[str, str] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = zf.namelist()
            if "mimetype" in names:
                mimetype = zf.read("mimetype")[:100].decode("ascii", "replace").strip()
                if mimetype in ODF and not any(n.lower().startswith("basic/") for n in names):
                    return mimetype, ODF[mimetype]
                return None
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError):
        return None
    if "[Content_Types].xml" not in names or any("vbaproject.bin" in n.lower() for n in names):
        return None
    for prefix, found in OOXML.items():
        if any(n.startswith(prefix) for n in names):
            return found
    return None


def _xml_text(raw: bytes) -> str:
    if b"<!ENTITY" in raw or b"<!DOCTYPE" in raw:
        raise AttachmentRejected(_("This document could not be read, so it cannot be checked."))
    root = ElementTree.fromstring(raw)  # noqa: S314 - no DTD or entities (refused above)
    return " ".join(t.strip() for t in root.itertext() if t and t.strip())


def _office_text(data: bytes) -> str:
    parts = []
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for name in zf.namelist():
            if re.match(
                r"^(word/(document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml"
                r"|xl/sharedStrings\.xml|xl/worksheets/sheet\d+\.xml|ppt/slides/slide\d+\.xml"
                r"|ppt/notesSlides/notesSlide\d+\.xml|content\.xml|docProps/core\.xml)$",
                name,
            ):
                info = zf.getinfo(name)
                if info.file_size > 20 * MAX_BYTES:
                    raise AttachmentRejected(_("This document is too large to check."))
                parts.append(_xml_text(zf.read(name)))
    return "\n".join(parts)


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise AttachmentRejected(
                _("This PDF is password-protected, so it cannot be checked. Attach it unprotected.")
            )
        texts = []
        for page in reader.pages:
            texts.append(page.extract_text() or "")
            if sum(len(t) for t in texts) > MAX_TEXT_CHARS:
                break
        meta = reader.metadata or {}
        texts.extend(str(v) for v in meta.values() if isinstance(v, str))
        return "\n".join(texts)
    except AttachmentRejected:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError):
        raise AttachmentRejected(
            _("This PDF could not be read, so it cannot be checked.")
        ) from None


def check_file(upload, *, images_allowed: bool) -> Checked:
    """Sniff the type, refuse what we do not take, extract the text to guard."""
    name = (getattr(upload, "name", "") or "")[:80]
    if upload.size > MAX_BYTES:
        raise AttachmentRejected(_("“%(name)s” is larger than 10 MB.") % {"name": name})
    if upload.size == 0:
        raise AttachmentRejected(_("“%(name)s” is empty.") % {"name": name})
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    for magic, (content_type, ext) in IMAGES.items():
        if data.startswith(magic):
            if not images_allowed:
                raise AttachmentRejected(
                    _(
                        "“%(name)s” is an image. This library does not accept images: "
                        "a photograph can identify someone."
                    )
                    % {"name": name}
                )
            return Checked(content_type, ext, "", is_image=True)
    if data.startswith(b"%PDF-"):
        return Checked("application/pdf", ".pdf", _pdf_text(data)[:MAX_TEXT_CHARS])
    if data.startswith(b"PK\x03\x04"):
        kind = _zip_kind(data)
        if kind is not None:
            try:
                text = _office_text(data)
            except (zipfile.BadZipFile, ElementTree.ParseError, KeyError, OSError):
                raise AttachmentRejected(
                    _("“%(name)s” could not be read, so it cannot be checked.") % {"name": name}
                ) from None
            return Checked(kind[0], kind[1], text[:MAX_TEXT_CHARS])
    raise AttachmentRejected(
        _(
            "“%(name)s” is not a file type we accept. Attach a PDF or an Office document "
            "(Word, Excel, PowerPoint or OpenDocument, without macros)."
        )
        % {"name": name}
    )


def safe_display_name(name: str, extension: str) -> str:
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable() and ch not in '"<>:|?*;')
    name = name.strip().lstrip(".")[:150] or "attachment"
    stem, dot, suffix = name.rpartition(".")
    allowed = {".jpg", ".jpeg"} if extension == ".jpg" else {extension}
    if not dot or f".{suffix.lower()}" not in allowed:
        name = f"{stem if dot else name}{extension}"
    return name
