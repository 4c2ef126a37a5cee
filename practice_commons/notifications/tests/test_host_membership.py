"""People are told when the host's register grants, ends or expires their membership, or
declines their claim (``notifications/host_membership.py``), and the expiry runs daily."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from practice_commons.accounts import services as account_services
from practice_commons.accounts.models import HostMembership, User
from practice_commons.accounts.tests.factories import HostAdminFactory, UserFactory
from practice_commons.notifications import host_membership, scheduler
from practice_commons.notifications.kinds import NotificationKind
from practice_commons.notifications.models import Notification

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
NON_MEMBER = HostMembership.NON_MEMBER


def told(person) -> list[str]:
    return list(
        Notification.objects.filter(
            recipient=person, kind=NotificationKind.HOST_MEMBERSHIP
        ).values_list("title", flat=True)
    )


@pytest.fixture
def admin():
    return HostAdminFactory()


def test_granted(admin, run_on_commit):
    person = UserFactory(host_membership=NON_MEMBER)
    with run_on_commit():
        account_services.host_membership_grant(actor=admin, user=person)
    assert told(person) == ["Your host membership is confirmed"]
    note = Notification.objects.get(recipient=person)
    assert note.url == "/profile/" and note.actor == admin


def test_ended_and_declined(admin, run_on_commit):
    member = UserFactory()
    claimant = UserFactory(host_membership=NON_MEMBER)
    claim = account_services.host_membership_claim(actor=claimant, number="CAPA-404")
    with run_on_commit():
        account_services.host_membership_end(
            actor=admin, record=member.host_membership_records.get(), reason="Resigned"
        )
        account_services.host_membership_claim_decide(
            actor=admin, claim=claim, approve=False, reason="Not on our list"
        )
    assert told(member) == ["Your host membership has ended"]
    assert told(claimant) == ["Your membership claim was not approved"]
    # The reason is for the register's history, not the message.
    assert not Notification.objects.filter(body__contains="Not on our list").exists()


def test_not_told_of_an_end_while_another_row_keeps_them_a_member(admin, run_on_commit):
    person = UserFactory()
    extra = account_services.host_membership_grant(actor=admin, user=person, number="CAPA-2")
    with run_on_commit():
        account_services.host_membership_end(actor=admin, record=extra, reason="Duplicate")
    assert "Your host membership has ended" not in told(person)


def test_not_told_of_what_they_did_themselves(admin, run_on_commit):
    account_services.host_membership_grant(actor=admin, number="CAPA-3")
    person = UserFactory(host_membership=NON_MEMBER)
    with run_on_commit():
        account_services.host_membership_claim(actor=person, number="CAPA-3")
    assert User.objects.get(pk=person.pk).is_host_member
    assert told(person) == []


def test_expiry_runs_without_anyone_acting_and_tells_the_person(admin, run_on_commit):
    person = UserFactory(host_membership=NON_MEMBER)
    today = timezone.localdate()
    account_services.host_membership_grant(
        actor=admin,
        user=person,
        valid_from=today - datetime.timedelta(days=365),
        valid_until=today - datetime.timedelta(days=1),
    )
    with run_on_commit():
        assert host_membership.expire_host_memberships.call() == 1
    assert told(person)[-1] == "Your host membership has expired"
    with run_on_commit():
        assert host_membership.expire_host_memberships.call() == 0
    assert told(person).count("Your host membership has expired") == 1


def test_expiry_is_scheduled_daily():
    jobs = {job_id: (func, trigger) for job_id, func, trigger in scheduler.schedule()}
    func, trigger = jobs["host-membership-expiry"]
    assert func == host_membership.expire_host_memberships.enqueue
    noon = datetime.datetime(2025, 7, 1, 12, 0, tzinfo=LONDON)
    assert trigger.get_next_fire_time(None, noon) == datetime.datetime(
        2025, 7, 2, 0, 30, tzinfo=LONDON
    )
