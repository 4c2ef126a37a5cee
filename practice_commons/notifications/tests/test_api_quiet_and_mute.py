"""``/api/v1/notifications/quiet-hours`` and ``/threads/mute|unmute``: the same services as
the quiet-hours page and the mute button, for the person's own settings only."""

import json

import pytest
from django.utils.module_loading import import_string

from practice_commons.notifications import selectors, services
from practice_commons.notifications.models import ThreadMute

pytestmark = pytest.mark.django_db
BASE = "/api/v1/notifications"


@pytest.fixture
def token_for():
    # The API app sits above us in the layers: its token service is looked up by name.
    create = import_string("practice_commons.api.services.api_token_create")

    def make(user, scope="write"):
        raw = create(actor=user, user=user, name="test", scope=scope).raw
        return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    return make


def patch(client, url, data, headers):
    return client.patch(url, json.dumps(data), content_type="application/json", **headers)


def post(client, url, data, headers):
    return client.post(url, json.dumps(data), content_type="application/json", **headers)


def test_visitor_gets_401(client):
    assert client.get(f"{BASE}/quiet-hours").status_code == 401
    assert patch(client, f"{BASE}/quiet-hours", {}, {}).status_code == 401
    assert post(client, f"{BASE}/threads/mute", {"thread_key": "x:1"}, {}).status_code == 401


def test_read_shows_the_defaults_by_weekday(client, person, token_for):
    data = client.get(f"{BASE}/quiet-hours", **token_for(person, "read")).json()
    assert data["timezone"] == "Europe/London"
    assert data["quiet_hours_enabled"] is selectors.settings_for(person).quiet_hours_enabled
    assert data["days"]["0"] == ["00:00-08:00", "19:00-24:00"]
    assert data["days"]["6"] == ["00:00-24:00"]


def test_change_only_what_is_sent(client, person, other_person, token_for):
    headers = token_for(person)
    response = patch(
        client,
        f"{BASE}/quiet-hours",
        {"timezone": "Europe/Belfast", "days": {"2": ["22:00-24:00", "00:00-06:00"]}},
        headers,
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["timezone"] == "Europe/Belfast"
    assert data["days"]["2"] == ["00:00-06:00", "22:00-24:00"]
    assert data["days"]["0"] == ["00:00-08:00", "19:00-24:00"], "other days kept"
    row = selectors.settings_for(person)
    assert row.timezone == "Europe/Belfast" and row.quiet_hours["2"][0] == ["00:00", "06:00"]
    assert selectors.settings_for(other_person).timezone == "Europe/London"


@pytest.mark.parametrize(
    "body,field,message",
    [
        ({"days": {"1": ["19:00-08:00"]}}, "days.1", "must end after it starts"),
        ({"days": {"1": ["7pm-8am"]}}, "days.1", "Enter times like 19:00-24:00"),
        ({"timezone": "Mars/Olympus"}, "timezone", "Choose a time zone"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(client, person, token_for, body, field, message):
    before = client.get(f"{BASE}/quiet-hours", **token_for(person)).json()
    response = patch(client, f"{BASE}/quiet-hours", body, token_for(person))
    assert response.status_code == 400
    assert message in json.dumps(response.json())
    assert field in json.dumps(response.json()["detail"])
    assert client.get(f"{BASE}/quiet-hours", **token_for(person)).json() == before


def test_quiet_all_week_is_refused_while_on_as_on_the_page(client, person, token_for):
    everything = {key: ["00:00-24:00"] for key in "0123456"}
    on = {"days": everything, "quiet_hours_enabled": True}
    response = patch(client, f"{BASE}/quiet-hours", on, token_for(person))
    assert response.status_code == 400
    assert "Leave some time in the week outside quiet hours" in json.dumps(response.json())
    assert selectors.settings_for(person).quiet_hours["0"] == [
        ["00:00", "08:00"],
        ["19:00", "24:00"],
    ]
    off = {"days": everything, "quiet_hours_enabled": False}
    assert patch(client, f"{BASE}/quiet-hours", off, token_for(person)).status_code == 200


def test_read_scope_cannot_change(client, person, token_for):
    response = patch(client, f"{BASE}/quiet-hours", {"timezone": "UTC"}, token_for(person, "read"))
    assert response.status_code == 403
    response = post(
        client, f"{BASE}/threads/mute", {"thread_key": "a:1"}, token_for(person, "read")
    )
    assert response.status_code == 403
    assert not ThreadMute.objects.exists()


def test_mute_and_unmute_own_only(client, person, other_person, token_for):
    key = "discussions.thread:12"
    services.thread_mute(actor=other_person, thread_key=key)
    headers = token_for(person)
    assert post(client, f"{BASE}/threads/mute", {"thread_key": key}, headers).status_code == 204
    assert post(client, f"{BASE}/threads/mute", {"thread_key": key}, headers).status_code == 204
    assert ThreadMute.objects.filter(thread_key=key).count() == 2
    assert post(client, f"{BASE}/threads/unmute", {"thread_key": key}, headers).status_code == 204
    assert list(ThreadMute.objects.values_list("user", flat=True)) == [other_person.pk]


def test_mute_needs_a_key(client, person, token_for):
    response = post(client, f"{BASE}/threads/mute", {"thread_key": " "}, token_for(person))
    assert response.status_code == 400
    assert "cannot be muted" in json.dumps(response.json())
    assert not ThreadMute.objects.exists()
