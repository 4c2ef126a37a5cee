import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from practice_commons.accounts import services
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


def profile_data(**overrides):
    data = {
        "full_name": "Morag Campbell",
        "pronouns": "she/her",
        "profession": Profession.objects.get(slug="social-worker"),
        "nation": "scotland",
        "area": "Glasgow",
        "regulator": "sssc",
        "registration_number": "1234567",
        "bio": "I work in a children and families team.",
        "open_to_collaborate": True,
        "happy_to_network": False,
        "host_membership": "member",
        "language": "en-gb",
        "organisation": None,
    }
    data.update(overrides)
    return data


class TestProfileUpdate:
    def test_saves_every_field_and_audits(self, user):
        org = OrganisationFactory(name="Glasgow City Council", nation="scotland")
        verified_before = user.organisation
        services.profile_update(
            actor=user, user=user, data=profile_data(organisation=org), expertise=["Kinship care"]
        )
        user.refresh_from_db()
        assert user.full_name == "Morag Campbell"
        assert user.nation == "scotland"
        assert user.regulator == "sssc"
        # The organisation chosen is a pending request, not a membership (verified
        # affiliation): the person stays at their verified organisation until then.
        assert user.organisation == verified_before
        assert AffiliationRequest.objects.get(user=user, organisation=org).is_pending
        assert user.open_to_collaborate is True
        assert [t.name for t in user.expertise.all()] == ["Kinship care"]
        assert not OrganisationMembership.objects.filter(user=user, organisation=org).exists()
        assert AuditEvent.objects.filter(
            action="profile.update", target_id=str(user.pk), actor=user
        ).exists()

    def test_only_the_person_themselves_may_edit(self, user):
        other = UserFactory(full_name="Original Name")
        with pytest.raises(PermissionDenied):
            services.profile_update(actor=user, user=other, data=profile_data(), expertise=[])
        other.refresh_from_db()
        assert other.full_name == "Original Name"
        assert not AuditEvent.objects.filter(action="profile.update").exists()

    def test_host_admin_may_not_edit_someone_elses_profile_here(self, host_admin, user):
        with pytest.raises(PermissionDenied):
            services.profile_update(actor=host_admin, user=user, data=profile_data(), expertise=[])

    def test_new_organisation_is_created_with_its_type(self, user):
        services.profile_update(
            actor=user,
            user=user,
            data=profile_data(),
            expertise=[],
            new_organisation=services.NewOrganisation(
                name="Glasgow Kinship Network", kind=Organisation.Kind.CHARITY
            ),
        )
        org = Organisation.objects.get(name="Glasgow Kinship Network")
        assert org.kind == Organisation.Kind.CHARITY
        assert org.slug == "glasgow-kinship-network"
        assert org.nation == "scotland" and org.area == "Glasgow"
        user.refresh_from_db()
        # No role in the new organisation: the request waits for a host admin.
        assert user.organisation != org
        assert not OrganisationMembership.objects.filter(user=user, organisation=org).exists()
        request = AffiliationRequest.objects.get(user=user, organisation=org)
        assert request.is_pending and request.new_organisation
        assert request.route == AffiliationRequest.Route.HOST_ADMINS
        assert AuditEvent.objects.filter(
            action="organisation.create", target_id=str(org.pk)
        ).exists()

    def test_duplicate_organisation_name_is_refused_and_nothing_stored(self, user):
        OrganisationFactory(name="Leeds City Council")
        before_orgs = Organisation.objects.count()
        name_before = user.full_name
        with pytest.raises(ValidationError) as exc:
            services.profile_update(
                actor=user,
                user=user,
                data=profile_data(),
                expertise=["Brand new tag"],
                new_organisation=services.NewOrganisation(
                    name="leeds city council", kind="local_authority"
                ),
            )
        assert exc.value.message_dict["name"] == ["An organisation with this name already exists."]
        assert Organisation.objects.count() == before_orgs
        user.refresh_from_db()
        assert user.full_name == name_before
        assert not ExpertiseTag.objects.filter(name="Brand new tag").exists()
        assert not AuditEvent.objects.exists()

    def test_oversized_field_is_refused_and_nothing_stored(self, user):
        name_before = user.full_name
        with pytest.raises(ValidationError) as exc:
            services.profile_update(
                actor=user, user=user, data=profile_data(full_name="x" * 151), expertise=["Neglect"]
            )
        assert "full_name" in exc.value.message_dict
        user.refresh_from_db()
        assert user.full_name == name_before
        assert not user.expertise.exists()
        assert not AuditEvent.objects.exists()

    def test_oversized_bio_is_refused(self, user):
        with pytest.raises(ValidationError) as exc:
            services.profile_update(
                actor=user, user=user, data=profile_data(bio="a " * 1001), expertise=[]
            )
        assert "bio" in exc.value.message_dict

    def test_expertise_tags_are_reused_case_insensitively_and_created_when_new(self, user):
        existing = ExpertiseTag.objects.create(name="Domestic abuse", slug="domestic-abuse")
        services.profile_update(
            actor=user,
            user=user,
            data=profile_data(),
            expertise=["domestic  ABUSE", "County lines", " "],
        )
        assert ExpertiseTag.objects.filter(name__iexact="domestic abuse").count() == 1
        names = sorted(t.name for t in user.expertise.all())
        assert names == ["County lines", "Domestic abuse"]
        assert existing in user.expertise.all()
        assert ExpertiseTag.objects.get(name="County lines").slug == "county-lines"

    def test_expertise_is_replaced_not_added_to(self, user):
        services.profile_update(
            actor=user, user=user, data=profile_data(), expertise=["Neglect", "SEND"]
        )
        services.profile_update(actor=user, user=user, data=profile_data(), expertise=["SEND"])
        assert [t.name for t in user.expertise.all()] == ["SEND"]

    def test_choosing_an_organisation_twice_makes_one_request_and_no_membership(self, user):
        org = OrganisationFactory()
        for _ in range(2):
            services.profile_update(
                actor=user, user=user, data=profile_data(organisation=org), expertise=[]
            )
        assert AffiliationRequest.objects.filter(user=user, organisation=org).count() == 1
        assert not OrganisationMembership.objects.filter(user=user, organisation=org).exists()


class TestOrganisationCreate:
    def test_slug_is_unique(self, user):
        OrganisationFactory(name="Family Action Leeds", slug="family-action-leeds")
        org = services.organisation_create(actor=user, name="Family Action: Leeds", kind="charity")
        assert org.slug == "family-action-leeds-2"

    def test_unknown_kind_is_refused(self, user):
        with pytest.raises(ValidationError) as exc:
            services.organisation_create(actor=user, name="Somewhere", kind="spaceship")
        assert "kind" in exc.value.message_dict
        assert not Organisation.objects.filter(name="Somewhere").exists()


@pytest.fixture
def colleague(organisation):
    return UserFactory(organisation=organisation)


def membership_of(user):
    return OrganisationMembership.objects.get(user=user, organisation=user.organisation)


class TestRoleChange:
    def test_org_admin_changes_a_role_and_it_is_audited(self, org_admin, colleague):
        membership = membership_of(colleague)
        services.organisation_membership_set_role(
            actor=org_admin, membership=membership, role="champion"
        )
        membership.refresh_from_db()
        assert membership.role == "champion"
        event = AuditEvent.objects.get(action="organisation.role_change")
        assert event.actor == org_admin
        assert event.data == {"from": "member", "to": "champion", "user_id": colleague.pk}

    def test_host_admin_may_change_roles_anywhere(self, host_admin, colleague):
        membership = membership_of(colleague)
        services.organisation_membership_set_role(
            actor=host_admin, membership=membership, role="admin"
        )
        membership.refresh_from_db()
        assert membership.role == "admin"

    @pytest.mark.parametrize("who", ["practitioner", "champion", "other_org_admin"])
    def test_others_are_refused_and_nothing_changes(self, who, organisation, colleague):
        actor = {
            "practitioner": lambda: UserFactory(organisation=organisation),
            "champion": lambda: UserFactory(organisation=organisation, org_role="champion"),
            "other_org_admin": lambda: OrgAdminFactory(),
        }[who]()
        membership = membership_of(colleague)
        with pytest.raises(PermissionDenied):
            services.organisation_membership_set_role(
                actor=actor, membership=membership, role="admin"
            )
        membership.refresh_from_db()
        assert membership.role == "member"
        assert not AuditEvent.objects.filter(action="organisation.role_change").exists()

    def test_unknown_role_is_refused(self, org_admin, colleague):
        with pytest.raises(ValidationError):
            services.organisation_membership_set_role(
                actor=org_admin, membership=membership_of(colleague), role="owner"
            )

    def test_an_admin_cannot_demote_themselves(self, org_admin):
        membership = membership_of(org_admin)
        with pytest.raises(ValidationError):
            services.organisation_membership_set_role(
                actor=org_admin, membership=membership, role="member"
            )
        membership.refresh_from_db()
        assert membership.role == "admin"


class TestRemove:
    def test_org_admin_removes_a_person_and_it_is_audited(self, org_admin, colleague):
        services.organisation_membership_remove(
            actor=org_admin, membership=membership_of(colleague)
        )
        colleague.refresh_from_db()
        assert colleague.organisation is None
        assert not OrganisationMembership.objects.filter(user=colleague).exists()
        event = AuditEvent.objects.get(action="organisation.remove_person")
        assert event.actor == org_admin
        assert event.target_id == str(org_admin.organisation_id)
        assert event.data == {"user_id": colleague.pk}

    @pytest.mark.parametrize("who", ["practitioner", "other_org_admin"])
    def test_others_are_refused(self, who, organisation, colleague):
        actor = (
            UserFactory(organisation=organisation) if who == "practitioner" else OrgAdminFactory()
        )
        with pytest.raises(PermissionDenied):
            services.organisation_membership_remove(
                actor=actor, membership=membership_of(colleague)
            )
        assert OrganisationMembership.objects.filter(user=colleague).exists()
        assert not AuditEvent.objects.exists()

    def test_an_admin_cannot_remove_themselves(self, org_admin):
        with pytest.raises(ValidationError):
            services.organisation_membership_remove(
                actor=org_admin, membership=membership_of(org_admin)
            )
        assert OrganisationMembership.objects.filter(user=org_admin).exists()


class TestAuditRecord:
    def test_anonymous_actor_is_stored_as_none(self, organisation):
        from django.contrib.auth.models import AnonymousUser

        event = services.audit_record(actor=AnonymousUser(), action="x.y", target=organisation)
        assert event.actor is None
        assert event.target_type == "accounts.organisation"
        assert event.target_id == str(organisation.pk)
