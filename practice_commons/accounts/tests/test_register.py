"""The host's membership register: who decides membership, grants, ends, claims, expiry
and matching people by verified address (``services/register.py``)."""

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils import timezone

from practice_commons.accounts import selectors, services, signals
from practice_commons.accounts.models import (
    AuditEvent,
    ClaimStatus,
    HostMembership,
    HostMembershipClaim,
    HostMembershipRecord,
    User,
)
from practice_commons.confidentiality.testing import assert_service_guarded
from practice_commons.core.errors import Conflict, PermissionDenied

from .factories import HostAdminFactory, OrgAdminFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 1)
NON_MEMBER = HostMembership.NON_MEMBER


def roles():
    """One person in every role (``None`` is the visitor)."""
    return {
        "visitor": AnonymousUser(),
        "practitioner": UserFactory(host_membership=NON_MEMBER),
        "member": UserFactory(),
        "org_admin": OrgAdminFactory(),
        "host_admin": HostAdminFactory(),
    }


NOT_HOST_ADMINS = ["visitor", "practitioner", "member", "org_admin"]


def fresh(user) -> User:
    return User.objects.get(pk=user.pk)


@pytest.fixture
def sent():
    """Signals the register sent, as (signal name, payload) pairs."""
    seen = []
    names = {
        signals.host_membership_granted: "granted",
        signals.host_membership_ended: "ended",
        signals.host_membership_expired: "expired",
        signals.host_membership_claim_declined: "declined",
    }

    def receiver(signal, sender, **payload):
        seen.append((names[signal], payload))

    for signal in names:
        signal.connect(receiver, dispatch_uid=f"test-{id(signal)}")
    yield seen
    for signal in names:
        signal.disconnect(dispatch_uid=f"test-{id(signal)}")


# --- the register decides -----------------------------------------------------------------


class TestMembershipComesFromTheRegister:
    def test_a_valid_row_makes_a_member(self):
        person = UserFactory(host_membership=NON_MEMBER)
        assert not person.is_host_member
        HostMembershipRecord.objects.create(
            user=person, email=person.email, valid_from=timezone.localdate(), source="admin"
        )
        assert fresh(person).is_host_member
        assert fresh(person).host_membership == "member"
        assert fresh(person).get_host_membership_display() == "Member (verified)"

    @pytest.mark.parametrize(
        ("valid_from", "valid_until", "ended", "member"),
        [
            (-10, None, False, True),
            (0, 0, False, True),  # the last day counts
            (-10, -1, False, False),  # past its last day, even before the expiry runs
            (1, None, False, False),  # starts tomorrow
            (-10, None, True, False),  # ended
        ],
    )
    def test_validity(self, valid_from, valid_until, ended, member):
        person = UserFactory(host_membership=NON_MEMBER)
        today = timezone.localdate()
        HostMembershipRecord.objects.create(
            user=person,
            number="CAPA-1",
            valid_from=today + datetime.timedelta(days=valid_from),
            valid_until=None
            if valid_until is None
            else today + datetime.timedelta(days=valid_until),
            ended_at=timezone.now() if ended else None,
            source="import",
        )
        assert fresh(person).is_host_member is member
        assert selectors.is_host_member(person.pk) is member
        assert User.objects.filter(selectors.host_members_q(), pk=person.pk).exists() is member

    def test_host_members_q_through_a_relation(self):
        member, other = UserFactory(), UserFactory(host_membership=NON_MEMBER)
        found = AuditEvent.objects.filter(selectors.host_members_q("actor__"))
        AuditEvent.objects.create(actor=member, action="x")
        AuditEvent.objects.create(actor=other, action="y")
        assert list(found.values_list("action", flat=True)) == ["x"]

    def test_asked_once_per_instance(self, django_assert_num_queries):
        person = fresh(UserFactory())
        with django_assert_num_queries(1):
            assert person.is_host_member
            assert person.is_host_member
            assert person.host_membership == "member"

    def test_nothing_on_the_profile_grants_membership(self):
        person = UserFactory(host_membership=NON_MEMBER)
        services.profile_update(
            actor=person,
            user=person,
            data={"full_name": "Nia", "host_membership": "member", "nation": "wales"},
            expertise=[],
        )
        assert not fresh(person).is_host_member


# --- host admins only ---------------------------------------------------------------------


class TestOnlyHostAdminsChangeTheRegister:
    @pytest.mark.parametrize("role", NOT_HOST_ADMINS)
    def test_grant(self, role):
        actor = roles()[role]
        with pytest.raises(PermissionDenied):
            services.host_membership_grant(actor=actor, email="sam@example.org")
        assert not HostMembershipRecord.objects.filter(email="sam@example.org").exists()

    @pytest.mark.parametrize("role", NOT_HOST_ADMINS)
    def test_end(self, role):
        everyone = roles()
        record = everyone["member"].host_membership_records.get()
        with pytest.raises(PermissionDenied):
            services.host_membership_end(actor=everyone[role], record=record, reason="Left")
        record.refresh_from_db()
        assert record.ended_at is None

    @pytest.mark.parametrize("role", NOT_HOST_ADMINS)
    def test_import(self, role):
        actor = roles()[role]
        with pytest.raises(PermissionDenied):
            services.host_membership_import(
                actor=actor, csv_file="email,valid_from\nsam@example.org,2026-04-01\n"
            )
        assert not HostMembershipRecord.objects.filter(email="sam@example.org").exists()

    @pytest.mark.parametrize("role", NOT_HOST_ADMINS)
    def test_decide(self, role):
        everyone = roles()
        claim = HostMembershipClaim.objects.create(user=everyone["practitioner"], number="X1")
        with pytest.raises(PermissionDenied):
            services.host_membership_claim_decide(actor=everyone[role], claim=claim, approve=True)
        claim.refresh_from_db()
        assert claim.status == ClaimStatus.PENDING
        assert not fresh(everyone["practitioner"]).is_host_member

    def test_a_person_cannot_approve_their_own_claim(self):
        person = UserFactory(host_membership=NON_MEMBER)
        claim = services.host_membership_claim(actor=person, number="CAPA-404")
        with pytest.raises(PermissionDenied):
            services.host_membership_claim_decide(actor=person, claim=claim, approve=True)


# --- grant and end ------------------------------------------------------------------------


class TestGrant:
    def test_to_a_verified_address_matches_at_once_and_tells_them(
        self, host_admin, sent, django_capture_on_commit_callbacks
    ):
        person = UserFactory(host_membership=NON_MEMBER, email="Rhian@Example.org")
        with django_capture_on_commit_callbacks(execute=True):
            record = services.host_membership_grant(
                actor=host_admin,
                email="rhian@example.org ",
                number=" capa 0042 ",
                valid_until=timezone.localdate() + datetime.timedelta(days=300),
                reason="Paid by direct debit",
            )
        assert (record.user, record.number, record.source) == (person, "CAPA0042", "admin")
        assert record.granted_by == host_admin and record.reason == "Paid by direct debit"
        assert fresh(person).is_host_member
        event = AuditEvent.objects.get(action="host_membership.grant")
        assert (event.actor, event.target_id, event.data["user_id"]) == (
            host_admin,
            str(record.pk),
            person.pk,
        )
        assert sent == [
            ("granted", {"record_id": record.pk, "user_id": person.pk, "actor_id": host_admin.pk})
        ]

    def test_to_an_unverified_address_waits(self, host_admin):
        person = UserFactory(host_membership=NON_MEMBER, verified=False)
        record = services.host_membership_grant(actor=host_admin, email=person.email)
        assert record.user is None
        assert not fresh(person).is_host_member

    def test_to_a_person_settles_their_pending_claim(self, host_admin):
        person = UserFactory(host_membership=NON_MEMBER)
        claim = services.host_membership_claim(actor=person, number="CAPA-77")
        record = services.host_membership_grant(actor=host_admin, user=person)
        claim.refresh_from_db()
        assert (claim.status, claim.record, claim.decided_by) == ("approved", record, host_admin)
        assert person.is_host_member  # the instance passed in forgot its cached answer

    @pytest.mark.parametrize(
        ("kwargs", "field", "message"),
        [
            ({}, "email", "Enter an email address or a membership number."),
            ({"email": "not-an-address"}, "email", "is not a valid email address"),
            ({"number": "AB#12"}, "number", "can only contain letters"),
            ({"number": "A" * 41}, "number", "40 characters or fewer"),
            (
                {"number": "N1", "valid_from": TODAY, "valid_until": TODAY - datetime.timedelta(1)},
                "valid_until",
                "same as or after the first day",
            ),
            ({"number": "N1", "reason": "x" * 501}, "reason", "500 characters or fewer"),
        ],
    )
    def test_bad_input(self, host_admin, kwargs, field, message):
        with pytest.raises(ValidationError) as exc:
            services.host_membership_grant(actor=host_admin, **kwargs)
        assert message in " ".join(exc.value.message_dict[field])
        assert not HostMembershipRecord.objects.exclude(user__isnull=False).exists()

    def test_a_number_already_open_is_refused(self, host_admin):
        services.host_membership_grant(actor=host_admin, number="CAPA-1")
        with pytest.raises(ValidationError) as exc:
            services.host_membership_grant(actor=host_admin, number="capa-1")
        assert "already on the register" in exc.value.message_dict["number"][0]

    def test_reason_is_guarded(self, host_admin):
        assert_service_guarded(
            lambda text: services.host_membership_grant(
                actor=host_admin, number="CAPA-9", reason=text
            ),
            model=HostMembershipRecord,
        )


class TestEnd:
    def test_ends_keeps_the_row_and_tells_them(
        self, host_admin, sent, django_capture_on_commit_callbacks
    ):
        person = UserFactory()
        record = person.host_membership_records.get()
        with django_capture_on_commit_callbacks(execute=True):
            services.host_membership_end(actor=host_admin, record=record, reason="Resigned")
        record.refresh_from_db()
        assert record.ended_by == host_admin and record.end_reason == "Resigned"
        assert record.ended_at is not None and not record.expired
        assert not fresh(person).is_host_member
        assert AuditEvent.objects.filter(action="host_membership.end", reason="Resigned").exists()
        assert sent == [
            ("ended", {"record_id": record.pk, "user_id": person.pk, "actor_id": host_admin.pk})
        ]

    def test_twice_is_a_conflict(self, host_admin):
        record = UserFactory().host_membership_records.get()
        services.host_membership_end(actor=host_admin, record=record, reason="Resigned")
        with pytest.raises(Conflict):
            services.host_membership_end(actor=host_admin, record=record, reason="Again")

    def test_needs_a_reason(self, host_admin):
        record = UserFactory().host_membership_records.get()
        with pytest.raises(ValidationError) as exc:
            services.host_membership_end(actor=host_admin, record=record, reason="  ")
        assert exc.value.message_dict["reason"] == ["Say why this membership ends."]

    def test_reason_is_guarded(self, host_admin):
        record = UserFactory().host_membership_records.get()
        assert_service_guarded(
            lambda text: services.host_membership_end(actor=host_admin, record=record, reason=text)
        )
        record.refresh_from_db()
        assert record.ended_at is None
        assert not AuditEvent.objects.filter(action="host_membership.end").exists()


# --- claims -------------------------------------------------------------------------------


class TestClaim:
    def test_a_number_on_an_unmatched_row_without_an_address_matches_at_once(
        self, host_admin, sent, django_capture_on_commit_callbacks
    ):
        row = services.host_membership_grant(actor=host_admin, number="CAPA-1001")
        person = UserFactory(host_membership=NON_MEMBER)
        with django_capture_on_commit_callbacks(execute=True):
            claim = services.host_membership_claim(actor=person, number="capa-1001")
        row.refresh_from_db()
        assert (claim.status, claim.record, row.user) == ("approved", row, person)
        assert person.is_host_member
        assert AuditEvent.objects.filter(action="host_membership.claim_matched").exists()
        # The person did it themselves: the signal carries them as the actor, and
        # notifications does not tell people what they just did.
        assert sent[-1] == (
            "granted",
            {"record_id": row.pk, "user_id": person.pk, "actor_id": person.pk},
        )

    def test_a_row_issued_to_their_verified_address_matches_at_once(self, host_admin):
        person = UserFactory(host_membership=NON_MEMBER)
        EmailAddress.objects.create(user=person, email="home@example.net", verified=True)
        row = services.host_membership_grant(
            actor=host_admin, email="home@example.net", number="CAPA-2"
        )
        # Granting matched it already (a verified address); claim another route:
        row.user = None
        row.save(update_fields=["user"])
        claim = services.host_membership_claim(actor=person, number="CAPA-2")
        assert claim.status == "approved"
        assert fresh(person).is_host_member

    def test_a_row_issued_to_someone_elses_address_waits_for_review(self, host_admin):
        services.host_membership_grant(actor=host_admin, email="owner@example.org", number="N-3")
        guesser = UserFactory(host_membership=NON_MEMBER)
        claim = services.host_membership_claim(actor=guesser, number="N-3")
        assert claim.status == "pending" and claim.record is None
        assert not fresh(guesser).is_host_member

    def test_an_unknown_number_waits_for_review(self):
        person = UserFactory(host_membership=NON_MEMBER)
        claim = services.host_membership_claim(actor=person, number="CAPA-404")
        assert (claim.status, claim.number) == ("pending", "CAPA-404")
        assert not fresh(person).is_host_member
        assert AuditEvent.objects.filter(action="host_membership.claim", actor=person).exists()

    def test_a_row_matched_to_someone_else_waits(self, host_admin):
        owner = UserFactory(host_membership=NON_MEMBER)
        services.host_membership_grant(actor=host_admin, user=owner, number="N-4")
        claim = services.host_membership_claim(
            actor=UserFactory(host_membership=NON_MEMBER), number="N-4"
        )
        assert claim.status == "pending"

    def test_an_expired_row_does_not_match(self, host_admin):
        past = timezone.localdate() - datetime.timedelta(days=30)
        services.host_membership_grant(
            actor=host_admin, number="N-5", valid_from=past, valid_until=past
        )
        claim = services.host_membership_claim(
            actor=UserFactory(host_membership=NON_MEMBER), number="N-5"
        )
        assert claim.status == "pending"

    def test_one_pending_claim_at_a_time(self):
        person = UserFactory(host_membership=NON_MEMBER)
        services.host_membership_claim(actor=person, number="A-1")
        with pytest.raises(Conflict):
            services.host_membership_claim(actor=person, number="A-2")
        assert HostMembershipClaim.objects.filter(user=person).count() == 1

    def test_members_have_nothing_to_claim(self):
        with pytest.raises(Conflict):
            services.host_membership_claim(actor=UserFactory(), number="A-1")

    def test_visitors_cannot_claim(self):
        with pytest.raises(PermissionDenied):
            services.host_membership_claim(actor=AnonymousUser(), number="A-1")

    @pytest.mark.parametrize(("number", "message"), [("  ", "Enter your"), ("A#1", "can only")])
    def test_bad_numbers(self, number, message):
        with pytest.raises(ValidationError) as exc:
            services.host_membership_claim(
                actor=UserFactory(host_membership=NON_MEMBER), number=number
            )
        assert message in exc.value.message_dict["number"][0]
        assert not HostMembershipClaim.objects.exists()


class TestClaimDecision:
    def test_approve_adds_a_row_from_the_claim(
        self, host_admin, sent, django_capture_on_commit_callbacks
    ):
        person = UserFactory(host_membership=NON_MEMBER)
        claim = services.host_membership_claim(actor=person, number="CAPA-5")
        with django_capture_on_commit_callbacks(execute=True):
            services.host_membership_claim_decide(
                actor=host_admin, claim=claim, approve=True, reason="Checked the paper list"
            )
        claim.refresh_from_db()
        record = claim.record
        assert (claim.status, claim.decided_by) == ("approved", host_admin)
        assert (record.user, record.number, record.source, record.granted_by) == (
            person,
            "CAPA-5",
            "claim",
            host_admin,
        )
        assert fresh(person).is_host_member
        assert AuditEvent.objects.filter(action="host_membership.claim_approve").exists()
        assert [name for name, _ in sent] == ["granted"]

    def test_approve_matches_the_open_row_with_the_number(self, host_admin):
        row = services.host_membership_grant(
            actor=host_admin, email="old@example.org", number="CAPA-6"
        )
        person = UserFactory(host_membership=NON_MEMBER)
        claim = services.host_membership_claim(actor=person, number="CAPA-6")
        assert claim.status == "pending"  # the row names another address
        services.host_membership_claim_decide(actor=host_admin, claim=claim, approve=True)
        row.refresh_from_db()
        assert row.user == person
        assert HostMembershipRecord.objects.filter(number="CAPA-6").count() == 1

    def test_approve_refuses_a_number_matched_to_someone_else(self, host_admin):
        services.host_membership_grant(actor=host_admin, user=UserFactory(), number="CAPA-7")
        claim = services.host_membership_claim(
            actor=UserFactory(host_membership=NON_MEMBER), number="CAPA-7"
        )
        with pytest.raises(Conflict):
            services.host_membership_claim_decide(actor=host_admin, claim=claim, approve=True)
        claim.refresh_from_db()
        assert claim.status == "pending"

    def test_decline_needs_a_reason_and_tells_them(
        self, host_admin, sent, django_capture_on_commit_callbacks
    ):
        person = UserFactory(host_membership=NON_MEMBER)
        claim = services.host_membership_claim(actor=person, number="CAPA-8")
        with pytest.raises(ValidationError):
            services.host_membership_claim_decide(actor=host_admin, claim=claim, approve=False)
        with django_capture_on_commit_callbacks(execute=True):
            services.host_membership_claim_decide(
                actor=host_admin, claim=claim, approve=False, reason="Not on our list"
            )
        claim.refresh_from_db()
        assert (claim.status, claim.reason) == ("declined", "Not on our list")
        assert not fresh(person).is_host_member
        assert sent == [
            ("declined", {"claim_id": claim.pk, "user_id": person.pk, "actor_id": host_admin.pk})
        ]

    def test_decided_once(self, host_admin):
        claim = services.host_membership_claim(
            actor=UserFactory(host_membership=NON_MEMBER), number="CAPA-9"
        )
        services.host_membership_claim_decide(
            actor=host_admin, claim=claim, approve=False, reason="No"
        )
        with pytest.raises(Conflict):
            services.host_membership_claim_decide(actor=host_admin, claim=claim, approve=True)

    def test_reason_is_guarded(self, host_admin):
        claim = services.host_membership_claim(
            actor=UserFactory(host_membership=NON_MEMBER), number="CAPA-10"
        )
        assert_service_guarded(
            lambda text: services.host_membership_claim_decide(
                actor=host_admin, claim=claim, approve=False, reason=text
            )
        )
        claim.refresh_from_db()
        assert claim.status == "pending"

    def test_a_self_declared_member_claim_can_be_approved(self, host_admin):
        """Claims made by the migration from the old profile field have no number."""
        person = UserFactory(host_membership=NON_MEMBER)
        claim = HostMembershipClaim.objects.create(user=person, declared_on_profile=True)
        services.host_membership_claim_decide(actor=host_admin, claim=claim, approve=True)
        record = fresh(person).host_membership_records.get()
        assert (record.email, record.number, record.source) == (person.email, "", "claim")


# --- expiry and verified addresses --------------------------------------------------------


class TestExpiry:
    def test_ends_rows_past_their_last_day_once(
        self, host_admin, sent, django_capture_on_commit_callbacks
    ):
        person = UserFactory(host_membership=NON_MEMBER)
        today = timezone.localdate()
        lapsed = services.host_membership_grant(
            actor=host_admin,
            user=person,
            valid_from=today - datetime.timedelta(days=400),
            valid_until=today - datetime.timedelta(days=1),
        )
        lasting = UserFactory().host_membership_records.get()
        with django_capture_on_commit_callbacks(execute=True):
            assert services.host_memberships_expire() == 1
        lapsed.refresh_from_db()
        lasting.refresh_from_db()
        assert lapsed.ended_at is not None and lapsed.expired and lapsed.ended_by is None
        assert lasting.ended_at is None
        assert AuditEvent.objects.filter(
            action="host_membership.expire", target_id=str(lapsed.pk), actor=None
        ).exists()
        assert ("expired", {"record_id": lapsed.pk, "user_id": person.pk}) in sent
        assert services.host_memberships_expire() == 0
        assert AuditEvent.objects.filter(action="host_membership.expire").count() == 1

    def test_the_last_day_still_counts(self, host_admin):
        today = timezone.localdate()
        services.host_membership_grant(
            actor=host_admin, number="N-1", valid_from=today, valid_until=today
        )
        assert services.host_memberships_expire() == 0
        tomorrow = timezone.now() + datetime.timedelta(days=1)
        assert services.host_memberships_expire(now=tomorrow) == 1


class TestVerifiedAddress:
    def test_a_row_waiting_for_an_address_matches_when_it_is_verified(
        self, host_admin, sent, django_capture_on_commit_callbacks
    ):
        row = services.host_membership_grant(actor=host_admin, email="new@example.org")
        person = UserFactory(host_membership=NON_MEMBER, email="new@example.org", verified=False)
        claim = services.host_membership_claim(actor=person, number="CAPA-11")
        assert services.host_membership_match_verified_email(user=person, email=person.email) == []
        address = EmailAddress.objects.get(user=person)
        address.verified = True
        address.save(update_fields=["verified"])
        with django_capture_on_commit_callbacks(execute=True):
            matched = services.host_membership_match_verified_email(
                user=person, email="NEW@example.org"
            )
        row.refresh_from_db()
        claim.refresh_from_db()
        assert matched == [row] and row.user == person
        assert person.is_host_member
        assert claim.status == "approved" and claim.record == row
        assert ("granted", {"record_id": row.pk, "user_id": person.pk, "actor_id": None}) in sent

    def test_confirming_an_address_through_allauth_matches(self, host_admin, rf):
        from allauth.account.signals import email_confirmed

        services.host_membership_grant(actor=host_admin, email="later@example.org")
        person = UserFactory(host_membership=NON_MEMBER, email="later@example.org", verified=False)
        address = EmailAddress.objects.get(user=person)
        address.verified = True
        address.save(update_fields=["verified"])
        email_confirmed.send(sender=EmailAddress, request=rf.get("/"), email_address=address)
        assert fresh(person).is_host_member


def test_expire_command(host_admin):
    from io import StringIO

    from django.core.management import call_command

    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    services.host_membership_grant(
        actor=host_admin, number="N-1", valid_from=yesterday, valid_until=yesterday
    )
    out = StringIO()
    call_command("expire_host_memberships", stdout=out)
    assert out.getvalue().strip() == "Memberships expired: 1."


@pytest.mark.django_db(transaction=True)
def test_migration_turns_self_declared_members_into_claims_and_grants_nothing():
    """Migration 0004 on a database from before the register: whoever had picked
    "Member" on their profile has a claim waiting for review, and nobody is a member."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("accounts", "0003_host_membership_register")]
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps
        OldUser = old.get_model("accounts", "User")
        declared = OldUser.objects.create(email="said-so@example.org", host_membership="member")
        OldUser.objects.create(email="did-not@example.org", host_membership="non_member")
        executor = MigrationExecutor(connection)
        executor.migrate([("accounts", "0004_self_declared_members_become_claims")])
        new = executor.loader.project_state(
            [("accounts", "0004_self_declared_members_become_claims")]
        ).apps
        claims = new.get_model("accounts", "HostMembershipClaim").objects.all()
        assert [(c.user_id, c.status, c.number, c.declared_on_profile) for c in claims] == [
            (declared.pk, "pending", "", True)
        ]
        assert not new.get_model("accounts", "HostMembershipRecord").objects.exists()
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(leaves)
