import pytest

from practice_commons.accounts import selectors
from practice_commons.core.errors import NotFound

from .factories import OrgAdminFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


class TestOrganisationForManager:
    def test_its_admin_gets_it(self, org_admin, organisation):
        assert selectors.organisation_for_manager(org_admin, organisation.slug) == organisation

    def test_host_admin_gets_any(self, host_admin, organisation):
        assert selectors.organisation_for_manager(host_admin, organisation.slug) == organisation

    @pytest.mark.parametrize("who", ["member", "champion", "other_admin"])
    def test_anyone_else_gets_404(self, who, organisation):
        person = {
            "member": lambda: UserFactory(organisation=organisation),
            "champion": lambda: UserFactory(organisation=organisation, org_role="champion"),
            "other_admin": lambda: OrgAdminFactory(),
        }[who]()
        with pytest.raises(NotFound):
            selectors.organisation_for_manager(person, organisation.slug)

    def test_unknown_slug_is_404_even_for_host_admin(self, host_admin):
        with pytest.raises(NotFound):
            selectors.organisation_for_manager(host_admin, "no-such-organisation")


def test_memberships_are_ordered_by_name_and_only_of_that_organisation(organisation):
    UserFactory(organisation=organisation, full_name="Zainab Ali")
    UserFactory(organisation=organisation, full_name="Aled Jones")
    UserFactory(full_name="Someone Elsewhere")
    names = [m.user.full_name for m in selectors.organisation_memberships(organisation)]
    assert names == ["Aled Jones", "Zainab Ali"]


def test_memberships_load_people_and_professions_in_one_query(
    organisation, django_assert_num_queries
):
    for _ in range(5):
        UserFactory(organisation=organisation)
    with django_assert_num_queries(1):
        rows = [
            (m.user.display_name, str(m.user.profession))
            for m in selectors.organisation_memberships(organisation)
        ]
    assert len(rows) == 5


def test_organisations_managed_by(org_admin, organisation, host_admin):
    OrganisationFactory()
    assert list(selectors.organisations_managed_by(org_admin)) == [organisation]
    assert list(selectors.organisations_managed_by(UserFactory(organisation=organisation))) == []
    # Host admins manage every organisation from the admin, not from the navigation.
    assert list(selectors.organisations_managed_by(host_admin)) == []


def test_profile_for_prefetches_expertise(django_assert_num_queries):
    person = UserFactory(expertise=["Neglect", "SEND"])
    with django_assert_num_queries(2):
        loaded = selectors.profile_for(person.pk)
        assert loaded.profession.name == "Social worker"
        assert loaded.organisation.name
        assert sorted(t.name for t in loaded.expertise.all()) == ["Neglect", "SEND"]
