"""The API reference page (``/api/reference/``): the OpenAPI document read as a page.

Swagger UI would load from a CDN and does not meet WCAG 2.2 AA, so the reference is the
site's own page, server-rendered from the same document the API serves
(``api.get_openapi_schema``): each tag's operations with their summary, description,
parameters, request body (with its example) and every status they can answer, then
every schema. The document is built once per process (it depends only on the code).
"""

import json
import re
from dataclasses import dataclass, field
from functools import cache

from django.utils.html import escape
from django.utils.safestring import mark_safe

from practice_commons.core.markdown import render_markdown

METHODS = ("get", "post", "put", "patch", "delete")


@dataclass
class Parameter:
    name: str
    location: str
    required: bool
    type: str
    description: str


@dataclass
class Operation:
    method: str
    path: str
    summary: str
    description: str  # sanitised HTML from the operation's markdown
    anchor: str
    parameters: list[Parameter]
    body: str
    example: str  # the body's example as indented JSON, or ""
    responses: list[tuple[str, str, str]]  # (status, description, schema)
    needs_token: bool


@dataclass
class Section:
    tag: str
    operations: list[Operation] = field(default_factory=list)


@dataclass
class SchemaDoc:
    name: str
    description: str
    properties: list[tuple[str, str, bool, str]]  # (name, type, required, description)


def type_of(schema: dict) -> str:
    """A short, readable type: ``string``, ``integer``, ``list of ThreadOut``, ``A or B``."""
    if not schema:
        return "any"
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    for combinator in ("anyOf", "oneOf", "allOf"):
        if combinator in schema:
            parts = [type_of(s) for s in schema[combinator]]
            return " or ".join(p for p in parts if p != "null") + (
                " (or null)" if "null" in parts else ""
            )
    kind = schema.get("type", "any")
    if kind == "array":
        return f"list of {type_of(schema.get('items', {}))}"
    if "enum" in schema:
        return f"{kind}: " + ", ".join(str(v) for v in schema["enum"])
    return kind


def _parameters(operation: dict) -> list[Parameter]:
    return [
        Parameter(
            name=p["name"],
            location=p.get("in", ""),
            required=bool(p.get("required")),
            type=type_of(p.get("schema", {})),
            description=p.get("description") or p.get("schema", {}).get("description", ""),
        )
        for p in operation.get("parameters", [])
    ]


def _body(operation: dict) -> str:
    media = operation.get("requestBody", {}).get("content", {}).get("application/json")
    return type_of(media.get("schema", {})) if media else ""


def _form_fields(operation: dict) -> list[Parameter]:
    """An upload's fields (``multipart/form-data``), listed with the parameters."""
    media = operation.get("requestBody", {}).get("content", {}).get("multipart/form-data")
    schema = (media or {}).get("schema", {})
    required = set(schema.get("required", []))
    return [
        Parameter(
            name=name,
            location="multipart/form-data",
            required=name in required,
            type="file" if spec.get("format") == "binary" else type_of(spec),
            description=spec.get("description", ""),
        )
        for name, spec in schema.get("properties", {}).items()
    ]


def _example(operation: dict) -> str:
    media = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
    if "example" not in media:
        return ""
    return json.dumps(media["example"], indent=2, ensure_ascii=False)


def _responses(operation: dict) -> list[tuple[str, str, str]]:
    rows = []
    for status, response in sorted(operation.get("responses", {}).items()):
        schema = ""
        for media in response.get("content", {}).values():
            schema = type_of(media.get("schema", {}))
        rows.append((status, _inline(response.get("description", "")), schema))
    return rows


def _html(markdown: str) -> str:
    return mark_safe(render_markdown(markdown))  # noqa: S308 - nh3-sanitised


def _inline(text: str) -> str:
    """One line of the document with its `code` spans as <code>; everything escaped."""
    return mark_safe(re.sub(r"`([^`]+)`", r"<code>\1</code>", escape(text)))  # noqa: S308


def _anchor(method: str, path: str) -> str:
    slug = "".join(c if c.isalnum() else "-" for c in path.strip("/")).strip("-")
    return f"{method}-{slug}"


def sections(document: dict) -> list[Section]:
    by_tag: dict[str, Section] = {}
    for path, item in document.get("paths", {}).items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            tag = (operation.get("tags") or ["other"])[0]
            by_tag.setdefault(tag, Section(tag=tag)).operations.append(
                Operation(
                    method=method.upper(),
                    path=path,
                    summary=operation.get("summary", ""),
                    description=_html(operation.get("description", "")),
                    anchor=_anchor(method, path),
                    parameters=_parameters(operation) + _form_fields(operation),
                    body=_body(operation),
                    example=_example(operation),
                    responses=_responses(operation),
                    needs_token=bool(operation.get("security")),
                )
            )
    return sorted(by_tag.values(), key=lambda s: s.tag)


def schemas(document: dict) -> list[SchemaDoc]:
    docs = []
    for name, schema in sorted(document.get("components", {}).get("schemas", {}).items()):
        required = set(schema.get("required", []))
        docs.append(
            SchemaDoc(
                name=name,
                description=schema.get("description", ""),
                properties=[
                    (prop, type_of(spec), prop in required, spec.get("description", ""))
                    for prop, spec in schema.get("properties", {}).items()
                ],
            )
        )
    return docs


@cache
def reference() -> dict:
    from .api import api

    document = api.get_openapi_schema()
    info = document.get("info", {})
    return {
        "info": info,
        "introduction": _html(info.get("description", "")),
        "sections": sections(document),
        "schemas": schemas(document),
        "operation_count": sum(len(s.operations) for s in sections(document)),
    }
