"""Single sign-on settings from the environment (``config/sso.py``)."""

import json

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.sso import form_action_sources, socialaccount_providers

ENTRA = {
    "id": "riverside",
    "name": "Riverside Council",
    "server_url": "https://login.microsoftonline.com/tenant-id/v2.0",
    "client_id": "app-id",
    "client_secret": "secret",
    "email_domains": ["@Riverside.gov.uk"],
}
SAML = {
    "id": "northshire",
    "name": "Northshire NHS Trust",
    "entity_id": "https://sts.windows.net/tenant-id/",
    "sso_url": "https://login.microsoftonline.com/tenant-id/saml2",
    "x509cert": "MIIC",
    "email_domains": ["northshire.nhs.uk"],
}


def test_nothing_configured_by_default():
    providers = socialaccount_providers("", "")
    assert providers["openid_connect"]["APPS"] == []
    assert providers["saml"]["APPS"] == []
    assert form_action_sources("", "") == []


def test_providers_from_json():
    providers = socialaccount_providers(json.dumps([ENTRA]), json.dumps([SAML]))
    (oidc,) = providers["openid_connect"]["APPS"]
    assert oidc["provider_id"] == "riverside"
    assert oidc["settings"]["server_url"] == ENTRA["server_url"]
    assert oidc["settings"]["email_domains"] == ["riverside.gov.uk"]
    assert providers["openid_connect"]["OAUTH_PKCE_ENABLED"]
    (saml,) = providers["saml"]["APPS"]
    assert saml["client_id"] == "northshire"
    assert saml["settings"]["advanced"]["want_assertion_signed"]
    assert saml["settings"]["advanced"]["strict"]
    assert form_action_sources(json.dumps([ENTRA]), json.dumps([SAML])) == [
        "https://login.microsoftonline.com"
    ]


@pytest.mark.parametrize(
    "raw",
    ["not json", json.dumps({"id": "x"}), json.dumps([{"id": "x", "name": "X"}])],
)
def test_wrong_settings_stop_the_site_starting(raw):
    with pytest.raises(ImproperlyConfigured):
        socialaccount_providers(raw, "")
