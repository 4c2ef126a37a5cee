"""Fixtures shared by every app's tests (``practice_commons/*/tests``).

``tests/conftest.py`` and ``tests/browser/conftest.py`` add the cross-app and browser
fixtures; a fixture defined there takes precedence for the tests below it.

People come from ``practice_commons.accounts.tests.factories``; their password is
``factories.PASSWORD``. Communities come from ``practice_commons.communities.tests.factories``.
"""

import importlib
import os

import factory.random
import pytest


def pytest_configure(config):
    # Factory data (names, emails) is random; a fixed seed makes a failing run repeatable.
    factory.random.reseed_random("practice-commons")


DATABASE_FIXTURES = {
    "db",
    "transactional_db",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
    "live_server",
}


def _uses_the_database(item) -> bool:
    fixtures = set(getattr(item, "fixturenames", ()))
    return item.get_closest_marker("django_db") is not None or bool(DATABASE_FIXTURES & fixtures)


def pytest_collection_modifyitems(config, items):
    """With ``ONLY_DATABASE_TESTS=1`` (CI's second pass, on PostgreSQL) the tests that never
    touch a database are left out: the first pass has already run them, and their result
    cannot depend on which database is configured."""
    if os.environ.get("ONLY_DATABASE_TESTS") != "1":
        return
    kept = [item for item in items if _uses_the_database(item)]
    left_out = [item for item in items if not _uses_the_database(item)]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept


# Rows the migrations write (not only the schema): every migrated database has them.
REFERENCE_DATA = (
    ("practice_commons.accounts.migrations.0002_curated_professions", "add_professions"),
    ("practice_commons.wellbeing.migrations.0002_default_support_services", "add_defaults"),
)


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    by_marker = marker is not None and bool(
        marker.kwargs.get("transaction") or (marker.args and marker.args[0])
    )
    fixtures = getattr(item, "fixturenames", ())
    return by_marker or "transactional_db" in fixtures or "live_server" in fixtures


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test (a browser test, a concurrency test) ends by flushing every
    table, the migrations' rows with the rest; put those back once the flush is done, so
    the next test in this worker sees what every migrated database holds, whatever order
    the tests run in."""
    yield
    if nextitem is None or not _is_transactional(item):
        return
    from django.apps import apps
    from pytest_django.plugin import blocking_manager_key

    with item.config.stash[blocking_manager_key].unblock():
        for module, function in REFERENCE_DATA:
            getattr(importlib.import_module(module), function)(apps, None)


@pytest.fixture(autouse=True)
def _clear_cache():
    """The cache holds allauth's rate-limit counters: start every test with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _interface_language():
    """Every test starts in English. A request made by a test activates the language of
    whoever made it (a page, like a server's thread, never switches back), so without
    this a Welsh reader in one test would leave the next test's code writing Welsh."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


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
        # Admin scope: these tests are about the person's permissions; tests of the
        # scopes themselves are in practice_commons/api/tests/test_scopes.py.
        issued = api_token_create(actor=user, user=user, name="Test token", scope="admin")
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
