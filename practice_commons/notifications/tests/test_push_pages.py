"""Push on the preferences page (``/notifications/push/...``) and in the API
(``/api/v1/push/subscriptions``): who may do what, what is shown, what bad input gets."""

import io
import json

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from practice_commons.accounts.tests.factories import HostAdminFactory
from practice_commons.notifications import services
from practice_commons.notifications.kinds import NotificationKind
from practice_commons.notifications.models import NotificationSettings, PushSubscription

from .push_service import Browser, b64url

pytestmark = pytest.mark.django_db

ANDROID_CHROME = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Mobile Safari/537.36"
)
PREFERENCES = reverse("notifications:preferences")
SUBSCRIBE = reverse("notifications:push_subscribe")
PUSH_PREFERENCES = reverse("notifications:push_preferences")
API = "/api/v1/push/subscriptions"


def endpoint(name: str) -> str:
    return f"https://push.example.org/push/{name}"


def device_of(person, name="a"):
    browser = Browser()
    return services.push_subscribe(
        actor=person, endpoint=endpoint(name), p256dh=browser.p256dh, auth=browser.auth
    )


def signed_in(person, **kwargs) -> Client:
    client = Client(**kwargs)
    client.force_login(person)
    return client


def csrf_client(person, user_agent=ANDROID_CHROME):
    """A browser-like client: CSRF checked, the token read from the page."""
    client = signed_in(person, enforce_csrf_checks=True, HTTP_USER_AGENT=user_agent)
    page = client.get(PREFERENCES)
    client.csrf = str(page.context["csrf_token"])
    return client


def post_subscription(client, body):
    return client.post(
        SUBSCRIBE,
        data=json.dumps(body),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=getattr(client, "csrf", ""),
    )


def token_client(person, scope="write") -> Client:
    """A client with a fresh token of ``scope`` (made as the documented command makes one:
    this app sits below the api app and does not import it)."""
    out = io.StringIO()
    call_command("create_api_token", person.email, "--scope", scope, stdout=out)
    raw = out.getvalue().strip().splitlines()[-1].strip()
    return Client(headers={"Authorization": f"Bearer {raw}"}, HTTP_USER_AGENT="App/1.0")


# --- the page -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", PREFERENCES),
        ("post", SUBSCRIBE),
        ("post", PUSH_PREFERENCES),
        ("post", reverse("notifications:push_remove", args=[1])),
    ],
)
def test_a_visitor_is_sent_to_sign_in(client, method, url):
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_with_push_off_the_page_says_so_plainly(client, person):
    client.force_login(person)
    page = client.get(PREFERENCES).content.decode()
    assert "Notifications on this device" in page
    assert "switched off on this site" in page
    assert "notifications/push.js" not in page
    assert "Turn on notifications" not in page


def test_with_push_on_the_page_offers_the_button_and_a_plain_fallback(client, person, vapid_keys):
    client.force_login(person)
    page = client.get(PREFERENCES).content.decode()
    assert f'data-vapid-public-key="{vapid_keys}"' in page
    assert "Turn on notifications on this phone or computer" in page
    assert "This browser cannot receive notifications from this site." in page
    assert "notifications/push.js" in page
    assert "No phones or computers get your notifications." in page
    assert "Which notifications come to your phone or computer" in page
    assert "Show titles, names and text from private communities on my devices" in page


def test_the_page_lists_your_devices_only_with_a_remove_button_each(
    client, person, other_person, vapid_keys
):
    mine = device_of(person, "mine")
    theirs = device_of(other_person, "theirs")
    PushSubscription.objects.filter(pk=mine.pk).update(device_label="Chrome on Android")
    PushSubscription.objects.filter(pk=theirs.pk).update(device_label="Safari on iPhone")
    client.force_login(person)
    page = client.get(PREFERENCES).content.decode()
    assert "Chrome on Android" in page and "Safari on iPhone" not in page
    assert reverse("notifications:push_remove", args=[mine.pk]) in page
    assert reverse("notifications:push_remove", args=[theirs.pk]) not in page
    assert endpoint("mine") not in page  # the push address is never shown


def test_the_browser_posts_its_subscription_with_the_csrf_token(person, vapid_keys):
    client = csrf_client(person)
    browser = Browser()
    body = browser.subscription(endpoint("phone"))

    refused = client.post(SUBSCRIBE, data=json.dumps(body), content_type="application/json")
    assert refused.status_code == 403  # no CSRF token
    assert not PushSubscription.objects.exists()

    response = post_subscription(client, body)
    assert response.status_code == 201
    device = PushSubscription.objects.get()
    assert response.json() == {"id": device.pk, "device_label": "Chrome on Android"}
    assert (device.user, device.endpoint) == (person, endpoint("phone"))
    assert (device.p256dh, device.auth) == (browser.p256dh, browser.auth)
    assert device.device_label == "Chrome on Android"
    assert device.session_key_hash == services.push.session_key_hash(client.session.session_key)
    page = client.get(PREFERENCES).content.decode()
    assert "Notifications are on for this device." in page
    assert "Chrome on Android" in page


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"endpoint": "http://push.example.org/a", "keys": None}, "must be https"),
        ({"keys": {"p256dh": b64url(b"\x04" * 64), "auth": None}}, "65 bytes"),
        ({"keys": {"p256dh": None, "auth": b64url(b"1" * 8)}}, "16 bytes"),
        ({"endpoint": 7}, "endpoint and keys"),
        ("not an object", "endpoint and keys"),
    ],
)
def test_bad_subscriptions_get_a_clear_message_and_nothing_is_stored(
    person, vapid_keys, settings, body, message
):
    settings.WEB_PUSH_ALLOW_INSECURE_ENDPOINTS = False
    client = csrf_client(person)
    browser = Browser()
    good = browser.subscription(endpoint("a"))
    if isinstance(body, dict):
        keys = {k: v for k, v in (body.get("keys") or {}).items() if v is not None}
        body = {**good, **{k: v for k, v in body.items() if k != "keys"}}
        body["keys"] = {**good["keys"], **keys}
    response = post_subscription(client, body)
    assert response.status_code == 400
    assert message in json.dumps(response.json())
    assert not PushSubscription.objects.exists()


def test_with_push_off_subscribing_answers_409(person):
    client = csrf_client(person)
    response = post_subscription(client, Browser().subscription(endpoint("a")))
    assert response.status_code == 409
    assert "switched off" in response.json()["detail"]
    assert not PushSubscription.objects.exists()


@pytest.mark.parametrize("who", ["owner", "other", "host_admin"])
def test_only_the_owner_can_remove_a_device(person, other_person, vapid_keys, who):
    device = device_of(person)
    actor = {"owner": person, "other": other_person, "host_admin": HostAdminFactory()}[who]
    response = signed_in(actor).post(reverse("notifications:push_remove", args=[device.pk]))
    if who == "owner":
        assert response.status_code == 302
        assert response["Location"] == PREFERENCES + "#devices"
        assert not PushSubscription.objects.exists()
    else:
        assert response.status_code == 404
        assert PushSubscription.objects.filter(pk=device.pk).exists()


def test_removing_needs_post_and_csrf(person, vapid_keys):
    device = device_of(person)
    url = reverse("notifications:push_remove", args=[device.pk])
    assert signed_in(person).get(url).status_code == 405
    assert signed_in(person, enforce_csrf_checks=True).post(url).status_code == 403
    assert PushSubscription.objects.filter(pk=device.pk).exists()


def test_choosing_kinds_and_the_private_detail_opt_in(client, person):
    client.force_login(person)
    response = client.post(
        PUSH_PREFERENCES,
        {"push_kinds": ["reply", "mention"], "push_show_private_detail": "on"},
    )
    assert response.status_code == 302
    row = NotificationSettings.objects.get(user=person)
    assert row.push_kinds == ["reply", "mention"]
    assert row.push_show_private_detail is True
    page = client.get(PREFERENCES).content.decode()
    assert "Your choices for your devices have been saved." in page

    client.post(PUSH_PREFERENCES, {"push_kinds": ["reply"]})
    row.refresh_from_db()
    assert row.push_kinds == ["reply"] and row.push_show_private_detail is False


def test_an_unknown_kind_is_shown_as_an_error(client, person):
    client.force_login(person)
    response = client.post(PUSH_PREFERENCES, {"push_kinds": ["reply", "nonsense"]})
    assert response.status_code == 400
    assert 'id="id_push_kinds_error" class="govuk-error-message"' in response.content.decode()
    assert NotificationSettings.objects.get(user=person).push_kinds == []


def test_signing_out_removes_only_that_sessions_devices(person, vapid_keys, settings):
    settings.WEB_PUSH_ALLOW_INSECURE_ENDPOINTS = False
    phone = csrf_client(person)
    laptop = csrf_client(person, user_agent="Mozilla/5.0 (Windows NT 10.0) Firefox/128.0")
    assert post_subscription(phone, Browser().subscription(endpoint("phone"))).status_code == 201
    assert post_subscription(laptop, Browser().subscription(endpoint("lap"))).status_code == 201

    response = phone.post(reverse("account_logout"), HTTP_X_CSRFTOKEN=phone.csrf)
    assert response.status_code == 302

    assert list(PushSubscription.objects.values_list("endpoint", "device_label")) == [
        (endpoint("lap"), "Firefox on Windows")
    ]


# --- the API ----------------------------------------------------------------------------------


def test_the_api_needs_a_token(client):
    assert client.get(API).status_code == 401
    assert client.post(API, {}, content_type="application/json").status_code == 401
    assert client.delete(f"{API}/1").status_code == 401


def test_the_api_lists_your_own_devices_a_page_at_a_time(person, other_person, vapid_keys):
    first, second = device_of(person, "one"), device_of(person, "two")
    device_of(other_person, "theirs")
    api = token_client(person, scope="read")
    page = api.get(API, {"limit": 1})
    assert page.status_code == 200
    body = page.json()
    assert [item["id"] for item in body["items"]] == [second.pk]
    assert set(body["items"][0]) == {
        "id",
        "device_label",
        "endpoint",
        "created_at",
        "last_success_at",
    }
    following = api.get(API, {"limit": 1, "cursor": body["next"]}).json()
    assert [item["id"] for item in following["items"]] == [first.pk]
    assert following["next"] is None
    assert api.get(API, {"cursor": "nonsense"}).status_code == 400


def test_the_api_adds_a_device(person, vapid_keys):
    browser = Browser()
    response = token_client(person).post(
        API, browser.subscription(endpoint("app")), content_type="application/json"
    )
    assert response.status_code == 201
    device = PushSubscription.objects.get()
    assert response.json()["id"] == device.pk
    assert response.json()["endpoint"] == endpoint("app")
    assert (device.user, device.p256dh, device.auth) == (person, browser.p256dh, browser.auth)
    assert device.session_key_hash is None


def test_the_api_refuses_bad_input_clearly(person, vapid_keys, settings):
    settings.WEB_PUSH_ALLOW_INSECURE_ENDPOINTS = False
    api = token_client(person)
    browser = Browser()
    not_https = api.post(
        API, browser.subscription("http://push.example.org/a"), content_type="application/json"
    )
    assert not_https.status_code == 400
    assert "must be https" in json.dumps(not_https.json())
    short_key = browser.subscription(endpoint("a"))
    short_key["keys"]["auth"] = b64url(b"x" * 10)
    response = api.post(API, short_key, content_type="application/json")
    assert response.status_code == 400
    assert "16 bytes" in json.dumps(response.json())
    assert (
        api.post(API, {"endpoint": endpoint("a")}, content_type="application/json").status_code
        == 422
    )
    assert not PushSubscription.objects.exists()


def test_the_api_answers_409_when_push_is_off(person):
    response = token_client(person).post(
        API, Browser().subscription(endpoint("a")), content_type="application/json"
    )
    assert response.status_code == 409
    assert "switched off" in response.json()["detail"]


def test_a_read_token_cannot_add_or_remove(person, vapid_keys):
    device = device_of(person)
    api = token_client(person, scope="read")
    response = api.post(API, Browser().subscription(endpoint("b")), content_type="application/json")
    assert response.status_code == 403
    assert "write" in response.json()["detail"]
    assert api.delete(f"{API}/{device.pk}").status_code == 403
    assert PushSubscription.objects.count() == 1


@pytest.mark.parametrize("who", ["owner", "other", "host_admin"])
def test_only_the_owner_can_delete_through_the_api(person, other_person, vapid_keys, who):
    device = device_of(person)
    actor = {"owner": person, "other": other_person, "host_admin": HostAdminFactory()}[who]
    response = token_client(actor, scope="admin" if who == "host_admin" else "write").delete(
        f"{API}/{device.pk}"
    )
    if who == "owner":
        assert response.status_code == 204
        assert not PushSubscription.objects.exists()
    else:
        assert response.status_code == 404
        assert response.json()["detail"] == "Not found."
        assert PushSubscription.objects.filter(pk=device.pk).exists()


def test_push_kinds_chosen_through_the_page_are_what_delivery_reads(client, person):
    client.force_login(person)
    client.post(PUSH_PREFERENCES, {"push_kinds": [NotificationKind.NEW_THREAD]})
    assert NotificationSettings.objects.get(user=person).push_kinds == ["new_thread"]


def test_the_preferences_api_reads_and_changes_the_push_choices(person):
    api = token_client(person)
    before = api.get("/api/v1/notifications/preferences").json()
    assert before["push_kinds"] == [] and before["push_show_private_detail"] is False
    response = api.patch(
        "/api/v1/notifications/preferences",
        {"push_kinds": ["mention", "reply"], "push_show_private_detail": True},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["push_kinds"] == ["reply", "mention"]
    row = NotificationSettings.objects.get(user=person)
    assert row.push_kinds == ["reply", "mention"] and row.push_show_private_detail is True
    unknown = api.patch(
        "/api/v1/notifications/preferences",
        {"push_kinds": ["nonsense"]},
        content_type="application/json",
    )
    assert unknown.status_code == 422
    read_only = token_client(person, scope="read").patch(
        "/api/v1/notifications/preferences", {"push_kinds": []}, content_type="application/json"
    )
    assert read_only.status_code == 403
    assert NotificationSettings.objects.get(user=person).push_kinds == ["reply", "mention"]
