"""Single sign-on providers from the environment (see the README, "Single sign-on").

Nothing is configured unless ``SSO_OIDC_PROVIDERS`` or ``SSO_SAML_PROVIDERS`` is set, so
the embedded mode has no single sign-on. Each is a JSON list, one object a provider:

``SSO_OIDC_PROVIDERS`` (OpenID Connect, e.g. Microsoft Entra ID)::

    [{"id": "riverside", "name": "Riverside Council",
      "server_url": "https://login.microsoftonline.com/<tenant id>/v2.0",
      "client_id": "...", "client_secret": "...",
      "email_domains": ["riverside.gov.uk"]}]

``SSO_SAML_PROVIDERS``::

    [{"id": "northshire-nhs", "name": "Northshire NHS Trust",
      "entity_id": "https://idp.example/metadata", "sso_url": "https://idp.example/sso",
      "x509cert": "MIIC...", "email_domains": ["northshire.nhs.uk"]}]

``email_domains`` are the domains the provider is the authority for: an address it
sends counts as verified only when the provider says so *and* it is at one of these.
"""

import json

from django.core.exceptions import ImproperlyConfigured

_OIDC_REQUIRED = ("id", "name", "server_url", "client_id")
_SAML_REQUIRED = ("id", "name", "entity_id", "sso_url", "x509cert")


def _load(raw: str, variable: str, required: tuple[str, ...]) -> list[dict]:
    if not raw.strip():
        return []
    try:
        entries = json.loads(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{variable} is not valid JSON: {exc}") from None
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise ImproperlyConfigured(f"{variable} must be a JSON list of objects.")
    for entry in entries:
        missing = [key for key in required if not entry.get(key)]
        if missing:
            raise ImproperlyConfigured(f"{variable}: a provider lacks {', '.join(missing)}.")
        domains = entry.get("email_domains", [])
        if not isinstance(domains, list) or not all(isinstance(d, str) for d in domains):
            raise ImproperlyConfigured(f"{variable}: email_domains must be a list of domains.")
    return entries


def _domains(entry: dict) -> list[str]:
    return sorted({d.strip().lstrip("@").lower() for d in entry.get("email_domains", []) if d})


def oidc_apps(raw: str) -> list[dict]:
    return [
        {
            "provider_id": entry["id"],
            "name": entry["name"],
            "client_id": entry["client_id"],
            "secret": entry.get("client_secret", ""),
            "settings": {
                "server_url": entry["server_url"],
                "email_domains": _domains(entry),
                **(
                    {"token_auth_method": entry["token_auth_method"]}
                    if entry.get("token_auth_method")
                    else {}
                ),
            },
        }
        for entry in _load(raw, "SSO_OIDC_PROVIDERS", _OIDC_REQUIRED)
    ]


def saml_apps(raw: str) -> list[dict]:
    return [
        {
            "provider_id": entry["id"],
            "name": entry["name"],
            # allauth's SAML URLs name the provider by this (/account/saml/<id>/...).
            "client_id": entry["id"],
            "settings": {
                "email_domains": _domains(entry),
                **(
                    {"attribute_mapping": entry["attribute_mapping"]}
                    if entry.get("attribute_mapping")
                    else {}
                ),
                "idp": {
                    "entity_id": entry["entity_id"],
                    "sso_url": entry["sso_url"],
                    "x509cert": entry["x509cert"],
                },
                "advanced": {
                    "strict": True,
                    # A forged or altered response is refused: the IdP's signature over
                    # the assertion is required.
                    "want_assertion_signed": True,
                    "reject_deprecated_algorithm": True,
                    "allow_single_label_domains": False,
                },
            },
        }
        for entry in _load(raw, "SSO_SAML_PROVIDERS", _SAML_REQUIRED)
    ]


def socialaccount_providers(oidc_raw: str, saml_raw: str) -> dict:
    """``SOCIALACCOUNT_PROVIDERS`` for allauth."""
    return {
        "openid_connect": {"APPS": oidc_apps(oidc_raw), "OAUTH_PKCE_ENABLED": True},
        "saml": {"APPS": saml_apps(saml_raw)},
    }


def _origin(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def form_action_sources(oidc_raw: str, saml_raw: str) -> list[str]:
    """The providers' sign-in origins, for the Content-Security-Policy ``form-action``:
    the "Continue" button posts to this site, which redirects the browser to the
    provider, and browsers apply ``form-action`` to that redirect too. An OpenID Connect
    provider's sign-in page is on its ``server_url``'s origin (Entra ID:
    https://login.microsoftonline.com) unless ``authorize_origin`` says otherwise."""
    origins = [
        entry.get("authorize_origin") or _origin(entry["server_url"])
        for entry in _load(oidc_raw, "SSO_OIDC_PROVIDERS", _OIDC_REQUIRED)
    ]
    origins += [
        _origin(entry["sso_url"]) for entry in _load(saml_raw, "SSO_SAML_PROVIDERS", _SAML_REQUIRED)
    ]
    return sorted({o for o in origins if o})
