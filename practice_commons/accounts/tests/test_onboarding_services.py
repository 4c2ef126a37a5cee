"""Bulk onboarding, service by service: reading and checking a staff file (every error by
row and column, nothing written), the preview, idempotent invitations, the background
path for a large file, and accepting an invitation."""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.utils import timezone

from practice_commons.accounts import services
from practice_commons.accounts.models import (
    AffiliationRequest,
    AuditEvent,
    OnboardingImport,
    OnboardingInvitation,
    OrganisationMembership,
    Profession,
    User,
)
from practice_commons.accounts.services import onboarding, onboarding_invitations
from practice_commons.confidentiality.testing import NHS_NUMBER
from practice_commons.core.errors import Conflict, PermissionDenied

from .affiliation_roles import MANAGERS, ROLES, person_for
from .factories import OrgAdminFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

Status = OnboardingImport.Status
JOIN = re.compile(r"/onboarding/join/([A-Za-z0-9_-]+)/")


def csv_bytes(rows, header="name,email,profession,team") -> bytes:
    lines = [header, *(",".join(row) for row in rows)]
    return ("\n".join(lines) + "\n").encode()


def staff(n: int, start: int = 0) -> list[tuple[str, ...]]:
    return [
        (f"Person {i:05d}", f"person{i:05d}@leeds.gov.uk", "Social worker", "Children North")
        for i in range(start, start + n)
    ]


@pytest.fixture
def leeds(db):
    return OrganisationFactory(name="Leeds City Council")


@pytest.fixture
def admin(leeds):
    return OrgAdminFactory(organisation=leeds, full_name="Gareth Hughes")


def upload(actor, organisation, content, **kwargs):
    return services.onboarding_upload(
        actor=actor, organisation=organisation, file_name="staff.csv", content=content, **kwargs
    )


def nothing_written():
    assert not OnboardingInvitation.objects.exists()
    assert not OrganisationMembership.objects.filter(
        verified_via=OrganisationMembership.Verification.ONBOARDING
    ).exists()


def import_file(actor, organisation, content, captured):
    with captured(execute=True):
        checked = upload(actor, organisation, content)
        assert checked.status == Status.PREVIEW, checked.errors
        return services.onboarding_import_confirm(actor=actor, upload=checked)


# --- Reading the file ---------------------------------------------------------------------


class TestReadingTheFile:
    @pytest.mark.parametrize(
        ("content", "message"),
        [
            (b"", "The file is empty."),
            (b"first,last\nA,B\n", "missing: name, email"),
            (b"name,email\n", "no people"),
            ("name,email\nZoë,z@x.org\n".encode("cp1252"), "not UTF-8"),
            (b"name,email\n" + b"a,b@c.org\n" * 10_001, "at most 10,000"),
            (b"x" * (onboarding.MAX_BYTES + 1), "smaller than 2 MB"),
        ],
    )
    def test_unreadable_files_are_refused_and_nothing_is_kept(self, leeds, admin, content, message):
        with pytest.raises(ValidationError) as exc:
            upload(admin, leeds, content)
        assert message in exc.value.message_dict["file"][0]
        assert not OnboardingImport.objects.exists()
        nothing_written()

    def test_headers_are_matched_loosely_and_blank_lines_skipped(self):
        content = (
            "\ufeffTeam, Work Email ,Full name\nNorth,a@b.org,Ann Lee\n,,\n\nSouth,c@d.org,Cy\n"
        )
        rows = onboarding.read_rows(content.encode())
        assert rows == [[2, "Ann Lee", "a@b.org", "", "North"], [5, "Cy", "c@d.org", "", "South"]]


# --- Checking every row -------------------------------------------------------------------


class TestPreviewErrors:
    def test_every_error_by_row_and_column_and_nothing_written(self, leeds, admin, mailoutbox):
        rows = [
            ("Ann Lee", "ann@leeds.gov.uk", "Social worker", "Children North"),  # row 2: fine
            ("", "not-an-email", "Astronaut", "x" * 121),  # row 3: four errors
            ("Bo\u202eb", "bob@leeds.gov.uk", "", ""),  # row 4: invisible character
            ("Cy Hall", "ANN@leeds.gov.uk", "", f"NHS {NHS_NUMBER}"),  # row 5: duplicate, guard
        ]
        checked = upload(admin, leeds, csv_bytes(rows))
        assert checked.status == Status.INVALID
        found = {(e["row"], e["column"]) for e in checked.errors}
        assert found == {
            (3, "name"),
            (3, "email"),
            (3, "profession"),
            (3, "team"),
            (4, "name"),
            (5, "email"),
            (5, "team"),
        }
        messages = {(e["row"], e["column"]): e["message"] for e in checked.errors}
        assert "also on row 2" in messages[(5, "email")]
        assert "could identify someone" in messages[(5, "team")]
        # Errors never repeat what was typed, and the rejected file is not kept.
        assert NHS_NUMBER not in str(checked.errors) and "Astronaut" not in str(checked.errors)
        assert checked.rows == []
        nothing_written()
        assert mailoutbox == []

    def test_a_low_confidence_team_passes_once_acknowledged(self, leeds, admin, monkeypatch):
        from practice_commons.confidentiality.testing import only_low_confidence_names

        only_low_confidence_names(monkeypatch, "Hartley")
        rows = [("Ann Lee", "ann@leeds.gov.uk", "", "Hartley team")]
        refused = upload(admin, leeds, csv_bytes(rows))
        assert refused.status == Status.INVALID
        assert "might identify" in refused.errors[0]["message"]
        accepted = upload(admin, leeds, csv_bytes(rows), confidentiality_acknowledged=True)
        assert accepted.status == Status.PREVIEW

    def test_preview_says_what_each_row_will_do(self, leeds, admin):
        UserFactory(organisation=leeds, email="member@leeds.gov.uk")
        OnboardingInvitation.objects.create(
            organisation=leeds,
            email="invited@leeds.gov.uk",
            full_name="Already Invited",
            token_digest="a" * 64,
            expires_at=timezone.now() + timedelta(days=3),
        )
        rows = [
            ("New Person", "new@leeds.gov.uk", "social-worker", ""),
            ("A Member", "member@leeds.gov.uk", "", ""),
            ("Already Invited", "invited@leeds.gov.uk", "", ""),
        ]
        checked = upload(admin, leeds, csv_bytes(rows))
        assert checked.status == Status.PREVIEW
        assert [row[5] for row in checked.rows] == ["invite", "already_member", "already_invited"]
        assert checked.rows[0][3] == Profession.objects.get(slug="social-worker").pk
        assert onboarding.preview_counts(checked)["invite"] == 1
        assert OnboardingInvitation.objects.count() == 1  # nothing new until confirmed


# --- Inviting -----------------------------------------------------------------------------


class TestInviting:
    def test_confirming_invites_each_new_address_once(
        self, leeds, admin, django_capture_on_commit_callbacks, mailoutbox
    ):
        done = import_file(admin, leeds, csv_bytes(staff(3)), django_capture_on_commit_callbacks)
        assert done.status == Status.DONE and done.invited_count == 3
        invitation = OnboardingInvitation.objects.get(email="person00000@leeds.gov.uk")
        assert invitation.full_name == "Person 00000"
        assert invitation.profession.slug == "social-worker"
        assert invitation.team == "Children North"
        assert invitation.sent_at is not None
        assert sorted(m.to[0] for m in mailoutbox) == [
            f"person0000{i}@leeds.gov.uk" for i in range(3)
        ]
        token = JOIN.search(mailoutbox[0].body).group(1)
        assert not OnboardingInvitation.objects.filter(token_digest=token).exists()
        assert done.rows == []  # the file is not kept once the invitations exist
        # Inviting makes nobody a member: following the link does.
        assert OrganisationMembership.objects.filter(organisation=leeds).count() == 1
        event = AuditEvent.objects.get(action="onboarding.import")
        assert event.data == {"invited": 3, "already_invited": 0, "already_members": 0}

    def test_uploading_the_same_file_again_changes_nothing(
        self, leeds, admin, django_capture_on_commit_callbacks, mailoutbox
    ):
        content = csv_bytes(staff(4))
        import_file(admin, leeds, content, django_capture_on_commit_callbacks)
        before = list(
            OnboardingInvitation.objects.order_by("pk").values_list(
                "pk", "email", "token_digest", "expires_at", "sent_at"
            )
        )
        sent = len(mailoutbox)
        again = import_file(admin, leeds, content, django_capture_on_commit_callbacks)
        assert again.invited_count == 0 and again.already_invited_count == 4
        after = list(
            OnboardingInvitation.objects.order_by("pk").values_list(
                "pk", "email", "token_digest", "expires_at", "sent_at"
            )
        )
        assert after == before
        assert len(mailoutbox) == sent

    def test_an_expired_unused_invitation_is_sent_again(
        self, leeds, admin, django_capture_on_commit_callbacks, mailoutbox
    ):
        content = csv_bytes(staff(1))
        import_file(admin, leeds, content, django_capture_on_commit_callbacks)
        OnboardingInvitation.objects.update(expires_at=timezone.now() - timedelta(days=1))
        again = import_file(admin, leeds, content, django_capture_on_commit_callbacks)
        assert again.invited_count == 1
        assert not OnboardingInvitation.objects.get().is_expired
        assert len(mailoutbox) == 2

    def test_confirming_twice_is_a_conflict(self, leeds, admin, django_capture_on_commit_callbacks):
        done = import_file(admin, leeds, csv_bytes(staff(1)), django_capture_on_commit_callbacks)
        with pytest.raises(Conflict):
            services.onboarding_import_confirm(actor=admin, upload=done)

    def test_a_file_with_errors_cannot_be_confirmed(self, leeds, admin):
        checked = upload(admin, leeds, csv_bytes([("", "x", "", "")]))
        with pytest.raises(Conflict):
            services.onboarding_import_confirm(actor=admin, upload=checked)
        nothing_written()


class TestLargeFileInTheBackground:
    def test_a_large_file_is_checked_and_imported_by_tasks(
        self, leeds, admin, django_capture_on_commit_callbacks, mailoutbox
    ):
        rows = onboarding.SYNC_ROWS + 51
        content = csv_bytes(staff(rows))
        # The upload request itself checks nothing: the task (queued after commit) does.
        with django_capture_on_commit_callbacks(execute=False) as queued:
            checked = upload(admin, leeds, content)
        assert checked.status == Status.VALIDATING and checked.processed_rows == 0
        assert len(queued) == 1
        # Run the queued task (the test settings' backend runs it at once).
        queued[0]()
        checked.refresh_from_db()
        assert checked.status == Status.PREVIEW
        assert checked.processed_rows == rows
        with django_capture_on_commit_callbacks(execute=False) as queued:
            importing = services.onboarding_import_confirm(actor=admin, upload=checked)
        assert importing.status == Status.IMPORTING
        nothing_written()
        with django_capture_on_commit_callbacks(execute=True):
            queued[0]()
        importing.refresh_from_db()
        assert importing.status == Status.DONE
        assert importing.processed_rows == rows and importing.invited_count == rows
        assert OnboardingInvitation.objects.count() == rows
        assert len(mailoutbox) == rows

    def test_the_tasks_are_idempotent(self, leeds, admin, django_capture_on_commit_callbacks):
        from practice_commons.accounts import tasks

        content = csv_bytes(staff(onboarding.SYNC_ROWS + 1))
        with django_capture_on_commit_callbacks(execute=True):
            checked = upload(admin, leeds, content)
        assert tasks.validate_onboarding_import.call(checked.pk) is None
        with django_capture_on_commit_callbacks(execute=True):
            services.onboarding_import_confirm(actor=admin, upload=checked)
        assert tasks.run_onboarding_import.call(checked.pk) == 0
        assert OnboardingInvitation.objects.count() == onboarding.SYNC_ROWS + 1

    def test_an_interrupted_import_resumes_where_it_stopped(
        self, leeds, admin, django_capture_on_commit_callbacks
    ):
        content = csv_bytes(staff(onboarding.SYNC_ROWS + 1))
        with django_capture_on_commit_callbacks(execute=True):
            checked = upload(admin, leeds, content)
        with django_capture_on_commit_callbacks(execute=False):
            services.onboarding_import_confirm(actor=admin, upload=checked)
        # Pretend the first chunk was done by a run that then died.
        checked.refresh_from_db()
        first = checked.rows[: onboarding.CHUNK]
        with django_capture_on_commit_callbacks(execute=True):
            onboarding_invitations._invite_chunk(checked, first, processed=len(first))
            onboarding_invitations.onboarding_import_run(import_id=checked.pk)
        checked.refresh_from_db()
        assert checked.status == Status.DONE
        assert checked.invited_count == onboarding.SYNC_ROWS + 1
        assert OnboardingInvitation.objects.count() == onboarding.SYNC_ROWS + 1


# --- Who may onboard ----------------------------------------------------------------------


class TestPermissions:
    @pytest.mark.parametrize("role", ROLES)
    def test_upload(self, role, leeds):
        actor = person_for(role, leeds)
        if role in MANAGERS:
            assert upload(actor, leeds, csv_bytes(staff(1))).status == Status.PREVIEW
        else:
            with pytest.raises(PermissionDenied):
                upload(actor, leeds, csv_bytes(staff(1)))
            assert not OnboardingImport.objects.exists()

    @pytest.mark.parametrize("role", ROLES)
    def test_confirm(self, role, leeds, admin):
        checked = upload(admin, leeds, csv_bytes(staff(1)))
        actor = person_for(role, leeds)
        if role in MANAGERS:
            services.onboarding_import_confirm(actor=actor, upload=checked)
            assert OnboardingInvitation.objects.count() == 1
        else:
            with pytest.raises(PermissionDenied):
                services.onboarding_import_confirm(actor=actor, upload=checked)
            nothing_written()


# --- Accepting ------------------------------------------------------------------------------


@pytest.fixture
def invitation(leeds, admin, django_capture_on_commit_callbacks):
    import_file(admin, leeds, csv_bytes(staff(1)), django_capture_on_commit_callbacks)
    return OnboardingInvitation.objects.get()


def new_account(email, verified=True):
    user = User.objects.create_user(email=email, password="a-long-password-1")
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return user


class TestAccepting:
    def test_the_invited_address_verified_joins_and_fills_the_profile(self, leeds, invitation):
        person = new_account("person00000@leeds.gov.uk")
        membership = services.onboarding_invitation_accept(actor=person, invitation=invitation)
        assert membership.verified_via == OrganisationMembership.Verification.ONBOARDING
        assert membership.team == "Children North"
        person.refresh_from_db()
        assert person.organisation == leeds
        assert person.full_name == "Person 00000"
        assert person.profession.slug == "social-worker"
        invitation.refresh_from_db()
        assert invitation.accepted_by == person
        assert AuditEvent.objects.filter(action="onboarding.accept", actor=person).exists()

    def test_what_the_person_already_wrote_is_kept(self, leeds, invitation):
        person = UserFactory(organisation=None, email="person00000@leeds.gov.uk", full_name="Pat")
        services.onboarding_invitation_accept(actor=person, invitation=invitation)
        person.refresh_from_db()
        assert person.full_name == "Pat"

    def test_an_unverified_address_is_refused(self, leeds, invitation):
        person = new_account("person00000@leeds.gov.uk", verified=False)
        with pytest.raises(PermissionDenied):
            services.onboarding_invitation_accept(actor=person, invitation=invitation)
        assert not OrganisationMembership.objects.filter(user=person).exists()

    @pytest.mark.parametrize("role", ["practitioner", "member", "org_admin", "host_admin"])
    def test_someone_else_is_refused(self, role, leeds, invitation):
        someone = person_for(role, leeds)
        with pytest.raises(PermissionDenied):
            services.onboarding_invitation_accept(actor=someone, invitation=invitation)
        invitation.refresh_from_db()
        assert invitation.accepted_at is None

    def test_expired_or_used_invitations_are_refused(self, leeds, invitation):
        person = new_account("person00000@leeds.gov.uk")
        OnboardingInvitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
        with pytest.raises(Conflict, match="expired"):
            services.onboarding_invitation_accept(actor=person, invitation=invitation)
        OnboardingInvitation.objects.update(expires_at=timezone.now() + timedelta(days=1))
        services.onboarding_invitation_accept(actor=person, invitation=invitation)
        with pytest.raises(Conflict, match="already been accepted"):
            services.onboarding_invitation_accept(actor=person, invitation=invitation)

    def test_a_pending_request_for_the_organisation_is_verified_too(self, leeds, invitation):
        person = new_account("person00000@leeds.gov.uk")
        request = AffiliationRequest.objects.create(
            user=person, organisation=leeds, route=AffiliationRequest.Route.ORGANISATION_ADMINS
        )
        services.onboarding_invitation_accept(actor=person, invitation=invitation)
        request.refresh_from_db()
        assert request.status == AffiliationRequest.Status.VERIFIED
