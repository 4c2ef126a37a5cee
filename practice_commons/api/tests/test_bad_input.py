"""Bad input gets a clear 4xx and stores nothing; every status is in the OpenAPI document."""

import json

import pytest

from practice_commons.communities.models import Community
from practice_commons.communities.tests.factories import add_member, make_community

pytestmark = pytest.mark.django_db


@pytest.fixture
def member_client(user, api_client_for):
    community = make_community(name="Neglect practice")
    add_member(community, user)
    client = api_client_for(user)
    client.community = community
    return client


def _post(client, path, raw_body: str):
    return client.post(path, data=raw_body, content_type="application/json")


def test_a_lone_surrogate_is_refused_with_a_reason(member_client):
    slug = member_client.community.slug
    body = '{"kind": "problem_solving", "title": "Help \\ud800", "body": "fine"}'
    before = Community.objects.count()
    response = _post(member_client, f"/api/v1/communities/{slug}/threads", body)
    assert response.status_code == 400
    assert "unpaired surrogate" in response.json()["detail"]
    assert "body.title" in response.json()["detail"]
    assert Community.objects.count() == before


def test_a_surrogate_in_a_key_or_a_list_is_refused_too(member_client):
    for body in ('{"\\udfff": 1}', '{"names": ["ok", "\\ud83d"]}'):
        response = _post(member_client, "/api/v1/communities", body)
        assert response.status_code == 400, body


def test_a_body_that_is_not_json_says_so(member_client):
    response = _post(member_client, "/api/v1/communities", "{not json")
    assert response.status_code == 400
    assert response.json()["detail"] == "Cannot parse request body"


def test_every_operation_documents_the_shared_statuses(client):
    doc = client.get("/api/v1/openapi.json").json()
    schemas = doc["components"]["schemas"]
    assert {"ErrorOut", "ValidationErrorOut", "GuardErrorOut"} <= set(schemas)
    for path, operations in doc["paths"].items():
        for method, operation in operations.items():
            statuses = set(operation["responses"])
            if operation.get("security"):
                assert {"401", "403"} <= statuses, (method, path)
            if "{" in path:
                assert "404" in statuses, (method, path)
            if "requestBody" in operation:
                assert {"400", "422"} <= statuses, (method, path)
            if method in {"post", "put", "patch", "delete"}:
                assert "409" in statuses, (method, path)


def test_guarded_writes_document_both_422_bodies(client):
    doc = client.get("/api/v1/openapi.json").json()
    reply = doc["paths"]["/api/v1/threads/{thread_id}/replies"]["post"]["responses"]["422"]
    refs = {s["$ref"] for s in reply["content"]["application/json"]["schema"]["oneOf"]}
    assert refs == {
        "#/components/schemas/GuardErrorOut",
        "#/components/schemas/ValidationErrorOut",
    }


def test_validation_and_guard_422_bodies_are_distinct(member_client):
    slug = member_client.community.slug
    invalid = _post(member_client, f"/api/v1/communities/{slug}/threads", json.dumps({}))
    assert invalid.status_code == 422
    assert isinstance(invalid.json()["detail"], list)
    guarded = _post(
        member_client,
        f"/api/v1/communities/{slug}/threads",
        json.dumps({"kind": "problem_solving", "title": "Help", "body": "NHS number 943 476 5919"}),
    )
    assert guarded.status_code == 422
    assert guarded.json()["blocking"] is True and guarded.json()["findings"]


# --- The bad inputs named in "Bad input never gives a 500" ------------------------------


@pytest.fixture
def thread(member_client, user):
    from practice_commons.discussions import services as discussion_services

    return discussion_services.thread_create(
        actor=user,
        community=member_client.community,
        kind="problem_solving",
        title="Planning a joint visit",
        body="How do you agree roles before a joint visit?",
    )


@pytest.fixture
def session(user):
    from datetime import timedelta

    from django.utils import timezone

    from practice_commons.reflection import services as reflection_services

    start = (timezone.now() + timedelta(minutes=30)).replace(microsecond=0)
    return reflection_services.session_schedule(
        actor=user,
        community=make_community(name="Reflective practice", owner=user),
        title="Wednesday reflective session",
        theme="Holding uncertainty",
        starts_at=start,
        ends_at=start + timedelta(minutes=90),
        session_format="flexible",
        where="online",
        online_url="https://meet.example.org/reflect",
        capacity=8,
    )


def test_a_reply_with_a_lone_surrogate_is_refused_and_nothing_is_stored(member_client, thread):
    from practice_commons.discussions.models import Post

    url = f"/api/v1/threads/{thread.pk}/replies"
    before = Post.objects.count()
    response = _post(member_client, url, '{"body": "We spoke \\udc00 yesterday"}')
    assert response.status_code == 400
    assert "unpaired surrogate" in response.json()["detail"]
    assert Post.objects.count() == before
    assert _post(member_client, url, '{"body": "We spoke yesterday"}').status_code == 201


def test_a_reflection_note_with_a_lone_surrogate_is_refused_and_nothing_is_stored(
    member_client, session
):
    from practice_commons.reflection.models import PrivateNote

    url = f"/api/v1/reflection/sessions/{session.pk}/notes"
    response = _post(member_client, url, '{"body": "Remember \\ud83d to breathe"}')
    assert response.status_code == 400
    assert "body.body" in response.json()["detail"]
    assert not PrivateNote.objects.exists()
    assert _post(member_client, url, '{"body": "Remember to breathe"}').status_code == 201


def test_a_one_megabyte_community_name_is_refused_before_any_query(member_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    before = Community.objects.count()
    huge = json.dumps({"name": "n" * 1_000_000, "purpose": "p", "domain_statement": "d"})
    with CaptureQueriesContext(connection) as queries:
        response = _post(member_client, "/api/v1/communities", huge)
    # Only the bearer token is looked up (and its last use noted), and whether an
    # organisation requires its holder to have two-factor sign-in; nothing else runs.
    assert queries.captured_queries
    assert all(
        '"api_apitoken"' in q["sql"] or '"mfa_required"' in q["sql"]
        for q in queries.captured_queries
    )
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"][-1] == "name" and "120" in error["msg"]
    assert Community.objects.count() == before


@pytest.mark.parametrize(
    "query",
    [
        "/api/v1/notifications?page_size=1580396119&page=1020978393074028353945600",
        "/api/v1/notifications?page=0",
        "/api/v1/reflection/notes?offset=1909796522359381274132480&limit=-10991600503",
        "/api/v1/reflection/sessions?limit=101",
        "/api/v1/communities?offset=-1",
        "/api/v1/events?limit=0",
        "/api/v1/reports?offset=1000001",
    ],
)
def test_paging_out_of_range_is_the_validation_422(member_client, query):
    response = member_client.get(query)
    assert response.status_code == 422
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert all({"loc", "msg", "type"} <= set(e) for e in response.json()["detail"])


def test_paging_at_its_bounds_still_answers(member_client):
    for query in (
        "/api/v1/notifications?page_size=100&page=10000",
        "/api/v1/reflection/notes?offset=1000000&limit=100",
        "/api/v1/communities?limit=1&offset=0",
    ):
        assert member_client.get(query).status_code == 200, query


def test_a_non_integer_path_id_is_a_json_404(member_client):
    response = member_client.post(
        "/api/v1/threads/abc/replies", data='{"body": "x"}', content_type="application/json"
    )
    assert response.status_code == 404
    assert response.json()["detail"] == "Not found."


def test_a_nul_character_in_a_body_or_a_query_is_refused(member_client):
    """PostgreSQL stores no NUL in text; it is refused before any query, on every database."""
    before = Community.objects.count()
    body = '{"name": "Nul\\u0000 practice", "purpose": "p", "domain_statement": "d"}'
    response = _post(member_client, "/api/v1/communities", body)
    assert response.status_code == 400
    assert "NUL" in response.json()["detail"] and "body.name" in response.json()["detail"]
    assert Community.objects.count() == before
    response = member_client.get("/api/v1/communities?q=a%00b")
    assert response.status_code == 400
    assert "query.q" in response.json()["detail"]
    # A slug is letters, digits and hyphens: anything else is no community at all.
    response = member_client.get("/api/v1/communities/a%00b/threads")
    assert response.status_code == 404 and response.json()["detail"] == "Not found."
