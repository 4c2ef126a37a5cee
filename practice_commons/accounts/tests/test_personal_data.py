"""Download your data: the request, the background build, the download (owner only,
as an attachment), one request at a time, expiry, and ``manage.py export_personal_data``.
What the archive holds from every app is tested in
``tests/integration/test_personal_data_export.py``."""

import io
import json
import os
import stat
import zipfile
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from practice_commons.accounts import services, signals
from practice_commons.accounts.models import AuditEvent, ExportStatus, PersonalDataExport
from practice_commons.core.errors import Conflict

from .factories import HostAdminFactory, OrgAdminFactory, UserFactory

pytestmark = pytest.mark.django_db

REQUEST_URL = reverse("accounts:personal_data_request")


def download_url(export) -> str:
    return reverse("accounts:personal_data_download", kwargs={"export_id": export.pk})


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def person(db):
    return UserFactory(full_name="Dana Download", email="dana@example.org")


@pytest.fixture
def ready(person, django_capture_on_commit_callbacks):
    """A built archive of ``person`` (the task runs on commit, immediate backend)."""
    with django_capture_on_commit_callbacks(execute=True):
        export = services.personal_data_export_request(actor=person)
    export.refresh_from_db()
    assert export.status == ExportStatus.READY
    return export


def test_the_profile_page_offers_the_download(client, person):
    client.force_login(person)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "Download your data" in page
    assert "Request a copy of your data" in page
    assert f'action="{REQUEST_URL}"' in page


def test_the_owner_requests_is_notified_and_downloads(
    client, person, django_capture_on_commit_callbacks
):
    told = []

    def receiver(sender, **ids):
        told.append(ids)

    signals.personal_data_export_ready.connect(receiver)
    client.force_login(person)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(REQUEST_URL)
    finally:
        signals.personal_data_export_ready.disconnect(receiver)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile") + "#your-data"
    export = PersonalDataExport.objects.get(user=person)
    assert export.status == ExportStatus.READY
    assert export.expires_at - export.finished_at == timedelta(days=7)
    assert stat.S_IMODE(os.stat(export.file.path).st_mode) == 0o600

    # Told once it is ready (notifications records the notification with the link).
    assert told == [
        {"signal": signals.personal_data_export_ready, "export_id": export.pk, "user_id": person.pk}
    ]

    # The profile now links the archive.
    page = client.get(reverse("accounts:profile")).content.decode()
    assert download_url(export) in page

    response = client.get(download_url(export))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert ".zip" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/zip"
    assert "no-store" in response["Cache-Control"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    data = json.loads(archive.read("personal-data.json"))
    assert data["person"]["email"] == "dana@example.org"
    assert data["accounts"]["profile"]["full_name"] == "Dana Download"
    assert {"generated_at", "format_version", "person"} <= set(data)
    assert AuditEvent.objects.filter(actor=person, action="personal_data.request").exists()


def test_one_request_in_progress_per_person(client, person):
    # Without running the on-commit callbacks the first request stays in progress.
    first = services.personal_data_export_request(actor=person)
    with pytest.raises(Conflict):
        services.personal_data_export_request(actor=person)
    client.force_login(person)
    response = client.post(REQUEST_URL, follow=True)
    assert "already being prepared" in response.content.decode()
    assert list(PersonalDataExport.objects.filter(user=person)) == [first]
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "Request a copy of your data" not in page
    assert "being prepared" in page


def test_once_ready_the_person_may_ask_again(person, ready, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        again = services.personal_data_export_request(actor=person)
    assert again.pk != ready.pk


def test_building_twice_changes_nothing(ready, django_capture_on_commit_callbacks):
    name = ready.file.name
    with django_capture_on_commit_callbacks() as callbacks:
        assert services.personal_data_export_build(export_id=ready.pk) == ExportStatus.READY
    assert callbacks == []  # nobody is told twice
    ready.refresh_from_db()
    assert ready.file.name == name


def test_visitors_are_sent_to_sign_in(client, ready):
    login = reverse("account_login")
    response = client.get(download_url(ready))
    assert response.status_code == 302 and response["Location"].startswith(login)
    response = client.post(REQUEST_URL)
    assert response.status_code == 302 and response["Location"].startswith(login)
    assert PersonalDataExport.objects.count() == 1


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda owner: UserFactory(), id="another member"),
        pytest.param(
            lambda owner: OrgAdminFactory(organisation=owner.organisation),
            id="their organisation's admin",
        ),
        pytest.param(lambda owner: HostAdminFactory(), id="host admin"),
    ],
)
def test_nobody_else_may_download_it(client, ready, make):
    client.force_login(make(ready.user))
    assert client.get(download_url(ready)).status_code == 404


def test_requesting_is_a_post(client, person):
    client.force_login(person)
    assert client.get(REQUEST_URL).status_code == 405
    assert not PersonalDataExport.objects.exists()


def test_an_expired_archive_is_not_served_and_is_deleted(client, ready):
    path = ready.file.path
    client.force_login(ready.user)
    PersonalDataExport.objects.filter(pk=ready.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    assert client.get(download_url(ready)).status_code == 404

    assert services.personal_data_exports_expire() == 1
    ready.refresh_from_db()
    assert ready.status == ExportStatus.EXPIRED and not ready.file
    assert not os.path.exists(path)
    assert services.personal_data_exports_expire() == 0  # idempotent


def test_a_fresh_archive_survives_the_cleanup(ready):
    assert services.personal_data_exports_expire() == 0
    ready.refresh_from_db()
    assert ready.status == ExportStatus.READY and os.path.exists(ready.file.path)
    # Seven days on, it goes.
    assert (
        services.personal_data_exports_expire(now=timezone.now() + timedelta(days=7, seconds=1))
        == 1
    )


def test_a_request_stuck_in_progress_is_released_after_a_day(person):
    export = services.personal_data_export_request(actor=person)
    services.personal_data_exports_expire(now=timezone.now() + timedelta(days=1, minutes=1))
    export.refresh_from_db()
    assert export.status == ExportStatus.FAILED
    services.personal_data_export_request(actor=person)  # may ask again


def test_the_command_writes_the_archive(person, tmp_path):
    out = io.StringIO()
    target = tmp_path / "dana.zip"
    call_command("export_personal_data", "DANA@example.org", "--output", str(target), stdout=out)
    assert "dana@example.org" in out.getvalue()
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    with zipfile.ZipFile(target) as archive:
        data = json.loads(archive.read("personal-data.json"))
    assert data["person"]["email"] == "dana@example.org"
    assert "accounts" in data and "cpd" in data


def test_the_command_refuses_an_unknown_email(person, tmp_path):
    target = tmp_path / "nobody.zip"
    with pytest.raises(CommandError, match="No account has the email address 'nobody@example.org'"):
        call_command("export_personal_data", "nobody@example.org", "--output", str(target))
    assert not target.exists()


def test_the_command_needs_an_output(person):
    with pytest.raises(CommandError, match="--output"):
        call_command("export_personal_data", "dana@example.org")


def test_from_the_command_line_an_unknown_email_exits_non_zero(
    person, tmp_path, capsys, monkeypatch
):
    from django.core.management import base

    from practice_commons.accounts.management.commands.export_personal_data import Command

    # run_from_argv closes the database connections when it ends; the test still needs its.
    monkeypatch.setattr(base.connections, "close_all", lambda: None)
    target = tmp_path / "nobody.zip"
    argv = ["manage.py", "export_personal_data", "nobody@example.org", "--output", str(target)]
    with pytest.raises(SystemExit) as exited:
        Command().run_from_argv(argv)
    assert exited.value.code == 1
    assert "No account has the email address 'nobody@example.org'." in capsys.readouterr().err
    assert not target.exists()
