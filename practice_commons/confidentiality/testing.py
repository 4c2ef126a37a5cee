"""Test helpers that prove a write path is guarded. Every capability uses them the same way:

    from practice_commons.confidentiality.testing import (
        assert_api_guarded, assert_form_view_guarded, assert_service_guarded)

    def test_thread_create_is_guarded(member, community):
        assert_service_guarded(
            lambda text: services.thread_create(actor=member, community=community,
                                                title="Help", body=text, kind="problem"),
            model=Thread)

    def test_thread_form_is_guarded(client, member, community):
        client.force_login(member)
        assert_form_view_guarded(client, reverse("discussions:thread_create", ...),
                                 {"title": "Help", "kind": "problem"}, "body", model=Thread)

Each helper writes ``IDENTIFYING_TEXT`` (a valid NHS number, a postcode and a name in
context) and checks that nothing was stored and the text was not echoed.
"""

from collections.abc import Callable
from typing import Any

from .guard import ConfidentialityBlocked

NHS_NUMBER = "943 476 5919"
POSTCODE = "LS6 2QT"
NAME = "Jayden Okafor"
IDENTIFYING_TEXT = (
    f"Visited {NAME} (NHS number {NHS_NUMBER}) at home, {POSTCODE}, with his mum "
    "to talk about school."
)
# Fragments that must never come back in an API answer or a log line.
SECRETS = (NHS_NUMBER, NHS_NUMBER.replace(" ", ""), POSTCODE, NAME)


def _count(model) -> int | None:
    return model._default_manager.count() if model is not None else None


def assert_service_guarded(
    call: Callable[[str], Any], *, model=None, text: str = IDENTIFYING_TEXT
) -> ConfidentialityBlocked:
    """``call(text)`` must raise ``ConfidentialityBlocked`` naming an NHS number, and
    ``model`` (if given) must gain no rows. Returns the exception for further checks."""
    before = _count(model)
    try:
        call(text)
    except ConfidentialityBlocked as exc:
        error = exc
    else:
        raise AssertionError("the write was not blocked by the confidentiality guard")
    kinds = {kind for field in error.fields for kind in field.kinds}
    assert "nhs_number" in kinds, f"expected an NHS number finding, got {sorted(kinds)}"
    assert not any(s in str(error) for s in SECRETS), "the exception's message holds the text"
    assert _count(model) == before, f"{model.__name__} gained rows on a blocked write"
    return error


def assert_form_view_guarded(
    client, url: str, data: dict, field: str, *, model=None, text: str = IDENTIFYING_TEXT
):
    """POSTing ``data`` with ``text`` in ``field`` must answer 200 with the guard's error
    and "Redact and continue", and store nothing. Returns the response."""
    before = _count(model)
    response = client.post(url, {**data, field: text})
    assert response.status_code == 200, f"expected the form again (200), got {response.status_code}"
    page = response.content.decode()
    assert "could identify someone you work with" in page, "the guard's error is not shown"
    assert "Redact and continue" in page, "the Redact and continue button is not shown"
    assert "<mark" in page, "the findings are not highlighted"
    assert _count(model) == before, f"{model.__name__} gained rows on a blocked write"
    return response


def assert_api_guarded(
    client,
    method: str,
    url: str,
    payload: dict,
    field: str,
    token: str,
    *,
    model=None,
    text: str = IDENTIFYING_TEXT,
):
    """The API must answer 422 with the findings' kinds and offsets for ``field``, never
    the text, and store nothing. Returns the parsed JSON body."""
    before = _count(model)
    response = getattr(client, method.lower())(
        url,
        {**payload, field: text},
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 422, (
        f"expected 422, got {response.status_code}: {response.content[:300]!r}"
    )
    body = response.json()
    raw = response.content.decode()
    assert not any(s in raw for s in SECRETS), "the API answer echoes the identifying text"
    findings = body.get("findings") or []
    assert findings, "the 422 lists no findings"
    assert all(f["field"] == field for f in findings), findings
    assert "nhs_number" in {f["kind"] for f in findings}, findings
    for finding in findings:
        assert 0 <= finding["start"] < finding["end"] <= len(text), finding
        assert "text" not in finding, "a finding carries its text"
    assert _count(model) == before, f"{model.__name__} gained rows on a blocked write"
    return body


def only_low_confidence_names(monkeypatch, word: str) -> None:
    """Make the guard see ``word`` as an uncertain name (a warning, never a block), so a
    test of the "confirm and continue" path does not depend on how sure the real name
    detector is about one sentence."""
    from . import guard
    from .scanner import Finding

    def scan(text):
        start = (text or "").find(word)
        if start < 0:
            return []
        return [Finding("person_name", start, start + len(word), word, "low")]

    monkeypatch.setattr(guard, "scan", scan)
    monkeypatch.setattr(guard, "redact", lambda text: (text or "").replace(word, "[name]"))


# --- attachments ------------------------------------------------------------------------


def make_pdf(text: str = "Agenda for the team meeting.") -> bytes:
    """A small valid one-page PDF whose text is ``text`` (Latin-1, one line a line), for
    tests of attachment paths: ``SimpleUploadedFile("notes.pdf", make_pdf(IDENTIFYING_TEXT))``
    must be refused and ``make_pdf()`` stored."""
    lines = [
        line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        for line in text.split("\n")
    ]
    stream = "BT /F1 11 Tf 14 TL 72 770 Td " + " T* ".join(f"({line}) Tj" for line in lines)
    stream += " ET"
    content = stream.encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def make_docx(text: str = "Agenda for the team meeting.") -> bytes:
    """A small Word (.docx) file with one paragraph a line of ``text``; fixed time stamps,
    so the same text gives the same bytes."""
    from xml.sax.saxutils import escape

    paragraphs = "".join(
        f"<w:p><w:r><w:t>{escape(line)}</w:t></w:r></w:p>" for line in text.split("\n")
    )
    document = (
        '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w='
        '"http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{paragraphs}</w:body></w:document>"
    )
    return _zip_of(
        {
            "[Content_Types].xml": '<?xml version="1.0"?><Types/>',
            "word/document.xml": document,
        }
    )


def make_odt(text: str = "Agenda for the team meeting.") -> bytes:
    """A small OpenDocument text (.odt) file with one paragraph a line of ``text``."""
    from xml.sax.saxutils import escape

    paragraphs = "".join(f"<text:p>{escape(line)}</text:p>" for line in text.split("\n"))
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
        f"<office:body><office:text>{paragraphs}</office:text></office:body>"
        "</office:document-content>"
    )
    return _zip_of({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": content})


def _zip_of(files: dict[str, str]) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), data)
    return buffer.getvalue()
