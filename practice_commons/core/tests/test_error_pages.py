"""Error pages in the product's layout, and JSON for every error under /api/."""

import json

import pytest
from django.test import Client, RequestFactory

from practice_commons.core import error_views

pytestmark = pytest.mark.django_db


def test_404_page_uses_the_layout_and_offers_a_next_step(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page
    assert 'href="/communities/"' in page
    assert "govuk-skip-link" in page  # the product's layout, not a bare page


def test_api_paths_answer_json_even_when_no_route_matches(client):
    for path in ("/api/v1/threads/abc/replies", "/api/v1/nothing-here", "/api/unknown/"):
        response = client.post(path, data="{}", content_type="application/json")
        assert response.status_code == 404, path
        assert response["Content-Type"] == "application/json"
        assert response.json()["detail"] == "Not found."


def test_403_page_says_what_happened(client, user):
    request = RequestFactory().get("/somewhere/")
    request.user = user
    response = error_views.permission_denied(request, PermissionError("Only facilitators can."))
    assert response.status_code == 403
    page = response.content.decode()
    assert "You cannot do that" in page and "Only facilitators can." in page


def test_403_under_api_is_json():
    request = RequestFactory().get("/api/v1/reports/queue")
    response = error_views.permission_denied(request, None)
    assert response.status_code == 403
    assert json.loads(response.content) == {"detail": "Permission denied."}


def test_csrf_failure_explains_and_stores_nothing(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post("/profile/edit/", {"full_name": "Changed"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Your form could not be sent" in page and "Nothing you sent was saved" in page
    user.refresh_from_db()
    assert user.full_name != "Changed"


def test_500_page_renders_without_a_request_context():
    response = error_views.server_error(RequestFactory().get("/events/"))
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()
    api = error_views.server_error(RequestFactory().get("/api/v1/events"))
    assert api.status_code == 500 and api["Content-Type"] == "application/json"
