"""Error shapes every JSON API router shares, defined once so the OpenAPI document has a
single component per name (django-ninja names components after the class)."""

from ninja import Schema


class ErrorOut(Schema):
    """A refusal: a message, or field → messages for invalid input."""

    detail: str | dict


class RefusedOut(Schema):
    """A refusal with a machine-readable reason (for example ``trial_used``)."""

    detail: str
    code: str


class FindingOut(Schema):
    """One confidentiality finding: where it is and what kind, never the text."""

    field: str
    kind: str
    start: int
    end: int
    confidence: str


class GuardErrorOut(Schema):
    """422: the confidentiality guard refused a text (``blocking`` false means a warning
    the writer may acknowledge)."""

    detail: str
    blocking: bool
    findings: list[FindingOut]
