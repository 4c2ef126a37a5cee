"""Where a webhook may be sent, and the one HTTP POST of an attempt.

Server-side request forgery is the risk: an endpoint URL is chosen by an organisation's
admin, and the server makes the request. So, unless ``WEBHOOKS_ALLOW_LOOPBACK_HTTP`` is on
(DEBUG and tests only), a URL must be https and **every** address its host resolves to
must be a public one; the check is made when the endpoint is saved and again at each
attempt, and the connection goes to the address that was checked (no second lookup a
DNS rebinding could change). When the setting is on, plain http is allowed to
127.0.0.1, ::1 and localhost only. Redirects are never followed (a 3xx is a failure) and
every request has a short timeout.
"""

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
RESPONSE_BODY_LIMIT = 2048
DEFAULT_TIMEOUT = 5.0


class UnsafeURL(ValueError):
    """The URL may not be used (its message says why, for the person who typed it)."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str
    address: str  # the checked address the connection goes to


@dataclass(frozen=True)
class Outcome:
    status_code: int | None
    body: str
    error: str
    duration_ms: int

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def loopback_allowed() -> bool:
    return bool(getattr(settings, "WEBHOOKS_ALLOW_LOOPBACK_HTTP", settings.DEBUG))


def timeout_seconds() -> float:
    return float(getattr(settings, "WEBHOOKS_TIMEOUT_SECONDS", DEFAULT_TIMEOUT))


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _addresses(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise UnsafeURL(_("The host %(host)s cannot be found.") % {"host": host}) from None
    return list(dict.fromkeys(info[4][0] for info in infos))


def check_url(url: str) -> Target:
    """The target of ``url`` if a webhook may be sent there, else ``UnsafeURL``."""
    try:
        parts = urlsplit((url or "").strip())
        port = parts.port
    except ValueError:
        raise UnsafeURL(_("Enter a full web address, starting https://.")) from None
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("https", "http") or not host:
        raise UnsafeURL(_("Enter a full web address, starting https://."))
    if parts.username or parts.password:
        raise UnsafeURL(_("The address may not contain a user name or password."))
    loopback = loopback_allowed()
    if parts.scheme == "http" and not (loopback and host in LOOPBACK_HOSTS):
        raise UnsafeURL(_("The address must start https:// (deliveries are always encrypted)."))
    port = port or (443 if parts.scheme == "https" else 80)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    addresses = _addresses(host, port)
    if not loopback:
        private = [a for a in addresses if not _is_public(a)]
        if private or not addresses:
            raise UnsafeURL(
                _(
                    "%(host)s is a private, local or reserved address: webhooks go only to "
                    "addresses on the public internet."
                )
                % {"host": host}
            )
    return Target(scheme=parts.scheme, host=host, port=port, path=path, address=addresses[0])


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, target: Target, timeout: float):
        super().__init__(target.host, target.port, timeout=timeout)
        self._address = target.address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """TLS to the checked address, verifying the certificate for the URL's host name."""

    def __init__(self, target: Target, timeout: float):
        super().__init__(
            target.host, target.port, timeout=timeout, context=ssl.create_default_context()
        )
        self._address = target.address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(url: str, *, body: bytes, headers: dict[str, str]) -> Outcome:
    """One POST, never raising: a refused URL, a timeout or a connection error is an
    ``Outcome`` with ``error`` set and no status code."""
    started = time.monotonic()

    def done(status_code=None, text="", error=""):
        duration = int((time.monotonic() - started) * 1000)
        return Outcome(status_code=status_code, body=text, error=error[:300], duration_ms=duration)

    try:
        target = check_url(url)
    except UnsafeURL as exc:
        return done(error=_("Refused: %(reason)s") % {"reason": exc})
    cls = _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
    connection = cls(target, timeout_seconds())
    try:
        connection.request("POST", target.path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read(RESPONSE_BODY_LIMIT).decode("utf-8", errors="replace")
        return done(status_code=response.status, text=text)
    except TimeoutError:
        return done(error=_("Timed out after %(s)s seconds.") % {"s": f"{timeout_seconds():g}"})
    except ssl.SSLError as exc:
        return done(error=_("TLS error: %(e)s") % {"e": exc})
    except (OSError, http.client.HTTPException) as exc:
        return done(error=_("Connection failed: %(e)s") % {"e": exc or type(exc).__name__})
    finally:
        connection.close()
