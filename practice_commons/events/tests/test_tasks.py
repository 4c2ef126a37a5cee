"""Background work: offers are timed for their deadline (by the service that made them,
and by the task that passed an offer on), and the modules run one way: services enqueue
tasks, tasks run jobs, and neither tasks nor what they run imports the services."""

import ast
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from practice_commons.events import services, tasks
from practice_commons.events.models import Registration, RegistrationStatus

pytestmark = pytest.mark.django_db

APP = Path(__file__).resolve().parent.parent


@pytest.fixture
def queued(monkeypatch):
    """Records each offer expiry queued for a deadline (as the task backend would)."""
    calls = []
    monkeypatch.setattr(tasks, "_queue_expiry", lambda pk, deadline: calls.append((pk, deadline)))
    return calls


def test_an_offer_made_by_a_cancellation_is_timed_for_its_deadline(
    make_event, people, queued, django_capture_on_commit_callbacks
):
    event = make_event(capacity=1)
    a, b = people(2)
    first = services.registration_create(actor=a, event=event)
    second = services.registration_create(actor=b, event=event)
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(actor=a, registration=first)
    second.refresh_from_db()
    assert queued == [(second.pk, second.offer_expires_at)]


def test_passing_an_offer_on_times_the_next_offer(
    make_event, people, queued, django_capture_on_commit_callbacks
):
    event = make_event(capacity=1)
    a, b, c = people(3)
    first = services.registration_create(actor=a, event=event)
    second = services.registration_create(actor=b, event=event)
    third = services.registration_create(actor=c, event=event)
    services.registration_cancel(actor=a, registration=first)
    Registration.objects.filter(pk=second.pk).update(
        offer_expires_at=timezone.now() - timedelta(minutes=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.expire_offer.call(second.pk) is True
    third.refresh_from_db()
    assert third.status == RegistrationStatus.OFFERED
    assert (third.pk, third.offer_expires_at) in queued


def _imported_modules(path: Path) -> set[str]:
    """Every module a file imports, with relative imports spelled from the app."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            base = "." * node.level + (node.module or "")
            names.add(base)
            names.update(
                f"{base}.{alias.name}" if node.module else base + alias.name for alias in node.names
            )
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


@pytest.mark.parametrize("module", ["tasks.py", "jobs.py", "waitlist.py", "notify.py"])
def test_background_work_never_imports_the_services(module):
    imported = _imported_modules(APP / module)
    assert not {
        name
        for name in imported
        if name in (".services", "practice_commons.events.services")
        or name.startswith((".services.", "practice_commons.events.services."))
    }, f"{module} imports the events services"


def test_services_are_free_of_http():
    for path in (APP / "services").glob("*.py"):
        assert not {n for n in _imported_modules(path) if n.startswith("django.http")}, path.name
