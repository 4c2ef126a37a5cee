"""Every page and API operation for each role; a private community's items never leak
(404 for outsiders, never 403), public items are readable signed out."""

import json

import pytest
from django.urls import reverse

from practice_commons.accounts.models import OrganisationMembership
from practice_commons.accounts.tests.factories import HostAdminFactory, UserFactory
from practice_commons.library.models import ItemStatus

pytestmark = pytest.mark.django_db

SECRET = "Secret-set practice example"


@pytest.fixture
def roles(community, member, facilitator, outsider, other_member):
    org_admin = UserFactory(full_name="Orla Admin", org_role=OrganisationMembership.Role.ADMIN)
    return {
        "signed out": None,
        "member": other_member,
        "non-member": outsider,
        "facilitator": facilitator,
        "org admin": org_admin,
        "host admin": HostAdminFactory(),
    }


def _pages(item):
    return [
        reverse("library:item", args=[item.pk]),
        reverse("library:versions", args=[item.pk]),
    ]


def test_public_item_is_readable_by_every_role(client_for, roles, published):
    for role, user in roles.items():
        client = client_for(user)
        for url in _pages(published):
            assert client.get(url).status_code == 200, (role, url)
        assert "CAF practitioners" in client.get(reverse("library:home")).content.decode(), role


def test_private_item_never_leaks(client_for, roles, private_item, api_client_for):
    for role, user in roles.items():
        client = client_for(user)
        expected = 200 if role == "host admin" else 404
        for url in _pages(private_item):
            assert client.get(url).status_code == expected, (role, url)
        for url in [
            reverse("library:home"),
            reverse("library:map"),
            reverse("library:map_csv"),
            reverse("library:glossary"),
            reverse("library:feed"),
        ]:
            body = client.get(url).content.decode()
            assert (SECRET in body) == (role == "host admin" and url == reverse("library:home")), (
                role,
                url,
            )
        if role != "host admin":
            assert client.post(
                reverse("library:endorse", args=[private_item.pk]), {"kind": "endorse"}
            ).status_code in (302, 404)
            assert client.post(reverse("library:reflect", args=[private_item.pk])).status_code in (
                302,
                404,
            )
            if user is not None:
                assert (
                    client.post(
                        reverse("library:endorse", args=[private_item.pk]), {"kind": "endorse"}
                    ).status_code
                    == 404
                )
                api = api_client_for(user)
                assert api.get(f"/api/v1/library/items/{private_item.pk}").status_code == 404
                listed = api.get("/api/v1/library/items").json()
                assert private_item.pk not in [i["id"] for i in listed["items"]]
                assert (
                    api.post(
                        f"/api/v1/library/items/{private_item.pk}/endorsements",
                        data=json.dumps({"kind": "endorse"}),
                        content_type="application/json",
                    ).status_code
                    == 404
                )


def test_drafts_are_seen_only_by_writer_and_reviewers(
    client_for, roles, make_item, member, community
):
    draft = make_item(member, community, publish=False, title="Draft forum write-up")
    allowed = {"facilitator", "host admin"}
    for role, user in roles.items():
        status = client_for(user).get(reverse("library:item", args=[draft.pk])).status_code
        assert status == (200 if role in allowed else 404), role
    assert client_for(member).get(reverse("library:edit", args=[draft.pk])).status_code == 200
    drafts = reverse("library:drafts")
    assert "Draft forum write-up" in client_for(member).get(drafts).content.decode()
    assert "Draft forum write-up" in client_for(roles["facilitator"]).get(drafts).content.decode()
    # A host admin may open any draft, but "Your drafts" lists only theirs.
    assert (
        "Draft forum write-up" not in client_for(roles["host admin"]).get(drafts).content.decode()
    )
    assert "Draft forum write-up" not in client_for(roles["member"]).get(drafts).content.decode()


def test_write_pages_need_sign_in_and_review_needs_a_reviewer(
    client_for, roles, make_item, member, community, facilitator
):
    pending = make_item(member, community, publish=False)
    client_for(member).post(reverse("library:submit", args=[pending.pk]))
    pending.refresh_from_db()
    assert pending.status == ItemStatus.IN_REVIEW
    for role, user in roles.items():
        client = client_for(user)
        new = client.get(reverse("library:new", args=["practice-example"])).status_code
        assert new == (302 if user is None else 200), role
        review = client.get(reverse("library:review", args=[pending.pk])).status_code
        expected = 302 if user is None else (200 if role in {"facilitator", "host admin"} else 404)
        assert review == expected, role
    response = client_for(facilitator).post(
        reverse("library:review", args=[pending.pk]), {"decision": "approve"}
    )
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == ItemStatus.PUBLISHED


def test_endorse_page_flow(client_for, published, other_member):
    client = client_for(other_member)
    response = client.post(
        reverse("library:endorse", args=[published.pk]),
        {"kind": "endorse", "note": "Worked for us."},
    )
    assert response.status_code == 302
    response = client.post(reverse("library:endorse", args=[published.pk]), {"kind": "celebrate"})
    published.refresh_from_db()
    assert (published.endorsement_count, published.celebration_count) == (1, 1)
    body = client.get(published.get_absolute_url()).content.decode()
    assert "Worked for us." in body and "You endorsed this." in body


def test_publish_through_the_pages(client_for, member, facilitator, community):
    client = client_for(member)
    response = client.post(
        reverse("library:new", args=["practice-example"]),
        {
            "title": "Forum for lead professionals",
            "summary": "A monthly forum.",
            "what_was_done": "We met monthly.",
            "outcomes": "Plans moved on.",
            "community": community.slug,
            "then": "submit",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    item = community.library_items.get()
    assert item.status == ItemStatus.IN_REVIEW
    assert (
        item.title in client_for(facilitator).get(reverse("library:review_queue")).content.decode()
    )
