"""Required two-factor sign-in: the host's rule for host admins
(``MFA_REQUIRED_FOR_HOST_ADMINS``) and an organisation's rule for its verified staff
(``Organisation.mfa_required``), enforced on every page by ``MfaRequiredMiddleware`` and
on removing authenticators by ``adapter.MFAAdapter``."""

import pytest
from allauth.mfa.models import Authenticator
from django.test import override_settings
from django.urls import reverse

from practice_commons.accounts import mfa_policy, services
from practice_commons.accounts.models import AffiliationRequest, AuditEvent
from practice_commons.core.errors import PermissionDenied

from .factories import HostAdminFactory, OrgAdminFactory, OrganisationFactory, UserFactory
from .test_mfa import activate_totp, fixed_counter, sign_in  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db

MFA_INDEX = reverse("mfa_index")
DEACTIVATE = reverse("mfa_deactivate_totp")
BLOCKED_PAGES = ["/", "/profile/", "/profile/edit/", "/communities/", "/events/", "/audit/"]


def add_totp(user):
    return Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )


def require_for(organisation, required=True):
    """Switch the rule straight on the row (the service is tested on its own below), and
    tell the policy, as the service does after commit."""
    organisation.mfa_required = required
    organisation.save(update_fields=["mfa_required"])
    mfa_policy.organisation_rules_changed()


# --- The policy ---------------------------------------------------------------------------


class TestPolicy:
    @override_settings(MFA_REQUIRED_FOR_HOST_ADMINS=True)
    def test_host_admins_under_the_host_setting(self):
        admin = HostAdminFactory()
        assert mfa_policy.mfa_required(admin)
        assert mfa_policy.mfa_setup_required(admin)
        add_totp(admin)
        assert not mfa_policy.mfa_setup_required(admin)

    @override_settings(MFA_REQUIRED_FOR_HOST_ADMINS=False)
    def test_host_setting_off(self):
        assert not mfa_policy.mfa_required(HostAdminFactory())

    @override_settings(MFA_REQUIRED_FOR_HOST_ADMINS=True)
    def test_practitioners_are_not_under_the_host_setting(self):
        assert not mfa_policy.mfa_required(UserFactory())

    def test_verified_staff_of_an_organisation_that_requires_it(self):
        org = OrganisationFactory()
        member = UserFactory(organisation=org)
        elsewhere = UserFactory()
        require_for(org)
        assert mfa_policy.mfa_required(member)
        assert not mfa_policy.mfa_required(elsewhere)
        assert "requires it for its staff" in mfa_policy.mfa_requirement_reason(member)

    def test_a_pending_request_is_not_an_affiliation(self):
        """Choosing the organisation on one's profile grants nothing, this rule included."""
        org = OrganisationFactory()
        OrgAdminFactory(organisation=org)
        person = UserFactory(organisation=None)
        AffiliationRequest.objects.create(
            user=person, organisation=org, route=AffiliationRequest.Route.ORGANISATION_ADMINS
        )
        require_for(org)
        assert not mfa_policy.mfa_required(person)

    def test_recovery_codes_alone_are_not_a_second_factor(self):
        org = OrganisationFactory()
        member = UserFactory(organisation=org)
        require_for(org)
        Authenticator.objects.create(
            user=member, type=Authenticator.Type.RECOVERY_CODES, data={"seed": "x"}
        )
        assert mfa_policy.mfa_setup_required(member)


# --- The organisation's option ---------------------------------------------------------------


class TestOrganisationOption:
    def test_organisation_admin_switches_it_on_and_off_audited(self):
        org = OrganisationFactory()
        admin = OrgAdminFactory(organisation=org)
        services.organisation_mfa_requirement_set(actor=admin, organisation=org, required=True)
        org.refresh_from_db()
        assert org.mfa_required
        services.organisation_mfa_requirement_set(actor=admin, organisation=org, required=False)
        org.refresh_from_db()
        assert not org.mfa_required
        entries = AuditEvent.objects.filter(action="organisation.mfa_requirement_set").order_by(
            "pk"
        )
        assert [(e.actor_id, e.data) for e in entries] == [
            (admin.pk, {"required": True, "previous": False}),
            (admin.pk, {"required": False, "previous": True}),
        ]
        assert entries[0].target_type == "accounts.organisation"
        assert entries[0].target_id == str(org.pk)

    def test_host_admin_may_set_it(self):
        org = OrganisationFactory()
        services.organisation_mfa_requirement_set(
            actor=HostAdminFactory(), organisation=org, required=True
        )
        org.refresh_from_db()
        assert org.mfa_required

    @pytest.mark.parametrize("role", ["member", "champion"])
    def test_other_staff_may_not(self, role):
        org = OrganisationFactory()
        person = UserFactory(organisation=org, org_role=role)
        with pytest.raises(PermissionDenied):
            services.organisation_mfa_requirement_set(actor=person, organisation=org, required=True)
        org.refresh_from_db()
        assert not org.mfa_required
        assert not AuditEvent.objects.filter(action="organisation.mfa_requirement_set").exists()

    def test_set_from_the_people_page(self, client):
        org = OrganisationFactory()
        admin = OrgAdminFactory(organisation=org)
        add_totp(admin)  # so the admin is not sent to set it up themselves
        client.force_login(admin)
        people = reverse("accounts:organisation_people", kwargs={"slug": org.slug})
        page = client.get(people).content.decode()
        assert "Require two-factor sign-in for our staff" in page
        url = reverse("accounts:organisation_mfa_requirement", kwargs={"slug": org.slug})
        response = client.post(url, {"mfa_required": "on"}, follow=True)
        assert response.redirect_chain[-1][0] == people
        assert "Two-factor sign-in is now required" in response.content.decode()
        org.refresh_from_db()
        assert org.mfa_required
        client.post(url, {})
        org.refresh_from_db()
        assert not org.mfa_required

    def test_the_form_is_404_to_anyone_else(self, client):
        org = OrganisationFactory()
        client.force_login(UserFactory(organisation=org))
        url = reverse("accounts:organisation_mfa_requirement", kwargs={"slug": org.slug})
        assert client.post(url, {"mfa_required": "on"}).status_code == 404
        org.refresh_from_db()
        assert not org.mfa_required

    def test_visitor_is_sent_to_sign_in_and_get_is_refused(self, client):
        org = OrganisationFactory()
        url = reverse("accounts:organisation_mfa_requirement", kwargs={"slug": org.slug})
        response = client.post(url, {"mfa_required": "on"})
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
        client.force_login(OrgAdminFactory(organisation=org))
        assert client.get(url).status_code == 405


# --- Pages are blocked until it is set up ------------------------------------------------------


@pytest.fixture
def staff_under_rule():
    org = OrganisationFactory(name="Riverside Council")
    person = UserFactory(organisation=org)
    require_for(org)
    return person


class TestPagesBlocked:
    def test_switching_the_rule_on_applies_to_people_already_signed_in(
        self, client, django_capture_on_commit_callbacks
    ):
        org = OrganisationFactory()
        person = UserFactory(organisation=org)
        client.force_login(person)
        assert client.get("/profile/").status_code == 200
        with django_capture_on_commit_callbacks(execute=True):
            services.organisation_mfa_requirement_set(
                actor=OrgAdminFactory(organisation=org), organisation=org, required=True
            )
        assert client.get("/profile/")["Location"] == MFA_INDEX

    def test_an_ordinary_request_asks_the_database_nothing_more(self, client):
        """The rule is remembered from sign-in: a page costs what it cost before."""
        from django.conf import settings
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client.force_login(UserFactory())

        def cost():
            client.get("/profile/")
            with CaptureQueriesContext(connection) as queries:
                assert client.get("/profile/").status_code == 200
            return len(queries.captured_queries)

        with_rule = cost()
        without = [m for m in settings.MIDDLEWARE if not m.endswith("MfaRequiredMiddleware")]
        with override_settings(MIDDLEWARE=without):
            assert cost() == with_rule

    @pytest.mark.parametrize("path", BLOCKED_PAGES)
    def test_every_page_sends_them_to_set_it_up(self, client, staff_under_rule, path):
        client.force_login(staff_under_rule)
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"] == MFA_INDEX

    def test_posts_are_blocked_too(self, client, staff_under_rule):
        client.force_login(staff_under_rule)
        response = client.post(reverse("accounts:profile_edit"), {"full_name": "Changed"})
        assert response.status_code == 302
        assert response["Location"] == MFA_INDEX
        staff_under_rule.refresh_from_db()
        assert staff_under_rule.full_name != "Changed"

    def test_htmx_requests_are_redirected_by_htmx(self, client, staff_under_rule):
        client.force_login(staff_under_rule)
        response = client.get("/profile/", headers={"HX-Request": "true"})
        assert response["HX-Redirect"] == MFA_INDEX

    def test_the_setup_page_says_why(self, client, staff_under_rule):
        client.force_login(staff_under_rule)
        response = client.get("/profile/", follow=True)
        assert response.status_code == 200
        page = response.content.decode()
        assert "You need to set up two-factor sign-in" in page
        assert "Riverside Council requires it for its staff" in page

    @pytest.mark.parametrize(
        "name", ["mfa_index", "mfa_activate_totp", "account_logout", "account_reauthenticate"]
    )
    def test_setup_pages_and_sign_out_stay_open(self, client, staff_under_rule, name):
        client.force_login(staff_under_rule)
        response = client.get(reverse(name))
        assert response.get("Location") != MFA_INDEX
        assert response.status_code in (200, 302)

    def test_static_files_stay_open(self, client, staff_under_rule):
        client.force_login(staff_under_rule)
        response = client.get("/static/does-not-exist.css")
        assert response.status_code == 404  # reached the static handler, not a redirect

    def test_sign_out_works(self, client, staff_under_rule):
        client.force_login(staff_under_rule)
        client.post(reverse("account_logout"))
        assert "_auth_user_id" not in client.session

    def test_once_set_up_pages_open(self, client, staff_under_rule):
        add_totp(staff_under_rule)
        client.force_login(staff_under_rule)
        assert client.get("/profile/").status_code == 200

    def test_people_not_under_a_rule_are_not_blocked(self, client):
        client.force_login(UserFactory())
        assert client.get("/profile/").status_code == 200

    @override_settings(MFA_REQUIRED_FOR_HOST_ADMINS=True)
    def test_host_admin_is_blocked_from_the_audit_trail_and_admin(self, client):
        admin = HostAdminFactory()
        client.force_login(admin)
        for path in ("/audit/", "/admin/", "/membership/register/"):
            response = client.get(path)
            assert response.status_code == 302, path
            assert response["Location"] == MFA_INDEX
        add_totp(admin)
        assert client.get("/audit/").status_code == 200

    @override_settings(MFA_REQUIRED_FOR_HOST_ADMINS=True)
    def test_full_journey_set_up_totp_then_carry_on(self, client, fixed_counter):  # noqa: F811
        admin = HostAdminFactory()
        activate_totp(client, admin, fixed_counter)
        assert mfa_policy.has_second_factor(admin)
        assert client.get("/audit/").status_code == 200


# --- The last authenticator cannot be removed while required -------------------------------------


class TestCannotRemoveLastAuthenticator:
    def test_refused_while_required(self, staff_under_rule):
        from allauth.mfa.adapter import get_adapter

        totp = add_totp(staff_under_rule)
        assert not get_adapter().can_delete_authenticator(totp)

    def test_allowed_when_another_second_factor_exists(self, staff_under_rule):
        from allauth.mfa.adapter import get_adapter

        totp = add_totp(staff_under_rule)
        Authenticator.objects.create(
            user=staff_under_rule, type=Authenticator.Type.WEBAUTHN, data={"name": "key"}
        )
        assert get_adapter().can_delete_authenticator(totp)

    def test_allowed_when_not_required(self):
        from allauth.mfa.adapter import get_adapter

        assert get_adapter().can_delete_authenticator(add_totp(UserFactory()))

    def test_the_deactivate_page_refuses_with_a_clear_message(
        self,
        client,
        staff_under_rule,
        fixed_counter,  # noqa: F811
    ):
        org = staff_under_rule.organisation
        require_for(org, required=False)
        activate_totp(client, staff_under_rule, fixed_counter)
        require_for(org)
        response = client.post(DEACTIVATE)
        assert response.status_code == 200
        assert "You cannot remove your only authenticator" in response.content.decode()
        assert Authenticator.objects.filter(
            user=staff_under_rule, type=Authenticator.Type.TOTP
        ).exists()
