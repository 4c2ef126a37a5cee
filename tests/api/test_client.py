"""The typed Python client (``practice_commons_client``), generated from the OpenAPI
document, used against the real API: a member's everyday calls, and every kind of
refusal raised as ``ApiError`` with the API's ``error`` object."""

import importlib.util
from pathlib import Path

import pytest
from django.core.cache import cache

from practice_commons.accounts.tests.factories import UserFactory
from practice_commons.api.services import api_token_create
from practice_commons_client import ApiError, Client
from practice_commons_client.testing import DjangoTestTransport

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def client_for(user, scope="write") -> Client:
    raw = api_token_create(actor=user, user=user, name="client", scope=scope).raw
    return Client(raw, transport=DjangoTestTransport())


def load_generator():
    spec = importlib.util.spec_from_file_location(
        "generate_api_client", ROOT / "scripts" / "generate_api_client.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_generated_client_matches_the_document():
    from practice_commons.api.api import api

    generator = load_generator()
    expected = generator.formatted(generator.generate(api.get_openapi_schema()))
    assert generator.TARGET.read_text(encoding="utf-8") == expected, (
        "practice_commons_client/_generated.py is out of date: "
        "run python scripts/generate_api_client.py"
    )


def test_every_operation_has_a_method():
    from practice_commons.api.api import api

    document = api.get_openapi_schema()
    generator = load_generator()
    for item in document["paths"].values():
        for verb, operation in item.items():
            if verb in generator.METHODS:
                assert callable(getattr(Client, generator.method_name(operation["operationId"])))


def test_a_member_starts_a_community_and_a_thread_and_replies():
    api = client_for(UserFactory(full_name="Cai Client"))
    assert api.me()["full_name"] == "Cai Client"
    community = api.create_community(
        body={
            "name": "Joint visits",
            "purpose": "How agencies plan joint visits.",
            "domain_statement": "Planning visits with police and health colleagues.",
        }
    )
    assert community["slug"]
    thread = api.thread_create(
        community["slug"],
        body={"kind": "problem_solving", "title": "Agreeing roles", "body": "How do you?"},
    )
    api.thread_reply(thread["id"], body={"body": "We agree them on a short call."})
    read = api.thread_read(thread["id"])
    assert [p["is_opening"] for p in read["posts"]] == [True, False]
    assert "short call" in read["posts"][1]["body"]
    listed = api.thread_list(community["slug"], limit=1)
    assert [t["id"] for t in listed["items"]] == [thread["id"]]


def test_refusals_raise_api_error_with_the_error_object(settings):
    cache.clear()
    person = UserFactory()
    api = client_for(person, scope="read")
    with pytest.raises(ApiError) as missing:
        api.thread_read(999999)
    assert missing.value.status == 404 and missing.value.code == "not_found"
    with pytest.raises(ApiError) as scope:
        api.read_all()
    assert scope.value.status == 403 and "write scope" in scope.value.error["message"]
    writer = client_for(person)
    with pytest.raises(ApiError) as guarded:
        writer.create_community(
            body={
                "name": "Neglect",
                "purpose": "Spoke to Mrs Kowalski, NHS 943 476 5919",
                "domain_statement": "Neglect.",
            }
        )
    assert guarded.value.code == "confidentiality"
    assert "nhs_number" in guarded.value.error["fields"]["purpose"]
    settings.API_TOKEN_RATE_LIMIT = "1/m"
    fresh = client_for(person)
    fresh.me()
    with pytest.raises(ApiError) as limited:
        fresh.me()
    assert limited.value.status == 429 and 1 <= limited.value.retry_after <= 60
    cache.clear()
