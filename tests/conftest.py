"""Fixtures shared by the cross-app tests under ``tests/``.

People for each role on the platform, made by the accounts app's factories (a verified
primary allauth ``EmailAddress``, a completed profile, a membership of their
organisation):

    def test_something(make_user):
        admin = make_user("org_admin")          # admin of user.organisation
        host = make_user("host_admin", email="host@example.org")

or the ready-made ``practitioner``, ``org_admin`` and ``host_admin`` fixtures. Every
user's password is ``DEFAULT_PASSWORD`` unless ``password=`` is given.
"""

import pytest
from django.contrib.auth.hashers import make_password

from practice_commons.accounts.tests.factories import (
    PASSWORD,
    HostAdminFactory,
    OrgAdminFactory,
    UserFactory,
)

DEFAULT_PASSWORD = PASSWORD
ROLE_FACTORIES = {
    "practitioner": UserFactory,
    "org_admin": OrgAdminFactory,
    "host_admin": HostAdminFactory,
}
ROLES = tuple(ROLE_FACTORIES)


def create_person(role="practitioner", *, password=None, **fields):
    """A verified user holding ``role``: practitioner, org_admin (the admin of
    ``user.organisation``, also set as ``user.managed_organisation``) or host_admin.
    Other keyword arguments go to the factory (``email=``, ``full_name=``, ...)."""
    if role not in ROLE_FACTORIES:
        raise ValueError(f"unknown role {role!r}; expected one of {ROLES}")
    if password is not None:
        fields["password"] = make_password(password)
    user = ROLE_FACTORIES[role](**fields)
    user.managed_organisation = user.organisation if role == "org_admin" else None
    return user


@pytest.fixture
def make_user(db):
    """Factory: ``make_user(role="practitioner", *, password=None, **fields)``."""
    return create_person


@pytest.fixture
def practitioner(make_user):
    return make_user("practitioner")


@pytest.fixture
def org_admin(make_user):
    return make_user("org_admin")


@pytest.fixture
def host_admin(make_user):
    return make_user("host_admin")
