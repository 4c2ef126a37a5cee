"""The OpenAPI document explains itself: every operation has a description beside its
summary, and every JSON request body has an example that its own schema accepts (so a
reader can copy it and send it); and no two schemas share a name, since django-ninja
names a component after its class and one would silently stand for the other."""

from collections import defaultdict

import jsonschema
import pytest
from ninja import Schema

from practice_commons.api.api import api


@pytest.fixture(scope="module")
def document():
    return api.get_openapi_schema()


def _operations(document):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            yield f"{method.upper()} {path}", operation


def test_every_operation_has_a_description(document):
    missing = [name for name, op in _operations(document) if not op.get("description", "").strip()]
    assert missing == [], "operations without a description (the view's docstring):\n" + "\n".join(
        missing
    )


def _json_body(operation):
    return operation.get("requestBody", {}).get("content", {}).get("application/json")


def test_every_json_body_has_an_example(document):
    missing = [
        name
        for name, op in _operations(document)
        if _json_body(op) is not None and "example" not in _json_body(op)
    ]
    assert missing == [], "JSON bodies without an example (core.api_schemas.example):\n" + (
        "\n".join(missing)
    )


def test_every_example_is_valid_for_its_schema(document):
    invalid = []
    for name, op in _operations(document):
        body = _json_body(op)
        if body is None or "example" not in body:
            continue
        schema = {**body["schema"], "components": document["components"]}
        try:
            jsonschema.validate(body["example"], schema)
        except jsonschema.ValidationError as error:
            invalid.append(f"{name}: {error.message}")
    assert invalid == [], "\n".join(invalid)


def _schema_classes(cls=Schema):
    for subclass in cls.__subclasses__():
        yield subclass
        yield from _schema_classes(subclass)


def test_no_two_schemas_share_a_name():
    modules = defaultdict(set)
    for cls in _schema_classes():
        if cls.__module__.startswith("practice_commons"):
            modules[cls.__name__].add(cls.__module__)
    shared = {name: sorted(found) for name, found in modules.items() if len(found) > 1}
    assert shared == {}, "rename one of each: the OpenAPI document keeps only one per name"
