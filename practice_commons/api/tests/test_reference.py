"""The API reference page: every operation of the OpenAPI document, for anyone, in the
site's own accessible page (no CDN)."""

import json
import re

import pytest
from django.test import Client
from django.utils.html import escape

from practice_commons.api.reference import type_of

pytestmark = pytest.mark.django_db

URL = "/api/reference/"


def operations_in(document) -> set[tuple[str, str]]:
    return {
        (method.upper(), path)
        for path, item in document["paths"].items()
        for method in item
        if method in {"get", "post", "put", "patch", "delete"}
    }


def test_every_operation_of_the_document_is_on_the_page_for_a_visitor():
    document = Client().get("/api/v1/openapi.json").json()
    response = Client().get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    shown = set(
        re.findall(
            r'<strong class="govuk-tag govuk-tag--grey">(\w+)</strong> <code>([^<]+)</code>', page
        )
    )
    assert shown == operations_in(document)
    for status in ("401", "403", "404", "422", "429"):
        assert f"<strong>{status}</strong>" in page
    assert "scope" in page and "Retry-After" in page  # the introduction, from the document
    assert 'id="schema-errorout"' in page
    # Nothing loaded from elsewhere: every script, stylesheet and image is the site's own.
    assert not re.findall(r'<(?:script|link|img)\b[^>]*\b(?:src|href)="(?:https?:)?//', page)


def test_descriptions_are_rendered_and_sanitised():
    page = Client().get(URL).content.decode()
    assert "<code>Authorization: Bearer &lt;token&gt;</code>" in page
    assert "<script>" not in page


def test_types_read_plainly():
    assert type_of({"type": "array", "items": {"$ref": "#/components/schemas/ThreadOut"}}) == (
        "list of ThreadOut"
    )
    assert type_of({"anyOf": [{"type": "string"}, {"type": "null"}]}) == "string (or null)"
    assert type_of({"type": "string", "enum": ["read", "write"]}) == "string: read, write"


def test_the_tokens_page_links_to_it(client, user):
    client.force_login(user)
    assert URL in client.get("/api/tokens/").content.decode()


def test_a_body_example_is_shown_as_indented_json_escaped():
    document = Client().get("/api/v1/openapi.json").json()
    body = document["paths"]["/api/v1/wellbeing/checkins"]["post"]["requestBody"]
    example = body["content"]["application/json"]["example"]
    page = Client().get(URL).content.decode()
    assert "Example body" in page
    assert escape(json.dumps(example, indent=2, ensure_ascii=False)) in page


def test_an_upload_lists_its_form_fields_and_file_not_a_json_body():
    page = Client().get(URL).content.decode()
    start = page.index("/api/v1/cpd/records/{record_id}/evidence/file</code>")
    operation = page[start : page.index("</section>", start)]
    assert "<code>label</code> (multipart/form-data, string, required)" in operation
    assert "<code>file</code> (multipart/form-data, file, required)" in operation
    assert "Body (JSON)" not in operation
