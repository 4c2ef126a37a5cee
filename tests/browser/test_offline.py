"""In a real browser, offline: a member saves a private community's thread, loses the
connection, reads it, writes a reply, and when the connection returns the reply is sent
and the confidentiality guard's decision is shown, exactly as online. Also: the app is
installable (Chromium's own installability check), a CPD reflection written offline is
saved when the connection returns, signing out leaves nothing on the device, and a
reply's push goes from the server through a local push service to the service worker's
notification."""

import re

import pytest
from playwright.sync_api import expect

from practice_commons.accounts.tests.factories import UserFactory
from practice_commons.communities.models import Visibility
from practice_commons.communities.tests.factories import add_member, make_community
from practice_commons.confidentiality.testing import NHS_NUMBER
from practice_commons.discussions import services as discussions
from practice_commons.discussions.models import Post

pytestmark = pytest.mark.django_db(transaction=True)

SAVED_CACHES = "caches.keys().then(keys => keys.filter(k => k.startsWith('pc-saved-')))"
DRAFT_COUNT = """() => new Promise((resolve) => {
  const open = indexedDB.open('pc-offline', 1)
  open.onupgradeneeded = () =>
    open.result.createObjectStore('drafts', {keyPath: 'id', autoIncrement: true})
  open.onsuccess = () => {
    const db = open.result
    const request = db.transaction('drafts').objectStore('drafts').count()
    request.onsuccess = () => { db.close(); resolve(request.result) }
  }
})"""


@pytest.fixture
def private_thread(db):
    community = make_community(name="Kinship care practice", visibility=Visibility.PRIVATE)
    author = add_member(community, UserFactory(full_name="Ola Author"))
    member = add_member(community, UserFactory(full_name="Mia Member"))
    thread = discussions.thread_create(
        actor=author,
        community=community,
        kind="problem_solving",
        title="Family time after a placement move",
        body="How do other teams keep family time going after a move?",
    )
    return thread, member


def _controlled(page):
    """Waits until the service worker controls the page (it claims pages on activation)."""
    page.evaluate("navigator.serviceWorker.ready")
    if not page.evaluate("navigator.serviceWorker.controller !== null"):
        page.reload()
    page.wait_for_function("navigator.serviceWorker.controller !== null")


def _save(page):
    page.get_by_role("button", name="Save for offline reading").click()
    page.get_by_text("Saved on this device. You can read it without a connection.").wait_for()


def test_save_read_offline_reply_and_see_the_guard_when_back(
    private_thread, signed_in_page, assert_accessible
):
    thread, member = private_thread
    page = signed_in_page(member)
    page.goto(thread.get_absolute_url())
    _controlled(page)
    _save(page)
    expect(page.get_by_role("button", name="Remove from this device")).to_be_visible()
    assert_accessible(page)

    page.context.set_offline(True)
    page.goto(thread.get_absolute_url())
    expect(page.get_by_role("heading", name="Family time after a placement move")).to_be_visible()
    page.locator("textarea[name=body]").fill(f"We used a family plan; NHS number {NHS_NUMBER}.")
    page.get_by_role("button", name="Post reply").click()
    page.get_by_text("You are offline. What you wrote is kept on this device only").wait_for()
    assert_accessible(page)
    assert page.evaluate(DRAFT_COUNT) == 1
    assert Post.objects.filter(thread=thread).count() == 1

    page.context.set_offline(False)
    page.get_by_text("This contains details that could identify").first.wait_for()
    assert page.locator("mark.pc-guard-mark", has_text=NHS_NUMBER).is_visible()
    assert Post.objects.filter(thread=thread).count() == 1, "refused: nothing stored"
    assert page.evaluate(DRAFT_COUNT) == 0

    page.get_by_role("button", name="Redact and continue").click()
    page.get_by_text("Your reply has been posted.").first.wait_for(state="attached")
    reply = Post.objects.get(thread=thread, number=1)
    assert "[NHS number]" in reply.body and NHS_NUMBER not in reply.body


def test_unsaved_pages_offline_show_the_saved_list(
    private_thread, signed_in_page, assert_accessible
):
    thread, member = private_thread
    page = signed_in_page(member)
    page.goto(thread.get_absolute_url())
    _controlled(page)
    _save(page)
    page.context.set_offline(True)
    page.goto("/communities/")
    # The list is drawn by the page's script from the device's storage: wait for it.
    expect(page.get_by_role("heading", name="Saved on this device")).to_be_visible()
    expect(page.get_by_text("You are offline.").first).to_be_visible()
    link = page.get_by_role("link", name=re.compile("Family time after a placement move"))
    expect(link).to_be_visible()
    assert "Mia Member" not in page.content(), "the offline shell names nobody"
    assert_accessible(page)
    link.click()
    expect(page.get_by_role("heading", name="Family time after a placement move")).to_be_visible()


def test_cpd_reflection_written_offline_is_saved_when_back(private_thread, signed_in_page):
    from practice_commons.cpd.models import CpdRecord

    _thread, member = private_thread
    page = signed_in_page(member)
    page.goto("/cpd/new/")
    _controlled(page)
    page.get_by_role("button", name="Keep this form on this device to write offline").click()
    page.get_by_text("Saved on this device.").wait_for()
    page.context.set_offline(True)
    page.goto("/cpd/new/")
    page.get_by_label("Title").fill("Kinship care training")
    page.get_by_label("Date", exact=True).fill("2026-11-20")
    page.get_by_label("So what? What you learnt").fill("How family group conferences start.")
    page.get_by_role("button", name="Save as a draft").click()
    page.get_by_text("You are offline. What you wrote is kept on this device only").wait_for()
    assert page.evaluate(DRAFT_COUNT) == 1
    page.goto("/offline/")
    waiting = page.locator("[data-offline-drafts-list] li")
    waiting.first.wait_for()
    assert "Your CPD reflection on “Add a CPD record”" in waiting.inner_text()
    assert not CpdRecord.objects.exists()

    page.context.set_offline(False)
    page.goto("/cpd/")
    page.get_by_text("Your draft record is saved.").wait_for()
    record = CpdRecord.objects.get()
    assert (record.user, record.title) == (member, "Kinship care training")
    assert record.what_learnt == "How family group conferences start."
    assert page.evaluate(DRAFT_COUNT) == 0


def test_signing_out_clears_saved_pages_and_drafts(private_thread, signed_in_page):
    thread, member = private_thread
    page = signed_in_page(member)
    page.goto(thread.get_absolute_url())
    _controlled(page)
    _save(page)
    page.context.set_offline(True)
    page.goto(thread.get_absolute_url())
    page.locator("textarea[name=body]").fill("Kept for later.")
    page.get_by_role("button", name="Post reply").click()
    page.get_by_text("You are offline. What you wrote is kept").wait_for()
    # Meanwhile the thread went: back online, the draft cannot be sent and is kept.
    thread.delete()
    page.context.set_offline(False)
    page.goto("/offline/")
    page.locator("[data-offline-drafts-list] li").first.wait_for()
    assert page.evaluate(DRAFT_COUNT) == 1
    assert page.evaluate(SAVED_CACHES)

    page.locator("summary", has_text="Account").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Sign out").click()
    assert page.evaluate("document.body.dataset.offlineOwner") == ""
    assert page.evaluate(SAVED_CACHES) == []
    assert page.evaluate(DRAFT_COUNT) == 0


def test_another_person_signing_in_does_not_see_saved_pages(private_thread, new_page, live_server):
    from django.conf import settings
    from django.test import Client

    thread, member = private_thread
    client = Client()
    client.force_login(member)
    page = new_page()
    cookie = {"name": settings.SESSION_COOKIE_NAME, "url": live_server.url, "httpOnly": True}
    page.context.add_cookies(
        [{**cookie, "value": client.cookies[settings.SESSION_COOKIE_NAME].value}]
    )
    page.goto(thread.get_absolute_url())
    _controlled(page)
    _save(page)
    assert len(page.evaluate(SAVED_CACHES)) == 1

    other = Client()
    other.force_login(UserFactory(full_name="Nia Next"))
    page.context.add_cookies(
        [{**cookie, "value": other.cookies[settings.SESSION_COOKIE_NAME].value}]
    )
    page.goto("/")
    page.wait_for_function(f"{SAVED_CACHES}.then(keys => keys.length === 0)")


def test_installable_by_chromiums_own_check(chromium, live_server, built_assets, tmp_path):
    """Chromium reports installability only outside incognito, so this test runs in a
    persistent profile of the same Chromium rather than a Playwright context."""
    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

    context = chromium.browser_type.launch_persistent_context(
        str(tmp_path / "profile"),
        executable_path=CHROMIUM,
        headless=True,
        args=CHROMIUM_ARGS,
        base_url=live_server.url,
    )
    try:
        page = context.new_page()
        page.goto("/")
        _controlled(page)
        session = context.new_cdp_session(page)
        errors = session.send("Page.getInstallabilityErrors")["installabilityErrors"]
        assert errors == []
        manifest = session.send("Page.getAppManifest")
        assert manifest["errors"] == []
    finally:
        context.close()


def test_a_reply_travels_server_to_push_service_to_the_phones_lock_screen(
    private_thread, signed_in_page, settings
):
    """End to end: another member replies in the private community; the server pushes
    through a local push service (a real HTTP server on 127.0.0.1); what it received,
    decrypted with the device's keys, is delivered to this browser's service worker,
    which shows it. The lock screen shows the generic sentence, never the reply."""
    import json

    from practice_commons.notifications import services as notifications
    from practice_commons.notifications.kinds import NotificationKind
    from practice_commons.notifications.models import NotificationSettings
    from practice_commons.notifications.tests.push_service import (
        Browser,
        PushService,
        switch_push_on,
    )

    switch_push_on(settings)
    thread, member = private_thread
    push_service = PushService().start()
    try:
        device = Browser()
        notifications.push_subscribe(
            actor=member,
            endpoint=push_service.endpoint("phone"),
            p256dh=device.p256dh,
            auth=device.auth,
            device_label="Chrome on Android",
        )
        notifications.push_settings_update(actor=member, kinds=[NotificationKind.REPLY])
        # Pushes wait for quiet hours (on by default) to end, and the suite may run at night.
        NotificationSettings.objects.update_or_create(
            user=member, defaults={"quiet_hours_enabled": False}
        )
        page = signed_in_page(member)
        page.context.grant_permissions(["notifications"])
        page.goto("/")
        _controlled(page)

        discussions.thread_follow(actor=member, thread=thread, following=True)
        author = Post.objects.get(thread=thread, number=0).author
        discussions.thread_reply(
            actor=author, thread=thread, body="Grandparents kept a diary of each visit."
        )
        [received] = _eventually(page, lambda: push_service.to("phone"))
        payload = device.decrypt(received)
    finally:
        push_service.stop()

    _deliver_to_service_worker(page, json.dumps(payload))
    shown = _eventually(page, lambda: page.evaluate(NOTIFICATIONS_SHOWN))
    assert shown == [[settings.SITE_NAME, "New reply in a community you follow", payload["url"]]]
    assert "Grandparents" not in json.dumps(shown) and thread.title not in json.dumps(shown)


NOTIFICATIONS_SHOWN = """navigator.serviceWorker.ready
  .then(registration => registration.getNotifications())
  .then(list => list.map(n => [n.title, n.body, n.data.url]))"""


def _deliver_to_service_worker(page, data):
    """What the browser does when its push service hands it a message (the DevTools
    protocol stands in for Chromium's connection to the push service)."""
    session = page.context.new_cdp_session(page)
    registrations = []
    session.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda event: registrations.extend(event["registrations"]),
    )
    session.send("ServiceWorker.enable")
    _eventually(page, lambda: [r for r in registrations if not r.get("isDeleted")])
    live = [r for r in registrations if not r.get("isDeleted")]
    session.send(
        "ServiceWorker.deliverPushMessage",
        {
            "origin": page.evaluate("location.origin"),
            "registrationId": live[0]["registrationId"],
            "data": data,
        },
    )


def _eventually(page, probe, *, tries=50):
    """``probe()``'s first truthy answer, polling every 100 ms (Playwright's
    wait_for_function does not wait for a promise)."""
    for _ in range(tries):
        answer = probe()
        if answer:
            return answer
        page.wait_for_timeout(100)
    raise AssertionError("gave up waiting")


def test_a_saved_page_leaves_the_device_once_its_reader_loses_access(
    private_thread, signed_in_page
):
    from practice_commons.communities.models import CommunityMembership

    thread, member = private_thread
    page = signed_in_page(member)
    page.goto(thread.get_absolute_url())
    _controlled(page)
    _save(page)
    assert thread.get_absolute_url() in page.evaluate(SAVED_URLS)

    CommunityMembership.objects.filter(user=member, community=thread.community).delete()
    page.evaluate(FORGET_LAST_REFRESH)
    page.goto("/offline/")
    _eventually(page, lambda: thread.get_absolute_url() not in page.evaluate(SAVED_URLS))


SAVED_URLS = """caches.open('pc-saved-' + document.body.dataset.offlineOwner)
  .then(cache => cache.keys())
  .then(keys => keys.map(request => new URL(request.url).pathname))"""
# Saved copies are refreshed at most every six hours; the test does not wait that long.
FORGET_LAST_REFRESH = """caches.open('pc-meta').then(meta => meta.keys().then(keys =>
  Promise.all(keys
    .filter(request => request.url.includes('/__offline__/refreshed-'))
    .map(request => meta.delete(request)))))"""
