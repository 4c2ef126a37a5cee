"""Checks behind /healthz: can we reach the database and the task backend?"""

from django.conf import settings
from django.db import connection


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def check_task_backend() -> str:
    backend = settings.TASKS["default"]["BACKEND"]
    if backend.startswith("django_tasks_rq"):
        import django_rq

        django_rq.get_connection("default").ping()
    elif backend.startswith("django_tasks_db"):
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.exists()
    return "ok"


def run_checks() -> dict[str, str]:
    results = {}
    for name, check in (("database", check_database), ("tasks", check_task_backend)):
        try:
            results[name] = check()
        except Exception as exc:  # noqa: BLE001 - a health check reports, it does not raise
            results[name] = f"error: {type(exc).__name__}"
    return results
