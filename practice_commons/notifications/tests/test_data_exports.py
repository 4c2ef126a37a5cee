"""A person is told when their data archive is ready, once, with the download link;
old archives are deleted by a daily scheduled job."""

import pytest
from django.urls import reverse

from practice_commons.accounts import services as account_services
from practice_commons.accounts.tests.factories import UserFactory
from practice_commons.notifications import scheduler
from practice_commons.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def test_the_person_is_told_once_with_the_link(django_capture_on_commit_callbacks):
    person = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        export = account_services.personal_data_export_request(actor=person)
    note = Notification.objects.get(recipient=person, kind="personal_data")
    assert note.url == reverse("accounts:personal_data_download", kwargs={"export_id": export.pk})
    assert note.title == "Your data is ready to download"
    assert "7 days" in note.body
    with django_capture_on_commit_callbacks(execute=True):
        account_services.personal_data_export_build(export_id=export.pk)
    assert Notification.objects.filter(recipient=person, kind="personal_data").count() == 1
    assert not Notification.objects.exclude(recipient=person).exists()


def test_the_cleanup_is_a_daily_scheduled_job():
    jobs = {job_id: trigger for job_id, _enqueue, trigger in scheduler.schedule()}
    assert "personal-data-export-expiry" in jobs
    assert "hour='1'" in str(jobs["personal-data-export-expiry"])
