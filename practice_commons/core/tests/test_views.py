import pytest
from django.db import DatabaseError
from django.urls import reverse

from practice_commons.core import health

pytestmark = pytest.mark.django_db


class TestHome:
    def test_visitor_sees_what_the_platform_is_and_how_to_join(self, client):
        response = client.get(reverse("core:home"))
        assert response.status_code == 200
        page = response.content.decode()
        assert "Learn from each other, across agencies" in page
        assert reverse("account_signup") in page
        assert reverse("account_login") in page

    def test_signed_in_person_gets_their_work_queue_at_home(self, client, user):
        client.force_login(user)
        page = client.get(reverse("core:home")).content.decode()
        assert f"Welcome, {user.display_name}" in page
        assert "What needs you today" in page
        assert "Create an account" not in page
        assert "Learn from each other, across agencies" not in page

    @pytest.mark.parametrize("name", ["core:accessibility", "core:privacy"])
    def test_static_pages_render(self, client, name):
        assert client.get(reverse(name)).status_code == 200


class TestDashboard:
    def test_requires_sign_in(self, client):
        response = client.get(reverse("core:dashboard"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))

    def test_greets_the_person(self, client, user):
        client.force_login(user)
        response = client.get(reverse("core:dashboard"))
        assert response.status_code == 200
        assert f"Welcome, {user.display_name}" in response.content.decode()

    def test_is_the_same_work_queue_as_the_home_page(self, client, user):
        client.force_login(user)
        dashboard = client.get(reverse("core:dashboard"))
        home = client.get(reverse("core:home"))
        assert dashboard.templates[0].name == home.templates[0].name == "core/dashboard.html"

    def test_prompts_for_an_incomplete_profile(self, client, django_user_model):
        person = django_user_model.objects.create_user("new@example.org", "pw-unused-here")
        client.force_login(person)
        page = client.get(reverse("core:dashboard")).content.decode()
        assert "Complete your profile" in page


class TestHealthz:
    url = reverse("core:healthz")

    def test_ok_when_database_and_tasks_answer(self, client):
        response = client.get(self.url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"
        assert response.json() == {"status": "ok", "database": "ok", "tasks": "ok"}
        assert "no-cache" in response["Cache-Control"]

    def test_503_when_the_database_check_fails(self, client, monkeypatch):
        def broken():
            raise DatabaseError("connection refused")

        monkeypatch.setattr(health, "check_database", broken)
        response = client.get(self.url)
        assert response.status_code == 503
        body = response.json()
        assert body["status"] == "error"
        assert body["database"] == "error: DatabaseError"
        assert body["tasks"] == "ok"
        assert "connection refused" not in response.content.decode()

    def test_503_when_the_task_backend_fails(self, client, monkeypatch):
        def broken():
            raise ConnectionError("redis down")

        monkeypatch.setattr(health, "check_task_backend", broken)
        response = client.get(self.url)
        assert response.status_code == 503
        assert response.json()["tasks"] == "error: ConnectionError"

    def test_database_task_backend_is_checked(self, settings):
        settings.TASKS = {
            "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
        }
        assert health.check_task_backend() == "ok"

    def test_only_get(self, client):
        assert client.post(self.url).status_code == 405
