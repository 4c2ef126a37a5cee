"""Host membership is granted, never self-declared: a non-member who tries every way they
have (their profile, a claim, the API's ``me``) still cannot book a members-only event,
until a host admin grants membership; and when it expires they cannot book again.

Read-only use of ``events``: its own services and API decide, from the register."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from practice_commons.accounts import services as account_services
from practice_commons.accounts.models import HostMembership, Profession, User
from practice_commons.accounts.tests.factories import (
    HostAdminFactory,
    OrganisationFactory,
    UserFactory,
)
from practice_commons.events import services as event_services
from practice_commons.events.tests.conftest import event_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def members_event():
    host = OrganisationFactory(name="Leeds City Council")
    organiser = UserFactory(organisation=host, org_role="admin")
    return event_services.event_create(
        actor=organiser,
        data=event_data(organisation=host, audience="members"),
        professions=(),
        co_hosts=(),
        publish=True,
    )


def test_a_non_member_cannot_make_themselves_a_member(client, api_client_for, members_event):
    person = UserFactory(host_membership=HostMembership.NON_MEMBER)
    client.force_login(person)
    # 1. Their profile: the old field is ignored.
    client.post(
        reverse("accounts:profile_edit"),
        {
            "full_name": person.full_name,
            "profession": str(Profession.objects.get(slug="social-worker").pk),
            "nation": "england",
            "regulator": "swe",
            "language": "en-gb",
            "host_membership": "member",
        },
    )
    # 2. A claim with a number the register does not know: it waits for review.
    client.post(reverse("accounts:membership_claim"), {"number": "CAPA-999999"})
    person = User.objects.get(pk=person.pk)
    assert not person.is_host_member
    # 3. Booking through the service and through the API is refused.
    with pytest.raises(event_services.RegistrationRefused) as refused:
        event_services.registration_create(actor=person, event=members_event)
    assert refused.value.code == "members_only"
    api = api_client_for(person)
    response = api.post(
        f"/api/v1/events/{members_event.pk}/registrations",
        data=json.dumps({}),
        content_type="application/json",
    )
    assert response.status_code == 409 and response.json()["code"] == "members_only"
    assert api.get("/api/v1/me").json()["host_membership"] == "non_member"


def test_granted_then_expired(api_client_for, members_event):
    person = UserFactory(host_membership=HostMembership.NON_MEMBER)
    admin = HostAdminFactory()
    today = timezone.localdate()
    claim = account_services.host_membership_claim(actor=person, number="CAPA-000777")
    account_services.host_membership_claim_decide(
        actor=admin, claim=claim, approve=True, valid_from=today, valid_until=today
    )
    person = User.objects.get(pk=person.pk)
    assert api_client_for(person).get("/api/v1/me").json()["host_membership"] == "member"
    registration = event_services.registration_create(actor=person, event=members_event)
    assert registration.status == "confirmed"
    event_services.registration_cancel(actor=person, registration=registration)

    # The next day the membership has lapsed, before and after the daily expiry.
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    account_services.host_memberships_expire(now=tomorrow)
    person = User.objects.get(pk=person.pk)
    assert not person.is_host_member
    with pytest.raises(event_services.RegistrationRefused):
        event_services.registration_create(actor=person, event=members_event)
