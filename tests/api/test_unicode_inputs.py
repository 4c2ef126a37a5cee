"""Any Unicode in any text a person can send is refused (4xx) or stored, never a 500.

Generated text (fixed seed, bounded examples) mixes ordinary characters from every
plane with the ones that break things: control characters, format characters (U+202E
right-to-left override, U+200B zero-width space, joiners), line and paragraph
separators, combining marks, noncharacters and unpaired surrogates.

1. The API. Every write operation in the OpenAPI document, found by walking it (a new
   operation joins by existing): each string property of its body, and each list of
   strings, gets either an ordinary value or generated text; the body is sent as JSON
   with surrogates escaped (``"\\ud800"``), as a client may.
2. The pages. Every page that renders a form which writes (the pages the guard test
   visits, ``tests/test_guard_everywhere.PAGE_CASES``, one a form view) is opened as
   someone allowed to use it; each of its POST forms is submitted with generated text in
   its text, textarea and hidden controls, URL-encoded as a browser would, surrogates as
   the bytes a broken client could send (invalid UTF-8).
"""

import json
from datetime import timedelta
from functools import cache
from urllib.parse import urlencode, urljoin

import pytest
import test_guard_everywhere as guard_catalogue
from django.test import Client
from django.urls import resolve
from django.utils import timezone
from guard_everywhere import pages
from guard_everywhere.world import World
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

WRITE_METHODS = ("post", "put", "patch", "delete")
API_EXAMPLES = 20
FORM_EXAMPLES = 6

AWKWARD = [
    "\u202e",  # right-to-left override
    "\u202d",
    "\u2066",  # left-to-right isolate
    "\u200b",  # zero-width space
    "\u200d",  # zero-width joiner
    "\ufeff",  # byte order mark
    "\u00ad",  # soft hyphen
    "\u0000",
    "\u0007",
    "\u001b",
    "\u007f",
    "\u0085",  # next line
    "\u2028",  # line separator
    "\u2029",  # paragraph separator
    "\r\n",
    "\t",
    "\u00a0",
    "e\u0301",  # combining acute accent
    "\u0345\u0345\u0345",
    "\ufffe",
    "\uffff",
    "\U0010ffff",
    "\U0001f469\u200d\U0001f4bb",
    "\ud800",  # unpaired surrogates
    "\udfff",
    "\udbff\udbff",
    "%00",
    "' OR 1=1 --",
    "{{ 7*7 }}",
    "<script>",
]

unicode_text = st.lists(
    st.one_of(
        st.sampled_from(AWKWARD),
        st.text(st.characters(exclude_categories=()), max_size=6),
    ),
    max_size=8,
).map("".join)

SETTINGS = {
    "derandomize": True,
    "deadline": None,
    "database": None,
    "suppress_health_check": list(HealthCheck),
}


# --- 1. The API ------------------------------------------------------------------------

# Ordinary values for properties that must be a choice for the text beside them to
# reach the service.
ORDINARY = {
    "kind": "joint_training",
    "format": "online",
    "target": "accounts.user",
    "reason": "harassment",
    "action": "acknowledge",
    "emails": ["guest@example.org"],
    "contact_email": "contact@example.org",
    "online_url": "https://meet.example.org/room",
}


@cache
def openapi_document() -> dict:
    from practice_commons.api.api import api

    return json.loads(json.dumps(api.get_openapi_schema(), default=str))


def _resolve(schema: dict) -> dict:
    components = openapi_document()["components"]["schemas"]
    while "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    for option in schema.get("anyOf", []):
        option = _resolve(option)
        if option.get("type") != "null":
            return option
    return schema


def _ordinary_value(name: str, schema: dict, ordinary: dict):
    """A value the property accepts, so a body fails (if at all) on the generated text."""
    resolved = _resolve(schema)
    if "enum" in resolved:
        return resolved["enum"][0]
    if name in ordinary:
        return ordinary[name]
    if "default" in schema:
        return schema["default"]
    if any(option.get("type") == "null" for option in schema.get("anyOf", [])):
        return None
    schema = resolved
    kind = schema.get("type")
    if schema.get("format") == "date-time":
        return (timezone.now() + timedelta(days=30)).isoformat()
    if kind == "string":
        return "An ordinary answer"
    if kind in {"integer", "number"}:
        return max(schema.get("minimum", 1), 1)
    if kind == "boolean":
        return False
    if kind == "array":
        return []
    if kind == "object":
        return {}
    return None


def _is_free_string(schema: dict) -> bool:
    schema = _resolve(schema)
    return schema.get("type") == "string" and "enum" not in schema and "format" not in schema


def body_strategy(schema: dict, ordinary_values: dict):
    """The body: every property ordinary, except strings (and lists of strings), which
    are ordinary or generated text."""
    schema = _resolve(schema)
    fields = {}
    for name, prop in schema.get("properties", {}).items():
        ordinary = _ordinary_value(name, prop, ordinary_values)
        resolved = _resolve(prop)
        if _is_free_string(resolved):
            fields[name] = st.one_of(st.just(ordinary), unicode_text)
        elif resolved.get("type") == "array" and _is_free_string(resolved.get("items", {})):
            fields[name] = st.one_of(st.just(ordinary), st.lists(unicode_text, max_size=3))
        else:
            fields[name] = st.just(ordinary)
    return st.fixed_dictionaries(fields)


def api_writes() -> list[tuple[str, str, dict]]:
    found = []
    for path, operations in openapi_document()["paths"].items():
        for method, operation in operations.items():
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if method in WRITE_METHODS and body:
                found.append((method, path, body["schema"]))
    return found


def _url(path: str, path_values: dict) -> str:
    for name, value in path_values.items():
        path = path.replace("{" + name + "}", str(value))
    return path.replace("{", "").replace("}", "") if "{" in path else path


@pytest.mark.parametrize(
    ("method", "path", "schema"),
    api_writes(),
    ids=[f"{m.upper()} {p}" for m, p, _s in api_writes()],
)
def test_api_writes_refuse_or_store_any_unicode(method, path, schema, api_world):
    client = Client(headers=api_world.headers)
    url = _url(path, {**api_world.path_values, "invitation_id": 1})

    starts = timezone.now() + timedelta(days=30)
    ordinary = {
        **ORDINARY,
        "community": api_world.path_values["slug"],
        "starts_at": starts.isoformat(),
        "ends_at": (starts + timedelta(hours=2)).isoformat(),
    }

    @given(body=body_strategy(schema, ordinary))
    @settings(max_examples=API_EXAMPLES, **SETTINGS)
    def send(body):
        raw = json.dumps(body)  # ASCII, so an unpaired surrogate travels as "\ud800"
        response = client.generic(method.upper(), url, raw, content_type="application/json")
        assert response.status_code < 500, (method, url, raw[:300], response.content[:300])
        if response.status_code != 204:
            assert response["Content-Type"].startswith("application/json"), response.content

    send()


def test_the_api_walk_finds_the_writes():
    labels = {f"{m} {p}" for m, p, _s in api_writes()}
    assert "post /api/v1/threads/{thread_id}/replies" in labels
    assert "post /api/v1/reflection/sessions/{session_id}/notes" in labels
    assert "post /api/v1/communities" in labels


# --- 2. The pages ----------------------------------------------------------------------


def form_pages() -> list:
    """One page case a form view (the view its form posts to)."""
    seen, cases = set(), []
    for case in guard_catalogue.PAGE_CASES:
        if case.posts_to not in seen:
            seen.add(case.posts_to)
            cases.append(case)
    return cases


def _fuzzable(control) -> bool:
    if control.name == "csrfmiddlewaretoken":
        return False
    return control.tag == "textarea" or (
        control.tag == "input" and control.type in {"text", "search", "hidden", "", "email"}
    )


def _form_body(data: dict[str, list[str]]) -> bytes:
    """URL-encoded as a browser would, but an unpaired surrogate goes as the bytes it
    would have in UTF-8 if it were allowed (%ED%A0%80), which no valid UTF-8 has."""
    return urlencode(data, doseq=True, encoding="utf-8", errors="surrogatepass").encode()


@pytest.mark.parametrize("case", form_pages(), ids=lambda case: case.posts_to)
def test_forms_refuse_or_store_any_unicode(case, client):
    world = World()
    url = case.url(world)
    extra = case.data(world)
    client.force_login(getattr(world, case.user))
    page = client.get(url)
    assert page.status_code == 200, f"GET {url} answered {page.status_code}"
    forms = [f for f in pages.post_forms(page.content.decode()) if any(map(_fuzzable, f.controls))]
    assert forms, f"{url} shows no POST form to try"
    for form in forms:
        action = urljoin(url, form.action) if form.action else url
        resolve(action.split("?")[0])  # a form that posts nowhere is a bug of its own
        data = form.defaults()
        button = next(((b.name, b.value) for b in form.submit_buttons() if b.name), None)
        if button:
            data[button[0]] = [button[1]]
        for key, value in extra.items():
            if key in form.names:
                data[key] = value if isinstance(value, list) else [value]
        _fuzz_form(client, action, data, [c.name for c in form.controls if _fuzzable(c)])


def _fuzz_form(client, action: str, data: dict[str, list[str]], names: list[str]) -> None:
    texts = st.fixed_dictionaries(
        {name: st.one_of(st.just(data.get(name, [""])[0]), unicode_text) for name in names}
    )

    @given(texts=texts)
    @settings(max_examples=FORM_EXAMPLES, **SETTINGS)
    def send(texts):
        body = _form_body({**data, **{k: [v] for k, v in texts.items()}})
        response = client.post(action, body, content_type="application/x-www-form-urlencoded")
        assert response.status_code < 500, (action, body[:300])

    send()
