"""The retention rules' jobs: old notifications and audit entries go at the configured
age; an account nobody signs in to is warned once, then deleted only after the warning
has had its time, and not at all if its owner signs in or something still holds it."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from practice_commons.accounts.models import AuditEvent, OrganisationMembership
from practice_commons.accounts.services import audit_record
from practice_commons.accounts.tests.factories import OrganisationFactory, UserFactory
from practice_commons.notifications import retention, scheduler
from practice_commons.notifications.kinds import NotificationKind
from practice_commons.notifications.models import Notification

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def rules(settings):
    settings.NOTIFICATION_RETENTION_DAYS = 30
    settings.AUDIT_RETENTION_DAYS = 100
    settings.INACTIVE_ACCOUNT_DAYS = 1000
    settings.INACTIVE_ACCOUNT_WARNING_DAYS = 30


def _aged(model, days, **fields):
    row = model.objects.create(**fields)
    model.objects.filter(pk=row.pk).update(created_at=timezone.now() - days * DAY)
    return row


def test_notifications_older_than_the_rule_go_and_younger_ones_stay():
    person = UserFactory()
    old = _aged(Notification, 31, recipient=person, kind="reply", title="Old")
    young = _aged(Notification, 29, recipient=person, kind="reply", title="Young")
    assert retention.purge_old_notifications.call() == 1
    assert list(Notification.objects.values_list("pk", flat=True)) == [young.pk]
    assert not Notification.objects.filter(pk=old.pk).exists()


def test_audit_entries_older_than_the_rule_go_and_younger_ones_stay():
    # The trail is append-only: an old entry is made old, not aged afterwards.
    AuditEvent.objects.create(action="test.old", created_at=timezone.now() - 101 * DAY)
    kept = audit_record(actor=None, action="test.young")
    assert retention.purge_old_audit_entries.call() == 1
    assert list(AuditEvent.objects.values_list("pk", flat=True)) == [kept.pk]


def _idle(days, **kwargs):
    person = UserFactory(**kwargs)
    get_user_model().objects.filter(pk=person.pk).update(
        last_login=timezone.now() - days * DAY, date_joined=timezone.now() - 2000 * DAY
    )
    person.refresh_from_db()
    return person


def test_an_idle_account_is_warned_once_by_email(django_capture_on_commit_callbacks):
    idle = _idle(975, email="idle@riverside.example")
    _idle(960)  # not yet due a warning
    with django_capture_on_commit_callbacks(execute=True):
        assert retention.warn_inactive_accounts() == 1
    assert retention.warn_inactive_accounts() == 0  # once per idle spell
    warning = Notification.objects.get(kind=NotificationKind.ACCOUNT)
    assert warning.recipient == idle and "will be deleted on" in warning.title
    assert [m.to for m in mail.outbox] == [["idle@riverside.example"]]


def test_an_idle_account_goes_only_once_its_warning_has_had_its_time():
    idle = _idle(1001)
    assert retention.erase_inactive_accounts() == 0  # never warned: not deleted
    retention.warn_inactive_accounts()
    assert retention.erase_inactive_accounts() == 0  # warned today: not yet
    Notification.objects.filter(recipient=idle).update(created_at=timezone.now() - 31 * DAY)
    assert retention.erase_inactive_accounts() == 1
    assert not get_user_model().objects.filter(pk=idle.pk).exists()
    entry = AuditEvent.objects.get(action="account.erase")
    assert entry.reason == "inactive" and entry.target_id == str(idle.pk)


def test_signing_in_starts_a_new_spell():
    idle = _idle(1001)
    retention.warn_inactive_accounts()
    Notification.objects.filter(recipient=idle).update(created_at=timezone.now() - 31 * DAY)
    get_user_model().objects.filter(pk=idle.pk).update(last_login=timezone.now())
    assert retention.erase_inactive_accounts() == 0
    assert get_user_model().objects.filter(pk=idle.pk).exists()


def test_an_idle_account_something_still_holds_stays_and_the_trail_says_so():
    organisation = OrganisationFactory()
    idle = _idle(1001, organisation=organisation, org_role=OrganisationMembership.Role.ADMIN)
    retention.warn_inactive_accounts()
    Notification.objects.filter(recipient=idle).update(created_at=timezone.now() - 31 * DAY)
    assert retention.erase_inactive_accounts() == 0
    assert get_user_model().objects.filter(pk=idle.pk).exists()
    assert AuditEvent.objects.filter(action="account.retention_blocked").exists()


def test_the_rules_are_scheduled_daily():
    jobs = {job_id for job_id, _func, _trigger in scheduler.schedule()}
    for job_id in ("retention-notifications", "retention-audit", "retention-inactive-accounts"):
        assert job_id in jobs
