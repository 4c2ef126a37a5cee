"""The register pages (host admins), the claim page and the profile's membership section,
for every role, refusals included."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from practice_commons.accounts import services
from practice_commons.accounts.models import (
    AuditEvent,
    HostMembership,
    HostMembershipClaim,
    HostMembershipRecord,
    User,
)
from practice_commons.confidentiality.testing import assert_form_view_guarded

from .factories import HostAdminFactory, OrgAdminFactory, UserFactory

pytestmark = pytest.mark.django_db

NON_MEMBER = HostMembership.NON_MEMBER
LOGIN_URL = reverse("account_login")


def people():
    return {
        "visitor": None,
        "practitioner": UserFactory(host_membership=NON_MEMBER),
        "member": UserFactory(),
        "org_admin": OrgAdminFactory(),
        "host_admin": HostAdminFactory(),
    }


def admin_pages(record, claim):
    return [
        reverse("accounts:register"),
        reverse("accounts:register_grant"),
        reverse("accounts:register_import"),
        reverse("accounts:register_end", args=[record.pk]),
        reverse("accounts:register_claims"),
        reverse("accounts:register_claim_decide", args=[claim.pk]),
    ]


class TestWhoMaySeeTheRegister:
    @pytest.mark.parametrize("role", ["visitor", "practitioner", "member", "org_admin"])
    def test_refused(self, client_for, role):
        everyone = people()
        record = everyone["member"].host_membership_records.get()
        claim = HostMembershipClaim.objects.create(user=everyone["practitioner"], number="N-1")
        client = client_for(everyone[role])
        for url in admin_pages(record, claim):
            response = client.get(url)
            if role == "visitor":
                assert response.status_code == 302, url
                assert response["Location"].startswith(LOGIN_URL)
            else:
                assert response.status_code == 403, url
            response = client.post(url, {"reason": "x", "decision": "approve", "email": "a@b.org"})
            assert response.status_code in (302, 403), url
            if role != "visitor":
                assert response.status_code == 403, url
        record.refresh_from_db()
        claim.refresh_from_db()
        assert record.ended_at is None and claim.status == "pending"
        assert not HostMembershipRecord.objects.filter(email="a@b.org").exists()

    def test_host_admin_sees_every_page(self, client_for):
        everyone = people()
        record = everyone["member"].host_membership_records.get()
        claim = HostMembershipClaim.objects.create(user=everyone["practitioner"], number="N-1")
        client = client_for(everyone["host_admin"])
        for url in admin_pages(record, claim):
            assert client.get(url).status_code == 200, url

    @pytest.mark.parametrize("name", ["register_end", "register_claim_decide"])
    def test_unknown_ids_are_404(self, client_for, host_admin, name):
        assert (
            client_for(host_admin).get(reverse(f"accounts:{name}", args=[99999])).status_code == 404
        )


class TestRegisterPage:
    url = reverse("accounts:register")

    def test_lists_search_and_filters(self, client_for, host_admin):
        member = UserFactory(full_name="Carys Bevan")
        ended = services.host_membership_grant(actor=host_admin, number="OLD-1")
        services.host_membership_end(actor=host_admin, record=ended, reason="Lapsed")
        client = client_for(host_admin)
        page = client.get(self.url).content.decode()
        assert "Carys Bevan" in page and "OLD-1" not in page
        page = client.get(self.url, {"show": "ended"}).content.decode()
        assert "OLD-1" in page and "Lapsed" in page and "Carys Bevan" not in page
        page = client.get(self.url, {"show": "all", "q": "bevan"}).content.decode()
        assert "Carys Bevan" in page and "OLD-1" not in page
        page = client.get(self.url, {"q": member.email.upper()}).content.decode()
        assert "Carys Bevan" in page
        page = client.get(self.url, {"q": "nobody-like-this"}).content.decode()
        assert "No entries match" in page

    def test_links_to_the_pending_claims(self, client_for, host_admin):
        HostMembershipClaim.objects.create(user=UserFactory(host_membership=NON_MEMBER))
        page = client_for(host_admin).get(self.url).content.decode()
        assert "Claims waiting for review (1)" in page

    @pytest.mark.parametrize("extra", [0, 60])
    def test_query_budget(self, client_for, host_admin, extra, django_assert_max_num_queries):
        HostMembershipRecord.objects.bulk_create(
            HostMembershipRecord(
                email=f"m{i}@example.org",
                number=f"CAPA-{i}",
                valid_from=datetime.date(2025, 4, 1),
                user=UserFactory(host_membership=NON_MEMBER) if i % 10 == 0 else None,
                source="import",
                granted_by=host_admin,
            )
            for i in range(extra)
        )
        client = client_for(host_admin)
        with django_assert_max_num_queries(12):
            response = client.get(self.url, {"show": "all"})
        assert response.status_code == 200
        with django_assert_max_num_queries(12):
            assert client.get(self.url, {"show": "all", "page": 2}).status_code == 200


class TestGrantPage:
    url = reverse("accounts:register_grant")

    def test_adds_and_matches(self, client_for, host_admin):
        person = UserFactory(host_membership=NON_MEMBER, full_name="Dewi Morgan")
        response = client_for(host_admin).post(
            self.url,
            {"email": person.email, "number": "CAPA-12", "valid_from": "", "reason": "Paid"},
            follow=True,
        )
        assert response.redirect_chain[-1][0] == reverse("accounts:register")
        assert "matched to Dewi Morgan" in response.content.decode()
        assert User.objects.get(pk=person.pk).is_host_member

    def test_errors_are_shown(self, client_for, host_admin):
        services.host_membership_grant(actor=host_admin, number="CAPA-12")
        client = client_for(host_admin)
        page = client.post(self.url, {"email": "", "number": ""}).content.decode()
        assert "govuk-error-summary" in page
        assert "Enter an email address or a membership number." in page
        page = client.post(self.url, {"number": "capa-12"}).content.decode()
        assert "already on the register" in page
        assert HostMembershipRecord.objects.filter(number="CAPA-12").count() == 1

    def test_reason_is_guarded(self, client_for, host_admin):
        assert_form_view_guarded(
            client_for(host_admin),
            self.url,
            {"number": "CAPA-13"},
            "reason",
            model=HostMembershipRecord,
        )


class TestEndPage:
    def test_ends_with_a_reason(self, client_for, host_admin):
        record = UserFactory().host_membership_records.get()
        url = reverse("accounts:register_end", args=[record.pk])
        client = client_for(host_admin)
        page = client.post(url, {"reason": ""}).content.decode()
        assert "govuk-error-summary" in page
        response = client.post(url, {"reason": "Resigned"})
        assert response.status_code == 302
        record.refresh_from_db()
        assert record.end_reason == "Resigned"
        page = client.get(url).content.decode()
        assert "already ended" in page
        page = client.post(url, {"reason": "Again"}).content.decode()
        assert "This membership has already ended." in page

    def test_reason_is_guarded(self, client_for, host_admin):
        record = UserFactory().host_membership_records.get()
        url = reverse("accounts:register_end", args=[record.pk])
        assert_form_view_guarded(client_for(host_admin), url, {}, "reason")
        record.refresh_from_db()
        assert record.ended_at is None


class TestImportPage:
    url = reverse("accounts:register_import")

    def upload(self, text, name="members.csv"):
        return SimpleUploadedFile(name, text.encode(), content_type="text/csv")

    def test_imports(self, client_for, host_admin):
        text = "email,membership_number,valid_from\na@example.org,CAPA-1,2026-04-01\n"
        response = client_for(host_admin).post(
            self.url, {"csv_file": self.upload(text)}, follow=True
        )
        assert "Register imported: 1 new entry" in response.content.decode()
        assert HostMembershipRecord.objects.filter(number="CAPA-1").exists()
        response = client_for(host_admin).post(
            self.url, {"csv_file": self.upload(text)}, follow=True
        )
        assert "Nothing to change" in response.content.decode()

    def test_every_error_before_anything_is_written(self, client_for, host_admin):
        text = (
            "email,membership_number,valid_from\nbad,CAPA-1,2026-04-01\nok@example.org,,someday\n"
        )
        response = client_for(host_admin).post(self.url, {"csv_file": self.upload(text)})
        page = response.content.decode()
        assert response.status_code == 200
        assert page.count('<tr class="govuk-table__row">') == 3  # header and two problems
        assert "Nothing has been imported" in page
        assert "“bad” is not a valid email address." in page
        assert "“someday” is not a date." in page
        assert "<title>Error:" in page
        assert not HostMembershipRecord.objects.filter(number="CAPA-1").exists()

    def test_check_only(self, client_for, host_admin):
        text = "email,valid_from\na@example.org,2026-04-01\n"
        response = client_for(host_admin).post(
            self.url, {"csv_file": self.upload(text), "check_only": "on"}
        )
        assert "The file is ready to import" in response.content.decode()
        assert not HostMembershipRecord.objects.filter(email="a@example.org").exists()

    def test_only_csv_files(self, client_for, host_admin):
        response = client_for(host_admin).post(
            self.url, {"csv_file": self.upload("x", name="members.xlsx")}
        )
        assert "The file must be a CSV file." in response.content.decode()


class TestClaimsPages:
    def test_queue_and_decisions(self, client_for, host_admin):
        first = UserFactory(host_membership=NON_MEMBER, full_name="Erin Walsh")
        second = UserFactory(host_membership=NON_MEMBER, full_name="Fatima Khan")
        services.host_membership_grant(actor=host_admin, email="x@example.org", number="N-1")
        one = services.host_membership_claim(actor=first, number="N-1")
        two = services.host_membership_claim(actor=second, number="N-2")
        client = client_for(host_admin)
        page = client.get(reverse("accounts:register_claims")).content.decode()
        assert "Erin Walsh" in page and "Fatima Khan" in page
        assert "On the register" in page and "Not on the register" in page
        url = reverse("accounts:register_claim_decide", args=[one.pk])
        assert "x@example.org" in client.get(url).content.decode()
        response = client.post(url, {"decision": "approve", "reason": ""})
        assert response.status_code == 302
        assert User.objects.get(pk=first.pk).is_host_member
        url = reverse("accounts:register_claim_decide", args=[two.pk])
        page = client.post(url, {"decision": "decline", "reason": ""}).content.decode()
        assert "Say why the claim is declined." in page
        client.post(url, {"decision": "decline", "reason": "Not on our list"})
        two.refresh_from_db()
        assert two.status == "declined"
        page = client.get(reverse("accounts:register_claims")).content.decode()
        assert "No claims are waiting." in page
        assert "already been decided" in client.get(url).content.decode()


@pytest.mark.parametrize("extra", [1, 60])
def test_claims_queue_query_budget(client_for, host_admin, extra, django_assert_max_num_queries):
    HostMembershipClaim.objects.bulk_create(
        HostMembershipClaim(user=UserFactory(host_membership=NON_MEMBER), number=f"N-{i}")
        for i in range(extra)
    )
    client = client_for(host_admin)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("accounts:register_claims")).status_code == 200


class TestClaimPage:
    url = reverse("accounts:membership_claim")

    def test_visitor_is_sent_to_sign_in(self, client):
        response = client.post(self.url, {"number": "CAPA-1"})
        assert response.status_code == 302 and response["Location"].startswith(LOGIN_URL)
        assert not HostMembershipClaim.objects.exists()

    def test_a_claim_waits(self, client_for):
        person = UserFactory(host_membership=NON_MEMBER)
        response = client_for(person).post(self.url, {"number": "CAPA-404"}, follow=True)
        assert "A host admin will check your membership number" in response.content.decode()
        assert HostMembershipClaim.objects.get(user=person).status == "pending"
        page = client_for(person).get(reverse("accounts:profile")).content.decode()
        assert "You claimed membership on" in page and "Not a member" in page
        page = client_for(person).post(self.url, {"number": "CAPA-405"}).content.decode()
        assert "You claimed membership on" in page

    def test_a_matching_claim_makes_a_member(self, client_for, host_admin):
        services.host_membership_grant(actor=host_admin, number="CAPA-1")
        person = UserFactory(host_membership=NON_MEMBER)
        response = client_for(person).post(self.url, {"number": "capa-1"}, follow=True)
        page = response.content.decode()
        assert "Your membership is confirmed." in page and "Member (verified)" in page

    def test_a_bad_number(self, client_for):
        person = UserFactory(host_membership=NON_MEMBER)
        page = client_for(person).post(self.url, {"number": "AB#1"}).content.decode()
        assert "govuk-error-summary" in page and "can only contain letters" in page

    def test_members_have_nothing_to_claim(self, client_for):
        page = client_for(UserFactory()).get(self.url).content.decode()
        assert "there is nothing to claim" in page


class TestProfile:
    def test_member_sees_verified_membership_and_no_claim_form(self, client_for):
        person = UserFactory()
        HostMembershipRecord.objects.filter(user=person).update(
            valid_until=timezone.localdate() + datetime.timedelta(days=30)
        )
        page = client_for(person).get(reverse("accounts:profile")).content.decode()
        assert "Member (verified)" in page and "Claim membership" not in page

    def test_non_member_sees_the_claim_form(self, client_for):
        person = UserFactory(host_membership=NON_MEMBER)
        page = client_for(person).get(reverse("accounts:profile")).content.decode()
        assert "Not a member" in page
        assert f'action="{reverse("accounts:membership_claim")}"' in page

    def test_declined_claim_is_explained(self, client_for, host_admin):
        person = UserFactory(host_membership=NON_MEMBER)
        claim = services.host_membership_claim(actor=person, number="N-9")
        services.host_membership_claim_decide(
            actor=host_admin, claim=claim, approve=False, reason="Unknown number"
        )
        page = client_for(person).get(reverse("accounts:profile")).content.decode()
        assert "Your last claim was not approved" in page
        assert "Unknown number" not in page

    def test_the_edit_form_has_no_membership_field(self, client_for):
        person = UserFactory(host_membership=NON_MEMBER)
        page = client_for(person).get(reverse("accounts:profile_edit")).content.decode()
        assert 'name="host_membership"' not in page

    def test_posting_membership_to_the_profile_is_ignored(self, client_for):
        from practice_commons.accounts.models import Profession

        person = UserFactory(host_membership=NON_MEMBER)
        response = client_for(person).post(
            reverse("accounts:profile_edit"),
            {
                "full_name": "Gwen Price",
                "profession": str(Profession.objects.get(slug="social-worker").pk),
                "nation": "wales",
                "regulator": "scw",
                "language": "en-gb",
                "host_membership": "member",
            },
        )
        assert response.status_code == 302
        person = User.objects.get(pk=person.pk)
        assert person.full_name == "Gwen Price"
        assert not person.is_host_member
        assert not HostMembershipRecord.objects.filter(user=person).exists()
        assert not AuditEvent.objects.filter(action__startswith="host_membership").exists()


@pytest.mark.parametrize(
    ("role", "shown"), [("member", False), ("org_admin", False), ("host_admin", True)]
)
def test_the_dashboard_links_the_register_for_host_admins(client_for, role, shown):
    page = client_for(people()[role]).get(reverse("core:dashboard")).content.decode()
    assert (reverse("accounts:register") in page) is shown
