"""The retention rule: the presenter's issue, summary and actions are deleted
``REFLECTION_RETENTION_DAYS`` after the session ends, by the scheduled task (and its
management command); private notes stay with their authors."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from practice_commons.events.models import Event
from practice_commons.reflection import services, tasks
from practice_commons.reflection.models import ActionCommitment, PrivateNote

from .conftest import run_to_checkout

pytestmark = pytest.mark.django_db


@pytest.fixture
def finished(opened, facilitator, group):
    services.issue_summary_save(
        actor=group["presenter"], session=opened, text="What holding uncertainty costs me."
    )
    services.presenter_summary_save(
        actor=group["presenter"], session=opened, text="We share the pull to rescue."
    )
    services.action_add(actor=group["presenter"], session=opened, text="Book supervision.")
    services.private_note_add(actor=group["ana"], session=opened, body="My own learning.")
    services.private_note_add(actor=group["presenter"], session=opened, body="Mine too.")
    session = run_to_checkout(opened, facilitator)
    return services.session_close(actor=facilitator, session=session)


def _ended_days_ago(session, days):
    end = timezone.now() - timedelta(days=days)
    Event.objects.filter(pk=session.event_id).update(
        starts_at=end - timedelta(hours=1), ends_at=end
    )


def test_material_is_kept_within_the_retention_period(finished, settings):
    settings.REFLECTION_RETENTION_DAYS = 90
    _ended_days_ago(finished, 89)
    assert services.material_purge_due() == 0
    finished.refresh_from_db()
    assert finished.presenter_summary and finished.issue_summary
    assert ActionCommitment.objects.count() == 1


def test_material_is_deleted_after_it_and_notes_stay(finished, settings):
    settings.REFLECTION_RETENTION_DAYS = 90
    _ended_days_ago(finished, 91)
    assert services.material_purge_due() == 1
    finished.refresh_from_db()
    assert finished.presenter_summary == "" and finished.issue_summary == ""
    assert finished.material_purged_at is not None
    assert not ActionCommitment.objects.exists()
    assert sorted(PrivateNote.objects.values_list("body", flat=True)) == [
        "Mine too.",
        "My own learning.",
    ]
    # Idempotent: nothing more to do.
    assert services.material_purge_due() == 0


def test_the_host_sets_the_period(finished, settings):
    settings.REFLECTION_RETENTION_DAYS = 7
    _ended_days_ago(finished, 8)
    assert services.material_purge_due() == 1


def test_purged_material_cannot_be_written_again(finished, group, settings):
    settings.REFLECTION_RETENTION_DAYS = 1
    _ended_days_ago(finished, 2)
    services.material_purge_due()
    with pytest.raises(services.SessionRefused):
        services.presenter_summary_save(actor=group["presenter"], session=finished, text="Again")


def test_the_task_and_the_command_purge(finished, settings):
    settings.REFLECTION_RETENTION_DAYS = 90
    _ended_days_ago(finished, 100)
    result = tasks.purge_reflection_material.enqueue()
    assert result.return_value == 1
    out = StringIO()
    call_command("purge_reflection_material", stdout=out)
    assert "Purged the material of 0 session(s) older than 90 days." in out.getvalue()


def test_the_command_can_enqueue(settings):
    out = StringIO()
    call_command("purge_reflection_material", "--enqueue", stdout=out)
    assert "Queued" in out.getvalue()


def test_purge_in_batches(make_session, settings):
    settings.REFLECTION_RETENTION_DAYS = 1
    sessions = [make_session(in_minutes=60 * (i + 2)) for i in range(5)]
    for session in sessions:
        _ended_days_ago(session, 3)
    assert services.material_purge_due(batch_size=2) == 5


def test_retention_purge_runs_nightly_on_the_scheduler():
    from practice_commons.notifications import scheduler

    jobs = {job_id: trigger for job_id, _func, trigger in scheduler.schedule()}
    assert "reflection-retention" in jobs
    assert "hour='2'" in str(jobs["reflection-retention"])
