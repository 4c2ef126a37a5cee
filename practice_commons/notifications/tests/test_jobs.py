import grimp
import pytest

from practice_commons.notifications import jobs, tasks

APP = "practice_commons.notifications"


def test_services_never_import_tasks():
    """Tasks sit above services; services queue work through ``jobs`` only."""
    graph = grimp.build_graph("practice_commons", cache_dir=None)
    assert not graph.chain_exists(
        importer=f"{APP}.services", imported=f"{APP}.tasks", as_packages=True
    )
    assert not graph.chain_exists(importer=f"{APP}.jobs", imported=f"{APP}.services")
    assert graph.direct_import_exists(importer=f"{APP}.tasks", imported=f"{APP}.services")


def test_tasks_are_bound_when_the_app_is_ready():
    assert jobs._bound.send_notification_emails is tasks.send_notification_emails
    assert jobs._bound.send_digest_batch is tasks.send_digest_batch
    assert jobs._bound.deliver_newsletter is tasks.deliver_newsletter
    assert jobs._bound.send_address_emails is tasks.send_address_emails


def test_queueing_before_the_tasks_are_bound_fails_loudly(monkeypatch):
    monkeypatch.setattr(jobs, "_bound", jobs._Bound())
    with pytest.raises(RuntimeError, match="not bound"):
        jobs.enqueue_newsletter_delivery(newsletter_id=1)
    with pytest.raises(RuntimeError, match="not bound"):
        jobs.email_sends_can_wait()
    with pytest.raises(RuntimeError, match="not bound"):
        jobs.enqueue_address_emails("communities.invitation", [1])
