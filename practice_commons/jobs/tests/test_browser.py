"""In a real browser: the jobs pages are axe-clean (WCAG 2.2 AA) without a CSP
violation, signed out and as the employer's admin, on a phone too, and a form with
errors is accessible."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from practice_commons.accounts.tests.factories import (
    OrganisationFactory,
    ProfessionFactory,
    UserFactory,
)
from practice_commons.jobs import services
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


def test_jobs_pages_are_accessible(new_page, signed_in_page, assert_accessible):
    org = OrganisationFactory(name="Riverside Council")
    admin = UserFactory(organisation=org, org_role="admin")
    profession = ProfessionFactory(name="Social worker")
    jobs = [
        services.job_create(
            actor=admin,
            organisation=org,
            data={
                "title": title,
                "profession": profession,
                "location": "Leeds",
                "contract_type": "permanent",
                "closes_on": timezone.localdate() + dt.timedelta(days=10),
                "apply_url": "https://jobs.example.org/1",
                "apply_email": "jobs@example.org",
                "description": "Join our team.",
                "salary_min": 35000,
                "salary_max": 42000,
                "hours": "37 hours a week",
            },
        )
        for title in ("Social worker, children in need", "Senior practitioner")
    ]
    for viewport in (None, MOBILE):
        page = new_page(viewport=viewport)
        for url in (reverse("jobs:list"), jobs[0].get_absolute_url()):
            page.goto(url)
            assert_accessible(page)
            assert _fits_phone(page), url
        page = signed_in_page(admin, viewport=viewport)
        for url in (
            reverse("jobs:list"),
            jobs[0].get_absolute_url(),
            reverse("jobs:new"),
            reverse("jobs:edit", args=[jobs[0].pk]),
            reverse("jobs:manage"),
        ):
            page.goto(url)
            assert_accessible(page)
            assert _fits_phone(page), url
    page = signed_in_page(admin)
    page.goto(reverse("jobs:new"))
    page.locator("main form[method=post] button[type=submit]").last.click()
    page.wait_for_load_state()
    assert page.locator(".govuk-error-summary").count() == 1
    assert_accessible(page)
