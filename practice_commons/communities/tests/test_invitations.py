"""Invitations end to end: the link's token stored only as a digest, its lifetime from the
settings, resending, delivery that retries, and who may invite, resend and withdraw."""

import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks.signals import task_enqueued

from practice_commons.accounts.invitations import hash_token
from practice_commons.accounts.models import AuditEvent
from practice_commons.accounts.tests.factories import UserFactory
from practice_commons.communities import selectors, services
from practice_commons.communities.models import Invitation
from practice_commons.core.errors import Conflict
from practice_commons.notifications import services as notification_services
from practice_commons.notifications.models import Notification
from practice_commons.notifications.services import MAX_EMAIL_ATTEMPTS

from .factories import ROLES, assert_not_stored, link_in, make_community
from .test_selectors import READ_MATRIX
from .test_views import MODERATORS, expected_status

pytestmark = pytest.mark.django_db


def owner_of(community):
    return community.memberships.get(role="owner").user


def token_of(link: str) -> str:
    return link.rstrip("/").rsplit("/", 1)[-1]


@pytest.fixture
def queued():
    """The tasks queued while the test runs: (task path, args, kwargs)."""
    calls = []

    def record(sender, task_result, **kwargs):
        calls.append((task_result.task.module_path, task_result.args, task_result.kwargs))

    task_enqueued.connect(record)
    yield calls
    task_enqueued.disconnect(record)


def test_the_link_is_emailed_and_stored_only_as_a_digest(
    community, queued, caplog, django_capture_on_commit_callbacks, client_for
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_create(
            actor=owner_of(community), community=community, email="new@example.org"
        )
    [message] = mail.outbox
    link = link_in(message)
    token = token_of(link)
    invitation.refresh_from_db()
    assert invitation.token_digest == hash_token(token) != token
    assert invitation.delivery == "sent" and invitation.sent_at is not None
    assert_not_stored(token)
    sends = [call for call in queued if call[0].endswith("send_address_emails")]
    assert [args for _path, args, _kwargs in sends] == [["communities.invitation", [invitation.pk]]]
    assert token not in repr(queued), "the task is given ids, never the token"
    assert token not in caplog.text, "nor is it logged"
    # The same link works every time it is opened (it no longer changes every second).
    for _ in range(2):
        assert client_for(None).get(link).status_code == 200


def test_a_registered_invitee_is_pointed_at_the_invitation_without_its_link(
    private_community, django_capture_on_commit_callbacks
):
    invitee = UserFactory(email="invitee@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_create(
            actor=owner_of(private_community), community=private_community, email=invitee.email
        )
    # The invitation email with its link (the notification may also be emailed).
    [message] = [m for m in mail.outbox if "To read the group rules and join" in m.body]
    note = Notification.objects.get(recipient=invitee, kind="invitation")
    assert (
        note.url
        == invitation.get_absolute_url()
        == f"/communities/invitations/yours/{invitation.pk}/"
    )
    assert_not_stored(token_of(link_in(message)))


@override_settings(INVITATION_LIFETIME_DAYS=3)
def test_the_lifetime_comes_from_the_setting(
    community, client_for, django_capture_on_commit_callbacks
):
    owner = owner_of(community)
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_create(
            actor=owner, community=community, email="new@example.org"
        )
    left = invitation.expires_at - timezone.now()
    assert timedelta(days=2, hours=23) < left <= timedelta(days=3)
    assert timezone.localtime(invitation.expires_at).strftime("%-d %B %Y") in mail.outbox[0].body
    page = client_for(owner).get(reverse("communities:invitations", args=[community.slug]))
    assert "a link that works for 3 days" in page.content.decode()
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    services.invitation_resend(actor=owner, invitation=invitation)
    invitation.refresh_from_db()
    assert timedelta(days=2, hours=23) < invitation.expires_at - timezone.now() <= timedelta(days=3)


def test_resend_sends_a_new_link_and_the_old_one_stops_working(
    community, client_for, django_capture_on_commit_callbacks
):
    owner = owner_of(community)
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_create(
            actor=owner, community=community, email="new@example.org"
        )
    old = link_in(mail.outbox[0])
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() + timedelta(hours=1)
    )
    client = client_for(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("communities:invitation_resend", args=[community.slug, invitation.pk])
        )
    assert response.status_code == 302
    assert "A new link was sent" in client.get(response.url).content.decode()
    new = link_in(mail.outbox[1])
    assert new != old and mail.outbox[1].to == ["new@example.org"]
    assert client_for(None).get(old).status_code == 404
    assert client_for(None).get(new).status_code == 200
    invitation.refresh_from_db()
    assert invitation.expires_at - timezone.now() > timedelta(days=6, hours=23)
    assert AuditEvent.objects.filter(action="community.invitation_resend").count() == 1
    assert_not_stored(token_of(new))


def test_resend_refuses_an_answered_or_withdrawn_invitation(community, client_for):
    owner = owner_of(community)
    invitee = UserFactory(email="new@example.org")
    accepted = services.invitation_create(actor=owner, community=community, email=invitee.email)
    services.invitation_accept(actor=invitee, invitation=accepted, accept_rules=True)
    withdrawn = services.invitation_create(actor=owner, community=community, email="b@example.org")
    services.invitation_withdraw(actor=owner, invitation=withdrawn)
    for invitation in (accepted, withdrawn):
        with pytest.raises(Conflict):
            services.invitation_resend(actor=owner, invitation=invitation)
        url = reverse("communities:invitation_resend", args=[community.slug, invitation.pk])
        assert client_for(owner).post(url).status_code == 409


def fail_first_sends(monkeypatch, failures: int):
    """The mail server drops the connection for the first ``failures`` sends."""
    real = locmem.EmailBackend.send_messages
    calls = {"n": 0}

    def flaky(self, messages):
        calls["n"] += 1
        if calls["n"] <= failures:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return real(self, messages)

    monkeypatch.setattr(locmem.EmailBackend, "send_messages", flaky)


def make_due(invitation):
    Invitation.objects.filter(pk=invitation.pk).update(
        send_due_at=timezone.now() - timedelta(seconds=1)
    )


def test_a_failed_send_is_retried_with_backoff(
    community, monkeypatch, caplog, django_capture_on_commit_callbacks, client_for
):
    fail_first_sends(monkeypatch, 1)
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_create(
            actor=owner_of(community), community=community, email="new@example.org"
        )
    invitation.refresh_from_db()
    assert mail.outbox == [] and invitation.sent_at is None
    assert invitation.send_attempts == 1 and invitation.delivery == "retrying"
    wait = invitation.send_due_at - timezone.now()
    assert timedelta(seconds=50) < wait <= timedelta(minutes=1), "first retry after a minute"
    assert notification_services.due_address_emails_enqueue() == 0, "not due yet"
    undelivered = invitation.token_digest

    make_due(invitation)
    assert notification_services.due_address_emails_enqueue() == 1
    [message] = mail.outbox
    invitation.refresh_from_db()
    assert invitation.delivery == "sent" and invitation.send_attempts == 1
    assert invitation.token_digest != undelivered, "the retry carries a new link"
    token = token_of(link_in(message))
    assert selectors.invitation_from_token(token) == invitation
    assert client_for(None).get(link_in(message)).status_code == 200
    assert notification_services.due_address_emails_enqueue() == 0, "sent once"
    assert "Email for communities.invitation" in caplog.text and token not in caplog.text


def test_delivery_gives_up_after_the_last_attempt_and_a_resend_starts_again(
    community, monkeypatch, client_for, django_capture_on_commit_callbacks
):
    owner = owner_of(community)
    fail_first_sends(monkeypatch, MAX_EMAIL_ATTEMPTS)
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_create(
            actor=owner, community=community, email="new@example.org"
        )
    for _ in range(MAX_EMAIL_ATTEMPTS - 1):
        make_due(invitation)
        notification_services.due_address_emails_enqueue()
    invitation.refresh_from_db()
    assert invitation.delivery == "failed" and invitation.send_due_at is None
    assert mail.outbox == []
    assert notification_services.due_address_emails_enqueue() == 0, "given up"
    page = client_for(owner).get(reverse("communities:invitations", args=[community.slug]))
    assert "Not delivered" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_resend(actor=owner, invitation=invitation)
    invitation.refresh_from_db()
    assert invitation.delivery == "sent" and invitation.send_attempts == 0
    assert len(mail.outbox) == 1


def test_a_withdrawn_invitation_is_not_sent(community, django_capture_on_commit_callbacks):
    owner = owner_of(community)
    invitation = services.invitation_create(actor=owner, community=community, email="a@example.org")
    services.invitation_withdraw(actor=owner, invitation=invitation)
    assert notification_services.due_address_emails_enqueue() == 0
    outcome = notification_services.address_email_send(
        model_label="communities.invitation", object_id=invitation.pk
    )
    assert outcome == "skipped" and mail.outbox == []


# --- who may invite, resend and withdraw ------------------------------------------------


def _post(client, community, action, invitation, role):
    if action == "invite":
        url = reverse("communities:invitations", args=[community.slug])
        return client.post(url, {"email": f"new-{role}@example.org"})
    url = reverse(f"communities:invitation_{action}", args=[community.slug, invitation.pk])
    return client.post(url)


def _done(action, before: Invitation, role) -> bool:
    after = Invitation.objects.get(pk=before.pk)
    if action == "invite":
        return Invitation.objects.filter(email=f"new-{role}@example.org").exists()
    if action == "resend":
        return after.token_digest != before.token_digest
    return after.withdrawn_at is not None


@pytest.mark.parametrize("visibility", ["public", "members_only", "private"])
@pytest.mark.parametrize("action", ["invite", "resend", "withdraw"])
def test_invite_resend_and_withdraw_for_every_role(client_for, cast, visibility, action):
    community = make_community(
        visibility=visibility, joining_policy="invitation" if visibility == "private" else "open"
    )
    people = cast(community)
    for role in ROLES:
        invitation = services.invitation_create(
            actor=people["owner"], community=community, email=f"{role}@example.org"
        )
        response = _post(client_for(people[role]), community, action, invitation, role)
        allowed = role in MODERATORS and READ_MATRIX[visibility][role]
        if allowed:
            assert response.status_code == 302, (role, visibility)
            assert response.url == reverse("communities:invitations", args=[community.slug])
        else:
            expected = expected_status("moderator", True, role, visibility)
            assert response.status_code == expected, (role, visibility)
        assert _done(action, invitation, role) == allowed, (role, visibility)
