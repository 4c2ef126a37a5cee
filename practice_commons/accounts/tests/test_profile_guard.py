"""A profile write the guard blocks leaves no trace: no row, audit entry, task or log line."""

import logging

import pytest

from practice_commons.accounts.models import AuditEvent, ExpertiseTag, Profession, User
from practice_commons.confidentiality.testing import IDENTIFYING_TEXT, SECRETS


@pytest.mark.django_db
def test_blocked_profile_write_leaves_no_trace(client, caplog, django_capture_on_commit_callbacks):
    caplog.set_level(logging.DEBUG)
    user = User.objects.create_user(
        email="sam@example.org", password="x" * 12, full_name="Sam Patel"
    )
    profession = Profession.objects.get_or_create(
        slug="social-worker", defaults={"name": "Social worker"}
    )[0]
    client.force_login(user)
    audit_before = AuditEvent.objects.count()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(
            "/profile/edit/",
            {
                "full_name": "Sam Patel",
                "profession": profession.pk,
                "nation": "england",
                "regulator": "none",
                "host_membership": "non_member",
                "language": "en-gb",
                "bio": IDENTIFYING_TEXT,
                "expertise_text": "neglect",
            },
        )
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.bio == ""
    assert not ExpertiseTag.objects.exists()
    assert AuditEvent.objects.count() == audit_before
    assert not callbacks  # no task or email queued
    for record in caplog.records:
        line = record.getMessage() + str(record.args or "") + str(record.exc_info or "")
        assert not any(secret in line for secret in SECRETS), line
    assert not any(secret in caplog.text for secret in SECRETS)
