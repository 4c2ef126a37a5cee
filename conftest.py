"""Fixtures shared by every app's tests (``practice_commons/*/tests``).

``tests/conftest.py`` and ``tests/browser/conftest.py`` add the cross-app and browser
fixtures; a fixture defined there takes precedence for the tests below it.

People come from ``practice_commons.accounts.tests.factories``; their password is
``factories.PASSWORD``. Communities come from ``practice_commons.communities.tests.factories``.
"""

import factory.random
import pytest


def pytest_configure(config):
    # Factory data (names, emails) is random; a fixed seed makes a failing run repeatable.
    factory.random.reseed_random("practice-commons")


@pytest.fixture(autouse=True)
def _clear_cache():
    """The cache holds allauth's rate-limit counters: start every test with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def password():
    from practice_commons.accounts.tests.factories import PASSWORD

    return PASSWORD


@pytest.fixture
def organisation(db):
    from practice_commons.accounts.tests.factories import OrganisationFactory

    return OrganisationFactory()


@pytest.fixture
def user(db):
    """A practitioner with a complete profile, member of an organisation of their own."""
    from practice_commons.accounts.tests.factories import UserFactory

    return UserFactory()


@pytest.fixture
def org_admin(organisation):
    """The admin of the ``organisation`` fixture."""
    from practice_commons.accounts.tests.factories import OrgAdminFactory

    return OrgAdminFactory(organisation=organisation)


@pytest.fixture
def host_admin(db):
    from practice_commons.accounts.tests.factories import HostAdminFactory

    return HostAdminFactory()


@pytest.fixture
def api_client_for(db):
    """``api_client_for(user)``: a test client sending a fresh bearer token for ``user``
    (the raw token is on ``client.token``)."""
    from django.test import Client

    from practice_commons.api.services import api_token_create

    def make(user, **extra):
        issued = api_token_create(actor=user, user=user, name="Test token")
        client = Client(headers={"Authorization": f"Bearer {issued.raw}"}, **extra)
        client.token = issued.raw
        return client

    return make


@pytest.fixture
def client_for(client):
    """``client_for(user)``: the test client signed in as ``user`` (anonymous for None)."""

    def make(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def cast(db):
    """``cast(community)``: role -> user, one person in each of
    ``communities.tests.factories.ROLES`` (``None`` for the visitor)."""
    from practice_commons.communities.tests.factories import people_in_every_role

    return people_in_every_role


@pytest.fixture
def private_community(db):
    from practice_commons.communities.tests.factories import make_community

    return make_community(name="Reflective set", visibility="private", joining_policy="invitation")


@pytest.fixture
def members_only_community(db):
    from practice_commons.communities.tests.factories import make_community

    return make_community(name="AMHP leads", visibility="members_only", joining_policy="request")
