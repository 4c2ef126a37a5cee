"""Two different schemas with one name collapse into one entry in the OpenAPI document,
so one operation is documented with another's fields (and the generated client is
wrong). Every schema the API uses must have a name of its own."""

import typing
from collections import defaultdict

import pydantic


def _types(annotation) -> list:
    found = [annotation]
    for argument in typing.get_args(annotation) or ():
        found += _types(argument)
    return found


def _schemas_used():
    from practice_commons.api.api import api

    seen: dict[str, set[str]] = defaultdict(set)
    done: set[type] = set()

    def collect(model):
        if not (isinstance(model, type) and issubclass(model, pydantic.BaseModel)):
            return
        if model in done:
            return
        done.add(model)
        seen[model.__name__].add(f"{model.__module__}.{model.__qualname__}")
        for field in model.model_fields.values():
            for found in _types(field.annotation):
                collect(found)

    for _prefix, router in api._routers:
        for operations in router.path_operations.values():
            for operation in operations.operations:
                for model in operation.models or ():
                    collect(model)
                for response in (operation.response_models or {}).values():
                    for found in _types(response):
                        collect(found)
    return seen


def test_every_schema_name_is_used_by_one_schema_only():
    clashes = {name: sorted(where) for name, where in _schemas_used().items() if len(where) > 1}
    assert not clashes, f"Rename one of each: {clashes}"
