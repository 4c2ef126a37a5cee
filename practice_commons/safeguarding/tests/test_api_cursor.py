"""Safeguarding lists page with a cursor: the moderation queue answers ``next``; the
reporter's own list (a plain array, kept) gives the next cursor in a ``Link`` header.
Each report once, newest first; another person's cursor is refused."""

from urllib.parse import parse_qs, urlparse

import pytest
from django.test import Client

from practice_commons.core.tests.api_paging import refused_elsewhere, walk_pages

from .conftest import make_person

pytestmark = pytest.mark.django_db
URL = "/api/v1/reports"


def _report_five(client, org, headers):
    for _ in range(5):
        target = make_person(organisation=org)
        body = {"target": "accounts.user", "object_id": target.pk, "reason": "confidentiality"}
        response = client.post(URL, body, content_type="application/json", **headers)
        assert response.status_code == 201, response.content


def _bearer(api_token, user):
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token(user)}"}


def test_my_reports_page_through_the_link_header(practitioner, org, api_token, lead):
    client, headers = Client(), _bearer(api_token, practitioner)
    _report_five(client, org, headers)
    seen, url = [], f"{URL}?limit=2"
    while url:
        response = client.get(url, **headers)
        assert response.status_code == 200
        seen.append([r["id"] for r in response.json()])
        link = response.headers.get("Link")
        url = link[1 : link.index(">")] if link else None
    assert [len(p) for p in seen] == [2, 2, 1]
    ids = [i for p in seen for i in p]
    assert ids == [r["id"] for r in client.get(URL, **headers).json()]
    first = client.get(f"{URL}?limit=1", **headers).headers["Link"]
    cursor = parse_qs(urlparse(first[1 : first.index(">")]).query)["cursor"][0]
    theirs = client.get(f"{URL}?cursor={cursor}", **_bearer(api_token, lead))
    assert theirs.status_code == 400


def test_queue_pages(practitioner, org, api_token, host_admin):
    client = Client()
    _report_five(client, org, _bearer(api_token, practitioner))
    headers = _bearer(api_token, host_admin)
    pages = walk_pages(client, f"{URL}/queue", limit=2, headers=headers)
    assert [len(p) for p in pages] == [2, 2, 1]
    refused_elsewhere(client, f"{URL}/queue", f"{URL}/queue?status=closed", headers=headers)
