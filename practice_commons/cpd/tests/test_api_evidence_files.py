"""``POST /api/v1/cpd/records/{record_id}/evidence/file``: a file as evidence, sent as
``multipart/form-data``, checked exactly as on the record's page (type from the bytes,
size, the guard over the label, the file's name and its text); nothing is stored on a
refusal, and nobody but the record's owner reaches it."""

import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from practice_commons.accounts.tests.factories import (
    HostAdminFactory,
    OrgAdminFactory,
    UserFactory,
)
from practice_commons.confidentiality.testing import IDENTIFYING_TEXT, NAME, make_pdf
from practice_commons.cpd.models import Evidence
from practice_commons_client import ApiError
from practice_commons_client import Client as ApiClient
from practice_commons_client.testing import DjangoTestTransport

pytestmark = pytest.mark.django_db

BASE = "/api/v1/cpd"
PDF = make_pdf("Certificate of attendance: joint safeguarding training.")


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "private"


@pytest.fixture
def record(social_worker, make_record):
    return make_record(social_worker, title="Joint training", final=True)


def token_for(user, scope: str) -> str:
    out = io.StringIO()
    call_command("create_api_token", user.email, "--scope", scope, stdout=out)
    return out.getvalue().strip()


def stored_files(root) -> list[str]:
    return [name for _dir, _subdirs, files in os.walk(root) for name in files]


def upload(api, record, *, label="Certificate", name="certificate.pdf", content=PDF, **extra):
    data = {"label": label, "file": SimpleUploadedFile(name, content), **extra}
    return api.post(f"{BASE}/records/{record.pk}/evidence/file", data)


def test_the_owner_adds_a_file_through_the_typed_client_and_downloads_it_on_the_page(
    social_worker, record, private_root
):
    client = ApiClient(token_for(social_worker, "write"), transport=DjangoTestTransport())

    added = client.more_evidence_file_add(
        record.pk,
        form={"label": "Certificate", "confidentiality_acknowledged": False},
        files={"file": ("certificate.pdf", PDF, "application/pdf")},
    )

    assert added["kind"] == "file" and added["label"] == "Certificate"
    evidence = Evidence.objects.get(pk=added["id"])
    assert evidence.record == record and evidence.file_name == "certificate.pdf"
    assert len(stored_files(private_root)) == 1
    page = Client()
    page.force_login(social_worker)
    download = page.get(f"/cpd/{record.pk}/evidence/{evidence.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    listed = client.record_read(record.pk)["evidence"]
    assert [e["id"] for e in listed] == [evidence.pk]


@pytest.mark.parametrize(
    "name, content, field",
    [
        ("notes.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "file"),
        ("run.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00", "file"),
        ("empty.pdf", b"", "file"),
    ],
)
def test_a_file_that_is_not_what_it_says_is_400_and_nothing_is_stored(
    api_client_for, social_worker, record, private_root, name, content, field
):
    refused = upload(api_client_for(social_worker), record, name=name, content=content)

    assert refused.status_code == 400, refused.content
    assert field in refused.json()["detail"]
    assert not Evidence.objects.exists() and stored_files(private_root) == []


def test_a_file_over_the_size_limit_is_400(
    api_client_for, social_worker, record, private_root, settings
):
    settings.UPLOAD_MAX_BYTES = {**settings.UPLOAD_MAX_BYTES, "attachment": len(PDF) - 1}
    refused = upload(api_client_for(social_worker), record)
    assert refused.status_code == 400 and "file" in refused.json()["detail"]
    assert not Evidence.objects.exists() and stored_files(private_root) == []


@pytest.mark.parametrize("where", ["the file's text", "the label"])
def test_identifying_text_in_the_file_or_label_is_422_and_nothing_is_stored(
    api_client_for, social_worker, record, private_root, where
):
    api = api_client_for(social_worker)
    if where == "the label":
        refused = upload(api, record, label=IDENTIFYING_TEXT[:200])
    else:
        refused = upload(api, record, content=make_pdf(IDENTIFYING_TEXT))

    assert refused.status_code == 422, refused.content
    body = refused.json()
    assert body["blocking"] is True and body["findings"]
    assert NAME not in refused.content.decode()
    assert not Evidence.objects.exists() and stored_files(private_root) == []


def test_a_request_without_a_file_or_label_is_refused_with_the_field_named(
    api_client_for, social_worker, record
):
    api = api_client_for(social_worker)
    no_file = api.post(f"{BASE}/records/{record.pk}/evidence/file", {"label": "Certificate"})
    no_label = api.post(
        f"{BASE}/records/{record.pk}/evidence/file",
        {"file": SimpleUploadedFile("c.pdf", PDF)},
    )
    for response, field in ((no_file, "file"), (no_label, "label")):
        assert response.status_code == 422, response.content
        assert field in str(response.json()["error"]["fields"])
    assert not Evidence.objects.exists()


def test_nobody_else_adds_a_file_to_a_record(api_client_for, social_worker, record, private_root):
    others = {
        "other member": UserFactory(),
        "organisation admin": OrgAdminFactory(organisation=social_worker.organisation),
        "host admin": HostAdminFactory(),
    }
    for role, user in others.items():
        assert upload(api_client_for(user), record).status_code == 404, role
    signed_out = Client().post(
        f"{BASE}/records/{record.pk}/evidence/file",
        {"label": "Certificate", "file": SimpleUploadedFile("c.pdf", PDF)},
    )
    assert signed_out.status_code == 401
    reader = ApiClient(token_for(social_worker, "read"), transport=DjangoTestTransport())
    with pytest.raises(ApiError) as refused:
        reader.more_evidence_file_add(
            record.pk,
            form={"label": "Certificate"},
            files={"file": ("c.pdf", PDF, "application/pdf")},
        )
    assert refused.value.status == 403
    assert not Evidence.objects.exists() and stored_files(private_root) == []


def test_a_label_with_a_nul_character_is_400_naming_it(api_client_for, social_worker, record):
    refused = upload(api_client_for(social_worker), record, label="Slides\x00")
    assert refused.status_code == 400 and "NUL" in refused.json()["detail"]
    assert not Evidence.objects.exists()
