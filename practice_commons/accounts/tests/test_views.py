import re

import pytest
from django.urls import reverse

from practice_commons.accounts.models import (
    AffiliationRequest,
    AuditEvent,
    ExpertiseTag,
    Organisation,
    OrganisationMembership,
    Profession,
)

from .factories import OrgAdminFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("account_login")


def signed_in(client, user):
    client.force_login(user)
    return client


def form_data(**overrides):
    data = {
        "full_name": "Sian Pritchard",
        "pronouns": "",
        "profession": str(Profession.objects.get(slug="health-visitor").pk),
        "nation": "wales",
        "area": "Powys",
        "regulator": "nmc",
        "registration_number": "",
        "bio": "",
        "host_membership": "member",
        "language": "en-gb",
        "organisation_choice": "",
        "new_organisation_name": "",
        "new_organisation_kind": "",
        "expertise_text": "Safe sleep, Perinatal mental health",
        "open_to_collaborate": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def error_summary(html: str) -> str:
    match = re.search(r'<div class="govuk-error-summary".*?</ul>', html, re.S)
    return match.group(0) if match else ""


def field_error(html: str, field: str) -> str:
    match = re.search(
        rf'<p id="id_{field}_error" class="govuk-error-message">(.*?)</p>', html, re.S
    )
    return match.group(1) if match else ""


class TestProfilePage:
    def test_visitor_is_sent_to_sign_in(self, client):
        response = client.get(reverse("accounts:profile"))
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN_URL)

    def test_shows_the_profile(self, client):
        person = UserFactory(
            full_name="Kwame Asante", pronouns="he/him", expertise=["County lines"]
        )
        response = signed_in(client, person).get(reverse("accounts:profile"))
        assert response.status_code == 200
        page = response.content.decode()
        assert "Kwame Asante" in page
        assert "he/him" in page
        assert "County lines" in page
        assert person.organisation.name in page


class TestProfileEdit:
    url = reverse("accounts:profile_edit")

    def test_visitor_is_sent_to_sign_in(self, client):
        response = client.get(self.url)
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN_URL)

    def test_get_shows_the_form_filled_in(self, client):
        person = UserFactory(full_name="Owain Parry", expertise=["Neglect", "SEND"])
        response = signed_in(client, person).get(self.url)
        assert response.status_code == 200
        page = response.content.decode()
        assert 'value="Owain Parry"' in page
        assert "Neglect, SEND" in page
        assert "govuk-error-summary" not in page

    def test_valid_post_saves_and_redirects(self, client, user):
        org = OrganisationFactory(name="Powys Teaching Health Board", kind="nhs_body")
        response = signed_in(client, user).post(
            self.url, form_data(organisation_choice=str(org.pk))
        )
        assert response.status_code == 302
        assert response["Location"] == reverse("accounts:profile")
        user.refresh_from_db()
        assert user.full_name == "Sian Pritchard"
        assert user.nation == "wales"
        # A request until verified: the profile shows it as pending.
        assert user.organisation != org
        assert AffiliationRequest.objects.get(user=user, organisation=org).is_pending
        assert user.open_to_collaborate is True
        assert user.happy_to_network is False
        assert sorted(t.name for t in user.expertise.all()) == [
            "Perinatal mental health",
            "Safe sleep",
        ]
        followed = client.get(response["Location"])
        assert "Your profile has been saved." in followed.content.decode()
        assert "Pending" in followed.content.decode()

    def test_valid_post_with_a_new_organisation(self, client, user):
        response = signed_in(client, user).post(
            self.url,
            form_data(
                organisation_choice="__new__",
                new_organisation_name="Powys Young Carers",
                new_organisation_kind="charity",
            ),
        )
        assert response.status_code == 302
        org = Organisation.objects.get(name="Powys Young Carers")
        assert org.kind == "charity"
        user.refresh_from_db()
        assert user.organisation != org
        assert not OrganisationMembership.objects.filter(user=user, organisation=org).exists()
        assert AffiliationRequest.objects.get(user=user, organisation=org).new_organisation

    def assert_refused(self, response, user, before):
        assert response.status_code == 200
        user.refresh_from_db()
        assert (user.full_name, user.organisation_id, user.nation) == before
        assert not AuditEvent.objects.filter(action="profile.update").exists()

    def test_missing_required_fields_show_errors_beside_fields_and_in_summary(self, client, user):
        before = (user.full_name, user.organisation_id, user.nation)
        response = signed_in(client, user).post(
            self.url, form_data(full_name="", profession="", nation=None)
        )
        self.assert_refused(response, user, before)
        page = response.content.decode()
        summary = error_summary(page)
        assert "There is a problem" in summary
        for field in ("full_name", "profession", "nation"):
            assert field_error(page, field), f"no error beside {field}"
        assert 'href="#id_full_name"' in summary
        assert 'href="#id_profession"' in summary
        assert response.context["form"].errors.keys() >= {"full_name", "profession", "nation"}

    def test_oversized_fields_are_refused_with_a_message(self, client, user):
        before = (user.full_name, user.organisation_id, user.nation)
        response = signed_in(client, user).post(
            self.url, form_data(full_name="x" * 151, bio="a" * 2001, expertise_text="y" * 81)
        )
        self.assert_refused(response, user, before)
        page = response.content.decode()
        full_name_error = "Full name must be 150 characters or fewer; yours is 151."
        assert full_name_error in field_error(page, "full_name")
        assert "About you must be 2,000 characters or fewer; yours is 2,001." in field_error(
            page, "bio"
        )
        assert "80 characters or fewer" in field_error(page, "expertise_text")
        assert full_name_error in error_summary(page)
        assert not ExpertiseTag.objects.exists()

    def test_duplicate_new_organisation_is_refused_with_a_clear_message(self, client, user):
        OrganisationFactory(name="Powys County Council")
        before = (user.full_name, user.organisation_id, user.nation)
        count = Organisation.objects.count()
        response = signed_in(client, user).post(
            self.url,
            form_data(
                organisation_choice="__new__",
                new_organisation_name="powys county council",
                new_organisation_kind="local_authority",
            ),
        )
        self.assert_refused(response, user, before)
        page = response.content.decode()
        message = "That organisation is already listed: choose it from the list."
        assert message in field_error(page, "new_organisation_name")
        assert message in error_summary(page)
        assert Organisation.objects.count() == count

    def test_new_organisation_needs_a_name_and_type(self, client, user):
        before = (user.full_name, user.organisation_id, user.nation)
        response = signed_in(client, user).post(self.url, form_data(organisation_choice="__new__"))
        self.assert_refused(response, user, before)
        page = response.content.decode()
        assert "Enter the name of your organisation." in field_error(page, "new_organisation_name")
        assert "Choose the type of organisation." in field_error(page, "new_organisation_kind")

    def test_unknown_organisation_is_refused(self, client, user):
        before = (user.full_name, user.organisation_id, user.nation)
        response = signed_in(client, user).post(self.url, form_data(organisation_choice="999999"))
        self.assert_refused(response, user, before)
        assert field_error(response.content.decode(), "organisation_choice")


@pytest.fixture
def colleague(organisation):
    return UserFactory(organisation=organisation, full_name="Colleague Person")


def people_url(org):
    return reverse("accounts:organisation_people", kwargs={"slug": org.slug})


def role_url(org, membership):
    return reverse(
        "accounts:organisation_set_role", kwargs={"slug": org.slug, "membership_id": membership.pk}
    )


def remove_url(org, membership):
    return reverse(
        "accounts:organisation_remove_person",
        kwargs={"slug": org.slug, "membership_id": membership.pk},
    )


def person_for(role, organisation, host_admin):
    return {
        "practitioner": lambda: UserFactory(organisation=organisation),
        "champion": lambda: UserFactory(organisation=organisation, org_role="champion"),
        "other_org_admin": lambda: OrgAdminFactory(),
        "org_admin": lambda: OrgAdminFactory(organisation=organisation),
        "host_admin": lambda: host_admin,
    }[role]()


ALLOWED = {
    "org_admin": True,
    "host_admin": True,
    "practitioner": False,
    "champion": False,
    "other_org_admin": False,
}


class TestOrganisationPeople:
    def test_visitor_is_sent_to_sign_in(self, client, organisation):
        response = client.get(people_url(organisation))
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN_URL)

    @pytest.mark.parametrize("role", list(ALLOWED))
    def test_page_permissions(self, client, role, organisation, colleague, host_admin):
        response = signed_in(client, person_for(role, organisation, host_admin)).get(
            people_url(organisation)
        )
        if ALLOWED[role]:
            assert response.status_code == 200
            assert "Colleague Person" in response.content.decode()
        else:
            assert response.status_code == 404

    def test_unknown_organisation_is_404(self, client, host_admin):
        response = signed_in(client, host_admin).get("/organisations/nowhere/people/")
        assert response.status_code == 404

    @pytest.mark.parametrize("role", list(ALLOWED))
    def test_role_change_permissions(self, client, role, organisation, colleague, host_admin):
        membership = OrganisationMembership.objects.get(user=colleague)
        response = signed_in(client, person_for(role, organisation, host_admin)).post(
            role_url(organisation, membership), {"role": "champion"}
        )
        membership.refresh_from_db()
        if ALLOWED[role]:
            assert response.status_code == 302
            assert response["Location"] == people_url(organisation)
            assert membership.role == "champion"
            assert AuditEvent.objects.filter(action="organisation.role_change").count() == 1
            page = client.get(response["Location"]).content.decode()
            assert "Colleague Person is now champion." in page
        else:
            assert response.status_code == 404
            assert membership.role == "member"
            assert not AuditEvent.objects.filter(action="organisation.role_change").exists()

    @pytest.mark.parametrize("role", list(ALLOWED))
    def test_remove_permissions(self, client, role, organisation, colleague, host_admin):
        membership = OrganisationMembership.objects.get(user=colleague)
        response = signed_in(client, person_for(role, organisation, host_admin)).post(
            remove_url(organisation, membership)
        )
        exists = OrganisationMembership.objects.filter(pk=membership.pk).exists()
        if ALLOWED[role]:
            assert response.status_code == 302
            assert not exists
            colleague.refresh_from_db()
            assert colleague.organisation is None
        else:
            assert response.status_code == 404
            assert exists

    def test_visitor_posts_are_sent_to_sign_in(self, client, organisation, colleague):
        membership = OrganisationMembership.objects.get(user=colleague)
        for url in (role_url(organisation, membership), remove_url(organisation, membership)):
            response = client.post(url, {"role": "admin"})
            assert response.status_code == 302
            assert response["Location"].startswith(LOGIN_URL)
        membership.refresh_from_db()
        assert membership.role == "member"

    def test_membership_of_another_organisation_is_404(self, client, org_admin):
        elsewhere = UserFactory()
        membership = OrganisationMembership.objects.get(user=elsewhere)
        response = signed_in(client, org_admin).post(
            role_url(org_admin.organisation, membership), {"role": "admin"}
        )
        assert response.status_code == 404
        membership.refresh_from_db()
        assert membership.role == "member"

    def test_get_is_not_allowed_on_actions(self, client, org_admin, colleague):
        membership = OrganisationMembership.objects.get(user=colleague)
        signed_in(client, org_admin)
        assert client.get(role_url(org_admin.organisation, membership)).status_code == 405
        assert client.get(remove_url(org_admin.organisation, membership)).status_code == 405

    def test_invalid_role_shows_a_message_and_changes_nothing(self, client, org_admin, colleague):
        membership = OrganisationMembership.objects.get(user=colleague)
        response = signed_in(client, org_admin).post(
            role_url(org_admin.organisation, membership), {"role": "owner"}, follow=True
        )
        assert "Choose a role from the list." in response.content.decode()
        membership.refresh_from_db()
        assert membership.role == "member"

    def test_admin_cannot_remove_themselves(self, client, org_admin):
        membership = OrganisationMembership.objects.get(user=org_admin)
        response = signed_in(client, org_admin).post(
            remove_url(org_admin.organisation, membership), follow=True
        )
        assert "You cannot remove yourself" in response.content.decode()
        assert OrganisationMembership.objects.filter(pk=membership.pk).exists()

    def test_pagination(self, client, org_admin, organisation):
        for i in range(59):
            UserFactory(organisation=organisation, full_name=f"Person {i:03d}")
        signed_in(client, org_admin)
        first = client.get(people_url(organisation))
        assert len(first.context["page_obj"].object_list) == 50
        assert first.context["page_obj"].paginator.count == 60
        assert 'rel="next"' in first.content.decode()
        second = client.get(people_url(organisation), {"page": 2})
        assert len(second.context["page_obj"].object_list) == 10
        assert 'rel="prev"' in second.content.decode()
        beyond = client.get(people_url(organisation), {"page": 99})
        assert beyond.context["page_obj"].number == 2


# Session, user, organisation, permission, count, navigation, page of people (7 today,
# room for a context processor or two): whatever
# the number of people, the page costs the same.
PEOPLE_PAGE_QUERY_BUDGET = 10


@pytest.mark.parametrize("people", [5, 120])
def test_people_page_query_budget(
    client, org_admin, organisation, people, django_assert_max_num_queries
):
    for _ in range(people - 1):
        UserFactory(organisation=organisation, expertise=["Neglect"])
    signed_in(client, org_admin)
    with django_assert_max_num_queries(PEOPLE_PAGE_QUERY_BUDGET):
        response = client.get(people_url(organisation))
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == people
