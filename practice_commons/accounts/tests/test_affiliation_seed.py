"""``seed_demo`` and verified affiliation: every demo person's affiliation is verified, the
head organisations have verified domains, and the demo organisation admin has requests
waiting for a decision; the README's demo logins still work."""

from io import StringIO

import pytest
from django.core.management import call_command

from practice_commons.accounts import selectors
from practice_commons.accounts.models import (
    AffiliationRequest,
    OrganisationDomain,
    OrganisationMembership,
    User,
)
from practice_commons.accounts.seeding import DEMO_LOGINS, DEMO_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    call_command("seed_demo", "--scale", "small", stdout=StringIO())


def test_seeded_affiliations_are_verified(seeded, client):
    memberships = OrganisationMembership.objects.all()
    assert memberships.exists()
    assert set(memberships.values_list("verified_via", flat=True)) == {"onboarding"}
    # Everyone with a main organisation is a verified member of it.
    for person in User.objects.exclude(organisation=None):
        assert memberships.filter(user=person, organisation_id=person.organisation_id).exists()
    assert OrganisationDomain.objects.filter(
        domain="leeds.gov.uk", organisation__name="Leeds City Council"
    ).exists()
    org_admin = User.objects.get(email=next(d.email for d in DEMO_LOGINS if d.key == "org_admin"))
    waiting = selectors.affiliation_requests_for_organisation(org_admin.organisation)
    assert waiting.count() == 4
    assert all(selectors.can_decide_affiliation(org_admin, r) for r in waiting)
    assert (
        not AffiliationRequest.objects.filter(user__in=[r.user for r in waiting])
        .exclude(status="pending")
        .exists()
    )
    # The demo logins are verified members of the organisation the README names.
    for demo in DEMO_LOGINS:
        person = User.objects.get(email=demo.email)
        membership = OrganisationMembership.objects.get(user=person)
        assert membership.organisation.name == demo.organisation
        assert client.login(email=demo.email, password=DEMO_PASSWORD)
