"""The API's editing, review and glossary operations: the same services as the pages,
so the same people may use them and everyone else is refused as on the pages."""

import json

import pytest
from django.test import Client
from django.utils.module_loading import import_string

from practice_commons.confidentiality.testing import NHS_NUMBER
from practice_commons.library import services
from practice_commons.library.models import GlossaryTerm, LibraryItem, Reflection

pytestmark = pytest.mark.django_db

JSON = "application/json"


def _post(client, url, payload=None):
    return client.post(url, data=json.dumps(payload or {}), content_type=JSON)


def _patch(client, url, payload):
    return client.patch(url, data=json.dumps(payload), content_type=JSON)


def _read_only(user):
    api_token_create = import_string("practice_commons.api.services.api_token_create")
    raw = api_token_create(actor=user, user=user, name="Read only", scope="read").raw
    return Client(headers={"Authorization": f"Bearer {raw}"})


@pytest.fixture
def draft(make_item, member, community):
    return make_item(member, community, publish=False)


def test_edit_by_writer_makes_a_version(api_client_for, draft, member):
    response = _patch(
        api_client_for(member),
        f"/api/v1/library/items/{draft.pk}",
        {"title": "A better title", "nations": ["wales"]},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["title"] == "A better title" and body["nations"] == ["wales"]
    assert body["version"] == 2 and body["status"] == "draft"
    assert body["summary"] == draft.summary  # fields not sent are unchanged


def test_edit_refusals_change_nothing(
    api_client_for, draft, member, other_member, outsider, private_item
):
    url = f"/api/v1/library/items/{draft.pk}"
    assert Client().patch(url, "{}", content_type=JSON).status_code == 401
    assert _patch(api_client_for(other_member), url, {"title": "Mine now"}).status_code == 404
    assert _patch(api_client_for(outsider), url, {"title": "Mine now"}).status_code == 404
    assert (
        _patch(
            api_client_for(outsider), f"/api/v1/library/items/{private_item.pk}", {"title": "X"}
        ).status_code
        == 404
    )
    assert _patch(_read_only(member), url, {"title": "Read only"}).status_code == 403
    writer = api_client_for(member)
    blank = _patch(writer, url, {"summary": ""})
    assert blank.status_code == 400 and "summary" in blank.json()["detail"]
    too_long = _patch(writer, url, {"title": "x" * 300})
    assert too_long.status_code == 422 and "title" in too_long.content.decode()
    bad_date = _patch(writer, url, {"review_by": "2001-01-01"})
    assert bad_date.status_code == 400 and "review_by" in bad_date.json()["detail"]
    blocked = _patch(writer, url, {"context": f"NHS {NHS_NUMBER}"})
    assert blocked.status_code == 422 and NHS_NUMBER not in blocked.content.decode()
    draft.refresh_from_db()
    assert draft.title != "Mine now" and draft.version == 1 and NHS_NUMBER not in draft.context


def test_submit_review_and_queue(api_client_for, draft, member, other_member, facilitator):
    url = f"/api/v1/library/items/{draft.pk}"
    assert _post(Client(), f"{url}/submit").status_code == 401
    assert _post(api_client_for(other_member), f"{url}/submit").status_code == 404
    assert _post(_read_only(member), f"{url}/submit").status_code == 403
    submitted = _post(api_client_for(member), f"{url}/submit")
    assert submitted.status_code == 200 and submitted.json()["status"] == "in_review"
    assert _post(api_client_for(member), f"{url}/submit").status_code == 409

    reviewer = api_client_for(facilitator)
    queue = reviewer.get("/api/v1/library/review-queue").json()
    assert [i["id"] for i in queue["items"]] == [draft.pk] and "next" in queue
    assert api_client_for(member).get("/api/v1/library/review-queue").json()["items"] == []
    assert api_client_for(other_member).get("/api/v1/library/review-queue").json()["count"] == 0
    assert Client().get("/api/v1/library/review-queue").status_code == 401

    # The writer and other members may not review: 404, as on the page.
    for who in (member, other_member):
        assert (
            _post(api_client_for(who), f"{url}/review", {"decision": "approve"}).status_code == 404
        )
    assert (
        _post(_read_only(facilitator), f"{url}/review", {"decision": "approve"}).status_code == 403
    )
    bad = _post(reviewer, f"{url}/review", {"decision": "maybe"})
    assert bad.status_code == 422 and "decision" in bad.content.decode()
    no_note = _post(reviewer, f"{url}/review", {"decision": "return"})
    assert no_note.status_code == 400 and "note" in no_note.json()["detail"]
    blocked = _post(reviewer, f"{url}/review", {"decision": "return", "note": f"NHS {NHS_NUMBER}"})
    assert blocked.status_code == 422 and NHS_NUMBER not in blocked.content.decode()
    draft.refresh_from_db()
    assert draft.status == "in_review"

    returned = _post(reviewer, f"{url}/review", {"decision": "return", "note": "Add outcomes."})
    assert returned.status_code == 200 and returned.json()["status"] == "draft"
    _post(api_client_for(member), f"{url}/submit")
    approved = _post(reviewer, f"{url}/review", {"decision": "approve"})
    assert approved.status_code == 200 and approved.json()["status"] == "published"
    assert _post(reviewer, f"{url}/review", {"decision": "approve"}).status_code == 409


def test_drafts_list(api_client_for, draft, published, member, other_member, make_item, community):
    for n in range(2):
        make_item(member, community, publish=False, title=f"Another draft {n}")
    client = api_client_for(member)
    first = client.get("/api/v1/library/drafts?limit=2").json()
    assert first["count"] == 3 and len(first["items"]) == 2 and first["next"]
    rest = client.get(f"/api/v1/library/drafts?limit=2&cursor={first['next']}").json()
    ids = {i["id"] for i in first["items"] + rest["items"]}
    assert draft.pk in ids and published.pk not in ids and len(ids) == 3
    assert api_client_for(other_member).get("/api/v1/library/drafts").json()["count"] == 0
    assert Client().get("/api/v1/library/drafts").status_code == 401
    assert client.get("/api/v1/library/drafts?cursor=nonsense").status_code == 400


def test_reflect(api_client_for, published, draft, other_member, outsider, private_item):
    url = f"/api/v1/library/items/{published.pk}/reflection"
    assert _post(Client(), url).status_code == 401
    assert _post(_read_only(other_member), url).status_code == 403
    response = _post(api_client_for(other_member), url)
    assert response.status_code == 200 and response.json() == {
        "item_id": published.pk,
        "reflected": True,
    }
    assert _post(api_client_for(other_member), url).status_code == 200  # once per person
    assert Reflection.objects.filter(item=published, user=other_member).count() == 1
    assert (
        _post(
            api_client_for(outsider), f"/api/v1/library/items/{private_item.pk}/reflection"
        ).status_code
        == 404
    )
    assert (
        _post(
            api_client_for(other_member), f"/api/v1/library/items/{draft.pk}/reflection"
        ).status_code
        == 404
    )


def test_solution_for_thread_and_publish(api_client_for, community, member, other_member, outsider):
    item = services.solution_draft_from_thread(
        thread_id=4242,
        community_id=community.pk,
        title="Getting a strategy meeting quickly",
        question="How?",
        answer="Ask the duty manager.",
        author_id=member.pk,
    )
    url = "/api/v1/library/threads/4242/solution"
    response = api_client_for(member).get(url)
    assert response.status_code == 200 and response.json()["id"] == item.pk
    assert response.json()["status"] == "draft"
    assert api_client_for(other_member).get(url).status_code == 404  # a draft it may not edit
    assert Client().get(url).status_code == 401
    assert api_client_for(member).get("/api/v1/library/threads/999999/solution").status_code == 404
    done = _patch(
        api_client_for(member),
        f"/api/v1/library/items/{item.pk}",
        {"summary": "Ask the duty manager for a same-day meeting.", "publish": True},
    )
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "published"
    assert api_client_for(outsider).get(url).json()["status"] == "published"
    again = _patch(api_client_for(member), f"/api/v1/library/items/{item.pk}", {"publish": True})
    assert again.status_code == 409


def test_glossary_decide(api_client_for, facilitator, member, outsider):
    term = services.term_suggest(actor=member, term="MASH", definition="Multi-Agency Hub.")
    url = f"/api/v1/glossary/terms/{term.pk}/decision"
    assert _post(Client(), url, {"decision": "approve"}).status_code == 401
    assert _post(api_client_for(member), url, {"decision": "approve"}).status_code == 404
    assert _post(api_client_for(outsider), url, {"decision": "approve"}).status_code == 404
    assert _post(_read_only(facilitator), url, {"decision": "approve"}).status_code == 403
    bad = _post(api_client_for(facilitator), url, {"decision": "yes"})
    assert bad.status_code == 422 and "decision" in bad.content.decode()
    term.refresh_from_db()
    assert term.status == "suggested"
    response = _post(api_client_for(facilitator), url, {"decision": "approve"})
    assert response.status_code == 200 and response.json()["status"] == "approved"
    assert _post(api_client_for(facilitator), url, {"decision": "decline"}).status_code == 409
    assert GlossaryTerm.objects.get(pk=term.pk).status == "approved"
    assert LibraryItem.objects.count() == 0
