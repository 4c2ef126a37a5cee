"""The facts pages ask about the signed-in person (``core.facts``), loaded by the
sign-in backends in the one query that reads the person, with the values each app's
``facts.py`` defines, and asked again after a service changes one."""

import pytest
from django.urls import reverse

from practice_commons.accounts.backends import AuthenticationBackend, ModelBackend
from practice_commons.core.facts import fact
from practice_commons.notifications import services as notification_services
from practice_commons.wellbeing import services as wellbeing_services

from .home_world import build_world

pytestmark = pytest.mark.django_db

NAMES = (
    "manages_own_organisation",
    "unread_notifications",
    "safeguarding_lead",
    "reports_routed",
    "agreement_party",
    "checked_in_this_month",
)


def facts_of(user) -> dict:
    return {name: fact(user, name) for name in NAMES}


@pytest.mark.parametrize("backend", [ModelBackend, AuthenticationBackend])
def test_every_fact_comes_with_the_person_in_one_query(backend, django_assert_num_queries):
    world = build_world()
    wellbeing_services.checkin_submit(actor=world.busy, feeling=4, workload=3, support=4)
    with django_assert_num_queries(1):
        busy = backend().get_user(world.busy.pk)
        assert facts_of(busy) == dict.fromkeys(NAMES, True) | {"unread_notifications": 1}
        assert fact(busy, "managed_organisations") == 1
        assert busy.organisation.name == "Leeds City Council"
    with django_assert_num_queries(1):
        member = backend().get_user(world.member.pk)
        assert facts_of(member) == dict.fromkeys(NAMES, False) | {"unread_notifications": 0}
        assert fact(member, "managed_organisations") == 0


def test_a_person_loaded_otherwise_is_asked_once(django_assert_num_queries):
    world = build_world()
    person = type(world.busy).objects.get(pk=world.busy.pk)
    with django_assert_num_queries(1):
        assert facts_of(person)["agreement_party"] is True


def test_services_that_change_a_fact_make_it_asked_again():
    world = build_world()
    busy = ModelBackend().get_user(world.busy.pk)
    assert fact(busy, "unread_notifications") == 1
    notification_services.notifications_mark_all_read(actor=busy)
    assert fact(busy, "unread_notifications") == 0
    assert fact(busy, "checked_in_this_month") is False
    wellbeing_services.checkin_submit(actor=busy, feeling=4, workload=3, support=4)
    assert fact(busy, "checked_in_this_month") is True
    wellbeing_services.answers_delete_all(actor=busy)
    assert fact(busy, "checked_in_this_month") is False


def test_an_inactive_person_is_not_signed_in(client):
    world = build_world()
    client.force_login(world.member)
    type(world.member).objects.filter(pk=world.member.pk).update(is_active=False)
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
