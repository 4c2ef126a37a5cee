"""Attachments, checked before anything is stored: their type from their bytes, their size,
and their text through the same guard as typed text.

    checked = [read_attachment(upload) for upload in uploads]   # AttachmentRejected
    guard_texts(texts={"body": body, **attachment_texts(checked)}, acknowledged=...)
    # or, for attachments alone: guard_attachments(checked, acknowledged=...)

Accepted: PDF; Office Open XML (.docx, .xlsx, .pptx) and OpenDocument (.odt, .ods,
.odp) without macros; raster images (PNG, JPEG, GIF, WebP) only while the host setting
``ATTACHMENTS_ALLOW_IMAGES`` is true (the default, as before text was scanned). SVG and
HTML are refused because a browser would run their scripts.

Refused, with a message that says what to do:

* legacy binary Office files (OLE2 .doc, .xls, .ppt): their text cannot be read reliably
  without a full parser of the format, and a file the guard cannot read is a file it
  cannot check, so the writer is asked to save it as .docx, OpenDocument or PDF;
* anything that cannot be read (a damaged or password-protected PDF or package), that
  holds more text than the guard checks (``MAX_TEXT_CHARS``), more pages than
  ``MAX_PDF_PAGES``, parts that unpack beyond ``MAX_UNPACKED_BYTES`` (a zip bomb stops
  there, whatever sizes its directory declares), XML with a document type declaration
  (entity tricks), embedded objects that are not packages we can read, or that takes
  longer than ``MAX_READ_SECONDS`` to read (checked between pages and parts);
* while images are not allowed, a PDF with pages but no text (a scan).

What is read: PDF page text, annotations (comments), form field values and the title and
subject; every text part of a package: body, headers and footers, footnotes, comments,
tracked deletions, slides and notes, spreadsheet cells (typed numbers too, where an NHS
number usually sits) and the title, subject, description and keywords. Author fields are
not read: they hold the practitioner's own name. Images and the pictures inside documents
are not read (no text recognition): a host that needs them checked keeps images refused.
"""

import io
import re
import time
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from xml.parsers import expat

from django.conf import settings
from django.utils.translation import gettext as _

from practice_commons.core.uploads import max_upload_bytes, size_in_words

from .guard import guard_texts
from .scanner import redact

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024  # default; the setting UPLOAD_MAX_BYTES decides
MAX_ATTACHMENTS_PER_POST = 5
MAX_TEXT_CHARS = 300_000
MAX_PDF_PAGES = 300
MAX_UNPACKED_BYTES = 40 * 1024 * 1024
MAX_ZIP_MEMBERS = 3_000
MAX_READ_SECONDS = 8.0
MAX_NESTING = 1  # a package inside a package is read; one inside that is refused
CHUNK = 64 * 1024

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
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})

# Package parts that hold text people wrote. OOXML: the body, headers, footers, notes,
# comments, shared strings, sheets, slides and the document's properties.
OOXML_TEXT_PARTS = re.compile(
    r"^(?:word/(?:document|header\d*|footer\d*|footnotes|endnotes|comments\w*)\.xml"
    r"|xl/(?:sharedStrings|worksheets/sheet\d+|comments\d*)\.xml"
    r"|ppt/(?:slides/slide\d+|notesSlides/notesSlide\d+|comments/\w+)\.xml"
    r"|docProps/core\.xml)$"
)
ODF_TEXT_PARTS = re.compile(r"(?:^|/)(?:content|styles|meta)\.xml$")
EMBEDDED = re.compile(r"^(?:word|xl|ppt)/embeddings/")
# Elements whose character data is text (OOXML keeps text only in these; OpenDocument
# text is any character data) and elements that end a line or a cell.
OOXML_TEXT_TAGS = frozenset({"t", "delText", "v", "title", "subject", "description", "keywords"})
LINE_TAGS = frozenset({"p", "h", "br", "cr", "line-break", "row", "table-row", "si"})
CELL_TAGS = frozenset({"tc", "c", "table-cell", "tab"})
# ODF metadata that is the writer's own name, like OOXML's author fields.
ODF_SKIPPED_TAGS = frozenset({"creator", "initial-creator", "printed-by", "generator"})


class AttachmentRejected(ValueError):
    """The file is too big, not a type we accept, or cannot be checked. ``str()`` is the
    message to show the person."""


@dataclass(frozen=True)
class Sniffed:
    content_type: str
    extension: str

    @property
    def is_image(self) -> bool:
        return self.content_type in IMAGE_TYPES

    @property
    def is_legacy_office(self) -> bool:
        return self.extension in OLE2 or self.content_type == "application/vnd.ms-office"


@dataclass(frozen=True)
class CheckedAttachment:
    """An upload that passed the type and size checks, with the text read from it."""

    upload: object
    sniffed: Sniffed
    name: str  # safe to show and store (see ``safe_display_name``)
    text: str


def images_allowed() -> bool:
    """The host setting ``ATTACHMENTS_ALLOW_IMAGES`` (default true)."""
    return bool(getattr(settings, "ATTACHMENTS_ALLOW_IMAGES", True))


# --- types -------------------------------------------------------------------------------


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
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, ValueError):
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
    if head.startswith(OLE2_MAGIC):
        # OLE2 does not say which Office program wrote it without a full parse; the
        # name picks the label, the bytes decide that it is an Office container.
        ext = "." + original_name.rsplit(".", 1)[-1].lower() if "." in original_name else ""
        return Sniffed(OLE2.get(ext, "application/vnd.ms-office"), ext if ext in OLE2 else ".doc")
    return None


def check_upload(upload, *, allow_images: bool | None = None) -> Sniffed:
    """Raise ``AttachmentRejected`` with a message for the person, or return the type.
    ``allow_images`` overrides the host setting for one caller."""
    name = (getattr(upload, "name", "") or "")[:80]
    limit = max_upload_bytes("attachment")  # the setting UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise AttachmentRejected(
            _("“%(name)s” is larger than %(size)s. Attach a smaller file.")
            % {"name": name, "size": size_in_words(limit)}
        )
    if upload.size == 0:
        raise AttachmentRejected(_("“%(name)s” is empty.") % {"name": name})
    sniffed = sniff(_file_of(upload), name)
    images = images_allowed() if allow_images is None else allow_images
    if sniffed is None or (sniffed.is_image and not images):
        raise AttachmentRejected(
            _(
                "“%(name)s” is not a file type we accept. Attach a PDF or an Office document "
                "(Word, Excel, PowerPoint or OpenDocument, without macros)%(images)s."
            )
            % {"name": name, "images": _(" or an image (PNG, JPEG, GIF or WebP)") if images else ""}
        )
    if sniffed.is_legacy_office:
        raise AttachmentRejected(
            _(
                "“%(name)s” is in an older Office format whose text we cannot check for "
                "details of people you work with. Save it as a .docx, .xlsx or .pptx file, "
                "an OpenDocument file or a PDF, and attach that."
            )
            % {"name": name}
        )
    return sniffed


def _file_of(upload):
    return upload.file if hasattr(upload, "file") else upload


# --- text --------------------------------------------------------------------------------


def read_attachment(upload, *, allow_images: bool | None = None) -> CheckedAttachment:
    """Check the upload's type and size and read its text (``AttachmentRejected`` if it
    cannot be checked). The text is what ``attachment_texts`` hands to the guard."""
    sniffed = check_upload(upload, allow_images=allow_images)
    images = images_allowed() if allow_images is None else allow_images
    name = safe_display_name(getattr(upload, "name", "") or "", sniffed.extension)
    fileobj = _file_of(upload)
    fileobj.seek(0)
    try:
        text = extract_text(fileobj, sniffed, name=name, require_text=not images)
    finally:
        fileobj.seek(0)
    return CheckedAttachment(upload=upload, sniffed=sniffed, name=name, text=text)


def extract_text(fileobj, sniffed: Sniffed, *, name: str = "", require_text: bool = False) -> str:
    """The text of a PDF or an Office package, within the bounds above; "" for an image."""
    reader = _Reader(name or _("the file"), time.monotonic() + MAX_READ_SECONDS)
    if sniffed.is_image:
        return ""
    if sniffed.content_type == "application/pdf":
        return reader.pdf(fileobj, require_text=require_text)
    if sniffed.is_legacy_office:
        raise reader.refuse(_("is in an older Office format whose text we cannot check"))
    return reader.package(fileobj.read(MAX_ATTACHMENT_BYTES + 1), depth=0)


class _Reader:
    """Reads text within the size, count and time bounds, refusing once one is passed."""

    def __init__(self, name: str, deadline: float):
        self.name = name
        self.deadline = deadline
        self.parts: list[str] = []
        self.chars = 0
        self.unpacked = 0

    def refuse(self, why: str) -> AttachmentRejected:
        return AttachmentRejected(
            _("“%(name)s” %(why)s, so we cannot check it for details of people you work with.")
            % {"name": self.name[:80], "why": why}
        )

    def add(self, text: str) -> None:
        if not text:
            return
        self.chars += len(text)
        if self.chars > MAX_TEXT_CHARS:
            raise self.refuse(_("holds more text than we can check (split it into parts)"))
        self.parts.append(text)

    def tick(self) -> None:
        if time.monotonic() > self.deadline:
            raise self.refuse(_("took too long to read"))

    # PDF

    def pdf(self, fileobj, *, require_text: bool) -> str:
        import pypdf  # imported here: only attachments need it

        try:
            document = pypdf.PdfReader(fileobj, strict=False)
            if document.is_encrypted and not document.decrypt(""):
                raise self.refuse(_("is protected by a password"))
            pages = document.pages
            if len(pages) > MAX_PDF_PAGES:
                raise self.refuse(_("has more than %(pages)s pages") % {"pages": MAX_PDF_PAGES})
            info = document.metadata or {}
            for key in ("/Title", "/Subject", "/Keywords"):
                self.add(f"{info.get(key) or ''}\n")
            for page in pages:
                self.tick()
                self.add((page.extract_text() or "") + "\n")
                for annotation in page.get("/Annots") or []:
                    contents = annotation.get_object().get("/Contents")
                    self.add(f"{contents}\n" if contents else "")
            for field in (document.get_fields() or {}).values():
                value = field.get("/V")
                self.add(f"{value}\n" if isinstance(value, str) else "")
        except AttachmentRejected:
            raise
        except Exception:  # pypdf raises many kinds of error on damaged files  # noqa: BLE001
            raise self.refuse(_("could not be read")) from None
        text = "".join(self.parts)
        if require_text and len(pages) and not text.strip():
            raise self.refuse(_("has pages with no text in them (a scan)"))
        return text

    # Office Open XML and OpenDocument

    def package(self, data: bytes, *, depth: int) -> str:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                members = zf.infolist()
                if len(members) > MAX_ZIP_MEMBERS:
                    raise self.refuse(_("holds too many parts"))
                names = {m.filename for m in members}
                is_odf = "mimetype" in names
                for member in members:
                    self.tick()
                    if member.is_dir():
                        continue
                    if is_odf and ODF_TEXT_PARTS.search(member.filename):
                        self._xml(zf, member, odf=True)
                    elif not is_odf and OOXML_TEXT_PARTS.match(member.filename):
                        self._xml(zf, member, odf=False)
                    elif not is_odf and EMBEDDED.match(member.filename):
                        self._embedded(zf, member, depth)
        except AttachmentRejected:
            raise
        except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, ValueError, EOFError):
            raise self.refuse(_("could not be read")) from None
        return "".join(self.parts)

    def _read_member(self, zf: zipfile.ZipFile, member: zipfile.ZipInfo) -> Iterable[bytes]:
        with zf.open(member) as stream:
            while chunk := stream.read(CHUNK):
                self.unpacked += len(chunk)
                if self.unpacked > MAX_UNPACKED_BYTES:
                    raise self.refuse(_("unpacks to more than we can check"))
                yield chunk

    def _embedded(self, zf: zipfile.ZipFile, member: zipfile.ZipInfo, depth: int) -> None:
        data = b"".join(self._read_member(zf, member))
        if data.startswith(b"PK\x03\x04") and depth < MAX_NESTING:
            self.package(data, depth=depth + 1)
        elif data[:8].startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
            return  # a picture: not read, like an image attachment
        else:
            raise self.refuse(_("holds an embedded object we cannot read"))

    def _xml(self, zf: zipfile.ZipFile, member: zipfile.ZipInfo, *, odf: bool) -> None:
        collector = _TextCollector(self, odf=odf)
        parser = expat.ParserCreate()
        parser.StartElementHandler = collector.start
        parser.EndElementHandler = collector.end
        parser.CharacterDataHandler = collector.data
        parser.StartDoctypeDeclHandler = _no_doctype
        parser.EntityDeclHandler = _no_doctype
        try:
            for chunk in self._read_member(zf, member):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
        except (expat.ExpatError, _DoctypeFound):
            raise self.refuse(_("could not be read")) from None
        self.add("\n")


class _DoctypeFound(ValueError):
    pass


def _no_doctype(*args) -> None:
    raise _DoctypeFound


class _TextCollector:
    """Character data in document order, with a line break after each paragraph and a tab
    after each cell. Tags are read without their namespace prefix ("w:t" is "t")."""

    def __init__(self, reader: _Reader, *, odf: bool):
        self.reader = reader
        self.odf = odf
        self.inside = 0  # depth inside text elements (OOXML) or skipped ones (ODF)
        self.shared_cell = False  # an OOXML cell whose value is an index of shared strings

    def start(self, tag: str, attrs: dict) -> None:
        local = tag.rpartition(":")[2]
        if local == "c":
            self.shared_cell = attrs.get("t") == "s"
        if (local in ODF_SKIPPED_TAGS) if self.odf else (local in OOXML_TEXT_TAGS):
            self.inside += 1
        elif local == "s" and self.odf:
            self.reader.add(" ")
        elif local in ("tab", "br", "cr", "line-break"):
            self.reader.add("\t" if local == "tab" else "\n")

    def end(self, tag: str) -> None:
        local = tag.rpartition(":")[2]
        if (local in ODF_SKIPPED_TAGS) if self.odf else (local in OOXML_TEXT_TAGS):
            self.inside -= 1
        if local in LINE_TAGS and local not in ("br", "cr", "line-break"):
            self.reader.add("\n")
        elif local in CELL_TAGS and local != "tab":
            self.reader.add("\t")

    def data(self, text: str) -> None:
        if self.odf:
            if not self.inside:
                self.reader.add(text)
        elif self.inside and not (self.shared_cell and not text.strip("0123456789")):
            self.reader.add(text)


# --- the guard ----------------------------------------------------------------------------


def attachment_field(name: str) -> str:
    """The guard's field name for an attachment's text: "attachment:<name>", with the name
    redacted, so an exception's message (which names fields) never carries a detail."""
    return f"attachment:{redact(name)}"


def attachment_texts(checked: Iterable[CheckedAttachment]) -> dict[str, str]:
    """``{"attachment:<name>": text}`` for ``guard_texts``, one entry per attachment."""
    texts: dict[str, str] = {}
    for attachment in checked:
        field, n = attachment_field(attachment.name), 1
        while field in texts:
            n += 1
            field = f"{attachment_field(attachment.name)} ({n})"
        texts[field] = attachment.text
    return texts


def guard_attachments(checked: Iterable[CheckedAttachment], *, acknowledged: bool = False) -> None:
    """Raise ``ConfidentialityBlocked`` or ``ConfidentialityWarning`` like ``guard_texts``
    if any attachment's text must not be stored. Call before storing anything."""
    guard_texts(texts=attachment_texts(checked), acknowledged=acknowledged)


def guard_upload(
    upload, *, acknowledged: bool = False, allow_images: bool | None = None
) -> CheckedAttachment:
    """``read_attachment`` and ``guard_attachments`` for one upload."""
    checked = read_attachment(upload, allow_images=allow_images)
    guard_attachments([checked], acknowledged=acknowledged)
    return checked


# --- names -------------------------------------------------------------------------------

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
