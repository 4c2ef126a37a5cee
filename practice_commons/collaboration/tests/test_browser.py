"""In a real browser: every collaboration page is axe-clean (WCAG 2.2 AA)
without a CSP violation and fits a phone; a form with errors too; and a party's contact
accepts an agreement by pressing its button."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from practice_commons.accounts.models import Organisation
from practice_commons.accounts.tests.factories import (
    HostAdminFactory,
    OrganisationFactory,
    UserFactory,
)
from practice_commons.collaboration import services
from practice_commons.collaboration.terms import Terms
from tests.browser import conftest as browser

chromium = browser.chromium
built_assets = browser.built_assets
new_page = browser.new_page
signed_in_page = browser.signed_in_page
axe_check = browser.axe_check
assert_accessible = browser.assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MOBILE = {"width": 375, "height": 812}


def _world():
    today = timezone.localdate()
    council = OrganisationFactory(name="Riverside Council", kind=Organisation.Kind.LOCAL_AUTHORITY)
    police = OrganisationFactory(name="Northshire Police", kind=Organisation.Kind.POLICE_FORCE)
    admin = UserFactory(organisation=council, org_role="admin", full_name="Cara Council")
    UserFactory(organisation=council, org_role="champion", full_name="Chris Champion")
    contact = UserFactory(organisation=police, full_name="Paz Contact", open_to_collaborate=True)
    HostAdminFactory()
    terms = Terms(
        purpose="Joint training on neglect.",
        responsibilities=["Runs two sessions.", "Hosts two sessions."],
        milestones=[(today + dt.timedelta(days=20), "First joint session")],
        recognition="Both logos on everything.",
        start_on=today,
        review_on=today + dt.timedelta(days=90),
    )
    agreement = services.agreement_create(
        actor=admin,
        title="Joint neglect training",
        parties=[(council, admin), (police, contact)],
        terms=terms,
        published=True,
    )
    services.agreement_propose(actor=admin, agreement=agreement)
    services.agreement_accept(actor=admin, agreement=agreement, version=1)
    opportunity = services.opportunity_create(
        actor=admin,
        organisation=council,
        data={
            "kind": "joint_training",
            "title": "Partners for joint training",
            "description": "Two days together.",
            "sectors": ["police_force"],
            "closes_on": today + dt.timedelta(days=10),
        },
    )
    interest = services.interest_express(
        actor=contact, opportunity=opportunity, message="Count us in."
    )
    offer = services.shadowing_listing_create(
        actor=admin,
        kind="offer",
        title="Shadow our MASH for a day",
        description="See how referrals are screened.",
        organisation=council,
    )
    response = services.shadowing_respond(actor=contact, listing=offer, message="Yes please.")
    return locals()


def _fits_phone(page):
    """Nothing in the page's main content reaches past the screen's edge (the header is
    the layout's, checked by its own tests)."""
    return page.evaluate(
        "Array.from(document.querySelectorAll('main *'))"
        ".every(e => e.getBoundingClientRect().right <= window.innerWidth + 1)"
    )


def test_every_page_is_accessible_and_fits_a_phone(new_page, signed_in_page, assert_accessible):
    w = _world()
    agreement, opportunity, offer = w["agreement"], w["opportunity"], w["offer"]
    admin_pages = [
        reverse("collaboration:home"),
        reverse("collaboration:directory"),
        reverse("collaboration:directory_settings"),
        reverse("collaboration:opportunities"),
        reverse("collaboration:my_opportunities"),
        reverse("collaboration:opportunity_new"),
        opportunity.get_absolute_url(),
        reverse("collaboration:interest_reply", args=[w["interest"].pk]),
        reverse("collaboration:agreements"),
        reverse("collaboration:agreement_new"),
        agreement.get_absolute_url(),
        reverse("collaboration:agreement_edit", args=[agreement.pk]),
        reverse("collaboration:agreement_version", args=[agreement.pk, 1]),
        reverse("collaboration:overdue"),
        reverse("collaboration:shadowing"),
        reverse("collaboration:shadowing_new"),
        offer.get_absolute_url(),
        reverse("collaboration:shadowing_arrange", args=[w["response"].pk]),
        reverse("collaboration:champions"),
        reverse("collaboration:champion_page", args=[w["council"].slug]),
    ]
    for viewport in (None, MOBILE):
        page = signed_in_page(w["admin"], viewport=viewport)
        for url in admin_pages:
            page.goto(url)
            assert page.locator("h1").count() == 1, url
            assert_accessible(page)
            if viewport:
                assert _fits_phone(page), f"{url} is wider than a phone"
    # the other party's view: the acceptance button, the opportunity as a responder
    page = signed_in_page(w["contact"])
    for url in (
        agreement.get_absolute_url(),
        opportunity.get_absolute_url(),
        offer.get_absolute_url(),
    ):
        page.goto(url)
        assert_accessible(page)
    # signed out: the register
    page = new_page(viewport=MOBILE)
    for url in (reverse("collaboration:register"),):
        page.goto(url)
        assert_accessible(page)
        assert _fits_phone(page)


def test_form_errors_are_accessible(signed_in_page, assert_accessible):
    w = _world()
    page = signed_in_page(w["admin"])
    for url in (
        reverse("collaboration:opportunity_new"),
        reverse("collaboration:agreement_new"),
    ):
        page.goto(url)
        page.locator("main form[method=post] button[type=submit]").last.click()
        page.wait_for_load_state()
        assert page.locator(".govuk-error-summary").count() == 1, url
        assert_accessible(page)


def test_contact_accepts_in_the_browser(signed_in_page):
    w = _world()
    page = signed_in_page(w["contact"])
    page.goto(w["agreement"].get_absolute_url())
    page.get_by_role("button", name="Accept version 1").click()
    page.wait_for_load_state()
    assert "You accepted version 1." in page.content()
    w["agreement"].refresh_from_db()
    assert w["agreement"].state == "active"
