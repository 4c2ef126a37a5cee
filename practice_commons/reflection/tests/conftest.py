"""Fixtures for the reflection tests: a community with a facilitator and members, sessions
scheduled through the service (starting soon, so they can be opened and attendance
taken), and people in every role around a session."""

from datetime import timedelta

import pytest
from django.utils import timezone

from practice_commons.accounts.models import HostMembership
from practice_commons.accounts.tests.factories import HostAdminFactory, UserFactory
from practice_commons.communities.models import Role
from practice_commons.communities.tests.factories import add_member, make_community
from practice_commons.reflection import services
from practice_commons.reflection.models import ReflectiveSession


def soon(minutes: int = 30):
    return (timezone.now() + timedelta(minutes=minutes)).replace(second=0, microsecond=0)


@pytest.fixture
def community(db):
    return make_community(name="Children and families reflective set")


@pytest.fixture
def facilitator(community):
    return add_member(community, UserFactory(full_name="Fay Facilitator"), role=Role.FACILITATOR)


@pytest.fixture
def make_session(community, facilitator):
    """``make_session(**overrides)``: a session scheduled through the service."""

    def make(*, actor=None, in_minutes=30, minutes=90, **overrides) -> ReflectiveSession:
        start = soon(in_minutes)
        where = overrides.pop("community", community)
        data = {
            "title": "Wednesday reflective session",
            "theme": "Holding uncertainty",
            "starts_at": start,
            "ends_at": start + timedelta(minutes=minutes),
            "session_format": "flexible",
            "where": "online",
            "online_url": "https://meet.example.org/reflect",
            "capacity": 8,
        }
        data.update(overrides)
        return services.session_schedule(actor=actor or facilitator, community=where, **data)

    return make


@pytest.fixture
def session(make_session):
    return make_session()


@pytest.fixture
def member_of(community):
    def make(name=None, **fields):
        if name:
            fields["full_name"] = name
        return add_member(community, UserFactory(**fields))

    return make


@pytest.fixture
def book(db):
    """``book(user, session, rules=True)``: a place, and the rules confirmed."""

    def make(user, session, *, rules=True):
        participant = services.session_book(actor=user, session=session)
        if rules:
            participant = services.rules_confirm(actor=user, session=session)
        return participant

    return make


@pytest.fixture
def group(session, member_of, book):
    """A session with a presenter and four more people, all with places and rules
    confirmed (not yet opened)."""
    people = {
        "presenter": member_of("Pat Presenter"),
        "ana": member_of("Ana Anders"),
        "ben": member_of("Ben Baker"),
        "cy": member_of("Cy Carter"),
        "dee": member_of("Dee Dolan"),
    }
    for person in people.values():
        book(person, session)
    services.presenter_set(actor=people["presenter"], session=session, user=people["presenter"])
    session.refresh_from_db()
    return people


@pytest.fixture
def opened(session, facilitator, group):
    """The group's session, opened, with everyone joined in order."""
    services.session_open(actor=facilitator, session=session)
    for key in ("presenter", "ana", "ben", "cy", "dee"):
        services.session_join(actor=group[key], session=session)
    session.refresh_from_db()
    return session


@pytest.fixture
def host_admin(db):
    return HostAdminFactory()


@pytest.fixture
def outsider(db):
    """Signed in, host member, not a member of the community."""
    return UserFactory(full_name="Otto Outsider")


@pytest.fixture
def non_host_member(db):
    return UserFactory(host_membership=HostMembership.NON_MEMBER, full_name="Nia Nonmember")


@pytest.fixture
def notified(monkeypatch):
    """Every ``notify``/``notify_many`` call (the real calls still run)."""
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


def cpd_records():
    """The CPD records made from attendance. ``cpd`` sits above ``reflection`` (which may
    never import it, tests included), so the model is looked up by name at run time."""
    from django.apps import apps

    return apps.get_model("cpd", "CpdRecord").objects


def run_to_checkout(session, facilitator):
    """Walk an opened session through every stage to check-out."""
    while session.stage != "check_out":
        session = services.stage_next(actor=facilitator, session=session)
    return session
