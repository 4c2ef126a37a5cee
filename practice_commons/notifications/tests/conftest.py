import itertools
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from practice_commons.accounts.models import User
from practice_commons.notifications.models import NotificationSettings

LONDON = ZoneInfo("Europe/London")
_counter = itertools.count()


@pytest.fixture
def make_person(db):
    """People with quiet hours off unless asked, so email timing does not depend on
    when the suite runs; quiet-hours tests fix the clock with ``freeze_now``."""

    def make(*, quiet_hours=False, **fields):
        n = next(_counter)
        fields.setdefault("email", f"person{n}@example.org")
        fields.setdefault("full_name", f"Person {n}")
        user = User.objects.create_user(password="a-long-test-password", **fields)
        if not quiet_hours:
            NotificationSettings.objects.create(user=user, quiet_hours_enabled=False)
        return user

    return make


@pytest.fixture
def person(make_person):
    return make_person()


@pytest.fixture
def other_person(make_person):
    return make_person()


@pytest.fixture
def freeze_now(monkeypatch):
    """Fix ``django.utils.timezone.now`` (what services read) at a London wall time."""

    def freeze(*args):
        moment = datetime(*args, tzinfo=LONDON)
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    return freeze


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run on-commit work (task enqueues) as it would run after a real commit."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


# --- Web Push -----------------------------------------------------------------------------


@pytest.fixture
def vapid_keys(settings):
    """Push switched on with a fresh key pair; http push addresses on 127.0.0.1 allowed."""
    from .push_service import switch_push_on

    return switch_push_on(settings)


@pytest.fixture
def push_service():
    from .push_service import PushService

    service = PushService().start()
    yield service
    service.stop()


@pytest.fixture
def browser():
    from .push_service import Browser

    return Browser()
