"""Verified affiliation, service by service: domains, requests and their routes, the
emailed link (valid, expired, used, forged, another person's), and admins' decisions for
every role."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils import timezone

from practice_commons.accounts import selectors, services
from practice_commons.accounts.models import (
    AffiliationRequest,
    AuditEvent,
    OrganisationDomain,
    OrganisationMembership,
)
from practice_commons.accounts.models.affiliation import token_digest
from practice_commons.confidentiality.testing import assert_service_guarded
from practice_commons.core.errors import Conflict, NotFound, PermissionDenied

from .affiliation_roles import MANAGERS, ROLES, pending_person, person_for
from .factories import HostAdminFactory, OrgAdminFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

Route = AffiliationRequest.Route
Status = AffiliationRequest.Status
LINK = re.compile(r"/affiliations/confirm/([A-Za-z0-9_-]+)/")


@pytest.fixture
def leeds(db):
    organisation = OrganisationFactory(name="Leeds City Council")
    OrganisationDomain.objects.create(organisation=organisation, domain="leeds.gov.uk")
    OrgAdminFactory(organisation=organisation, full_name="Gareth Hughes")
    return organisation


@pytest.fixture
def newcomer(db):
    return UserFactory(organisation=None, full_name="Nia Evans")


def choose(person, organisation, work_email="", new_organisation=False):
    return services.affiliation_choose(
        actor=person,
        user=person,
        organisation=organisation,
        work_email=work_email,
        new_organisation=new_organisation,
    )


def link_token(mail) -> str:
    return LINK.search(mail.body).group(1)


def requested_by_email(person, organisation, captured, mailoutbox, email="nia@leeds.gov.uk"):
    with captured(execute=True):
        request = choose(person, organisation, work_email=email)
    return request, link_token(mailoutbox[-1])


def is_member(person, organisation) -> bool:
    return OrganisationMembership.objects.filter(user=person, organisation=organisation).exists()


# --- Verified domains -------------------------------------------------------------------


class TestDomains:
    def test_host_admin_adds_a_domain_normalised_and_audited(self, leeds, host_admin):
        row = services.organisation_domain_add(
            actor=host_admin, organisation=leeds, domain=" @Social.Leeds.GOV.uk. "
        )
        assert row.domain == "social.leeds.gov.uk"
        event = AuditEvent.objects.get(action="organisation.domain_add")
        assert event.actor == host_admin
        assert event.data == {"domain": "social.leeds.gov.uk"}

    @pytest.mark.parametrize("role", [r for r in ROLES if r != "host_admin"])
    def test_only_host_admins_may_add_or_remove(self, role, leeds):
        actor = person_for(role, leeds)
        with pytest.raises(PermissionDenied):
            services.organisation_domain_add(actor=actor, organisation=leeds, domain="leeds.nhs.uk")
        with pytest.raises(PermissionDenied):
            services.organisation_domain_remove(
                actor=actor, domain=OrganisationDomain.objects.get(domain="leeds.gov.uk")
            )
        assert list(OrganisationDomain.objects.values_list("domain", flat=True)) == ["leeds.gov.uk"]
        assert not AuditEvent.objects.filter(action__startswith="organisation.domain").exists()

    @pytest.mark.parametrize(
        ("domain", "message"),
        [
            ("gmail.com", "Anyone can have an address"),
            ("not a domain", "Enter a domain"),
            ("localhost", "Enter a domain"),
            ("leeds.gov.uk", "already verified for Leeds City Council"),
        ],
    )
    def test_refused_domains(self, leeds, host_admin, domain, message):
        other = OrganisationFactory()
        with pytest.raises(ValidationError) as exc:
            services.organisation_domain_add(actor=host_admin, organisation=other, domain=domain)
        assert message in exc.value.message_dict["domain"][0]
        assert OrganisationDomain.objects.count() == 1

    def test_removing_a_domain_sends_waiting_links_to_the_admins(
        self, leeds, newcomer, host_admin, django_capture_on_commit_callbacks, mailoutbox
    ):
        request, token = requested_by_email(
            newcomer, leeds, django_capture_on_commit_callbacks, mailoutbox
        )
        services.organisation_domain_remove(
            actor=host_admin, domain=OrganisationDomain.objects.get(domain="leeds.gov.uk")
        )
        request.refresh_from_db()
        assert request.route == Route.ORGANISATION_ADMINS and request.is_pending
        with pytest.raises(NotFound):
            services.affiliation_confirm(actor=newcomer, token=token)
        event = AuditEvent.objects.get(action="organisation.domain_remove")
        assert event.data == {"domain": "leeds.gov.uk", "requests_rerouted": 1}


# --- Choosing an organisation -----------------------------------------------------------


class TestChoosing:
    def test_work_email_at_a_verified_domain_is_sent_a_link(
        self, leeds, newcomer, django_capture_on_commit_callbacks, mailoutbox
    ):
        request, token = requested_by_email(
            newcomer, leeds, django_capture_on_commit_callbacks, mailoutbox, "Nia@Leeds.gov.uk"
        )
        assert request.route == Route.DOMAIN_EMAIL and request.is_pending
        assert mailoutbox[-1].to == ["nia@leeds.gov.uk"]
        assert "Leeds City Council" in mailoutbox[-1].subject
        # Only the digest is stored; the token itself is nowhere in the database.
        request.refresh_from_db()
        assert request.token_digest == token_digest(token) != token
        assert not AffiliationRequest.objects.filter(token_digest=token).exists()
        assert request.token_expires_at - timezone.now() > timedelta(days=6)
        newcomer.refresh_from_db()
        assert newcomer.organisation is None
        assert not is_member(newcomer, leeds)

    def test_domain_mismatch_goes_to_the_organisations_admins(
        self, leeds, newcomer, django_capture_on_commit_callbacks, mailoutbox
    ):
        with django_capture_on_commit_callbacks(execute=True):
            request = choose(newcomer, leeds, work_email="nia@leeds.example.org")
        assert request.route == Route.ORGANISATION_ADMINS
        assert request.token_digest == ""
        assert mailoutbox == []
        assert request in selectors.affiliation_requests_for_organisation(leeds)
        assert not is_member(newcomer, leeds)

    def test_no_work_email_goes_to_the_admins(self, leeds, newcomer):
        assert choose(newcomer, leeds).route == Route.ORGANISATION_ADMINS

    def test_an_organisation_without_admins_goes_to_the_host(self, newcomer):
        lonely = OrganisationFactory()
        request = choose(newcomer, lonely)
        assert request.route == Route.HOST_ADMINS
        assert request in selectors.affiliation_requests_for_host()

    def test_a_new_organisation_gives_no_role_and_waits_for_the_host(self, newcomer):
        created = services.organisation_create(actor=newcomer, name="Powys Carers", kind="charity")
        request = choose(newcomer, created, new_organisation=True)
        assert request.route == Route.HOST_ADMINS and request.new_organisation
        assert not OrganisationMembership.objects.filter(organisation=created).exists()
        assert not selectors.can_manage_organisation(newcomer, created)

    def test_choosing_again_withdraws_the_pending_request(self, leeds, newcomer):
        first = choose(newcomer, leeds)
        second = choose(newcomer, OrganisationFactory())
        first.refresh_from_db()
        assert first.status == Status.WITHDRAWN
        assert second.is_pending
        assert AffiliationRequest.objects.filter(user=newcomer, status=Status.PENDING).count() == 1

    def test_choosing_the_same_organisation_again_changes_nothing(self, leeds, newcomer):
        first = choose(newcomer, leeds)
        assert choose(newcomer, leeds) == first
        assert AffiliationRequest.objects.filter(user=newcomer).count() == 1

    def test_choosing_nothing_withdraws_and_clears(self, leeds, newcomer):
        request = choose(newcomer, leeds)
        assert choose(newcomer, None) is None
        request.refresh_from_db()
        assert request.status == Status.WITHDRAWN

    def test_choosing_an_organisation_one_is_verified_at_needs_no_request(self, leeds):
        member = UserFactory(organisation=leeds)
        assert choose(member, leeds) is None
        assert not AffiliationRequest.objects.filter(user=member).exists()

    def test_nobody_chooses_for_someone_else(self, leeds, newcomer, host_admin):
        with pytest.raises(PermissionDenied):
            services.affiliation_choose(actor=host_admin, user=newcomer, organisation=leeds)
        assert not AffiliationRequest.objects.exists()


# --- The emailed link -------------------------------------------------------------------


class TestConfirmationLink:
    @pytest.fixture
    def sent(self, leeds, newcomer, django_capture_on_commit_callbacks, mailoutbox):
        return requested_by_email(newcomer, leeds, django_capture_on_commit_callbacks, mailoutbox)

    def test_valid_link_verifies(self, sent, leeds, newcomer):
        request, token = sent
        services.affiliation_confirm(actor=newcomer, token=token)
        membership = OrganisationMembership.objects.get(user=newcomer, organisation=leeds)
        assert membership.verified_via == OrganisationMembership.Verification.DOMAIN_EMAIL
        assert membership.role == OrganisationMembership.Role.MEMBER
        newcomer.refresh_from_db()
        assert newcomer.organisation == leeds
        request.refresh_from_db()
        assert request.status == Status.VERIFIED
        event = AuditEvent.objects.get(action="affiliation.verify")
        assert event.data["verified_via"] == "domain_email"

    def test_expired_link_is_refused(self, sent, leeds, newcomer, settings):
        request, token = sent
        AffiliationRequest.objects.filter(pk=request.pk).update(
            token_expires_at=timezone.now() - timedelta(seconds=1)
        )
        with pytest.raises(Conflict, match="expired"):
            services.affiliation_confirm(actor=newcomer, token=token)
        assert not is_member(newcomer, leeds)

    def test_expiry_follows_the_setting(
        self, leeds, newcomer, settings, django_capture_on_commit_callbacks, mailoutbox
    ):
        settings.AFFILIATION_CONFIRMATION_DAYS = 2
        request, _token = requested_by_email(
            newcomer, leeds, django_capture_on_commit_callbacks, mailoutbox
        )
        assert request.token_expires_at - timezone.now() < timedelta(days=2, minutes=1)
        assert "expires in 2 days" in mailoutbox[-1].body

    def test_used_link_is_refused_the_second_time(self, sent, leeds, newcomer):
        _request, token = sent
        services.affiliation_confirm(actor=newcomer, token=token)
        with pytest.raises(Conflict, match="already been used"):
            services.affiliation_confirm(actor=newcomer, token=token)
        assert AuditEvent.objects.filter(action="affiliation.verify").count() == 1

    @pytest.mark.parametrize("forged", ["x" * 43, "", "a" * 5000, "nia@leeds.gov.uk"])
    def test_forged_link_is_not_found(self, sent, newcomer, forged):
        with pytest.raises(NotFound):
            services.affiliation_confirm(actor=newcomer, token=forged)

    def test_the_digest_itself_is_not_a_link(self, sent, newcomer):
        request, _token = sent
        request.refresh_from_db()
        with pytest.raises(NotFound):
            services.affiliation_confirm(actor=newcomer, token=request.token_digest)

    @pytest.mark.parametrize("role", ["practitioner", "member", "org_admin", "host_admin"])
    def test_another_persons_link_is_not_found(self, sent, leeds, newcomer, role):
        _request, token = sent
        someone = person_for(role, leeds)
        with pytest.raises(NotFound):
            services.affiliation_confirm(actor=someone, token=token)
        assert not is_member(newcomer, leeds)

    def test_withdrawn_request_link_is_refused(self, sent, leeds, newcomer):
        _request, token = sent
        choose(newcomer, OrganisationFactory())
        with pytest.raises(Conflict, match="no longer valid"):
            services.affiliation_confirm(actor=newcomer, token=token)
        assert not is_member(newcomer, leeds)

    def test_resending_replaces_the_link(
        self, sent, leeds, newcomer, django_capture_on_commit_callbacks, mailoutbox
    ):
        request, old = sent
        with django_capture_on_commit_callbacks(execute=True):
            services.affiliation_link_resend(actor=newcomer, request=request)
        new = link_token(mailoutbox[-1])
        assert new != old
        with pytest.raises(NotFound):
            services.affiliation_confirm(actor=newcomer, token=old)
        services.affiliation_confirm(actor=newcomer, token=new)
        assert is_member(newcomer, leeds)

    def test_only_the_person_may_resend(self, sent, leeds):
        request, _token = sent
        with pytest.raises(NotFound):
            services.affiliation_link_resend(
                actor=OrgAdminFactory(organisation=leeds), request=request
            )


# --- Decisions ----------------------------------------------------------------------------


@pytest.fixture
def waiting(leeds, newcomer):
    return choose(newcomer, leeds)


class TestDecisions:
    @pytest.mark.parametrize("role", ROLES)
    def test_approve_permissions(
        self, role, leeds, newcomer, waiting, django_capture_on_commit_callbacks, mailoutbox
    ):
        actor = person_for(role, leeds)
        if role in MANAGERS:
            with django_capture_on_commit_callbacks(execute=True):
                services.affiliation_approve(actor=actor, request=waiting)
            membership = OrganisationMembership.objects.get(user=newcomer, organisation=leeds)
            assert membership.verified_via == OrganisationMembership.Verification.ADMIN_APPROVAL
            newcomer.refresh_from_db()
            assert newcomer.organisation == leeds
            assert mailoutbox[-1].to == [newcomer.email]
            assert "verified member of Leeds City Council" in mailoutbox[-1].subject
            assert AuditEvent.objects.get(action="affiliation.verify").actor == actor
        else:
            with pytest.raises(PermissionDenied):
                services.affiliation_approve(actor=actor, request=waiting)
            assert not is_member(newcomer, leeds)
            waiting.refresh_from_db()
            assert waiting.is_pending
            assert not AuditEvent.objects.filter(action="affiliation.verify").exists()

    @pytest.mark.parametrize("role", ROLES)
    def test_decline_permissions(
        self, role, leeds, newcomer, waiting, django_capture_on_commit_callbacks, mailoutbox
    ):
        actor = person_for(role, leeds)
        reason = "Please use your leeds.gov.uk address so we can confirm it."
        if role in MANAGERS:
            with django_capture_on_commit_callbacks(execute=True):
                services.affiliation_decline(actor=actor, request=waiting, reason=reason)
            waiting.refresh_from_db()
            assert waiting.status == Status.DECLINED and waiting.decline_reason == reason
            assert reason in mailoutbox[-1].body
            event = AuditEvent.objects.get(action="affiliation.decline")
            assert reason not in str(event.data) and event.reason == ""
        else:
            with pytest.raises(PermissionDenied):
                services.affiliation_decline(actor=actor, request=waiting, reason=reason)
            waiting.refresh_from_db()
            assert waiting.is_pending
        assert not is_member(newcomer, leeds)

    def test_a_pending_person_cannot_approve_themselves(self, leeds, newcomer, waiting):
        with pytest.raises(PermissionDenied):
            services.affiliation_approve(actor=newcomer, request=waiting)

    def test_a_host_admin_cannot_approve_their_own_request(self, leeds):
        admin = HostAdminFactory()
        own = choose(admin, leeds)
        with pytest.raises(PermissionDenied):
            services.affiliation_approve(actor=admin, request=own)

    def test_new_organisations_are_decided_by_the_host_only(self, newcomer, host_admin):
        created = services.organisation_create(actor=newcomer, name="Powys Carers", kind="charity")
        request = choose(newcomer, created, new_organisation=True)
        admin_later = OrgAdminFactory(organisation=created)
        with pytest.raises(PermissionDenied):
            services.affiliation_approve(actor=admin_later, request=request)
        services.affiliation_approve(actor=host_admin, request=request)
        assert OrganisationMembership.objects.get(user=newcomer, organisation=created).role == (
            OrganisationMembership.Role.MEMBER
        )

    def test_deciding_twice_is_a_conflict(self, leeds, newcomer, waiting):
        admin = OrganisationMembership.objects.get(organisation=leeds, role="admin").user
        services.affiliation_approve(actor=admin, request=waiting)
        with pytest.raises(Conflict):
            services.affiliation_decline(actor=admin, request=waiting, reason="Changed my mind.")
        with pytest.raises(Conflict):
            services.affiliation_approve(actor=admin, request=waiting)

    def test_a_domain_link_request_is_not_for_admins_to_decide(
        self, leeds, newcomer, host_admin, django_capture_on_commit_callbacks, mailoutbox
    ):
        request, _token = requested_by_email(
            newcomer, leeds, django_capture_on_commit_callbacks, mailoutbox
        )
        with pytest.raises(Conflict):
            services.affiliation_approve(actor=host_admin, request=request)

    def test_decline_needs_a_reason(self, waiting, host_admin):
        with pytest.raises(ValidationError) as exc:
            services.affiliation_decline(actor=host_admin, request=waiting, reason="   ")
        assert "reason" in exc.value.message_dict
        waiting.refresh_from_db()
        assert waiting.is_pending

    def test_decline_reason_is_guarded(self, leeds, host_admin):
        def decline(text):
            request = choose(UserFactory(organisation=None), leeds)
            return services.affiliation_decline(actor=host_admin, request=request, reason=text)

        assert_service_guarded(decline)
        assert not AffiliationRequest.objects.filter(status=Status.DECLINED).exists()

    def test_the_outcome_email_is_sent_once(self, waiting, host_admin, mailoutbox):
        services.affiliation_approve(actor=host_admin, request=waiting)
        assert services.affiliation.affiliation_outcome_send(request_id=waiting.pk) is True
        assert services.affiliation.affiliation_outcome_send(request_id=waiting.pk) is False
        assert len(mailoutbox) == 1

    def test_visitor_is_refused(self, waiting):
        with pytest.raises(PermissionDenied):
            services.affiliation_approve(actor=AnonymousUser(), request=waiting)


# --- A pending person holds nothing -----------------------------------------------------


class TestPendingPeopleHoldNothing:
    def test_absent_from_the_people_list_and_holding_no_role(self, leeds):
        pending = pending_person(leeds, full_name="Pending Person")
        people = selectors.organisation_memberships(leeds)
        assert pending.pk not in {m.user_id for m in people}
        assert not selectors.can_manage_organisation(pending, leeds)
        assert list(selectors.organisations_managed_by(pending)) == []
        pending.refresh_from_db()
        assert pending.organisation is None

    def test_profile_update_never_sets_the_organisation_or_a_membership(self, leeds, newcomer):
        services.profile_update(
            actor=newcomer,
            user=newcomer,
            data={"organisation": leeds, "work_email": "nia@leeds.gov.uk"},
            expertise=[],
        )
        newcomer.refresh_from_db()
        assert newcomer.organisation is None
        assert not is_member(newcomer, leeds)
        assert AffiliationRequest.objects.get(user=newcomer).route == Route.DOMAIN_EMAIL


# --- Databases from before verification ------------------------------------------------


def test_self_chosen_memberships_become_pending_requests(leeds):
    """Migration 0007, run on today's models: admin-appointed roles stay (as approved),
    self-chosen memberships become one pending request per person."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "practice_commons.accounts.migrations.0007_self_chosen_organisations_become_requests"
    )
    admin = OrganisationMembership.objects.get(organisation=leeds, role="admin").user
    champion = UserFactory(organisation=leeds, org_role="champion")
    chose = UserFactory(organisation=leeds)
    other = OrganisationFactory()
    OrganisationMembership.objects.create(organisation=other, user=chose)
    lonely = OrganisationFactory()
    loner = UserFactory(organisation=lonely)
    migration.self_chosen_to_requests(apps, None)
    kept = OrganisationMembership.objects.filter(organisation=leeds)
    assert set(kept.values_list("user_id", "verified_via")) == {
        (admin.pk, "admin_approval"),
        (champion.pk, "admin_approval"),
    }
    request = AffiliationRequest.objects.get(user=chose)
    assert (request.organisation, request.route, request.status) == (
        leeds,
        Route.ORGANISATION_ADMINS,
        Status.PENDING,
    )
    assert AffiliationRequest.objects.get(user=loner).route == Route.HOST_ADMINS
    for person in (chose, loner):
        person.refresh_from_db()
        assert person.organisation is None
        assert not OrganisationMembership.objects.filter(user=person).exists()
    champion.refresh_from_db()
    assert champion.organisation == leeds
    migration.requests_to_memberships(apps, None)
    assert OrganisationMembership.objects.filter(user=chose, organisation=leeds).exists()
