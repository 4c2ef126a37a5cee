"""``/api/v1/notifications/preferences``: the preferences page's choices through the API,
with the same selectors and services; only the caller's own choices, ever."""

import pytest
from django.utils.module_loading import import_string

from practice_commons.accounts.tests.factories import UserFactory
from practice_commons.communities.tests.factories import make_community
from practice_commons.notifications import selectors, services
from practice_commons.notifications.kinds import NotificationKind

pytestmark = pytest.mark.django_db
URL = "/api/v1/notifications/preferences"


@pytest.fixture
def person():
    return UserFactory()


@pytest.fixture
def other_person():
    return UserFactory()


@pytest.fixture
def token_for():
    create = import_string("practice_commons.api.services.api_token_create")

    def make(user, scope="write"):
        raw = create(actor=user, user=user, name="test", scope=scope).raw
        return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    return make


def patch(client, headers, body):
    return client.patch(URL, body, content_type="application/json", **headers)


def test_needs_a_token(client):
    assert client.get(URL).status_code == 401
    assert patch(client, {}, {"digest_frequency": "off"}).status_code == 401


def test_reads_what_the_page_shows(client, person, token_for):
    community = make_community(name="Neglect practice")
    services.notify(
        recipient=person, kind=NotificationKind.MENTION, title="Hi", community_id=community.pk
    )
    data = client.get(URL, **token_for(person, "read")).json()
    assert data["digest_frequency"] == selectors.settings_for(person).digest_frequency
    assert {k["kind"] for k in data["kinds"]} == set(NotificationKind.values)
    assert [(c["community_id"], c["channel"]) for c in data["communities"]] == [(community.pk, "")]
    assert data["communities"][0]["name"]


def test_changes_only_the_callers_own_choices(client, person, other_person, token_for):
    community = make_community(name="Neglect practice")
    services.notify(
        recipient=person, kind=NotificationKind.MENTION, title="Hi", community_id=community.pk
    )
    body = {
        "digest_frequency": "weekly",
        "kinds": [{"kind": NotificationKind.MENTION, "channel": "off"}],
        "communities": [{"community_id": community.pk, "channel": "daily"}],
    }
    response = patch(client, token_for(person), body)
    assert response.status_code == 200
    mine = selectors.preferences_for(person)
    assert {k: c for k, _label, c in mine["kinds"]}[NotificationKind.MENTION] == "off"
    assert mine["communities"] == {community.pk: "daily"}
    assert selectors.settings_for(person).digest_frequency == "weekly"
    assert response.json()["digest_frequency"] == "weekly"
    theirs = selectors.preferences_for(other_person)
    assert {k: c for k, _label, c in theirs["kinds"]}[NotificationKind.MENTION] != "off"
    assert theirs["communities"] == {}


def test_same_as_my_choices_removes_a_community_override(client, person, token_for):
    community = make_community(name="Neglect practice")
    services.preferences_update(actor=person, communities={community.pk: "off"})
    body = {"communities": [{"community_id": community.pk, "channel": ""}]}
    assert patch(client, token_for(person), body).status_code == 200
    assert selectors.preferences_for(person)["communities"] == {}


def test_refused(client, person, other_person, token_for):
    theirs = make_community(name="Not mine")
    services.notify(
        recipient=other_person, kind=NotificationKind.MENTION, title="Hi", community_id=theirs.pk
    )
    headers = token_for(person)
    # A community the caller does not hear from has no choice on the page either.
    body = {"communities": [{"community_id": theirs.pk, "channel": "off"}]}
    assert patch(client, headers, body).status_code == 400
    assert (
        patch(client, headers, {"kinds": [{"kind": "nope", "channel": "off"}]}).status_code == 422
    )
    assert patch(client, headers, {"digest_frequency": "hourly"}).status_code == 422
    # A read token may look but not change.
    assert patch(client, token_for(person, "read"), {"digest_frequency": "off"}).status_code == 403
    assert selectors.settings_for(person).digest_frequency != "off"
