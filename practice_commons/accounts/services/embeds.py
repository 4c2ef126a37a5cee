"""Which websites may show an organisation's embeds (its events, jobs and practice
examples in an iframe on, say, its council's own site).

What must stay true: only an origin this module produced is ever stored, so the embed
pages can put the stored list straight into ``Content-Security-Policy: frame-ancestors``.
An origin is ``https://host`` or ``https://host:port`` in lower case, with no path,
query, fragment, user name or wildcard; ``http://localhost`` and ``http://127.0.0.1``
(any port) are accepted only while ``settings.EMBED_ALLOW_LOCAL_ORIGINS`` is on.
"""

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Organisation, User
from ..selectors import can_manage_organisation
from .common import audit_record

MAX_EMBED_ORIGINS = 10
MAX_ORIGIN_LENGTH = 200
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1"})
# One DNS name (labels of letters, digits and inner hyphens) or an IPv4 address.
_HOST = re.compile(
    r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$"
)


def normalise_embed_origin(value: str) -> str:
    """``value`` as a stored origin, or ``ValidationError`` saying what to change."""
    text = value.strip()
    shown = text if len(text) <= 60 else text[:57] + "…"
    if len(text) > MAX_ORIGIN_LENGTH:
        raise ValidationError(
            _("“%(value)s” is too long for a website address.") % {"value": shown}
        )
    if "*" in text:
        raise ValidationError(
            _("“%(value)s”: name each website in full; wildcards are not accepted.")
            % {"value": shown}
        )
    if "://" not in text:
        raise ValidationError(
            _("“%(value)s” must start with https://, like https://www.leeds.gov.uk")
            % {"value": shown}
        )
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise ValidationError(
            _("“%(value)s” is not a website address, like https://www.leeds.gov.uk")
            % {"value": shown}
        ) from None
    host = (parts.hostname or "").lower()
    if parts.path not in ("", "/") or parts.query or parts.fragment or "#" in text or "?" in text:
        raise ValidationError(
            _(
                "“%(value)s” must be only the website's address, without a page's path, "
                "like https://www.leeds.gov.uk"
            )
            % {"value": shown}
        )
    if parts.username is not None or parts.password is not None:
        raise ValidationError(
            _("“%(value)s” must not contain a user name or password.") % {"value": shown}
        )
    if not host or not _HOST.match(host):
        raise ValidationError(
            _("“%(value)s” is not a website address, like https://www.leeds.gov.uk")
            % {"value": shown}
        )
    scheme = parts.scheme.lower()
    local = host in LOCAL_HOSTS
    if scheme == "http" and local and settings.EMBED_ALLOW_LOCAL_ORIGINS:
        pass
    elif scheme != "https":
        raise ValidationError(
            _("“%(value)s” must start with https:// (embeds are shown only on secure websites).")
            % {"value": shown}
        )
    elif local and not settings.EMBED_ALLOW_LOCAL_ORIGINS:
        raise ValidationError(
            _("“%(value)s” is this computer, not a website people can visit.") % {"value": shown}
        )
    if port == 0:
        raise ValidationError(
            _("“%(value)s” is not a website address, like https://www.leeds.gov.uk")
            % {"value": shown}
        )
    if port is None or port == (443 if scheme == "https" else 80):
        return f"{scheme}://{host}"
    return f"{scheme}://{host}:{port}"


def normalise_embed_origins(values: list[str]) -> list[str]:
    """Every origin in ``values`` (blank lines dropped, repeats once, order kept), or one
    ``ValidationError`` listing every problem."""
    origins: list[str] = []
    problems: list[str] = []
    for value in values:
        if not value.strip():
            continue
        try:
            origin = normalise_embed_origin(value)
        except ValidationError as exc:
            problems.extend(exc.messages)
            continue
        if origin not in origins:
            origins.append(origin)
    if not problems and len(origins) > MAX_EMBED_ORIGINS:
        problems.append(
            _("List at most %(max)d websites; you listed %(n)d.")
            % {"max": MAX_EMBED_ORIGINS, "n": len(origins)}
        )
    if problems:
        raise ValidationError({"origins": problems})
    return origins


@transaction.atomic
def organisation_embed_origins_set(
    *, actor: User, organisation: Organisation, origins: list[str]
) -> Organisation:
    """Replace the websites that may frame ``organisation``'s embeds. Its admins and host
    admins only; nothing changes when any origin is refused."""
    if not can_manage_organisation(actor, organisation):
        raise PermissionDenied(
            _("Only this organisation's admins can choose where it is embedded.")
        )
    cleaned = normalise_embed_origins(origins)
    organisation.embed_origins = cleaned
    organisation.save(update_fields=["embed_origins"])
    audit_record(
        actor=actor,
        action="organisation.embed_origins_set",
        target=organisation,
        data={"origins": cleaned},
    )
    return organisation
