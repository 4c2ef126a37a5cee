"""Fixtures for the wellbeing tests: verified staff of an organisation, and answers given
in the past (in a closed quarter, so their figures are published)."""

import datetime as dt

import pytest
from django.urls import get_resolver
from freezegun import freeze_time

from practice_commons.accounts.models import OrganisationMembership
from practice_commons.accounts.tests.factories import (
    HostAdminFactory,
    OrgAdminFactory,
    OrganisationFactory,
    ProfessionFactory,
    UserFactory,
)
from practice_commons.wellbeing import services
from practice_commons.wellbeing.models import Kind
from practice_commons.wellbeing.pseudonym import subject_key

TODAY = "2026-12-02 10:00:00"  # the open quarter is October to December 2026


@pytest.fixture(autouse=True)
def _today(request):
    """Every wellbeing test but the browser ones runs on 2 December 2026 (time moving on
    from there), so the quarters below stay closed and within the figures' window."""
    if request.node.get_closest_marker("browser"):
        yield
        return
    # Load every URL (and so every API schema) first: pydantic cannot build a schema
    # for freezegun's stand-in date class.
    get_resolver().url_patterns  # noqa: B018
    with freeze_time(TODAY, tick=True):
        yield


# A closed quarter (July to September 2026) and its months.
Q3 = dt.date(2026, 7, 1)
JULY, AUGUST, SEPTEMBER = dt.date(2026, 7, 15), dt.date(2026, 8, 14), dt.date(2026, 9, 16)
Q2_DAY = dt.date(2026, 5, 12)


def answer(user, day, feeling=3, workload=3, support=3):
    """A check-in ``user`` gave on ``day``, counted in their groups as they are now."""
    return services.record(
        subject=subject_key(user.pk),
        kind=Kind.CHECKIN,
        scores={"feeling": feeling, "workload": workload, "support": support},
        answers={"feeling": feeling, "workload": workload, "support": support},
        day=day,
        group_ids=services.group_ids_of(user),
    )


def staff(organisation, count, *, profession="social-worker", team="", nation="england"):
    people = []
    prof = ProfessionFactory(name=profession.replace("-", " ").capitalize(), slug=profession)
    for _ in range(count):
        person = UserFactory(organisation=organisation, profession=prof, nation=nation)
        if team:
            OrganisationMembership.objects.filter(user=person).update(team=team)
        people.append(person)
    return people


@pytest.fixture
def org(db):
    return OrganisationFactory(name="Leeds City Council", slug="leeds")


@pytest.fixture
def admin_of(org):
    return OrgAdminFactory(organisation=org, full_name="Olu Orgadmin")


@pytest.fixture
def host(db):
    return HostAdminFactory(full_name="Hana Host")


@pytest.fixture
def other_admin(db):
    return OrgAdminFactory(organisation=OrganisationFactory(name="Bradford", slug="bradford"))
