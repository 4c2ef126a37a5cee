"""Every attachment upload (CPD evidence, library item files, discussion attachments) is
checked by its bytes and against the ``attachment`` size limit (settings.UPLOAD_MAX_BYTES);
a refused file leaves nothing stored, neither a row nor a file."""

import os
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from practice_commons.accounts.tests.factories import UserFactory
from practice_commons.communities.tests.factories import add_member, make_community
from practice_commons.confidentiality.testing import make_pdf
from practice_commons.cpd import services as cpd_services
from practice_commons.cpd.models import Evidence
from practice_commons.discussions import services as discussion_services
from practice_commons.discussions.models import Attachment
from practice_commons.library import services as library_services
from practice_commons.library.models import ItemAttachment

pytestmark = pytest.mark.django_db

PDF = make_pdf("Agenda for the team meeting.")
HTML_AS_PDF = b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>"
SVG_AS_PDF = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
EXE_AS_PDF = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00"


@pytest.fixture(autouse=True)
def _private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "private"


def stored_files(root) -> list[str]:
    return [f for _dirs, _subdirs, files in os.walk(root) for f in files]


def add_cpd_evidence(upload):
    person = UserFactory()
    record = cpd_services.record_create(
        actor=person,
        data={
            "title": "Training",
            "activity_type": "training",
            "date": timezone.localdate(),
            "hours": Decimal("3"),
        },
    )
    return cpd_services.evidence_add(actor=person, record=record, label="Slides", upload=upload)


def add_library_file(upload):
    person = UserFactory()
    item = library_services.item_create(
        actor=person,
        kind="practice_example",
        community=None,
        title="A forum",
        summary="A monthly forum.",
        what_was_done="A 90-minute online forum each month.",
        outcomes="Plans moved to review sooner.",
    )
    return library_services.attachment_add(actor=person, item=item, upload=upload)


def add_discussion_attachment(upload):
    community = make_community()
    person = UserFactory()
    add_member(community, person)
    thread = discussion_services.thread_create(
        actor=person, community=community, kind="growing_confidence", title="Q", body="Body"
    )
    reply = discussion_services.thread_reply(
        actor=person, thread=thread, body="A reply", attachments=[upload]
    )
    return reply.attachments.get()


UPLOADS = {
    "cpd evidence": (add_cpd_evidence, Evidence.objects.exclude(file="")),
    "library file": (add_library_file, ItemAttachment.objects.all()),
    "discussion attachment": (add_discussion_attachment, Attachment.objects.all()),
}


@pytest.mark.parametrize("kind", UPLOADS)
def test_a_real_pdf_is_stored(kind, _private_root):
    add, rows = UPLOADS[kind]
    add(SimpleUploadedFile("notes.pdf", PDF))
    assert rows.count() == 1
    assert len(stored_files(_private_root)) == 1


@pytest.mark.parametrize("content", [HTML_AS_PDF, SVG_AS_PDF, EXE_AS_PDF])
@pytest.mark.parametrize("kind", UPLOADS)
def test_other_content_named_pdf_is_refused_and_nothing_stored(kind, content, _private_root):
    add, rows = UPLOADS[kind]
    with pytest.raises(ValidationError, match="not a file type we accept"):
        add(SimpleUploadedFile("notes.pdf", content))
    assert not rows.exists()
    assert stored_files(_private_root) == []


@pytest.mark.parametrize("kind", UPLOADS)
def test_over_the_size_limit_is_refused_and_nothing_stored(kind, settings, _private_root):
    settings.UPLOAD_MAX_BYTES = {"attachment": len(PDF) - 1}
    add, rows = UPLOADS[kind]
    with pytest.raises(ValidationError, match="is larger than"):
        add(SimpleUploadedFile("notes.pdf", PDF))
    assert not rows.exists()
    assert stored_files(_private_root) == []
