"""Organisation affiliation is verified: a person who chose an organisation on their
profile, and is waiting for it to be verified, counts nowhere and holds nothing there,
in any app that reads affiliation (newsletter audiences, event organisers and the profession
mix's organisation, safeguarding leads, the API). Once verified, they do.

Read-only use of the other apps: their own services and selectors decide, from
``OrganisationMembership`` and ``User.organisation``, which only verification sets."""

import pytest
from django.core.exceptions import ValidationError

from practice_commons.accounts import services as account_services
from practice_commons.accounts.models import OrganisationMembership
from practice_commons.accounts.tests.factories import (
    HostAdminFactory,
    OrganisationFactory,
    UserFactory,
)
from practice_commons.events import selectors as event_selectors
from practice_commons.events import services as event_services
from practice_commons.events.tests.conftest import event_data
from practice_commons.notifications.newsletters import audience
from practice_commons.safeguarding import services as safeguarding_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def leeds():
    return OrganisationFactory(name="Leeds City Council")


@pytest.fixture
def org_admin(leeds):
    return UserFactory(organisation=leeds, org_role="admin", full_name="Gareth Hughes")


@pytest.fixture
def pending(leeds, org_admin):
    """Chose Leeds on their profile (through the real profile service); not verified."""
    person = UserFactory(organisation=None, full_name="Pending Person")
    account_services.profile_update(
        actor=person, user=person, data={"organisation": leeds}, expertise=[]
    )
    return person


@pytest.fixture
def event(leeds, org_admin):
    return event_services.event_create(
        actor=org_admin,
        data=event_data(organisation=leeds),
        professions=(),
        co_hosts=(),
        publish=True,
    )


def verify(person, leeds):
    request = person.affiliation_requests.get(status="pending")
    account_services.affiliation_approve(actor=HostAdminFactory(), request=request)
    person.refresh_from_db()


def test_a_pending_person_is_not_in_the_organisations_newsletter_audience(leeds, pending):
    organisation_audience = audience("organisation")
    assert pending.pk not in set(organisation_audience.resolve(leeds.pk))
    assert not organisation_audience.may_view(pending, leeds.pk)
    verify(pending, leeds)
    assert pending.pk in set(organisation_audience.resolve(leeds.pk))


def test_a_pending_person_cannot_be_made_a_champion_or_run_its_events(leeds, pending):
    assert not event_selectors.can_create_event(pending, organisation=leeds)
    assert leeds not in event_selectors.organisations_for_organiser(pending)
    assert not OrganisationMembership.objects.filter(user=pending).exists()


def test_a_pending_persons_registration_counts_for_no_organisation(leeds, pending, event):
    registration = event_services.registration_create(actor=pending, event=event)
    assert registration.organisation_id is None
    verify(pending, leeds)
    later = event_services.event_create(
        actor=OrganisationMembership.objects.get(organisation=leeds, role="admin").user,
        data=event_data(organisation=leeds, title="Second session"),
        professions=(),
        co_hosts=(),
        publish=True,
    )
    assert event_services.registration_create(actor=pending, event=later).organisation == leeds


def test_a_pending_person_cannot_be_the_organisations_safeguarding_lead(leeds, org_admin, pending):
    with pytest.raises(ValidationError):
        safeguarding_services.safeguarding_lead_assign(
            actor=org_admin, user=pending, scope_object=leeds
        )
    verify(pending, leeds)
    lead = safeguarding_services.safeguarding_lead_assign(
        actor=org_admin, user=pending, scope_object=leeds
    )
    assert lead.user == pending


def test_the_api_shows_no_organisation_until_verified(api_client_for, leeds, pending):
    assert api_client_for(pending).get("/api/v1/me").json()["organisation"] is None
    verify(pending, leeds)
    assert api_client_for(pending).get("/api/v1/me").json()["organisation"] == leeds.name
