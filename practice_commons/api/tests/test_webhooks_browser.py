"""In a real browser: the organisation's webhooks pages are axe-clean (WCAG 2.2 AA)
without a CSP violation, with the secret just shown, a form with errors, and an
endpoint's deliveries (one failed with its answer, one delivered), on a phone too."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from practice_commons.accounts.tests.factories import OrganisationFactory, UserFactory
from practice_commons.api.models import WebhookAttempt, WebhookDelivery
from practice_commons.api.webhooks import services
from tests.browser import conftest as browser

chromium = browser.chromium
built_assets = browser.built_assets
new_page = browser.new_page
signed_in_page = browser.signed_in_page
axe_check = browser.axe_check
assert_accessible = browser.assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MOBILE = {"width": 375, "height": 812}


def _fits_phone(page):
    return page.evaluate(
        "Array.from(document.querySelectorAll('main *'))"
        ".every(e => e.getBoundingClientRect().right <= window.innerWidth + 1)"
    )


def test_webhooks_pages_are_accessible(signed_in_page, assert_accessible):
    org = OrganisationFactory(name="Riverside Council")
    admin = UserFactory(organisation=org, org_role="admin")
    endpoint = services.webhook_endpoint_create(
        actor=admin,
        organisation=org,
        url="https://93.184.216.34/a/very/long/path/for/the/practice-commons/webhooks/receiver",
        events=["agreement.accepted", "opportunity.created"],
    ).endpoint
    failed = WebhookDelivery.objects.create(
        endpoint=endpoint,
        event_type="agreement.accepted",
        event_key="a",
        body='{"data":{"agreement":{"id":1,"title":"Joint neglect training"}}}',
        attempt_count=1,
    )
    WebhookAttempt.objects.create(
        delivery=failed,
        number=1,
        signature_timestamp=1,
        status_code=500,
        response_body="Internal Server Error: " + "x" * 200,
        error="Not a 2xx answer.",
    )
    done = WebhookDelivery.objects.create(
        endpoint=endpoint,
        event_type="opportunity.created",
        event_key="b",
        body="{}",
        status=WebhookDelivery.Status.SUCCEEDED,
        attempt_count=1,
    )
    WebhookAttempt.objects.create(
        delivery=done, number=1, signature_timestamp=1, status_code=200, succeeded=True
    )
    list_url = reverse("api:webhooks", args=[org.slug])
    detail_url = reverse("api:webhook_detail", args=[org.slug, endpoint.pk])

    page = signed_in_page(admin)
    page.goto(list_url)
    assert_accessible(page)
    page.fill("#id_url", "https://93.184.216.34/second")
    page.check("input[name=events][value='event.registration_created']")
    page.click("button:has-text('Add endpoint')")
    assert page.locator("#new-secret").inner_text().startswith("whsec_")
    assert_accessible(page)
    page.click("button:has-text('Add endpoint')")  # nothing entered: errors
    expect(page.locator(".govuk-error-summary")).to_have_count(1)
    assert_accessible(page)
    page.goto(detail_url)
    page.click("summary:has-text('Payload')")
    assert_accessible(page)

    phone = signed_in_page(admin, viewport=MOBILE)
    for url in (list_url, detail_url):
        phone.goto(url)
        assert_accessible(phone)
        assert _fits_phone(phone), phone.evaluate(
            "Array.from(document.querySelectorAll('main *')).filter(e => "
            "e.getBoundingClientRect().right > window.innerWidth + 1)"
            ".map(e => e.outerHTML.slice(0, 120))"
        )
