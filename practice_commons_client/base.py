"""The hand-written half of the client: how a call is made and how an error is raised.

Bodies are JSON, or ``multipart/form-data`` for the operations that take a file.
A transport is anything with ``request(method, url, *, headers, body) -> (status,
headers, body bytes)``. ``UrllibTransport`` talks HTTP with the standard library;
``practice_commons_client.testing.DjangoTestTransport`` drives Django's test client, so
the project's own tests exercise the same client integrators use.
"""

import json
import secrets
import urllib.error
import urllib.request
from typing import Any, Protocol
from urllib.parse import quote, urlencode


class Transport(Protocol):
    def request(
        self, method: str, url: str, *, headers: dict[str, str], body: bytes | None
    ) -> tuple[int, dict[str, str], bytes]: ...


class ApiError(Exception):
    """A refusal: ``status``, DESIGN's ``detail``, and the ``error`` object (``code``,
    ``message``, ``fields``); ``retry_after`` in seconds for a 429."""

    def __init__(self, status: int, body: Any, headers: dict[str, str]):
        self.status = status
        self.body = body if isinstance(body, dict) else {"detail": body}
        self.detail = self.body.get("detail")
        self.error = self.body.get("error") or {}
        self.code = self.error.get("code", "")
        retry = {k.lower(): v for k, v in headers.items()}.get("retry-after")
        self.retry_after = int(retry) if retry and retry.isdigit() else None
        super().__init__(f"{status} {self.code}: {self.error.get('message') or self.detail}")


class UrllibTransport:
    def __init__(self, base_url: str, *, timeout: float = 30):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    def request(self, method, url, *, headers, body):
        # The caller's own base URL (http or https), never one taken from a response.
        request = urllib.request.Request(  # noqa: S310
            self.base_url + url, data=body, headers=headers, method=method
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, dict(exc.headers), exc.read()


class BaseClient:
    """``Client(token, transport=UrllibTransport("https://…"))``."""

    def __init__(self, token: str, *, transport: Transport):
        self.token = token
        self.transport = transport

    @staticmethod
    def _segment(value: Any) -> str:
        return quote(str(value), safe="")

    def _call(
        self,
        method: str,
        url: str,
        *,
        query: dict[str, Any] | None = None,
        body: Any = None,
        form: dict[str, Any] | None = None,
        files: dict[str, tuple[str, bytes, str]] | None = None,
    ) -> Any:
        params = {k: _query_value(v) for k, v in (query or {}).items() if v is not None}
        if params:
            url = f"{url}?{urlencode(params, doseq=True)}"
        headers = {"Authorization": f"Bearer {self.token}", "Accept": "application/json"}
        data = None
        if files is not None:
            data, headers["Content-Type"] = _multipart(form or {}, files)
        elif body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        status, response_headers, raw = self.transport.request(
            method, url, headers=headers, body=data
        )
        parsed = json.loads(raw) if raw else None
        if status >= 400:
            raise ApiError(status, parsed, response_headers)
        return parsed


def _multipart(form: dict[str, Any], files: dict[str, tuple[str, bytes, str]]) -> tuple[bytes, str]:
    """A ``multipart/form-data`` body: ``form`` values as text, ``files`` as
    ``{field: (file name, bytes, content type)}``; returns (body, Content-Type)."""
    boundary = secrets.token_hex(16)
    parts = []
    for name, value in form.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{_quoted(name)}"\r\n\r\n'
        parts.append(head.encode() + str(_query_value(value)).encode() + b"\r\n")
    for name, (file_name, content, content_type) in files.items():
        head = (
            f"--{boundary}\r\n"
            f'Content-Disposition: form-data; name="{_quoted(name)}"; '
            f'filename="{_quoted(file_name)}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def _quoted(value: str) -> str:
    return value.replace("\r", "").replace("\n", "").replace('"', "%22")


def _query_value(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value
