"""The results page and the API: the contract, cursors, filters, refusals, every role,
the suggestions fragment, the header's search box and the query budget at two sizes."""

import pytest
from django.urls import reverse

from practice_commons.discussions.models import Post, Thread
from practice_commons.search import indexing, selectors

pytestmark = pytest.mark.django_db

API = "/api/v1/search"


def make_threads(world, n, word="hollyhock"):
    """``n`` threads with ``word`` in the public community (bulk, then the catch-up)."""
    community, author = world["public"], world["people"]["member"]
    for i in range(n):
        thread = Thread.objects.create(
            community=community, kind="problem_solving", title=f"{word} question {i}", author=author
        )
        Post.objects.create(
            thread=thread, number=0, is_opening=True, author=author, body=f"About {word} {i}"
        )
    indexing.reindex_recent()


def test_api_contract_and_cursor_pages(world, api_client_for):
    make_threads(world, 25)
    client = api_client_for(world["people"]["outsider"])
    first = client.get(API, {"q": "hollyhock"})
    assert first.status_code == 200
    data = first.json()
    assert set(data) == {"count", "results", "next"}
    assert data["count"] == 25 and len(data["results"]) == 20 and data["next"]
    row = data["results"][0]
    assert set(row) == {"kind", "id", "title", "url", "snippet", "community"}
    assert row["kind"] == "thread" and row["community"] == world["public"].slug
    assert "<mark>" in " ".join(r["snippet"] for r in data["results"])
    second = client.get(API, {"q": "hollyhock", "cursor": data["next"]}).json()
    assert second["count"] == 25 and len(second["results"]) == 5 and second["next"] is None
    ids = [r["id"] for r in data["results"]] + [r["id"] for r in second["results"]]
    assert len(set(ids)) == 25


def test_api_filters_and_refusals(world, api_client_for, thread_in):
    thread_in(world["people"]["private_member"], world["private"], "Secret", "amaryllis")
    client = api_client_for(world["people"]["outsider"])
    make_threads(world, 2)
    assert client.get(API, {"q": "hollyhock", "kind": "thread"}).json()["count"] == 2
    assert client.get(API, {"q": "hollyhock", "kind": "job"}).json()["count"] == 0
    assert client.get(API, {"q": "hollyhock", "kind": "nonsense"}).status_code == 400
    assert client.get(API, {"q": "hollyhock", "cursor": "bogus!"}).status_code == 400
    public = client.get(API, {"q": "hollyhock", "community": world["public"].slug}).json()
    assert public["count"] == 2
    # A private community the caller cannot read is the same 404 as one that does not exist.
    hidden = client.get(API, {"q": "amaryllis", "community": world["private"].slug})
    missing = client.get(API, {"q": "amaryllis", "community": "no-such-community"})
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    assert client.get(API, {"q": ""}).json() == {"count": 0, "results": [], "next": None}
    assert client.get(API, {"q": "x" * 201}).status_code == 422


def test_api_needs_a_token(db, client):
    assert client.get(API, {"q": "anything"}).status_code == 401


@pytest.mark.parametrize(
    "role",
    ["visitor", "non_host", "outsider", "member", "facilitator", "private_member", "host_admin"],
)
def test_every_role_gets_the_page(world, client, role):
    make_threads(world, 3)
    user = world["people"][role]
    if user is not None:
        client.force_login(user)
    empty = client.get(reverse("search:results"))
    assert empty.status_code == 200
    page = client.get(reverse("search:results"), {"q": "hollyhock", "kind": "discussions"})
    assert page.status_code == 200
    body = page.content.decode()
    assert "3 results for" in body and "<mark>hollyhock</mark>" in body.lower()
    assert client.get(reverse("search:results"), {"q": "x", "cursor": "bad"}).status_code == 400
    own = client.get(reverse("search:results"), {"q": "a", "community": world["private"].slug})
    assert own.status_code == (200 if role in ("private_member", "host_admin") else 404)


def test_suggestions_fragment_for_the_thread_form(world, client, thread_in):
    member = world["people"]["member"]
    thread_in(member, world["public"], "Delays in kinship assessments", "Ours take months")
    client.force_login(member)
    response = client.get(
        reverse("search:suggest"), {"title": "kinship assessm"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "Delays in kinship assessments" in response.content.decode()
    assert client.get(reverse("search:suggest"), {"title": "ki"}).content.decode().strip() == ""
    form = client.get(
        reverse("discussions:new", args=[world["public"].slug]), {"kind": "problem_solving"}
    ).content.decode()
    assert reverse("search:suggest") in form and 'hx-include="#id_title"' in form


def test_the_header_has_a_search_box(db, client):
    body = client.get("/").content.decode()
    assert 'role="search"' in body and reverse("search:results") in body


@pytest.mark.parametrize("size", [5, 60])
def test_results_page_query_budget(world, client, django_assert_max_num_queries, size):
    make_threads(world, size)
    client.force_login(world["people"]["member"])
    # 13 on PostgreSQL: the people whose name starts with a word read whole are one query.
    with django_assert_max_num_queries(13):
        response = client.get(reverse("search:results"), {"q": "hollyhock"})
    assert response.status_code == 200


@pytest.mark.parametrize("size", [5, 60])
def test_api_query_budget(world, api_client_for, django_assert_max_num_queries, size):
    make_threads(world, size)
    client = api_client_for(world["people"]["member"])
    with django_assert_max_num_queries(11):
        assert client.get(API, {"q": "hollyhock"}).status_code == 200


def test_cursors_are_checked():
    assert selectors.decode_cursor(selectors.encode_cursor(40)) == 40
    for bad in ("bogus", selectors.encode_cursor(10**9), "eDox"):
        with pytest.raises(ValueError):
            selectors.decode_cursor(bad)
