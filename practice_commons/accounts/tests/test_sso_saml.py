"""Single sign-on through SAML (allauth's ``saml`` provider, python3-saml with xmlsec
from PyPI wheels): the service provider's metadata is served, a sign-in goes to the
configured identity provider, and a response that is unsigned or signed with another
key is refused; one signed with the identity provider's key signs the person in."""

import base64
import datetime
import json
import uuid
from urllib.parse import parse_qs, urlsplit

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.urls import reverse
from onelogin.saml2.utils import OneLogin_Saml2_Utils

from config.sso import socialaccount_providers
from practice_commons.accounts.models import OrganisationDomain, OrganisationMembership, User

from .factories import OrganisationFactory

pytestmark = pytest.mark.django_db

SLUG = "northshire"
IDP_ENTITY = "https://idp.northshire.example/metadata"
IDP_SSO = "https://idp.northshire.example/sso"
HOST = "commons.example.org"


def _key_and_cert(name: str):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    ).decode()
    return key_pem, cert.public_bytes(serialization.Encoding.PEM).decode()


@pytest.fixture(scope="module")
def idp_keys():
    return _key_and_cert("idp.northshire.example")


@pytest.fixture(scope="module")
def forger_keys():
    return _key_and_cert("idp.northshire.example")  # same name, another key


@pytest.fixture
def client(settings):
    """python3-saml builds its URLs from the Host header and wants a real domain name."""
    from django.test import Client

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, HOST]
    return Client(HTTP_HOST=HOST)


@pytest.fixture
def saml(settings, idp_keys):
    cert_body = "".join(idp_keys[1].strip().splitlines()[1:-1])
    settings.SOCIALACCOUNT_PROVIDERS = socialaccount_providers(
        "",
        json.dumps(
            [
                {
                    "id": SLUG,
                    "name": "Northshire NHS Trust",
                    "entity_id": IDP_ENTITY,
                    "sso_url": IDP_SSO,
                    "x509cert": cert_body,
                    "email_domains": ["northshire.nhs.uk"],
                    "attribute_mapping": {
                        "email": "email",
                        "email_verified": "email_verified",
                        "uid": "uid",
                    },
                }
            ]
        ),
    )
    org = OrganisationFactory(name="Northshire NHS Trust")
    OrganisationDomain.objects.create(organisation=org, domain="northshire.nhs.uk")
    return org


def _acs_url():
    return f"http://{HOST}" + reverse("saml_acs", kwargs={"organization_slug": SLUG})


def _sp_entity():
    return f"http://{HOST}" + reverse("saml_metadata", kwargs={"organization_slug": SLUG})


def response_xml(*, in_response_to: str, email: str, sign_with=None) -> str:
    now = datetime.datetime.now(datetime.UTC)
    fmt = "%Y-%m-%dT%H:%M:%SZ"
    issued = now.strftime(fmt)
    until = (now + datetime.timedelta(minutes=5)).strftime(fmt)
    assertion_id = "_" + uuid.uuid4().hex
    assertion = f"""<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"
 ID="{assertion_id}" Version="2.0" IssueInstant="{issued}">
<saml:Issuer>{IDP_ENTITY}</saml:Issuer>
<saml:Subject>
<saml:NameID
 Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">nhs-user-1</saml:NameID>
<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">
<saml:SubjectConfirmationData NotOnOrAfter="{until}" Recipient="{_acs_url()}"
 InResponseTo="{in_response_to}"/>
</saml:SubjectConfirmation>
</saml:Subject>
<saml:Conditions NotBefore="{issued}" NotOnOrAfter="{until}">
<saml:AudienceRestriction>
<saml:Audience>{_sp_entity()}</saml:Audience>
</saml:AudienceRestriction>
</saml:Conditions>
<saml:AuthnStatement AuthnInstant="{issued}" SessionIndex="{assertion_id}">
<saml:AuthnContext>
<saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:Password</saml:AuthnContextClassRef
>
</saml:AuthnContext>
</saml:AuthnStatement>
<saml:AttributeStatement>
<saml:Attribute Name="email">
<saml:AttributeValue>{email}</saml:AttributeValue>
</saml:Attribute>
<saml:Attribute Name="email_verified">
<saml:AttributeValue>true</saml:AttributeValue>
</saml:Attribute>
<saml:Attribute Name="uid">
<saml:AttributeValue>nhs-user-1</saml:AttributeValue>
</saml:Attribute>
</saml:AttributeStatement>
</saml:Assertion>"""
    if sign_with is not None:
        key, cert = sign_with
        assertion = OneLogin_Saml2_Utils.add_sign(
            assertion,
            key,
            cert,
            sign_algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
            digest_algorithm="http://www.w3.org/2001/04/xmlenc#sha256",
        ).decode()
        assertion = assertion.split("?>", 1)[-1] if assertion.startswith("<?xml") else assertion
    return f"""<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"
 xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_{uuid.uuid4().hex}" Version="2.0"
 IssueInstant="{issued}" Destination="{_acs_url()}" InResponseTo="{in_response_to}">
<saml:Issuer>{IDP_ENTITY}</saml:Issuer>
<samlp:Status>
<samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/>
</samlp:Status>{assertion}</samlp:Response>"""


def start(client) -> str:
    """Start a sign-in; return the request's id (what the response must answer)."""
    response = client.post(reverse("saml_login", kwargs={"organization_slug": SLUG}))
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(IDP_SSO + "?")
    request_xml = OneLogin_Saml2_Utils.decode_base64_and_inflate(
        parse_qs(urlsplit(location).query)["SAMLRequest"][0]
    )
    text = request_xml.decode() if isinstance(request_xml, bytes) else request_xml
    return text.split(' ID="', 1)[1].split('"', 1)[0]


def post_response(client, xml: str):
    acs = reverse("saml_acs", kwargs={"organization_slug": SLUG})
    encoded = base64.b64encode(xml.encode()).decode()
    response = client.post(acs, {"SAMLResponse": encoded})
    assert response.status_code == 302
    return client.get(response["Location"])


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_metadata_is_served(client, saml):
    response = client.get(reverse("saml_metadata", kwargs={"organization_slug": SLUG}))
    assert response.status_code == 200
    body = response.content.decode()
    assert "EntityDescriptor" in body
    assert _acs_url() in body


def test_not_configured_is_404(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = socialaccount_providers("", "")
    url = reverse("saml_metadata", kwargs={"organization_slug": SLUG})
    assert client.get(url).status_code == 404


def test_unsigned_response_is_refused(client, saml):
    request_id = start(client)
    page = post_response(
        client, response_xml(in_response_to=request_id, email="a@northshire.nhs.uk")
    )
    assert page.status_code == 401
    assert "Signing in through your organisation did not work" in page.content.decode()
    assert not signed_in(client)
    assert not User.objects.exists()


def test_response_signed_with_another_key_is_refused(client, saml, forger_keys):
    request_id = start(client)
    xml = response_xml(
        in_response_to=request_id, email="a@northshire.nhs.uk", sign_with=forger_keys
    )
    page = post_response(client, xml)
    assert page.status_code == 401
    assert not signed_in(client)
    assert not User.objects.exists()


def test_response_signed_by_the_identity_provider_signs_in_and_affiliates(client, saml, idp_keys):
    request_id = start(client)
    xml = response_xml(in_response_to=request_id, email="a@northshire.nhs.uk", sign_with=idp_keys)
    post_response(client, xml)
    assert signed_in(client)
    user = User.objects.get(email="a@northshire.nhs.uk")
    membership = OrganisationMembership.objects.get(user=user)
    assert membership.organisation == saml
    assert membership.verified_via == OrganisationMembership.Verification.SSO


def test_response_to_a_request_we_did_not_make_is_refused(client, saml, idp_keys):
    """Properly signed, but answering no sign-in this browser started."""
    xml = response_xml(
        in_response_to="_unsolicited", email="a@northshire.nhs.uk", sign_with=idp_keys
    )
    page = post_response(client, xml)
    assert page.status_code == 403
    assert not signed_in(client)
    assert not User.objects.exists()
