from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command

from practice_commons.notifications import scheduler, services
from practice_commons.notifications.kinds import NotificationKind

LONDON = ZoneInfo("Europe/London")


OWN_JOBS = {"daily-digest", "weekly-digest", "due-email-sweep"}


def test_schedule_has_its_own_three_jobs():
    jobs = {job_id: trigger for job_id, _func, trigger in scheduler.schedule()}
    assert set(jobs) >= OWN_JOBS
    sunday_noon = datetime(2025, 3, 16, 12, 0, tzinfo=LONDON)
    assert jobs["daily-digest"].get_next_fire_time(None, sunday_noon) == datetime(
        2025, 3, 17, 7, 0, tzinfo=LONDON
    )
    assert jobs["weekly-digest"].get_next_fire_time(None, sunday_noon) == datetime(
        2025, 3, 17, 7, 0, tzinfo=LONDON
    )
    assert jobs["due-email-sweep"].get_next_fire_time(None, sunday_noon) == datetime(
        2025, 3, 16, 12, 0, tzinfo=LONDON
    )
    # 07:00 London in summer too (BST).
    assert jobs["daily-digest"].get_next_fire_time(
        None, datetime(2025, 7, 1, 8, 0, tzinfo=LONDON)
    ) == datetime(2025, 7, 2, 7, 0, tzinfo=LONDON)


def test_build_scheduler_registers_jobs():
    built = scheduler.build_scheduler()
    registered = {job_id for job_id, _func, _trigger in scheduler.schedule()}
    assert {job.id for job in built.get_jobs()} == registered


def test_higher_apps_register_periodic_jobs(monkeypatch):
    calls = []
    monkeypatch.setattr(scheduler, "_registered_jobs", {})
    scheduler.register_job("nightly-purge", lambda: calls.append("ran"), hour=2, minute=30)
    jobs = {job_id: (func, trigger) for job_id, func, trigger in scheduler.schedule()}
    assert set(jobs) == OWN_JOBS | {"nightly-purge"}
    func, trigger = jobs["nightly-purge"]
    func()
    assert calls == ["ran"]
    # 02:30 UK time, on the clock people live by in summer too.
    assert trigger.get_next_fire_time(None, datetime(2025, 7, 1, 12, 0, tzinfo=LONDON)) == (
        datetime(2025, 7, 2, 2, 30, tzinfo=LONDON)
    )


def test_event_reminders_and_offer_expiry_are_scheduled():
    job_ids = {job_id for job_id, _func, _trigger in scheduler.schedule()}
    assert {"event-reminders", "event-offer-expiry"} <= job_ids


@pytest.mark.django_db
def test_jobs_only_enqueue(person, django_capture_on_commit_callbacks):
    services.notify(recipient=person, kind=NotificationKind.NEW_THREAD, title="New")
    with django_capture_on_commit_callbacks(execute=True):
        scheduler.enqueue_daily_digests()  # immediate backend in tests: runs now
    assert len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        scheduler.enqueue_weekly_digests()
        scheduler.enqueue_due_email_sweep()
    assert len(mail.outbox) == 1


def test_run_scheduler_list():
    out = StringIO()
    call_command("run_scheduler", "--list", stdout=out)
    assert "daily-digest" in out.getvalue() and "due-email-sweep" in out.getvalue()


def test_run_scheduler_starts_and_stops(monkeypatch):
    started = {}

    def fake_start(self, *args, **kwargs):
        started["jobs"] = [job.id for job in self.get_jobs()]
        raise KeyboardInterrupt

    monkeypatch.setattr("apscheduler.schedulers.blocking.BlockingScheduler.start", fake_start)
    out = StringIO()
    call_command("run_scheduler", stdout=out)
    assert set(started["jobs"]) == {job_id for job_id, _func, _trigger in scheduler.schedule()}
    assert set(started["jobs"]) >= OWN_JOBS


@pytest.mark.django_db
def test_send_digests_command(person, django_capture_on_commit_callbacks):
    services.notify(recipient=person, kind=NotificationKind.NEW_THREAD, title="New")
    out = StringIO()
    call_command("send_digests", "--period", "daily", "--now", stdout=out)
    assert "Sent 1 daily digests." in out.getvalue()
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digests", "--period", "weekly", stdout=out)
    assert "Queued the weekly digests." in out.getvalue()


@pytest.mark.django_db
def test_send_due_emails_command():
    out = StringIO()
    call_command("send_due_emails", stdout=out)
    assert "Queued 0 emails." in out.getvalue()
