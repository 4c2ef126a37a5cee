"""Files are scanned before they are stored (a PDF holding an NHS number is refused);
images are refused unless the host allows them; the link check marks dead links
(the HTTP layer is replaced: no test reaches the internet)."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from practice_commons.confidentiality.guard import ConfidentialityBlocked
from practice_commons.confidentiality.testing import NHS_NUMBER
from practice_commons.library import linkcheck, services
from practice_commons.library.models import ItemAttachment, LibraryItem, LinkStatus

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _pdf(text: str) -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    c = canvas.Canvas(buffer)
    c.drawString(72, 720, text)
    c.save()
    return buffer.getvalue()


def _docx(text: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr(
            "word/document.xml",
            f'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>',
        )
    return buffer.getvalue()


def test_a_clean_pdf_is_stored_and_downloaded_as_an_attachment(published, member, client_for):
    upload = SimpleUploadedFile("guide.pdf", _pdf("A template for transfer meetings."))
    attachment = services.attachment_add(actor=member, item=published, upload=upload)
    assert attachment.content_type == "application/pdf"
    response = client_for(None).get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("make", [_pdf, _docx])
def test_a_file_whose_text_holds_an_nhs_number_is_refused(make, published, member):
    upload = SimpleUploadedFile("notes.bin", make(f"Child NHS number {NHS_NUMBER} seen today"))
    with pytest.raises(ConfidentialityBlocked) as exc:
        services.attachment_add(actor=member, item=published, upload=upload)
    assert "file" in {f.field for f in exc.value.fields}
    assert not ItemAttachment.objects.exists()


def test_images_need_the_host_to_allow_them(settings, published, member):
    with pytest.raises(ValidationError):
        services.attachment_add(
            actor=member, item=published, upload=SimpleUploadedFile("a.png", PNG)
        )
    settings.LIBRARY_ALLOW_IMAGES = True
    services.attachment_add(actor=member, item=published, upload=SimpleUploadedFile("a.png", PNG))


def test_html_and_svg_are_refused(published, member):
    for name, data in (("x.html", b"<html><script>1</script>"), ("x.svg", b"<svg/>")):
        with pytest.raises(ValidationError):
            services.attachment_add(
                actor=member, item=published, upload=SimpleUploadedFile(name, data)
            )


def test_a_blocked_file_on_the_form_stores_nothing(client_for, member, community):
    before = LibraryItem.objects.count()
    response = client_for(member).post(
        reverse("library:new", args=["resource"]),
        {
            "title": "Referral template",
            "summary": "A template.",
            "file": SimpleUploadedFile("t.pdf", _pdf(f"NHS {NHS_NUMBER}")),
        },
    )
    assert response.status_code == 200
    assert LibraryItem.objects.count() == before and not ItemAttachment.objects.exists()


def test_link_check_marks_dead_links(monkeypatch, member, settings):
    settings.LIBRARY_REVIEW_REQUIRED = False
    answers = {
        "https://example.org/ok": 200,
        "https://example.org/gone": 404,
        "https://example.org/down": None,
    }
    monkeypatch.setattr(linkcheck, "fetch_status", lambda url: answers[url])
    items = {}
    for url in answers:
        item = services.item_create(
            actor=member, kind="resource", title=f"Guide {url[-4:]}", summary="A guide.", url=url
        )
        services.item_submit(actor=member, item=item)
        items[url] = item
    counts = services.links_check()
    assert counts == {"ok": 1, "dead": 2}
    statuses = {u: LibraryItem.objects.get(pk=i.pk).link_status for u, i in items.items()}
    assert statuses == {
        "https://example.org/ok": LinkStatus.OK,
        "https://example.org/gone": LinkStatus.DEAD,
        "https://example.org/down": LinkStatus.DEAD,
    }


def test_scheduled_jobs_are_registered():
    from practice_commons.notifications.scheduler import _registered_jobs

    assert {"library-link-check", "library-review-reminders"} <= set(_registered_jobs)
