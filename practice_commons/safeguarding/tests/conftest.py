"""People and organisations for the safeguarding tests.

``org`` has an admin (``org_admin``), a named safeguarding lead (``lead``) and a member
whose profile gets reported (``subject``). ``other_org`` has its own lead. Host admins
receive reports about anything without a named lead.
"""

import itertools

import pytest

from practice_commons.accounts.models import (
    HostRole,
    Organisation,
    OrganisationMembership,
    User,
)

_n = itertools.count(1)


def make_person(
    *, organisation=None, role=OrganisationMembership.Role.MEMBER, host_admin=False, **fields
) -> User:
    n = next(_n)
    fields.setdefault("full_name", f"Person {n}")
    if host_admin:
        fields["host_role"] = HostRole.HOST_ADMIN
    user = User.objects.create_user(
        email=f"person{n}@example.org", password="x" * 12, organisation=organisation, **fields
    )
    if organisation is not None:
        OrganisationMembership.objects.create(organisation=organisation, user=user, role=role)
    return user


def make_org(name=None) -> Organisation:
    n = next(_n)
    return Organisation.objects.create(
        name=name or f"Org {n}", slug=f"org-{n}", kind=Organisation.Kind.LOCAL_AUTHORITY
    )


def name_lead(user, scope):
    from practice_commons.safeguarding.models import SafeguardingLead
    from practice_commons.safeguarding.selectors import _ct

    return SafeguardingLead.objects.create(user=user, scope_type=_ct(scope), scope_id=scope.pk)


@pytest.fixture
def org(db):
    return make_org("Leeds Children's Services")


@pytest.fixture
def other_org(db):
    return make_org("Powys Youth Service")


@pytest.fixture
def practitioner(db):
    """Signed-in practitioner with no organisation: can report, moderates nothing."""
    return make_person()


@pytest.fixture
def org_admin(org):
    return make_person(organisation=org, role=OrganisationMembership.Role.ADMIN)


@pytest.fixture
def lead(org):
    user = make_person(organisation=org)
    name_lead(user, org)
    return user


@pytest.fixture
def other_lead(other_org):
    user = make_person(organisation=other_org)
    name_lead(user, other_org)
    return user


@pytest.fixture
def host_admin(db):
    return make_person(host_admin=True)


@pytest.fixture
def subject(org):
    """A member of ``org`` whose profile is reported."""
    return make_person(
        organisation=org,
        bio="Family support worker; ask me about "
        "neglect. Ring Jayden Okafor's school on 0113 496 0123.",
    )


@pytest.fixture
def api_token():
    """``api_token(user)`` → a raw bearer token, made the way people make them (the
    ``create_api_token`` command), so these tests need not import the api app above."""
    from io import StringIO

    from django.core.management import call_command

    def make(user) -> str:
        out = StringIO()
        call_command("create_api_token", user.email, "--scope", "admin", stdout=out)
        return out.getvalue().strip()

    return make
