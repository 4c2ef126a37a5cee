"""Importing the host's membership list from CSV (``services/register_import.py``)."""

import datetime
import io

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone

from practice_commons.accounts import services, signals
from practice_commons.accounts.models import (
    AuditEvent,
    HostMembership,
    HostMembershipClaim,
    HostMembershipRecord,
    User,
)

from .factories import UserFactory

pytestmark = pytest.mark.django_db

NON_MEMBER = HostMembership.NON_MEMBER


def register_snapshot():
    return list(
        HostMembershipRecord.objects.order_by("pk").values_list(
            "pk", "email", "number", "valid_from", "valid_until", "user_id", "ended_at"
        )
    )


def csv_of(*rows, header="email,membership_number,valid_from,valid_until"):
    return "\n".join([header, *rows]) + "\n"


GOOD = csv_of(
    "sam.jones@example.org,CAPA-0001,2026-04-01,2027-03-31",
    "ali@example.org,capa 0002,01/04/2026,",
    ",CAPA-0003,2026-04-01,",
    "no.number@example.org,,2026-04-01,",
)


class TestImport:
    def test_creates_rows_and_matches_verified_addresses(
        self, host_admin, django_capture_on_commit_callbacks
    ):
        sam = UserFactory(host_membership=NON_MEMBER, email="sam.jones@example.org")
        ali = UserFactory(host_membership=NON_MEMBER, email="ali@example.org", verified=False)
        told = []
        signals.host_membership_granted.connect(
            lambda sender, **kw: told.append(kw["user_id"]), dispatch_uid="test-import", weak=False
        )
        try:
            with django_capture_on_commit_callbacks(execute=True):
                result = services.host_membership_import(actor=host_admin, csv_file=GOOD)
        finally:
            signals.host_membership_granted.disconnect(dispatch_uid="test-import")
        assert result.ok and result.written
        assert (result.rows, result.created, result.updated, result.unchanged, result.matched) == (
            4,
            4,
            0,
            0,
            1,
        )
        rows = {
            r.number or r.email: r for r in HostMembershipRecord.objects.filter(source="import")
        }
        assert set(rows) == {"CAPA-0001", "CAPA0002", "CAPA-0003", "no.number@example.org"}
        assert rows["CAPA-0001"].user == sam
        assert rows["CAPA-0001"].valid_until == datetime.date(2027, 3, 31)
        assert rows["CAPA0002"].valid_from == datetime.date(2026, 4, 1)
        assert rows["CAPA0002"].user is None  # ali has not verified the address
        assert rows["CAPA-0001"].granted_by == host_admin
        assert User.objects.get(pk=sam.pk).is_host_member
        assert not User.objects.get(pk=ali.pk).is_host_member
        assert told == [sam.pk]
        event = AuditEvent.objects.get(action="host_membership.import")
        assert event.actor == host_admin
        assert event.data["created"] == 4 and len(event.data["sha256"]) == 64

    def test_the_same_file_twice_changes_nothing(self, host_admin):
        UserFactory(host_membership=NON_MEMBER, email="sam.jones@example.org")
        services.host_membership_import(actor=host_admin, csv_file=GOOD)
        before, audits = register_snapshot(), AuditEvent.objects.count()
        again = services.host_membership_import(actor=host_admin, csv_file=GOOD.encode())
        assert again.ok and not again.written
        assert (again.created, again.updated, again.unchanged, again.matched) == (0, 0, 4, 0)
        assert register_snapshot() == before
        assert AuditEvent.objects.count() == audits

    def test_a_changed_date_updates_the_row_and_records_the_old_one(self, host_admin):
        services.host_membership_import(actor=host_admin, csv_file=GOOD)
        renewed = GOOD.replace("2026-04-01,2027-03-31", "2026-04-01,2028-03-31")
        result = services.host_membership_import(actor=host_admin, csv_file=renewed)
        assert (result.created, result.updated, result.unchanged) == (0, 1, 3)
        row = HostMembershipRecord.objects.get(number="CAPA-0001")
        assert row.valid_until == datetime.date(2028, 3, 31)
        event = AuditEvent.objects.filter(action="host_membership.import").first()
        assert event.data["before"] == [
            {"id": row.pk, "valid_from": "2026-04-01", "valid_until": "2027-03-31"}
        ]

    def test_an_address_row_takes_a_number_later(self, host_admin):
        services.host_membership_import(
            actor=host_admin, csv_file=csv_of("kim@example.org,,2026-04-01,")
        )
        result = services.host_membership_import(
            actor=host_admin, csv_file=csv_of("kim@example.org,CAPA-9,2026-04-01,")
        )
        assert (result.created, result.updated) == (0, 1)
        assert HostMembershipRecord.objects.get(email="kim@example.org").number == "CAPA-9"

    def test_a_person_who_verified_since_is_matched_by_the_next_import(self, host_admin):
        services.host_membership_import(actor=host_admin, csv_file=GOOD)
        ali = UserFactory(host_membership=NON_MEMBER, email="ali@example.org")
        pending = HostMembershipClaim.objects.create(user=ali, number="CAPA0002")
        result = services.host_membership_import(actor=host_admin, csv_file=GOOD)
        assert (result.updated, result.matched) == (1, 1)
        assert User.objects.get(pk=ali.pk).is_host_member
        pending.refresh_from_db()
        assert pending.status == "approved"

    def test_a_file_object_and_a_byte_order_mark(self, host_admin):
        upload = io.BytesIO(("\ufeff" + csv_of("bom@example.org,,2026-04-01,")).encode())
        result = services.host_membership_import(actor=host_admin, csv_file=upload)
        assert result.written
        assert HostMembershipRecord.objects.filter(email="bom@example.org").exists()

    def test_check_only_writes_nothing(self, host_admin):
        result = services.host_membership_import(actor=host_admin, csv_file=GOOD, dry_run=True)
        assert result.ok and result.dry_run and not result.written
        assert result.created == 4
        assert not HostMembershipRecord.objects.filter(source="import").exists()
        assert not AuditEvent.objects.filter(action="host_membership.import").exists()

    def test_column_names_are_forgiving(self, host_admin):
        text = csv_of(
            "x@example.org,CAPA-1,2026-04-01,extra",
            header="Email address,Membership Number,Valid-From,Notes",
        )
        result = services.host_membership_import(actor=host_admin, csv_file=text)
        assert result.written
        assert HostMembershipRecord.objects.get(number="CAPA-1").valid_until is None


class TestBadFiles:
    """Every problem is reported with its row; nothing is written if any row is wrong."""

    def messages(self, host_admin, text):
        before = register_snapshot()
        result = services.host_membership_import(actor=host_admin, csv_file=text)
        assert not result.ok and not result.written
        assert register_snapshot() == before
        assert not AuditEvent.objects.filter(action="host_membership.import").exists()
        return [str(e) for e in result.errors]

    def test_every_bad_row_is_listed(self, host_admin):
        text = csv_of(
            "good@example.org,CAPA-1,2026-04-01,",
            ",,2026-04-01,",
            "bob@,CAPA-2,2026-04-01,",
            "c@example.org,AB#3,2026-04-01,",
            "d@example.org,CAPA-4,,",
            "e@example.org,CAPA-5,31/02/2026,",
            "f@example.org,CAPA-6,2026-04-01,next year",
            "g@example.org,CAPA-7,2026-04-01,2026-03-01",
            "h@example.org,CAPA-1,2026-04-01,",
            "good@example.org,CAPA-8,2026-04-01,",
        )
        assert self.messages(host_admin, text) == [
            "Row 3: give an email address or a membership number.",
            "Row 4: “bob@” is not a valid email address.",
            "Row 5: the membership number can only contain letters, numbers, hyphens, full "
            "stops and slashes.",
            "Row 6: enter the first day of membership in valid_from.",
            "Row 7: valid_from “31/02/2026” is not a date. Use 2025-04-01 or 01/04/2025.",
            "Row 8: valid_until “next year” is not a date. Use 2025-04-01 or 01/04/2025.",
            "Row 9: valid_until is before valid_from.",
            "Row 10: membership number CAPA-1 is also on row 2.",
            "Row 11: good@example.org is also on row 2.",
        ]

    def test_a_number_on_the_register_for_another_address(self, host_admin):
        services.host_membership_grant(actor=host_admin, email="a@example.org", number="CAPA-1")
        text = csv_of("b@example.org,CAPA-1,2026-04-01,")
        assert self.messages(host_admin, text) == [
            "Row 2: membership number CAPA-1 is on the register for a different email "
            "address. End that entry first."
        ]

    def test_two_rows_for_the_same_entry(self, host_admin):
        services.host_membership_grant(actor=host_admin, email="a@example.org", number="CAPA-1")
        text = csv_of(",CAPA-1,2026-04-01,", "a@example.org,,2026-04-01,")
        assert self.messages(host_admin, text) == [
            "Row 3: this is the same register entry as row 2."
        ]

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("", "The first row must name the columns"),
            ("name,joined\nSam,2026-04-01\n", "The first row must name the columns"),
            ("email,valid_from\n", "The file has no rows under its header."),
            ("email,valid_from\n\n  ,  \n", "The file has no rows under its header."),
            (b"email,valid_from\n\xff\xfe,2026-04-01\n", "The file must be saved as CSV (UTF-8)."),
        ],
    )
    def test_unreadable_files(self, host_admin, text, message):
        errors = self.messages(host_admin, text)
        assert len(errors) == 1 and errors[0].startswith(message)


def test_imported_rows_expire_without_anyone_acting(host_admin):
    person = UserFactory(host_membership=NON_MEMBER, email="lapsed@example.org")
    last_year = timezone.localdate() - datetime.timedelta(days=365)
    services.host_membership_import(
        actor=host_admin,
        csv_file=csv_of(f"lapsed@example.org,CAPA-1,{last_year:%Y-%m-%d},{last_year:%Y-%m-%d}"),
    )
    assert not User.objects.get(pk=person.pk).is_host_member
    assert services.host_memberships_expire() == 1
    assert HostMembershipRecord.objects.get(number="CAPA-1").expired
    assert EmailAddress.objects.filter(user=person, verified=True).exists()
