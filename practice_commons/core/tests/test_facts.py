"""Facts about the signed-in person (``core.facts``), with facts made up for the test:
core imports no app above it, so the apps' own facts are tested with the sign-in
backend in ``accounts/tests/test_facts_loaded.py``."""

import datetime as dt

import pytest
from django.db.models import IntegerField, Value
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from practice_commons.core import facts

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(monkeypatch):
    """Two facts only (the apps' facts come back afterwards)."""
    facts.discover_facts()
    monkeypatch.setattr(facts, "_registry", {})
    facts.register_fact("answer", lambda user_id: Value(42, output_field=IntegerField()))
    facts.register_fact("own_id", lambda user_id: Value(user_id, output_field=IntegerField()))
    yield facts._registry
    facts.compiled_facts.cache_clear()


def test_every_fact_is_asked_in_one_query_then_kept(registry, user, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert facts.fact(user, "answer") == 42
        assert facts.fact(user, "own_id") == user.pk
    with django_assert_num_queries(0):
        assert facts.fact(user, "answer") == 42


def test_forgotten_facts_are_asked_again(registry, user, django_assert_num_queries):
    facts.fact(user, "answer")
    facts.register_fact("answer", lambda user_id: Value(7, output_field=IntegerField()))
    facts.forget_facts(user)
    facts.forget_facts(user)  # forgetting twice is harmless
    with django_assert_num_queries(1):
        assert facts.fact(user, "answer") == 7


def test_facts_on_the_request_s_lazy_user(registry, user, django_assert_num_queries):
    lazy = SimpleLazyObject(lambda: user)
    assert facts.fact(lazy, "own_id") == user.pk
    with django_assert_num_queries(0):
        assert facts.fact(user, "own_id") == user.pk  # kept on the person, not the wrapper
    facts.forget_facts(lazy)
    with django_assert_num_queries(1):
        facts.fact(user, "own_id")


def test_loaded_columns_become_the_kept_facts(registry, user, django_assert_num_queries):
    from django.contrib.auth import get_user_model

    loaded = get_user_model().objects.annotate(**facts.annotations(user.pk)).get(pk=user.pk)
    facts.keep_loaded_facts(loaded)
    assert not hasattr(loaded, "fact_answer")
    with django_assert_num_queries(0):
        assert (facts.fact(loaded, "answer"), facts.fact(loaded, "own_id")) == (42, user.pk)


def test_a_person_s_facts_are_compiled_once_a_day(registry, user, monkeypatch):
    built = []
    facts.register_fact("counted", lambda user_id: built.append(user_id) or Value(1))
    facts.annotations(user.pk)
    facts.annotations(user.pk)
    assert built == [user.pk]
    facts.annotations(user.pk + 1)
    assert built == [user.pk, user.pk + 1]
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    monkeypatch.setattr(facts.timezone, "localdate", lambda: tomorrow)
    facts.annotations(user.pk)
    assert built == [user.pk, user.pk + 1, user.pk]


def test_a_changed_setting_compiles_again(registry, user, settings):
    built = []
    facts.register_fact("counted", lambda user_id: built.append(user_id) or Value(1))
    facts.annotations(user.pk)
    settings.WELLBEING_PSEUDONYM_KEY = "another secret"
    facts.annotations(user.pk)
    assert built == [user.pk, user.pk]


def test_the_apps_facts_are_discovered_from_their_facts_modules():
    facts.discover_facts()
    assert {
        "unread_notifications",
        "managed_organisations",
        "manages_own_organisation",
        "safeguarding_lead",
        "reports_routed",
        "agreement_party",
        "checked_in_this_month",
    } <= set(facts._registry)
