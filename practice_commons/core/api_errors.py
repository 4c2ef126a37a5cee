"""One error body for every answer under ``/api/`` that is not a success.

DESIGN.md fixes ``{"detail": ...}``; integrators also get the same error, described the
same way whatever produced it (a service's refusal, ninja's validation, the rate limit,
Django's 404 or 500), under ``"error"``:

    {"detail": ..., "error": {"code": "not_found", "message": "Not found.", "fields": {}}}

* ``code``: a stable word for the status (``invalid``, ``unauthenticated``,
  ``forbidden``, ``not_found``, ``method_not_allowed``, ``conflict``, ``validation``,
  ``confidentiality``, ``rate_limited``, ``server_error``), or the refusal's own code
  where the body has one (``trial_used``, ``full``…);
* ``message``: one sentence for a person;
* ``fields``: field → messages where the input was at fault (empty otherwise). For the
  confidentiality guard it names the fields and the kinds found, never the text.

It is added by ``ApiErrorEnvelopeMiddleware`` after the view, in one place, so no router
can forget it.
"""

import json

from django.utils.translation import gettext as _

API_PREFIX = "/api/"

CODES = {
    400: "invalid",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    422: "validation",
    429: "rate_limited",
}


def error_for(status: int, body: dict) -> dict:
    detail = body.get("detail")
    if "findings" in body:
        return {
            "code": "confidentiality",
            "message": detail if isinstance(detail, str) else "",
            "fields": _finding_fields(body["findings"]),
        }
    fields = _fields(detail)
    return {
        "code": body.get("code") or CODES.get(status, "server_error" if status >= 500 else "error"),
        "message": _message(detail, has_fields=bool(fields)),
        "fields": fields,
    }


def _fields(detail) -> dict:
    if isinstance(detail, dict):
        return {
            str(name): [str(m) for m in (messages if isinstance(messages, list) else [messages])]
            for name, messages in detail.items()
        }
    if isinstance(detail, list):  # ninja's validation issues: {"loc", "msg", "type"}
        fields: dict[str, list[str]] = {}
        for issue in detail:
            if isinstance(issue, dict):
                fields.setdefault(_field_name(issue.get("loc") or []), []).append(
                    str(issue.get("msg", ""))
                )
        return fields
    return {}


def _field_name(loc: list) -> str:
    """``["body", "payload", "title"]`` → ``title``; ``["query", "limit"]`` → ``limit``."""
    parts = [str(p) for p in loc if p not in {"body", "query", "path", "payload", "header"}]
    return ".".join(parts) or "__all__"


def _finding_fields(findings) -> dict:
    fields: dict[str, list[str]] = {}
    for finding in findings if isinstance(findings, list) else []:
        fields.setdefault(str(finding.get("field", "")), []).append(str(finding.get("kind", "")))
    return fields


def _message(detail, *, has_fields: bool) -> str:
    if isinstance(detail, str):
        return detail
    if has_fields:
        return _("The request was refused: see fields for what to change.")
    return _("The request was refused.")


class ApiErrorEnvelopeMiddleware:
    """Adds ``"error"`` to JSON error answers under ``/api/`` that carry ``"detail"``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code >= 400
            and request.path.startswith(API_PREFIX)
            and response.get("Content-Type", "").startswith("application/json")
            and not getattr(response, "streaming", False)
        ):
            _add_error(response)
        return response


def _add_error(response) -> None:
    try:
        body = json.loads(response.content)
    except ValueError:
        return
    if not isinstance(body, dict) or "detail" not in body or body.get("error") is not None:
        return
    body["error"] = error_for(response.status_code, body)
    response.content = json.dumps(body).encode()
    if response.has_header("Content-Length"):
        response["Content-Length"] = str(len(response.content))
