"""Fixtures for the events tests: events made through the service (or directly, for
past events the service would refuse), and people in every role around them."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from practice_commons.accounts.models import HostMembership, OrganisationMembership
from practice_commons.accounts.tests.factories import (
    HostAdminFactory,
    OrganisationFactory,
    ProfessionFactory,
    UserFactory,
)
from practice_commons.communities.models import Role
from practice_commons.communities.tests.factories import add_member, make_community
from practice_commons.events import services
from practice_commons.events.models import Event, EventStatus


def event_data(**overrides):
    start = (timezone.now() + timedelta(days=7)).replace(second=0, microsecond=0)
    data = {
        "title": "Recognising neglect together",
        "description": "Joint training for social workers, teachers and health visitors.",
        "kind": "joint_training",
        "starts_at": start,
        "ends_at": start + timedelta(hours=3),
        "format": "in_person",
        "venue": "Civic Hall",
        "address": "Calverley Street, Leeds",
        "nation": "england",
        "area": "Leeds",
        "capacity": 20,
        "cpd_hours": Decimal("3"),
    }
    data.update(overrides)
    return data


def invitation_token(invitation) -> str:
    """A working token for ``invitation``, as its email would carry (the link sent before
    it stops working)."""
    token = invitation.issue_token()
    invitation.save(update_fields=["token_digest"])
    return token


@pytest.fixture
def host_org(db):
    return OrganisationFactory(name="Leeds City Council", slug="leeds-city-council")


@pytest.fixture
def organiser(host_org):
    """An organisation admin who runs events in the organisation's name."""
    return UserFactory(
        organisation=host_org, org_role=OrganisationMembership.Role.ADMIN, full_name="Olu Organiser"
    )


@pytest.fixture
def make_event(organiser, host_org):
    """``make_event(actor=organiser, publish=True, professions=(), co_hosts=(), **data)``."""

    def make(*, actor=None, publish=True, professions=(), co_hosts=(), **data):
        data.setdefault("organisation", host_org if actor is None else data.get("organisation"))
        return services.event_create(
            actor=actor or organiser,
            data=event_data(**data),
            professions=professions,
            co_hosts=co_hosts,
            publish=publish,
        )

    return make


@pytest.fixture
def event(make_event):
    return make_event()


def past_event(event: Event, *, hours_ago: int = 2) -> Event:
    """Move an event into the past (services refuse to create one there)."""
    start = timezone.now() - timedelta(hours=hours_ago)
    Event.objects.filter(pk=event.pk).update(
        starts_at=start, ends_at=start + timedelta(hours=1), status=EventStatus.PUBLISHED
    )
    event.refresh_from_db()
    return event


@pytest.fixture
def member(db):
    return UserFactory(full_name="Mel Member")


@pytest.fixture
def non_member(db):
    return UserFactory(host_membership=HostMembership.NON_MEMBER, full_name="Nia Nonmember")


@pytest.fixture
def people(db):
    """``people(n, **fields)``: n practitioners."""

    def make(n, **fields):
        return [UserFactory(**fields) for _ in range(n)]

    return make


@pytest.fixture
def professions(db):
    return {
        "social": ProfessionFactory(name="Social worker", slug="social-worker"),
        "teacher": ProfessionFactory(name="Teacher", slug="teacher"),
        "health": ProfessionFactory(name="Health visitor", slug="health-visitor"),
    }


@pytest.fixture
def private_community(db):
    community = make_community(
        name="Reflective set", visibility="private", joining_policy="invitation"
    )
    return community


@pytest.fixture
def community(db):
    return make_community(name="Children and families decision-making")


@pytest.fixture
def facilitator_of():
    def make(community):
        return add_member(community, role=Role.FACILITATOR)

    return make


@pytest.fixture
def host_admin(db):
    return HostAdminFactory()


@pytest.fixture
def notified(monkeypatch):
    """Records every ``notify``/``notify_many`` call the events services make (the real
    calls still run)."""
    from practice_commons.notifications import services as notification_services

    calls = []
    real_many, real_one = notification_services.notify_many, notification_services.notify

    def many(**kwargs):
        calls.append(kwargs)
        return real_many(**kwargs)

    def one(**kwargs):
        calls.append({**kwargs, "recipients": [kwargs["recipient"]]})
        return real_one(**kwargs)

    monkeypatch.setattr(notification_services, "notify_many", many)
    monkeypatch.setattr(notification_services, "notify", one)
    return calls
