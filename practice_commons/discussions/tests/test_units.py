"""Small pieces: kinds as data, attachment sniffing, mention matching."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from practice_commons.communities.tests.factories import add_member
from practice_commons.discussions.attachments import (
    MAX_ATTACHMENT_BYTES,
    AttachmentRejected,
    check_upload,
    safe_display_name,
    sniff,
)
from practice_commons.discussions.kinds import KINDS, ThreadKind, extra_texts
from practice_commons.discussions.mentions import mask_mentions, mention_spans


def test_every_kind_has_a_spec_and_key_dates_are_unique():
    assert set(KINDS) == set(ThreadKind.values) and len(KINDS) == 10
    assert KINDS["request_for_information"].key_date_field.name == "needed_by"
    assert KINDS["visits"].key_date_field.name == "visit_date"
    assert {f.name for f in KINDS["documenting_solutions"].extra_fields} == {
        "problem",
        "what_worked",
    }
    assert extra_texts("visits", {"place": "X", "visit_date": "2030-01-01"}) == {
        "details.place": "X"
    }


def _zip(files: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "data,name,content_type",
    [
        (b"%PDF-1.7\n...", "x.pdf", "application/pdf"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 8, "x.png", "image/png"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 12, "x.jpg", "image/jpeg"),
        (b"GIF89a" + b"\x00" * 10, "x.gif", "image/gif"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "x.webp", "image/webp"),
        (
            _zip({"[Content_Types].xml": "<x/>", "xl/workbook.xml": "<x/>"}),
            "x.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (
            _zip({"[Content_Types].xml": "<x/>", "ppt/presentation.xml": "<x/>"}),
            "x.pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        (
            _zip({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"}),
            "x.odt",
            "application/vnd.oasis.opendocument.text",
        ),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 8, "old.xls", "application/vnd.ms-excel"),
    ],
)
def test_accepted_types_are_sniffed_from_bytes(data, name, content_type):
    assert sniff(io.BytesIO(data), name).content_type == content_type


@pytest.mark.parametrize(
    "data",
    [
        b"<html><script>alert(1)</script></html>",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b"MZ\x90\x00executable",
        b"#!/bin/sh\nrm -rf /",
        _zip(
            {
                "[Content_Types].xml": "<x/>",
                "word/document.xml": "<x/>",
                "word/vbaProject.bin": "macro",
            }
        ),
        _zip({"evil.js": "alert(1)"}),
        b"PK\x03\x04 not really a zip",
    ],
)
def test_refused_types(data):
    with pytest.raises(AttachmentRejected):
        check_upload(SimpleUploadedFile("innocent.pdf", data))


def test_size_limit():
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * MAX_ATTACHMENT_BYTES)
    with pytest.raises(AttachmentRejected, match="larger than 10 MB"):
        check_upload(big)
    with pytest.raises(AttachmentRejected, match="empty"):
        check_upload(SimpleUploadedFile("empty.pdf", b""))


@pytest.mark.parametrize(
    "name,ext,expected",
    [
        ("../../etc/passwd", ".pdf", "passwd.pdf"),
        ("C:\\Users\\me\\report.PDF", ".pdf", "report.PDF"),
        ("photo.jpeg", ".jpg", "photo.jpeg"),
        ('evil"<name>.html', ".pdf", "evilname.pdf"),
        (".hidden", ".png", "hidden.png"),
        ("", ".pdf", "attachment.pdf"),
    ],
)
def test_display_names(name, ext, expected):
    assert safe_display_name(name, ext) == expected


def test_mentions_match_longest_member_name_only(community):
    add_member(
        community,
        __import__(
            "practice_commons.accounts.tests.factories", fromlist=["UserFactory"]
        ).UserFactory(full_name="Sam Patel"),
    )
    body = "Thanks @sam patel! And @Sam Patelson, and email sam@example.org, and @Nobody."
    spans = mention_spans(body, community)
    assert len(spans) == 1
    start, end, _ids = spans[0]
    assert body[start:end] == "@sam patel"
    masked = mask_mentions(body, spans)
    assert len(masked) == len(body) and "@xxx xxxxx!" in masked
