"""Attachments: their type from their bytes, their text through the guard, every read
bounded in size, count and time."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from practice_commons.confidentiality import attachments
from practice_commons.confidentiality.attachments import (
    AttachmentRejected,
    attachment_field,
    attachment_texts,
    check_upload,
    guard_attachments,
    guard_upload,
    read_attachment,
)
from practice_commons.confidentiality.guard import (
    ConfidentialityBlocked,
    ConfidentialityWarning,
)
from practice_commons.confidentiality.testing import (
    IDENTIFYING_TEXT,
    NHS_NUMBER,
    SECRETS,
    make_docx,
    make_odt,
    make_pdf,
)

MAKERS = {"notes.pdf": make_pdf, "notes.docx": make_docx, "notes.odt": make_odt}


def _zip(files: dict, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize("name", MAKERS)
def test_identifying_attachment_is_blocked(name):
    upload = SimpleUploadedFile(name, MAKERS[name](IDENTIFYING_TEXT))
    with pytest.raises(ConfidentialityBlocked) as caught:
        guard_upload(upload)
    kinds = {kind for field in caught.value.fields for kind in field.kinds}
    assert "nhs_number" in kinds
    assert [f.field for f in caught.value.fields] == [f"attachment:{name}"]
    assert not any(secret in str(caught.value) for secret in SECRETS)


@pytest.mark.parametrize("name", MAKERS)
def test_clean_attachment_passes(name):
    checked = guard_upload(SimpleUploadedFile(name, MAKERS[name]("Agenda: supervision models")))
    assert "supervision models" in checked.text
    assert checked.name == name


def test_field_name_never_carries_a_detail():
    assert attachment_field(f"NHS {NHS_NUMBER}.pdf") == "attachment:NHS [NHS number].pdf"
    checked = [read_attachment(SimpleUploadedFile("a.pdf", make_pdf("x"))) for _ in range(2)]
    assert list(attachment_texts(checked)) == ["attachment:a.pdf", "attachment:a.pdf (2)"]


def test_uncertain_names_only_warn_and_can_be_confirmed(monkeypatch):
    from practice_commons.confidentiality.testing import only_low_confidence_names

    only_low_confidence_names(monkeypatch, "Kerry")
    checked = [read_attachment(SimpleUploadedFile("a.docx", make_docx("Spoke to Kerry")))]
    with pytest.raises(ConfidentialityWarning):
        guard_attachments(checked)
    guard_attachments(checked, acknowledged=True)


def test_spreadsheet_cells_headers_comments_and_deletions_are_read():
    sheet = (
        '<worksheet><sheetData><row><c t="s"><v>0</v></c><c><v>9434765919</v></c></row>'
        "</sheetData></worksheet>"
    )
    xlsx = _zip(
        {
            "[Content_Types].xml": "<Types/>",
            "xl/workbook.xml": "<workbook/>",
            "xl/sharedStrings.xml": "<sst><si><t>NHS no</t></si></sst>",
            "xl/worksheets/sheet1.xml": sheet,
        }
    )
    text = read_attachment(SimpleUploadedFile("a.xlsx", xlsx)).text
    assert "9434765919" in text and "NHS no" in text
    docx = _zip(
        {
            "[Content_Types].xml": "<Types/>",
            "word/document.xml": "<w:document><w:p><w:del><w:r><w:delText>LS6 2QT"
            "</w:delText></w:r></w:del></w:p></w:document>",
            "word/header1.xml": "<w:hdr><w:p><w:r><w:t>Header text</w:t></w:r></w:p></w:hdr>",
            "word/comments.xml": "<w:comments><w:p><w:r><w:t>A comment</w:t></w:r></w:p>"
            "</w:comments>",
            "docProps/core.xml": "<cp:coreProperties><dc:creator>Author Person</dc:creator>"
            "<dc:title>Title words</dc:title></cp:coreProperties>",
        }
    )
    text = read_attachment(SimpleUploadedFile("a.docx", docx)).text
    for part in ("LS6 2QT", "Header text", "A comment", "Title words"):
        assert part in text
    assert "Author Person" not in text  # the writer's own name


def test_legacy_office_files_are_refused_with_what_to_do():
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    with pytest.raises(AttachmentRejected, match="older Office format.*docx"):
        read_attachment(SimpleUploadedFile("old.doc", ole2))


def test_images_follow_the_host_setting(settings):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    assert read_attachment(SimpleUploadedFile("a.png", png)).text == ""  # default: allowed
    settings.ATTACHMENTS_ALLOW_IMAGES = False
    with pytest.raises(AttachmentRejected, match="not a file type we accept"):
        check_upload(SimpleUploadedFile("a.png", png))
    assert check_upload(SimpleUploadedFile("a.png", png), allow_images=True).is_image
    # Without images, a PDF with pages and no text (a scan) cannot be checked either.
    with pytest.raises(AttachmentRejected, match="no text"):
        read_attachment(SimpleUploadedFile("scan.pdf", make_pdf("")))


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.4\n%%EOF\n",  # no structure at all
        _zip({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document><w:p>"}),
        _zip(
            {
                "[Content_Types].xml": "<Types/>",
                "word/document.xml": '<!DOCTYPE d [<!ENTITY a "aaaa">]><d>&a;</d>',
            }
        ),
        _zip(
            {
                "[Content_Types].xml": "<Types/>",
                "word/document.xml": "<w:document/>",
                "word/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0 something",
            }
        ),
    ],
)
def test_unreadable_files_are_refused(data):
    with pytest.raises(AttachmentRejected, match="cannot check"):
        read_attachment(SimpleUploadedFile("a.docx", data))


def test_embedded_packages_are_read():
    inner = make_docx(IDENTIFYING_TEXT)
    outer = _zip(
        {
            "[Content_Types].xml": "<Types/>",
            "word/document.xml": "<w:document/>",
            "word/embeddings/Sheet.docx": inner,
        }
    )
    assert NHS_NUMBER in read_attachment(SimpleUploadedFile("a.docx", outer)).text


def test_zip_bomb_stops_at_the_unpacked_limit(monkeypatch):
    monkeypatch.setattr(attachments, "MAX_UNPACKED_BYTES", 2_000_000)
    body = "<w:document>" + "<w:x/>" * 1_000_000 + "</w:document>"  # 6 MB, packs small
    bomb = _zip({"[Content_Types].xml": "<Types/>", "word/document.xml": body})
    assert len(bomb) < 100_000
    with pytest.raises(AttachmentRejected, match="unpacks to more"):
        read_attachment(SimpleUploadedFile("bomb.docx", bomb))


def test_text_is_capped(monkeypatch):
    monkeypatch.setattr(attachments, "MAX_TEXT_CHARS", 1_000)
    with pytest.raises(AttachmentRejected, match="more text than we can check"):
        read_attachment(SimpleUploadedFile("long.docx", make_docx("word " * 500)))


def test_pages_and_time_are_capped(monkeypatch):
    monkeypatch.setattr(attachments, "MAX_PDF_PAGES", 0)
    with pytest.raises(AttachmentRejected, match="more than 0 pages"):
        read_attachment(SimpleUploadedFile("a.pdf", make_pdf("x")))
    monkeypatch.setattr(attachments, "MAX_PDF_PAGES", 10)
    monkeypatch.setattr(attachments, "MAX_READ_SECONDS", -1.0)
    with pytest.raises(AttachmentRejected, match="too long"):
        read_attachment(SimpleUploadedFile("a.pdf", make_pdf("x")))


def test_upload_is_rewound_for_storing():
    upload = SimpleUploadedFile("a.pdf", make_pdf())
    read_attachment(upload)
    assert upload.file.read(5) == b"%PDF-"
