"""Two organisations about to work together, their people in every role, and helpers
to draft and agree an agreement through the services."""

import datetime as dt

import pytest
from django.utils import timezone

from practice_commons.accounts.models import Organisation
from practice_commons.accounts.tests.factories import (
    HostAdminFactory,
    OrganisationFactory,
    UserFactory,
)
from practice_commons.collaboration import services
from practice_commons.collaboration.terms import Terms


def today():
    return timezone.localdate()


def make_terms(n_parties=2, **overrides) -> Terms:
    data = {
        "purpose": "Joint training on neglect for social workers and police officers.",
        "responsibilities": [f"Party {i + 1} runs two sessions." for i in range(n_parties)],
        "milestones": [(today() + dt.timedelta(days=30), "First joint session")],
        "communication_internal": "Team briefings in each service.",
        "communication_external": "A joint news item on both websites.",
        "recognition": "Both logos on all materials.",
        "data_sharing": "No personal data is shared.",
        "start_on": today(),
        "end_on": today() + dt.timedelta(days=365),
        "review_on": today() + dt.timedelta(days=180),
    }
    data.update(overrides)
    return Terms(**data)


@pytest.fixture
def world(db):
    council = OrganisationFactory(name="Riverside Council", kind=Organisation.Kind.LOCAL_AUTHORITY)
    police = OrganisationFactory(name="Northshire Police", kind=Organisation.Kind.POLICE_FORCE)
    other = OrganisationFactory(name="Elsewhere Trust", kind=Organisation.Kind.CHARITY)
    people = {
        "council_admin": UserFactory(
            organisation=council, org_role="admin", full_name="Cara Council"
        ),
        "council_champion": UserFactory(
            organisation=council, org_role="champion", full_name="Chris Champion"
        ),
        "council_member": UserFactory(organisation=council, full_name="Mel Member"),
        "police_admin": UserFactory(organisation=police, org_role="admin", full_name="Pat Police"),
        "police_contact": UserFactory(organisation=police, full_name="Paz Contact"),
        "other_admin": UserFactory(organisation=other, org_role="admin", full_name="Oli Other"),
        "non_member": UserFactory(organisation=None, full_name="Nat Nobody"),
        "host_admin": HostAdminFactory(full_name="Hana Host"),
    }
    return {"council": council, "police": police, "other": other, **people}


def draft(world, **kwargs):
    return services.agreement_create(
        actor=world["council_admin"],
        title=kwargs.pop("title", "Joint neglect training"),
        parties=[
            (world["council"], world["council_admin"]),
            (world["police"], world["police_contact"]),
        ],
        terms=kwargs.pop("terms", None) or make_terms(),
        **kwargs,
    )


def agreed(world, **kwargs):
    agreement = draft(world, **kwargs)
    services.agreement_propose(actor=world["council_admin"], agreement=agreement)
    services.agreement_accept(actor=world["council_admin"], agreement=agreement, version=1)
    return services.agreement_accept(actor=world["police_contact"], agreement=agreement, version=1)
