"""The preferences page's "Notifications on this device" in Chromium: enhanced by
``notifications/push.js`` when the browser supports push, accessible, within the CSP, and
plain when the site has push switched off."""

import pytest
from playwright.sync_api import expect

from practice_commons.notifications.management.commands.generate_vapid_keys import new_keys
from practice_commons.notifications.models import PushSubscription

pytestmark = pytest.mark.browser

PAGE = "/notifications/preferences/"


@pytest.fixture
def push_on(settings):
    public, private = new_keys()
    settings.WEB_PUSH_VAPID_PUBLIC_KEY = public
    settings.WEB_PUSH_VAPID_PRIVATE_KEY = private
    return public


def test_with_push_on_the_button_replaces_the_sentence_and_the_section_is_accessible(
    push_on, signed_in_page, make_user, assert_accessible
):
    page = signed_in_page(make_user("practitioner"))
    page.goto(PAGE + "#devices")
    button = page.get_by_role("button", name="Turn on notifications on this phone or computer")
    button.wait_for(state="visible")
    assert not page.locator("[data-push-unsupported]").is_visible()
    assert page.locator("[data-push-status][role=status]").count() == 1
    assert page.get_by_role("group", name="Which notifications come to your phone or computer")
    assert_accessible(page)


def test_a_refused_subscription_is_said_in_the_status_and_nothing_is_stored(
    push_on, signed_in_page, make_user
):
    page = signed_in_page(make_user("practitioner"))
    page.context.grant_permissions(["notifications"])
    page.goto(PAGE + "#devices")
    page.get_by_role("button", name="Turn on notifications on this phone or computer").click()
    # Headless Chromium refuses the push subscription ("Registration failed - permission
    # denied"): the page must say so in its status region and let the person try again.
    status = page.locator("[data-push-status]")
    # A locator assertion polls without evaluating a string in the page, which the
    # page's Content-Security-Policy (no 'unsafe-eval') may refuse.
    expect(status).to_contain_text("Notifications could not be turned on.", timeout=15_000)
    assert page.get_by_role(
        "button", name="Turn on notifications on this phone or computer"
    ).is_enabled()
    assert not PushSubscription.objects.exists()


def test_with_push_off_the_page_says_so_and_is_accessible(
    signed_in_page, make_user, assert_accessible
):
    page = signed_in_page(make_user("practitioner"))
    page.goto(PAGE + "#devices")
    assert page.get_by_text("switched off on this site").is_visible()
    assert page.get_by_role("button", name="Turn on notifications").count() == 0
    assert_accessible(page)
