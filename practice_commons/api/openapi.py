"""Every status an operation can return is in the OpenAPI document.

Routers declare what is particular to each operation (200, 201, a 409 with a reason…).
The answers that come from the API's shared machinery are added here, once:

- 401 for operations that need a token, 403 (a permission refused by a service, or a
  token whose scope is too narrow) and 429 (the token's rate limit, with
  ``Retry-After``);
- 404 where the path, a parameter or the body names an object that does not exist or is
  not visible to the caller (every operation may: a body can name a parent community);
- 400 wherever input is taken (a body that cannot be parsed or holds an unpaired
  surrogate, or a service's ``ValidationError`` about a value) and 409 for writes
  (``core.errors.Conflict``);
- 422 wherever input is validated: the validation body ``{"detail": [...]}`` (a missing
  or mistyped value, text over its length, a paging parameter out of its range), or,
  where the operation stores text, either that or the confidentiality guard's body.

A JSON request body whose schema has examples (``core.api_schemas.example``) shows the
first as the body's ``example``, where tools and the reference page look for it.
"""

from practice_commons.core.api_schemas import ErrorOut, ValidationErrorOut

COMPONENTS = "#/components/schemas/{model}"
ERROR_REF = "#/components/schemas/ErrorOut"
GUARD_REF = "#/components/schemas/GuardErrorOut"
VALIDATION_REF = "#/components/schemas/ValidationErrorOut"
WRITE_METHODS = {"post", "put", "patch", "delete"}

DESCRIPTIONS = {
    "400": "The body cannot be parsed, or the values were refused (field → messages).",
    "401": "No valid token: send `Authorization: Bearer <token>`.",
    "403": "You may not do this, or your token's scope does not allow it.",
    "404": "Not found, or not visible to you.",
    "409": "Not possible in the object's current state.",
    "429": "Too many requests with this token: wait the seconds in `Retry-After`.",
    "422": "Invalid input, or (for text) refused by the confidentiality guard.",
}


def _response(ref_or_refs) -> dict:
    refs = ref_or_refs if isinstance(ref_or_refs, list) else [ref_or_refs]
    schema = {"$ref": refs[0]} if len(refs) == 1 else {"oneOf": [{"$ref": r} for r in refs]}
    return {"content": {"application/json": {"schema": schema}}}


def _refs_of(response: dict) -> list[str]:
    schema = response.get("content", {}).get("application/json", {}).get("schema", {})
    return [s["$ref"] for s in schema.get("oneOf", [schema]) if "$ref" in s]


def _complete_operation(path: str, method: str, operation: dict) -> None:
    responses = {str(status): body for status, body in operation.get("responses", {}).items()}
    operation["responses"] = responses
    wanted = {}
    if operation.get("security"):
        wanted["401"] = ERROR_REF
        wanted["403"] = ERROR_REF
        wanted["429"] = ERROR_REF
    wanted["404"] = ERROR_REF
    takes_input = bool(operation.get("parameters")) or "requestBody" in operation
    if takes_input:
        wanted["400"] = ERROR_REF
    if method in WRITE_METHODS:
        wanted["409"] = ERROR_REF
    if takes_input:
        wanted["422"] = VALIDATION_REF
    for status, ref in wanted.items():
        if status not in responses:
            responses[status] = {"description": DESCRIPTIONS[status], **_response(ref)}
    guard = responses.get("422")
    if guard and GUARD_REF in _refs_of(guard) and VALIDATION_REF not in _refs_of(guard):
        guard.update(_response([GUARD_REF, VALIDATION_REF]))
        guard["description"] = DESCRIPTIONS["422"]


def _add_body_example(operation: dict, components: dict) -> None:
    media = operation.get("requestBody", {}).get("content", {}).get("application/json")
    ref = (media or {}).get("schema", {}).get("$ref", "")
    examples = components.get(ref.rsplit("/", 1)[-1], {}).get("examples")
    if examples:
        media["example"] = examples[0]


def _add_component(components: dict, schema_class) -> None:
    """``schema_class`` (and the schemas it nests) as components, unless already there."""
    schema = schema_class.model_json_schema(ref_template=COMPONENTS)
    for name, nested in schema.pop("$defs", {}).items():
        components.setdefault(name, nested)
    components.setdefault(schema_class.__name__, schema)


def complete_responses(schema: dict) -> dict:
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    _add_component(components, ErrorOut)
    _add_component(components, ValidationErrorOut)
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            if isinstance(operation, dict) and method in WRITE_METHODS | {"get"}:
                _complete_operation(path, method, operation)
                _add_body_example(operation, components)
    return schema
