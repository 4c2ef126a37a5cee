"""factory_boy factories for people and organisations, shared by every app's tests.

A user from :class:`UserFactory` is what the product makes after sign-up, verification
and a completed profile: a verified primary allauth ``EmailAddress`` (without it allauth
sends the person to the verification page), a profession, a nation, and a membership of
their organisation. Every user's password is :data:`PASSWORD`.

    UserFactory()                               # practitioner, member of a new organisation
    UserFactory(organisation=org)               # ... of ``org``
    UserFactory(organisation=None)              # no organisation
    OrgAdminFactory(organisation=org)           # organisation admin of ``org``
    UserFactory(org_role="champion")            # any organisation role
    HostAdminFactory()                          # host admin (superuser, staff)
    UserFactory(verified=False)                 # signed up, address not verified
    UserFactory(expertise=["Neglect"])          # areas of expertise by name
    UserFactory(host_membership=HostMembership.NON_MEMBER)  # not on the host's register

Membership of the host comes from the register: ``host_membership`` (default member)
is not a field but says whether to add a current register row matched to the person.
"""

import datetime

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.utils.text import slugify
from factory.django import DjangoModelFactory

from practice_commons.accounts.models import (
    ExpertiseTag,
    HostMembership,
    HostMembershipRecord,
    HostRole,
    Nation,
    Organisation,
    OrganisationMembership,
    Profession,
    Regulator,
    User,
)

PASSWORD = "correct-horse-battery"


class ProfessionFactory(DjangoModelFactory):
    """Reuses the profession the data migration seeded when the slug matches."""

    class Meta:
        model = Profession
        django_get_or_create = ("slug",)

    name = "Social worker"
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    is_social_work = factory.LazyAttribute(lambda o: o.slug == "social-worker")


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Test Borough Council {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    kind = Organisation.Kind.LOCAL_AUTHORITY
    nation = Nation.ENGLAND
    area = "Leeds"


class ExpertiseTagFactory(DjangoModelFactory):
    class Meta:
        model = ExpertiseTag
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Expertise {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


def _membership(user, create, extracted, default_role):
    if not create or user.organisation_id is None or extracted is False:
        return
    OrganisationMembership.objects.update_or_create(
        organisation_id=user.organisation_id,
        user=user,
        defaults={"role": extracted or default_role},
    )


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    password = factory.LazyFunction(lambda: make_password(PASSWORD))
    full_name = factory.Faker("name", locale="en_GB")
    profession = factory.SubFactory(ProfessionFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    nation = Nation.ENGLAND
    area = "Leeds"
    regulator = Regulator.SOCIAL_WORK_ENGLAND
    host_role = HostRole.PRACTITIONER
    language = "en-gb"

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        """The primary address, verified unless ``verified=False`` is passed."""
        if create:
            EmailAddress.objects.get_or_create(
                user=obj,
                email=obj.email,
                defaults={"verified": extracted is not False, "primary": True},
            )

    @factory.post_generation
    def org_role(obj, create, extracted, **kwargs):
        """Membership of ``organisation``, as ``member`` unless a role is passed
        (``org_role=False`` for none)."""
        _membership(obj, create, extracted, OrganisationMembership.Role.MEMBER)

    @factory.post_generation
    def host_membership(obj, create, extracted, **kwargs):
        """A current register row (granted by a host admin, open-ended) unless
        ``host_membership=HostMembership.NON_MEMBER``."""
        if create and (extracted or HostMembership.MEMBER) == HostMembership.MEMBER:
            HostMembershipRecord.objects.create(
                email=obj.email,
                valid_from=datetime.date(2000, 1, 1),
                user=obj,
                source="admin",
            )
        obj.forget_host_membership()

    @factory.post_generation
    def expertise(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.expertise.set([ExpertiseTagFactory(name=name) for name in extracted])


class OrgAdminFactory(UserFactory):
    """The admin of their organisation (``user.organisation``)."""

    @factory.post_generation
    def org_role(obj, create, extracted, **kwargs):
        _membership(obj, create, extracted, OrganisationMembership.Role.ADMIN)


class HostAdminFactory(UserFactory):
    """Runs the instance: ``host_role=host_admin``, staff and superuser (Django admin)."""

    email = factory.Sequence(lambda n: f"host-admin{n}@example.org")
    host_role = HostRole.HOST_ADMIN
    is_staff = True
    is_superuser = True
    organisation = None
