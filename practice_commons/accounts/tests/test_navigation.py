"""The navigation's "Manage" organisations (``context_processors.navigation``), from the
facts loaded with the signed-in person (``accounts.facts``, ``accounts.backends``): no
query for someone who administers none or only their own organisation."""

import pytest
from django.urls import reverse

from practice_commons.accounts.backends import ModelBackend
from practice_commons.accounts.context_processors import managed_organisations
from practice_commons.accounts.models import OrganisationMembership

from .factories import HostAdminFactory, OrgAdminFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def signed_in(user):
    return ModelBackend().get_user(user.pk)


def test_a_member_administers_nothing_and_costs_no_query(django_assert_num_queries):
    person = signed_in(UserFactory())
    with django_assert_num_queries(0):
        assert managed_organisations(person) == []


def test_an_admin_of_their_own_organisation_costs_no_query(django_assert_num_queries):
    admin = signed_in(OrgAdminFactory())
    with django_assert_num_queries(0):
        assert [o.pk for o in managed_organisations(admin)] == [admin.organisation_id]


def test_an_admin_of_another_organisation_gets_it_from_one_query(django_assert_num_queries):
    person = UserFactory()
    elsewhere = OrganisationFactory(name="Northshire Police")
    OrganisationMembership.objects.create(
        organisation=elsewhere, user=person, role=OrganisationMembership.Role.ADMIN
    )
    person = signed_in(person)
    with django_assert_num_queries(1):
        assert [o.name for o in managed_organisations(person)] == ["Northshire Police"]


def test_a_champion_or_host_admin_gets_no_organisation_to_manage():
    assert managed_organisations(signed_in(UserFactory(org_role="champion"))) == []
    assert managed_organisations(signed_in(HostAdminFactory())) == []


def test_the_menu_links_to_the_organisation_they_administer(client):
    admin = OrgAdminFactory()
    client.force_login(admin)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert 'id="nav-menu-manage"' in page
    assert admin.organisation.get_absolute_url() in page
    client.force_login(UserFactory())
    assert 'id="nav-menu-manage"' not in client.get(reverse("accounts:profile")).content.decode()
