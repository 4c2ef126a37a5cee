"""What every JSON API router shares, defined once so the OpenAPI document has a single
component per name (django-ninja names components after the class): the error shapes,
and the bounded input types.

Every value in an input schema is bounded, so oversized or out-of-range input is the
validation 422 before any query runs (a 1 MB name once reached a ``LIKE`` and answered
500):

* ``name_field(label, max_length)`` for text that names something (a community, a
  thread or event title, a person, an organisation, a token): ``core.text.name_str``'s
  cleaning, with its length in the OpenAPI document (``optional_name_field`` where
  blank is allowed);
* ``Field(..., max_length=N)`` for other text, with the model column's length;
* ``ObjectId`` for an id in a body, ``LIST_MAX`` for lists of ids or slugs.

Every request body carries an example (``model_config = example({...})``), a body a
caller could send as it is; ``tests/api/test_openapi_docs.py`` checks each one against
its schema.
"""

from typing import Annotated

from django.core.exceptions import ValidationError
from ninja import Path, Schema
from pydantic import AfterValidator, ConfigDict, Field, WithJsonSchema

from .text import clean_name, name_str

# The largest id a bigint column (PostgreSQL) or an SQLite integer holds.
MAX_ID = 2**63 - 1
ObjectId = Annotated[int, Field(ge=1, le=MAX_ID)]

SLUG_MAX_LENGTH = 200
CHOICE_MAX_LENGTH = 50
QUERY_MAX_LENGTH = 200
LIST_MAX = 100

Slug = Annotated[str, Field(max_length=SLUG_MAX_LENGTH)]
# An operation's ``slug: str = OrganisationSlugPath`` under /organisations/{slug}/...
OrganisationSlugPath = Path(..., max_length=SLUG_MAX_LENGTH, description="The organisation's slug.")
# An operation's ``thing_id: int = ObjectIdPath``: a row's id in the path, refused with a
# field error (not a database overflow) when out of range.
ObjectIdPath = Path(..., ge=1, le=MAX_ID)
Choice = Annotated[str, Field(max_length=CHOICE_MAX_LENGTH)]


def example(*bodies: dict) -> ConfigDict:
    """An input schema's examples in the OpenAPI document (the first is shown)."""
    return ConfigDict(json_schema_extra={"examples": list(bodies)})


def name_field(label: str, max_length: int):
    """A name in an input schema: ``name_str`` (NFC, no invisible or control characters,
    whitespace collapsed, not blank, at most ``max_length``), documented as such."""
    return Annotated[
        name_str(label, max_length),
        WithJsonSchema({"type": "string", "minLength": 1, "maxLength": max_length}),
    ]


def optional_name_field(label: str, max_length: int):
    """As ``name_field``, but blank (or only whitespace) is allowed and stored as ""."""

    def check(value: str) -> str:
        if not value.strip():
            return ""
        try:
            return clean_name(value, label=label, max_length=max_length)
        except ValidationError as exc:
            raise ValueError(exc.messages[0]) from None

    return Annotated[
        str,
        AfterValidator(check),
        WithJsonSchema({"type": "string", "maxLength": max_length}),
    ]


class ErrorDetailOut(Schema):
    """The same error for every refusal (``core/api_errors.py``): a stable ``code``, a
    ``message`` for a person, and ``fields`` (field → messages) where input was at fault."""

    code: str
    message: str
    fields: dict[str, list[str]]


class ErrorOut(Schema):
    """A refusal: a message, or field → messages for invalid input."""

    detail: str | dict
    error: ErrorDetailOut | None = None


class ValidationIssueOut(Schema):
    """One reason the input does not match: where (``loc``) and why."""

    loc: list[str | int]
    msg: str
    type: str


class ValidationErrorOut(Schema):
    """422: the request does not match the operation's parameters or body."""

    detail: list[ValidationIssueOut]
    error: ErrorDetailOut | None = None


class RefusedOut(Schema):
    """A refusal with a machine-readable reason (for example ``trial_used``)."""

    detail: str
    code: str
    error: ErrorDetailOut | None = None


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
    error: ErrorDetailOut | None = None
