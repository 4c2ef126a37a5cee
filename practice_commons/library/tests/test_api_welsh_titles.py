"""The API reads and writes a library item's Welsh title and summary (``title_cy``,
``summary_cy``): optional, through the same services as the pages, so the guard reads
them and every change is kept as a version."""

import pytest

from practice_commons.confidentiality.testing import NHS_NUMBER, assert_api_guarded
from practice_commons.library.models import ItemVersion, LibraryItem

pytestmark = pytest.mark.django_db

ITEMS = "/api/v1/library/items"
JSON = "application/json"
WELSH = {
    "title_cy": "hyfforddiant ar y cyd gyda'r heddlu ac athrawon",
    "summary_cy": "sesiynau hanner diwrnod ar y cyd.",
}
GUARDED = f"rhif GIG {NHS_NUMBER}"


def _payload(community, **overrides):
    return {
        "kind": "practice_example",
        "community": community.slug,
        "title": "Joint training with police and teachers",
        "summary": "Half-day joint sessions.",
        "what_was_done": "Six sessions a year.",
        "outcomes": "More joint referrals.",
        **overrides,
    }


def test_created_with_welsh_and_read_back(
    api_client_for, member, other_member, community, settings
):
    settings.LIBRARY_REVIEW_REQUIRED = False
    client = api_client_for(member)
    response = client.post(ITEMS, _payload(community, submit=True, **WELSH), content_type=JSON)
    assert response.status_code == 201, response.content
    body = response.json()
    assert {k: body[k] for k in WELSH} == WELSH
    assert {k: body["versions"][0]["data"][k] for k in WELSH} == WELSH
    item = LibraryItem.objects.get(pk=body["id"])
    assert (item.title_cy, item.summary_cy) == tuple(WELSH.values())

    reader = api_client_for(other_member)
    detail = reader.get(f"{ITEMS}/{item.pk}").json()
    assert {k: detail[k] for k in WELSH} == WELSH
    (row,) = reader.get(ITEMS).json()["items"]
    assert {k: row[k] for k in WELSH} == WELSH


def test_the_welsh_fields_are_optional(api_client_for, member, community):
    response = api_client_for(member).post(ITEMS, _payload(community), content_type=JSON)
    assert response.status_code == 201, response.content
    assert (response.json()["title_cy"], response.json()["summary_cy"]) == ("", "")


def test_patch_changes_the_welsh_as_a_new_version_and_empty_removes_it(
    api_client_for, member, community
):
    client = api_client_for(member)
    item_id = client.post(ITEMS, _payload(community), content_type=JSON).json()["id"]
    url = f"{ITEMS}/{item_id}"
    response = client.patch(url, WELSH, content_type=JSON)
    assert response.status_code == 200, response.content
    body = response.json()
    assert {k: body[k] for k in WELSH} == WELSH
    assert body["version"] == 2
    # Fields not sent stay as they are.
    client.patch(url, {"outcomes": "Still more joint referrals."}, content_type=JSON)
    item = LibraryItem.objects.get(pk=item_id)
    assert (item.title_cy, item.summary_cy) == tuple(WELSH.values())
    response = client.patch(url, {"title_cy": "", "summary_cy": ""}, content_type=JSON)
    assert response.status_code == 200, response.content
    item.refresh_from_db()
    assert (item.title_cy, item.summary_cy) == ("", "")


def test_a_welsh_title_is_checked_as_the_english_title_is(api_client_for, member, community):
    client = api_client_for(member)
    response = client.post(ITEMS, _payload(community, title_cy="x" * 201), content_type=JSON)
    assert response.status_code == 422
    assert list(response.json()["error"]["fields"]) == ["title_cy"]
    response = client.post(ITEMS, _payload(community, title_cy="\u200bTeitl"), content_type=JSON)
    assert response.status_code == 422
    assert "invisible" in " ".join(response.json()["error"]["fields"]["title_cy"])
    assert not LibraryItem.objects.exists()


@pytest.mark.parametrize("field", ["title_cy", "summary_cy"])
def test_a_welsh_field_with_an_nhs_number_is_refused_and_nothing_is_stored(
    api_client_for, member, community, field
):
    client = api_client_for(member)
    assert_api_guarded(
        client,
        "post",
        ITEMS,
        _payload(community),
        field,
        client.token,
        model=LibraryItem,
        text=GUARDED,
    )


@pytest.mark.parametrize("field", ["title_cy", "summary_cy"])
def test_a_guarded_welsh_field_is_refused_on_patch_and_nothing_changes(
    api_client_for, member, community, field
):
    client = api_client_for(member)
    item_id = client.post(ITEMS, _payload(community, **WELSH), content_type=JSON).json()["id"]
    assert_api_guarded(
        client,
        "patch",
        f"{ITEMS}/{item_id}",
        {},
        field,
        client.token,
        model=ItemVersion,
        text=GUARDED,
    )
    assert getattr(LibraryItem.objects.get(pk=item_id), field) == WELSH[field]
