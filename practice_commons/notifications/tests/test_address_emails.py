"""The sender of emails to addresses (invitations). Its deliveries, retries and the
tokens they carry are tested with the apps that register their invitations
(``communities/tests/test_invitations.py``, ``events/tests/test_invitations.py``):
this app cannot import them."""

import logging

import pytest
from django.core import mail

from practice_commons.accounts.models import User
from practice_commons.notifications import services, tasks
from practice_commons.notifications.services import address_emails

pytestmark = pytest.mark.django_db


def test_only_invitation_models_can_be_registered():
    with pytest.raises(TypeError):
        services.register_address_email(User, build=lambda row: None)


def test_an_unregistered_kind_is_skipped_and_logged(caplog):
    with caplog.at_level(logging.ERROR):
        outcome = services.address_email_send(model_label="nowhere.invitation", object_id=1)
    assert outcome == "skipped" and mail.outbox == []
    assert "No address email is registered for nowhere.invitation" in caplog.text


def test_the_sweep_covers_address_emails(monkeypatch):
    monkeypatch.setattr(services, "due_emails_enqueue", lambda: 2)
    monkeypatch.setattr(services, "due_address_emails_enqueue", lambda: 3)
    assert tasks.send_due_emails.call() == 5


def test_invitation_models_register_themselves():
    assert {"communities.invitation", "events.eventinvitation"} <= set(address_emails._senders)
