"""``/api/v1/notifications/newsletters``: the same services and rules as the newsletter
pages. Admins and champions of an organisation write and send; its members read what was
sent; nobody else learns the audience's newsletters exist (404)."""

import json

import pytest
from django.utils.module_loading import import_string

from practice_commons.accounts.models import Organisation, OrganisationMembership
from practice_commons.confidentiality.testing import NHS_NUMBER
from practice_commons.notifications import newsletters, services
from practice_commons.notifications.digest import DigestItem
from practice_commons.notifications.models import Newsletter

pytestmark = pytest.mark.django_db
Role = OrganisationMembership.Role
BASE = "/api/v1/notifications/newsletters"


@pytest.fixture
def organisation(db):
    return Organisation.objects.create(
        name="Riverside Council", slug="riverside", kind=Organisation.Kind.LOCAL_AUTHORITY
    )


@pytest.fixture
def cast(organisation, make_person):
    people = {"outsider": make_person()}
    for role in (Role.ADMIN, Role.CHAMPION, Role.MEMBER):
        person = make_person(organisation=organisation)
        OrganisationMembership.objects.create(organisation=organisation, user=person, role=role)
        people[str(role)] = person
    return people


@pytest.fixture
def call(client):
    create = import_string("practice_commons.api.services.api_token_create")

    def send(method, url, user=None, data=None, scope="write"):
        headers = {}
        if user is not None:
            raw = create(actor=user, user=user, name="t", scope=scope).raw
            headers["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
        body = {} if data is None else {"data": json.dumps(data)}
        return getattr(client, method)(url, content_type="application/json", **body, **headers)

    return send


@pytest.fixture
def picker(monkeypatch):
    monkeypatch.setattr(newsletters, "_pickers", {})
    newsletters.register_picker(
        "organisation",
        "solved",
        title="Solved threads",
        candidates=lambda scope_id, since: [
            DigestItem(title="Transfer meetings", url="/t/1/", summary="Solved in March")
        ],
    )


def audience_url(organisation):
    return f"{BASE}/audiences/organisation/{organisation.pk}"


def draft(actor, organisation):
    return services.newsletter_create(
        actor=actor,
        scope_kind="organisation",
        scope_id=organisation.pk,
        subject="March",
        body="Thanks all.",
    )


def test_visitor_gets_401(call, organisation):
    assert call("get", BASE).status_code == 401
    assert call("post", audience_url(organisation), data={"subject": "x"}).status_code == 401


def test_index_lists_audiences_and_own_drafts(call, cast, organisation):
    draft(cast["admin"], organisation)
    data = call("get", BASE, cast["admin"], scope="read").json()
    assert data["audiences"] == [
        {"kind": "organisation", "id": organisation.pk, "label": "Riverside Council"}
    ]
    assert [d["subject"] for d in data["drafts"]] == ["March"]
    member_view = call("get", BASE, cast["member"], scope="read").json()
    assert member_view == {"audiences": [], "drafts": []}


def test_write_edit_and_send_as_a_champion(call, cast, organisation, picker):
    champion = cast["champion"]
    candidates = call("get", f"{audience_url(organisation)}/candidates", champion).json()
    assert candidates == [
        {
            "key": "solved|/t/1/",
            "section": "Solved threads",
            "title": "Transfer meetings",
            "url": "/t/1/",
            "summary": "Solved in March",
        }
    ]
    body = {"subject": "March", "body": "Thanks **all**.", "items": ["solved|/t/1/"]}
    created = call("post", audience_url(organisation), champion, body)
    assert created.status_code == 201, created.content
    newsletter_id = created.json()["id"]
    assert created.json()["items"][0]["title"] == "Transfer meetings"
    assert created.json()["status"] == "draft"

    changed = call("patch", f"{BASE}/{newsletter_id}", champion, {**body, "subject": "April"})
    assert changed.status_code == 200 and changed.json()["subject"] == "April"

    sent = call("post", f"{BASE}/{newsletter_id}/send", champion)
    assert sent.status_code == 200 and sent.json()["status"] == "sent"
    again = call("post", f"{BASE}/{newsletter_id}/send", champion)
    assert again.status_code == 409
    late = call("patch", f"{BASE}/{newsletter_id}", champion, body)
    assert late.status_code == 409
    assert Newsletter.objects.get().subject == "April"


@pytest.mark.parametrize("role", ["member", "outsider"])
def test_people_who_may_not_send_cannot_write_or_see_drafts(call, cast, organisation, role):
    person = cast[role]
    newsletter = draft(cast["admin"], organisation)
    body = {"subject": "Mine", "body": "Hello"}
    assert call("post", audience_url(organisation), person, body).status_code == 404
    assert call("get", f"{audience_url(organisation)}/candidates", person).status_code == 404
    assert call("get", f"{BASE}/{newsletter.pk}", person).status_code == 404
    assert call("patch", f"{BASE}/{newsletter.pk}", person, body).status_code == 404
    assert call("post", f"{BASE}/{newsletter.pk}/send", person).status_code == 404
    assert Newsletter.objects.get().status == "draft" and Newsletter.objects.count() == 1


def test_archive_for_the_audience_only(call, cast, organisation):
    newsletter = draft(cast["admin"], organisation)
    services.newsletter_send(actor=cast["admin"], newsletter=newsletter)
    for role in ("admin", "champion", "member"):
        response = call("get", audience_url(organisation), cast[role], scope="read")
        assert response.status_code == 200
        assert [n["subject"] for n in response.json()["items"]] == ["March"], role
        assert call("get", f"{BASE}/{newsletter.pk}", cast[role]).status_code == 200
    assert call("get", audience_url(organisation), cast["outsider"]).status_code == 404
    assert call("get", f"{BASE}/{newsletter.pk}", cast["outsider"]).status_code == 404
    assert call("post", f"{BASE}/{newsletter.pk}/send", cast["member"]).status_code == 404


def test_read_scope_cannot_write(call, cast, organisation):
    body = {"subject": "March", "body": "Hello"}
    response = call("post", audience_url(organisation), cast["admin"], body, scope="read")
    assert response.status_code == 403
    assert not Newsletter.objects.exists()


def test_bad_input_changes_nothing(call, cast, organisation, picker):
    admin = cast["admin"]
    unknown = call(
        "post",
        audience_url(organisation),
        admin,
        {"subject": "A", "body": "B", "items": ["gone|/x/"]},
    )
    assert unknown.status_code == 400
    assert "No longer offered" in json.dumps(unknown.json())
    empty = call("post", audience_url(organisation), admin, {"subject": " ", "body": ""})
    assert empty.status_code == 400
    guarded = call(
        "post", audience_url(organisation), admin, {"subject": "A", "body": f"NHS {NHS_NUMBER}"}
    )
    assert guarded.status_code == 422 and guarded.json()["blocking"] is True
    assert NHS_NUMBER not in guarded.content.decode()
    assert call("get", f"{BASE}/audiences/planet/1", admin).status_code == 404
    assert not Newsletter.objects.exists()
