"""Files in S3-compatible object storage (several web nodes share nothing on disk),
against a local S3 server started by the test (moto's server mode on 127.0.0.1): a CPD
evidence file uploaded through the page lands in the bucket's private prefix, comes back
only through the permission-checked download, has no URL, and goes with an erased
account. Without ``AWS_STORAGE_BUCKET_NAME`` the embedded mode keeps local folders."""

import urllib.request
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from config.object_storage import object_storages
from practice_commons.accounts import services as account_services
from practice_commons.accounts.tests.factories import UserFactory
from practice_commons.confidentiality.testing import make_pdf
from practice_commons.core.storage import PrivateFileStorage, PrivateStorage
from practice_commons.cpd import services as cpd_services
from practice_commons.cpd.models import Evidence

pytestmark = pytest.mark.django_db

BUCKET = "practice-commons-test"
PDF = make_pdf("Certificate of attendance: joint training on neglect.")


@pytest.fixture
def s3(settings, monkeypatch):
    """A bucket on a moto S3 server on the loopback; the site's storages point at it."""
    boto3 = pytest.importorskip("boto3")
    moto_server = pytest.importorskip("moto.server")
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "eu-west-2",
    }.items():
        monkeypatch.setenv(name, value)
    # moto keeps its buckets in the process between servers: start from none.
    urllib.request.urlopen(urllib.request.Request(f"{endpoint}/moto-api/reset", method="POST"))  # noqa: S310
    client = boto3.client("s3", endpoint_url=endpoint, region_name="eu-west-2")
    client.create_bucket(
        Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"}
    )
    settings.STORAGES = {
        **settings.STORAGES,
        **object_storages(bucket=BUCKET, endpoint_url=endpoint, region="eu-west-2"),
    }
    yield client
    server.stop()


def keys(client) -> list[str]:
    return [o["Key"] for o in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


def upload_evidence(person) -> Evidence:
    record = cpd_services.record_create(
        actor=person,
        data={
            "title": "Joint training",
            "activity_type": "training",
            "date": timezone.localdate(),
            "hours": Decimal("3"),
        },
    )
    page = Client()
    page.force_login(person)
    response = page.post(
        reverse("cpd:evidence_add", args=[record.pk]),
        {"label": "Certificate", "url": "", "file": SimpleUploadedFile("cert.pdf", PDF)},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return Evidence.objects.get(record=record)


def test_an_upload_lands_in_the_private_prefix_and_comes_back_only_to_its_owner(s3):
    owner, other = UserFactory(), UserFactory()
    evidence = upload_evidence(owner)
    (key,) = keys(s3)
    assert key.startswith("private/") and key == f"private/{evidence.file.name}"
    assert s3.get_object(Bucket=BUCKET, Key=key)["Body"].read() == PDF
    grants = s3.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
    assert not [g for g in grants if "AllUsers" in g["Grantee"].get("URI", "")]

    url = reverse("cpd:evidence_download", args=[evidence.record_id, evidence.pk])
    mine = Client()
    mine.force_login(owner)
    response = mine.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment")
    theirs = Client()
    theirs.force_login(other)
    assert theirs.get(url).status_code == 404
    with pytest.raises(ValueError, match="no public URL"):
        evidence.file.url  # noqa: B018 - the property itself must refuse


def test_erasing_the_account_deletes_the_object(s3, django_capture_on_commit_callbacks):
    owner = UserFactory()
    upload_evidence(owner)
    assert len(keys(s3)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        account_services.account_erase(actor=owner, person=owner, confirm_email=owner.email)
    assert keys(s3) == []


def test_public_media_goes_to_its_own_prefix_with_signed_urls(s3):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    name = default_storage.save("logos/riverside.txt", ContentFile(b"logo"))
    assert f"public/{name}" in keys(s3)
    url = default_storage.url(name)
    assert "Signature=" in url or "X-Amz-Signature=" in url


def test_the_embedded_mode_keeps_local_folders(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    assert "private" not in settings.STORAGES
    from practice_commons.core.storage import _backend

    assert isinstance(_backend(), PrivateFileStorage)
    stored = PrivateStorage().save("notes/a.txt", SimpleUploadedFile("a.txt", b"x"))
    assert (tmp_path / "private" / stored).read_bytes() == b"x"
