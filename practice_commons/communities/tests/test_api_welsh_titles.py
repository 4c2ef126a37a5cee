"""The API reads and writes a community's Welsh name and purpose (``name_cy``,
``purpose_cy``): optional, through the same services as the pages, so the guard reads
them too."""

import pytest

from practice_commons.accounts.tests.factories import UserFactory
from practice_commons.communities.models import Community
from practice_commons.confidentiality.testing import NHS_NUMBER, assert_api_guarded

from .factories import make_community

pytestmark = pytest.mark.django_db

BASE = "/api/v1/communities"
JSON = "application/json"
REQUIRED = {"name": "Kinship care practice", "purpose": "p", "domain_statement": "d"}


def test_created_with_welsh_read_back_in_the_detail_and_the_list(api_client_for):
    client = api_client_for(UserFactory())
    response = client.post(
        BASE,
        {
            **REQUIRED,
            # Capitalised Welsh words the guard does not know are uncertain names: the
            # caller acknowledges them, as for the English fields.
            "name_cy": "Ymarfer gofal gan berthnasau",
            "purpose_cy": "cymheiriaid yn myfyrio ar ymarfer gyda'i gilydd.",
            "confidentiality_acknowledged": True,
        },
        content_type=JSON,
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["name_cy"] == "Ymarfer gofal gan berthnasau"
    assert body["purpose_cy"] == "cymheiriaid yn myfyrio ar ymarfer gyda'i gilydd."
    community = Community.objects.get(slug=body["slug"])
    assert community.name_cy == "Ymarfer gofal gan berthnasau"

    detail = client.get(f"{BASE}/{community.slug}").json()
    assert (detail["name_cy"], detail["purpose_cy"]) == (community.name_cy, community.purpose_cy)
    rows = {row["slug"]: row for row in client.get(BASE).json()["items"]}
    assert rows[community.slug]["name_cy"] == community.name_cy
    assert rows[community.slug]["purpose_cy"] == community.purpose_cy


def test_the_welsh_fields_are_optional(api_client_for):
    client = api_client_for(UserFactory())
    response = client.post(BASE, REQUIRED, content_type=JSON)
    assert response.status_code == 201, response.content
    assert (response.json()["name_cy"], response.json()["purpose_cy"]) == ("", "")


def test_facilitators_change_and_remove_the_welsh_by_patch(api_client_for):
    community = make_community(name="Later Welsh")
    owner = community.memberships.get(role="owner").user
    client = api_client_for(owner)
    url = f"{BASE}/{community.slug}"
    response = client.patch(
        url, {"name_cy": "cymraeg yn nes ymlaen", "purpose_cy": "pwrpas"}, content_type=JSON
    )
    assert response.status_code == 200, response.content
    assert response.json()["name_cy"] == "cymraeg yn nes ymlaen"
    community.refresh_from_db()
    assert (community.name_cy, community.purpose_cy) == ("cymraeg yn nes ymlaen", "pwrpas")

    # Fields not sent stay as they are; empty (or null) removes the Welsh.
    client.patch(url, {"meeting_rhythm": "monthly"}, content_type=JSON)
    community.refresh_from_db()
    assert community.name_cy == "cymraeg yn nes ymlaen"
    response = client.patch(url, {"name_cy": "", "purpose_cy": None}, content_type=JSON)
    assert response.status_code == 200, response.content
    community.refresh_from_db()
    assert (community.name_cy, community.purpose_cy) == ("", "")


def test_a_welsh_name_is_checked_as_the_english_name_is(api_client_for):
    client = api_client_for(UserFactory())
    response = client.post(BASE, {**REQUIRED, "name_cy": "x" * 121}, content_type=JSON)
    assert response.status_code == 422
    assert list(response.json()["error"]["fields"]) == ["name_cy"]
    response = client.post(BASE, {**REQUIRED, "name_cy": "\u200bEnw"}, content_type=JSON)
    assert response.status_code == 422
    assert "invisible" in " ".join(response.json()["error"]["fields"]["name_cy"])
    assert not Community.objects.exists()


@pytest.mark.parametrize("field", ["name_cy", "purpose_cy"])
def test_a_welsh_field_with_an_nhs_number_is_refused_and_nothing_is_stored(api_client_for, field):
    client = api_client_for(UserFactory())
    assert_api_guarded(
        client,
        "post",
        BASE,
        REQUIRED,
        field,
        client.token,
        model=Community,
        text=f"rhif GIG {NHS_NUMBER}",
    )


@pytest.mark.parametrize("field", ["name_cy", "purpose_cy"])
def test_a_guarded_welsh_field_is_refused_on_patch_and_nothing_changes(api_client_for, field):
    community = make_community(name="Guarded Welsh")
    owner = community.memberships.get(role="owner").user
    client = api_client_for(owner)
    assert_api_guarded(
        client,
        "patch",
        f"{BASE}/{community.slug}",
        {},
        field,
        client.token,
        text=f"rhif GIG {NHS_NUMBER}",
    )
    community.refresh_from_db()
    assert getattr(community, field) == ""
