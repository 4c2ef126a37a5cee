"""In a real browser: signing in through an organisation's OpenID Connect provider (on
127.0.0.1) from the sign-in page, the pages allauth shows on the way (and when it goes
wrong), and the required two-factor page, all axe-clean (WCAG 2.2 AA) without a
Content-Security-Policy violation at phone and desktop widths."""

import copy

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from practice_commons.accounts import mfa_policy
from practice_commons.accounts.models import OrganisationDomain, OrganisationMembership, User
from tests.browser import conftest as browser

from .factories import OrgAdminFactory, OrganisationFactory, UserFactory
from .oidc_provider import OIDCProvider

chromium = browser.chromium
built_assets = browser.built_assets
new_page = browser.new_page
signed_in_page = browser.signed_in_page
axe_check = browser.axe_check
assert_accessible = browser.assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
VIEWPORTS = pytest.mark.parametrize(
    "viewport", [browser.MOBILE, browser.DESKTOP], ids=["phone", "desktop"]
)


@pytest.fixture(scope="module")
def provider():
    server = OIDCProvider().start()
    yield server
    server.stop()


@pytest.fixture
def sso(provider, settings):
    settings.SOCIALACCOUNT_PROVIDERS = provider.app_settings()
    settings.ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"  # the live server is plain http
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["form-action"] = [*policy["DIRECTIVES"]["form-action"], provider.base_url]
    settings.CONTENT_SECURITY_POLICY = policy
    org = OrganisationFactory(name="Riverside Council")
    OrganisationDomain.objects.create(organisation=org, domain="riverside.gov.uk")
    provider.identity = {
        "sub": "entra-oid-7",
        "email": "amal@riverside.gov.uk",
        "email_verified": True,
        "name": "Amal Idris",
    }
    return org


@VIEWPORTS
def test_sign_in_through_the_organisation(new_page, assert_accessible, sso, viewport):
    page = new_page(viewport=viewport)
    page.goto(reverse("account_login"))
    assert page.get_by_role("heading", name="Sign in through your organisation").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Riverside Council").click()
    expect(page.get_by_role("heading", name="Sign in through Riverside Council")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/profile/edit/")
    user = User.objects.get(email="amal@riverside.gov.uk")
    assert OrganisationMembership.objects.get(user=user).organisation == sso
    assert_accessible(page)


@VIEWPORTS
def test_failed_and_cancelled_pages(new_page, assert_accessible, sso, viewport):
    page = new_page(viewport=viewport)
    callback = reverse("openid_connect_callback", kwargs={"provider_id": "riverside"})
    page.goto(f"{callback}?code=forged&state=forged")
    assert page.get_by_role(
        "heading", name="Signing in through your organisation did not work"
    ).is_visible()
    assert_accessible(page)
    page.goto(reverse("socialaccount_login_cancelled"))
    assert page.get_by_role("heading", name="Sign-in cancelled").is_visible()
    assert_accessible(page)


@VIEWPORTS
def test_required_two_factor_page(signed_in_page, assert_accessible, viewport):
    org = OrganisationFactory(name="Northshire NHS Trust")
    person = UserFactory(organisation=org)
    org.mfa_required = True
    org.save(update_fields=["mfa_required"])
    mfa_policy.organisation_rules_changed()
    page = signed_in_page(person, viewport=viewport)
    page.goto(reverse("core:dashboard"))
    page.wait_for_url("**/account/2fa/")
    assert page.get_by_text("Northshire NHS Trust requires it for its staff").is_visible()
    assert_accessible(page)


@VIEWPORTS
def test_people_page_two_factor_setting(signed_in_page, assert_accessible, viewport):
    org = OrganisationFactory(name="Riverside Council")
    admin = OrgAdminFactory(organisation=org)
    from allauth.mfa.models import Authenticator

    Authenticator.objects.create(user=admin, type=Authenticator.Type.TOTP, data={"secret": "A"})
    page = signed_in_page(admin, viewport=viewport)
    page.goto(reverse("accounts:organisation_people", kwargs={"slug": org.slug}))
    page.get_by_label("Require two-factor sign-in for our staff").check()
    page.get_by_role("button", name="Save two-factor setting").click()
    expect(page.get_by_text("Two-factor sign-in is now required")).to_be_visible()
    assert page.get_by_label("Require two-factor sign-in for our staff").is_checked()
    assert_accessible(page)
