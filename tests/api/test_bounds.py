"""Every value the API takes is bounded in its OpenAPI document, so oversized or out-of-range
input is the validation 422 before any query, and clients can see the limits.

The walk covers every operation, including ones added later: a new list without bounded
paging, or a new body string without a maximum length, fails here.
"""

import pytest

PAGING = {"limit", "offset", "page", "page_size"}


@pytest.fixture(scope="module")
def document():
    from django.test import Client

    return Client().get("/api/v1/openapi.json").json()


def _operations(document):
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            yield f"{method.upper()} {path}", operation


def _resolve(document, schema):
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = document["components"]["schemas"][name]
    return schema


def unbounded(document, schema, where: str) -> list[str]:
    """The places in ``schema`` where a value has no upper bound."""
    schema = _resolve(document, schema)
    found = []
    for key in ("anyOf", "oneOf", "allOf"):
        for i, option in enumerate(schema.get(key, [])):
            found += unbounded(document, option, f"{where}|{i}")
    kind = schema.get("type")
    if "enum" in schema or "const" in schema or kind in {"boolean", "null", "integer", "number"}:
        return found
    if kind == "string" and "maxLength" not in schema and "format" not in schema:
        found.append(where)
    if kind == "array":
        if "maxItems" not in schema:
            found.append(f"{where}[]")
        found += unbounded(document, schema.get("items", {}), f"{where}[]")
    if kind == "object":
        for name, prop in schema.get("properties", {}).items():
            found += unbounded(document, prop, f"{where}.{name}")
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict):
            if "maxProperties" not in schema:
                found.append(f"{where}{{}}")
            found += unbounded(document, extra, f"{where}{{}}")
    return found


def test_every_paging_parameter_has_a_range(document):
    for label, operation in _operations(document):
        for parameter in operation.get("parameters", []):
            if parameter["name"] in PAGING:
                schema = _resolve(document, parameter["schema"])
                assert "maximum" in schema and "minimum" in schema, (label, parameter["name"])


def test_every_query_string_has_a_maximum_length(document):
    for label, operation in _operations(document):
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "query":
                where = f"{label} ?{parameter['name']}"
                assert not unbounded(document, parameter["schema"], where), where


def test_every_body_value_has_a_bound(document):
    missing = []
    for label, operation in _operations(document):
        body = operation.get("requestBody", {}).get("content", {}).get("application/json")
        if body:
            missing += unbounded(document, body["schema"], label)
    assert not missing, missing


def test_the_walk_finds_what_it_is_for(document):
    """The walk itself: an unbounded string, list or map is found."""
    assert unbounded(document, {"type": "string"}, "s") == ["s"]
    assert unbounded(document, {"type": "array", "items": {"type": "integer"}}, "a") == ["a[]"]
    assert unbounded(
        document, {"type": "object", "additionalProperties": {"type": "string"}}, "o"
    ) == ["o{}", "o{}"]
    assert not unbounded(document, {"type": "string", "maxLength": 5}, "s")
