"""In a real browser: the register pages pass axe (WCAG 2.2 AA) for a host admin, error
states included, and a non-member's profile and claim pages pass it too."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from practice_commons.accounts import services
from practice_commons.accounts.models import HostMembership, HostMembershipClaim
from tests.browser import conftest as browser

from .factories import HostAdminFactory, UserFactory

# The browser fixtures live in tests/browser/conftest.py; make them visible here.
chromium = browser.chromium
built_assets = browser.built_assets
new_page = browser.new_page
signed_in_page = browser.signed_in_page
axe_check = browser.axe_check
assert_accessible = browser.assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_register_pages_for_a_host_admin(signed_in_page, assert_accessible, tmp_path):
    admin = HostAdminFactory()
    UserFactory(full_name="Carys Bevan")
    ended = services.host_membership_grant(actor=admin, number="OLD-1")
    services.host_membership_end(actor=admin, record=ended, reason="Lapsed")
    claimant = UserFactory(host_membership=HostMembership.NON_MEMBER, full_name="Erin Walsh")
    claim = services.host_membership_claim(actor=claimant, number="CAPA-404")
    HostMembershipClaim.objects.create(
        user=UserFactory(host_membership=HostMembership.NON_MEMBER), declared_on_profile=True
    )
    page = signed_in_page(admin)

    page.goto(reverse("core:dashboard"))
    page.get_by_role("link", name="Host membership register").click()
    expect(page.get_by_role("heading", name="Host membership register")).to_be_visible()
    assert_accessible(page)
    page.goto(reverse("accounts:register") + "?show=ended&q=old")
    assert_accessible(page)

    page.goto(reverse("accounts:register_grant"))
    assert_accessible(page)
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector(".govuk-error-summary")
    assert page.title().startswith("Error:")
    assert_accessible(page)

    bad = tmp_path / "members.csv"
    bad.write_text("email,membership_number,valid_from\nbad,CAPA-1,2026-04-01\n,,\nx@y.org,,soon\n")
    page.goto(reverse("accounts:register_import"))
    assert_accessible(page)
    page.get_by_label("Upload a CSV file").set_input_files(str(bad))
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector(".govuk-error-summary")
    assert page.locator("#import-problems").is_visible()
    assert_accessible(page)

    page.goto(reverse("accounts:register_claims"))
    assert_accessible(page)
    page.goto(reverse("accounts:register_claim_decide", args=[claim.pk]))
    assert_accessible(page)
    page.get_by_label("Decline").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector(".govuk-error-summary")
    assert_accessible(page)

    record = claimant.host_membership_records.first() or admin.host_membership_records.get()
    page.goto(reverse("accounts:register_end", args=[record.pk]))
    assert_accessible(page)


def test_profile_and_claim_for_a_non_member(signed_in_page, assert_accessible):
    person = UserFactory(host_membership=HostMembership.NON_MEMBER)
    page = signed_in_page(person)
    page.goto(reverse("accounts:profile"))
    assert page.get_by_text("Not a member").is_visible()
    assert_accessible(page)
    page.get_by_label("Membership number").fill("CAPA-404")
    page.get_by_role("button", name="Claim membership").click()
    page.wait_for_load_state()
    assert page.locator(".govuk-notification-banner--success").is_visible()
    assert_accessible(page)
    page.goto(reverse("accounts:membership_claim"))
    assert_accessible(page)
