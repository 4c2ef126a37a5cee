"""Single sign-on through OpenID Connect, end to end: the real allauth flow with the
Django test client against a provider on 127.0.0.1 (``oidc_provider.py``): the site
redirects to the provider, the provider redirects back with a code, allauth exchanges it
over HTTP, reads the ID token and userinfo, and signs the person in."""

from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.core import mail
from django.urls import reverse

from practice_commons.accounts.models import (
    AuditEvent,
    OrganisationDomain,
    OrganisationMembership,
    User,
)

from .factories import PASSWORD, OrganisationFactory, UserFactory
from .oidc_provider import OIDCProvider

pytestmark = pytest.mark.django_db

LOGIN = reverse("openid_connect_login", kwargs={"provider_id": "riverside"})


@pytest.fixture(scope="module")
def provider():
    server = OIDCProvider().start()
    yield server
    server.stop()


@pytest.fixture
def sso(provider, settings):
    settings.SOCIALACCOUNT_PROVIDERS = provider.app_settings()
    provider.id_token_overrides = {}
    return provider


@pytest.fixture
def riverside():
    org = OrganisationFactory(name="Riverside Council")
    OrganisationDomain.objects.create(organisation=org, domain="riverside.gov.uk")
    return org


def identity(email, verified=True, sub="entra-oid-1", **extra):
    return {
        "sub": sub,
        "email": email,
        "email_verified": verified,
        "name": "Sam Okafor",
        "given_name": "Sam",
        "family_name": "Okafor",
        **extra,
    }


def start(client, provider, person: dict) -> str:
    """Press the provider's button; return the provider's redirect back to the site."""
    provider.identity = person
    response = client.post(LOGIN)
    assert response.status_code == 302
    assert response["Location"].startswith(provider.base_url + "/authorize?")
    query = parse_qs(urlsplit(response["Location"]).query)
    assert query["code_challenge_method"] == ["S256"]  # PKCE
    assert query["state"][0]
    return provider.authorize(response["Location"])


def come_back(client, url: str):
    parts = urlsplit(url)
    return client.get(f"{parts.path}?{parts.query}")


def sign_in(client, provider, person: dict):
    return come_back(client, start(client, provider, person))


def signed_in_user(client):
    pk = client.session.get("_auth_user_id")
    return User.objects.get(pk=pk) if pk else None


class TestNewPerson:
    def test_verified_address_at_an_organisations_domain_gives_affiliation(
        self, client, sso, riverside
    ):
        response = sign_in(client, sso, identity("Sam.Okafor@Riverside.gov.uk"))
        assert response.status_code == 302
        user = signed_in_user(client)
        assert user is not None and user.email == "sam.okafor@riverside.gov.uk"
        assert EmailAddress.objects.get(user=user).verified
        membership = OrganisationMembership.objects.get(user=user)
        assert membership.organisation == riverside
        assert membership.verified_via == OrganisationMembership.Verification.SSO
        assert membership.role == OrganisationMembership.Role.MEMBER
        user.refresh_from_db()
        assert user.organisation == riverside
        assert SocialAccount.objects.get(user=user).uid == "entra-oid-1"
        verify = AuditEvent.objects.get(action="affiliation.verify")
        assert verify.data["verified_via"] == "sso"
        assert AuditEvent.objects.get(action="account.sign_in").data == {"method": "sso"}

    def test_second_sign_in_changes_nothing(self, client, sso, riverside):
        sign_in(client, sso, identity("sam@riverside.gov.uk"))
        client.logout()
        sign_in(client, sso, identity("sam@riverside.gov.uk"))
        assert signed_in_user(client).email == "sam@riverside.gov.uk"
        assert User.objects.count() == 1
        assert OrganisationMembership.objects.count() == 1
        assert AuditEvent.objects.filter(action="affiliation.verify").count() == 1

    def test_unverified_address_gets_no_affiliation(self, client, sso, riverside):
        sign_in(client, sso, identity("sam@riverside.gov.uk", verified=False))
        user = User.objects.get(email="sam@riverside.gov.uk")
        assert not OrganisationMembership.objects.filter(user=user).exists()
        assert not EmailAddress.objects.get(user=user).verified
        assert signed_in_user(client) is None  # asked to confirm the address by email
        assert mail.outbox and mail.outbox[-1].to == ["sam@riverside.gov.uk"]

    def test_verified_address_at_no_organisations_domain(self, client, sso, riverside):
        sso_settings = sso.app_settings(email_domains=["riverside.gov.uk", "partner.org.uk"])
        from django.conf import settings

        settings.SOCIALACCOUNT_PROVIDERS = sso_settings
        sign_in(client, sso, identity("sam@partner.org.uk"))
        user = signed_in_user(client)
        assert user is not None
        assert not OrganisationMembership.objects.filter(user=user).exists()

    def test_provider_cannot_vouch_for_a_domain_it_is_not_the_authority_for(
        self, client, sso, riverside
    ):
        """Riverside's provider says a Leeds address is verified: not believed."""
        leeds = OrganisationFactory(name="Leeds")
        OrganisationDomain.objects.create(organisation=leeds, domain="leeds.gov.uk")
        sign_in(client, sso, identity("someone@leeds.gov.uk"))
        user = User.objects.get(email="someone@leeds.gov.uk")
        assert not OrganisationMembership.objects.filter(user=user).exists()
        assert not EmailAddress.objects.get(user=user).verified
        assert signed_in_user(client) is None


class TestExistingAccount:
    def test_same_verified_address_signs_in_to_that_account(self, client, sso, riverside):
        existing = UserFactory(email="sam@riverside.gov.uk", organisation=None)
        sign_in(client, sso, identity("sam@riverside.gov.uk"))
        assert signed_in_user(client) == existing
        assert User.objects.count() == 1
        assert SocialAccount.objects.get(user=existing).provider == "riverside"
        assert OrganisationMembership.objects.get(user=existing).organisation == riverside
        existing.refresh_from_db()
        assert existing.check_password(PASSWORD)  # their own verified address: kept

    def test_someone_who_registered_the_address_unverified_loses_the_password(
        self, client, sso, riverside
    ):
        """Whoever signed up first with an address they could not confirm cannot keep a
        way into the account the address's owner now uses (allauth's wipe_password)."""
        squatter = UserFactory(email="sam@riverside.gov.uk", organisation=None, verified=False)
        response = sign_in(client, sso, identity("sam@riverside.gov.uk"))
        squatter.refresh_from_db()
        assert not squatter.has_usable_password()
        # The account's own copy of the address was never confirmed, so the owner
        # confirms it by email before the first sign-in completes.
        assert response["Location"] == reverse("account_email_verification_sent")
        assert signed_in_user(client) is None
        assert User.objects.count() == 1

    def test_unverified_provider_address_does_not_reach_an_existing_account(
        self, client, sso, riverside
    ):
        existing = UserFactory(email="sam@riverside.gov.uk", organisation=None)
        sign_in(client, sso, identity("sam@riverside.gov.uk", verified=False))
        assert signed_in_user(client) is None
        assert not SocialAccount.objects.filter(user=existing).exists()
        assert not OrganisationMembership.objects.filter(user=existing).exists()


class TestTampering:
    def test_changed_state_is_refused(self, client, sso, riverside):
        back = start(client, sso, identity("sam@riverside.gov.uk"))
        parts = urlsplit(back)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        query["state"] = "forged-state"
        response = client.get(f"{parts.path}?{urlencode(query)}")
        assert response.status_code == 401
        assert "Signing in through your organisation did not work" in response.content.decode()
        assert signed_in_user(client) is None
        assert not User.objects.exists()
        assert not sso.token_requests or all(
            r.get("code") != query["code"] for r in sso.token_requests
        )

    def test_a_callback_without_a_started_sign_in_is_refused(self, client, sso, riverside):
        back = start(client, sso, identity("sam@riverside.gov.uk"))
        other = type(client)()
        come_back(other, back)
        assert signed_in_user(other) is None
        assert not User.objects.exists()

    def test_a_forged_code_is_refused(self, client, sso, riverside):
        back = start(client, sso, identity("sam@riverside.gov.uk"))
        parts = urlsplit(back)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        query["code"] = "made-up"
        client.get(f"{parts.path}?{urlencode(query)}")
        assert signed_in_user(client) is None
        assert not User.objects.exists()

    def test_an_id_token_for_another_client_is_refused(self, client, sso, riverside):
        sso.id_token_overrides = {"aud": "some-other-app"}
        sign_in(client, sso, identity("sam@riverside.gov.uk"))
        assert signed_in_user(client) is None
        assert not User.objects.exists()

    def test_an_id_token_from_another_issuer_is_refused(self, client, sso, riverside):
        sso.id_token_overrides = {"iss": "https://login.example/other-tenant"}
        sign_in(client, sso, identity("sam@riverside.gov.uk"))
        assert signed_in_user(client) is None
        assert not User.objects.exists()

    def test_the_pkce_verifier_is_sent_and_checked(self, client, sso, riverside):
        sign_in(client, sso, identity("sam@riverside.gov.uk"))
        assert sso.token_requests[-1].get("code_verifier")


class TestConfiguration:
    def test_off_by_default(self, client, settings):
        from config.sso import socialaccount_providers

        settings.SOCIALACCOUNT_PROVIDERS = socialaccount_providers("", "")
        assert client.get(LOGIN).status_code == 404
        page = client.get(reverse("account_login")).content.decode()
        assert "Riverside Council" not in page

    def test_sign_in_page_offers_the_provider(self, client, sso):
        page = client.get(reverse("account_login")).content.decode()
        assert "Riverside Council" in page


class TestPages:
    def test_the_continue_page_names_the_provider(self, client, sso):
        response = client.get(LOGIN)
        assert response.status_code == 200
        page = response.content.decode()
        assert "Sign in through Riverside Council" in page
        assert "<title>Sign in through Riverside Council — Practice Commons</title>" in page

    def test_two_factor_still_asked_of_an_account_that_has_it(self, client, sso, riverside):
        from allauth.mfa.models import Authenticator

        existing = UserFactory(email="sam@riverside.gov.uk", organisation=None)
        Authenticator.objects.create(
            user=existing, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
        )
        response = sign_in(client, sso, identity("sam@riverside.gov.uk"))
        assert response["Location"] == reverse("mfa_authenticate")
        assert signed_in_user(client) is None


class TestPersonData:
    def test_the_data_archive_lists_the_organisation_sign_in(self, client, sso, riverside):
        import io
        import json
        import zipfile

        from practice_commons.accounts import services

        sign_in(client, sso, identity("sam@riverside.gov.uk"))
        user = signed_in_user(client)
        archive = zipfile.ZipFile(io.BytesIO(services.personal_data_archive(user=user)))
        data = json.loads(archive.read("personal-data.json"))
        (connected,) = data["accounts"]["organisation_sign_ins"]
        assert connected["provider"] == "riverside"
        assert connected["uid"] == "entra-oid-1"
