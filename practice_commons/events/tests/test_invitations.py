"""Event invitations end to end: the link's token stored only as a digest, the invitee's
page without the link, dead links as the 404 page, the lifetime from the settings,
resending, delivery that retries, and who may invite, resend and withdraw."""

import re
import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from practice_commons.accounts.invitations import hash_token
from practice_commons.accounts.models import AuditEvent
from practice_commons.accounts.tests.factories import OrgAdminFactory, UserFactory
from practice_commons.communities.tests.factories import assert_not_stored
from practice_commons.events import selectors, services
from practice_commons.events.models import EventInvitation, Registration
from practice_commons.notifications import services as notification_services
from practice_commons.notifications.models import Notification

from .conftest import event_data, invitation_token

pytestmark = pytest.mark.django_db

LINK = re.compile(r"/events/invitations/[A-Za-z0-9_-]+/")


def link_in(message) -> str:
    match = LINK.search(message.body)
    assert match, message.body
    return match.group(0)


def invite(organiser, event, *emails, capture):
    with capture(execute=True):
        return services.invitation_create(actor=organiser, event=event, emails=list(emails))


def test_the_link_is_emailed_and_stored_only_as_a_digest(
    make_event, organiser, client_for, django_capture_on_commit_callbacks
):
    event = make_event(audience="invitation")
    [invitation] = invite(
        organiser, event, "guest@example.org", capture=django_capture_on_commit_callbacks
    )
    [message] = mail.outbox
    link = link_in(message)
    token = link.split("/")[-2]
    invitation.refresh_from_db()
    assert invitation.token_digest == hash_token(token) and invitation.delivery == "sent"
    assert_not_stored(token)
    for _ in range(2):
        assert event.title in client_for(None).get(link).content.decode()


def test_an_invitee_with_an_account_registers_from_the_invitation_without_its_link(
    private_community, facilitator_of, client_for, django_capture_on_commit_callbacks
):
    facilitator = facilitator_of(private_community)
    event = services.event_create(
        actor=facilitator,
        publish=True,
        data=event_data(community=private_community, audience="invitation"),
    )
    guest = UserFactory(email="guest@example.org")
    [invitation] = invite(
        facilitator, event, guest.email, capture=django_capture_on_commit_callbacks
    )
    note = Notification.objects.get(recipient=guest, kind="invitation")
    url = invitation.get_absolute_url()
    assert note.url == url == f"/events/invitations/yours/{invitation.pk}/"
    for someone in (UserFactory(), facilitator):
        assert client_for(someone).get(url).status_code == 404, "nobody else learns of it"
    assert client_for(None).get(url).status_code == 302, "sign in first"
    client = client_for(guest)
    html = client.get(url).content.decode()
    assert event.title in html and 'name="invitation_id"' in html
    response = client.post(
        reverse("events:register", args=[event.pk]), {"invitation_id": invitation.pk}
    )
    assert response.status_code == 302
    assert Registration.objects.get(event=event, user=guest).status == "confirmed"
    assert "You are registered" in client.get(url).content.decode()
    stranger = client_for(UserFactory())
    for value in (str(invitation.pk), "x"):
        response = stranger.post(
            reverse("events:register", args=[event.pk]), {"invitation_id": value}
        )
        assert response.status_code == 404


def assert_404_page(response):
    assert response.status_code == 404
    assert "404.html" in [t.name for t in response.templates]


@pytest.mark.parametrize("state", ["forged", "expired", "used", "withdrawn"])
def test_forged_expired_used_or_withdrawn_link_is_the_404_page(
    make_event, organiser, client_for, state
):
    event = make_event(audience="invitation")
    [invitation] = services.invitation_create(
        actor=organiser, event=event, emails=["guest@example.org"]
    )
    link = reverse("events:invitation", args=[invitation_token(invitation)])
    assert client_for(None).get(link).status_code == 200
    if state == "forged":
        link = link[:-4] + "abc/"
    elif state == "expired":
        EventInvitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    elif state == "used":
        services.registration_create(
            actor=UserFactory(), event=event, invitation_token=link.split("/")[-2]
        )
    else:
        services.invitation_withdraw(actor=organiser, invitation=invitation)
    for client in (client_for(None), client_for(UserFactory(email="guest@example.org"))):
        assert_404_page(client.get(link))


@override_settings(INVITATION_LIFETIME_DAYS=5)
def test_the_lifetime_comes_from_the_setting(make_event, organiser, client_for):
    event = make_event()
    [invitation] = services.invitation_create(
        actor=organiser, event=event, emails=["guest@example.org"]
    )
    assert timedelta(days=4, hours=23) < invitation.expires_at - timezone.now() <= timedelta(days=5)
    html = client_for(organiser).get(reverse("events:invite", args=[event.pk])).content.decode()
    assert "Links expire after 5 days." in html


def test_resend_sends_a_new_link_and_the_old_one_stops_working(
    make_event, organiser, client_for, django_capture_on_commit_callbacks
):
    event = make_event(audience="invitation")
    [invitation] = invite(
        organiser, event, "guest@example.org", capture=django_capture_on_commit_callbacks
    )
    old = link_in(mail.outbox[0])
    EventInvitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    client = client_for(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("events:invitation_resend", args=[event.pk, invitation.pk]))
    assert response.status_code == 302
    assert "A new link was sent" in client.get(response.url).content.decode()
    new = link_in(mail.outbox[1])
    assert new != old
    assert client_for(None).get(old).status_code == 404
    assert client_for(None).get(new).status_code == 200
    invitation.refresh_from_db()
    assert invitation.expires_at - timezone.now() > timedelta(days=6, hours=23)
    assert AuditEvent.objects.filter(action="event.invitation_resend").count() == 1
    # A used invitation is not resent.
    token = new.split("/")[-2]
    services.registration_create(actor=UserFactory(), event=event, invitation_token=token)
    resend = reverse("events:invitation_resend", args=[event.pk, invitation.pk])
    assert client_for(organiser).post(resend).status_code == 409


def test_a_failed_send_is_retried(
    make_event, organiser, monkeypatch, django_capture_on_commit_callbacks
):
    real = locmem.EmailBackend.send_messages
    calls = {"n": 0}

    def flaky(self, messages):
        calls["n"] += 1
        if calls["n"] == 1:
            raise smtplib.SMTPDataError(451, "Try again later")
        return real(self, messages)

    monkeypatch.setattr(locmem.EmailBackend, "send_messages", flaky)
    event = make_event(audience="invitation")
    [invitation] = invite(
        organiser, event, "guest@example.org", capture=django_capture_on_commit_callbacks
    )
    invitation.refresh_from_db()
    assert mail.outbox == [] and invitation.delivery == "retrying"
    EventInvitation.objects.filter(pk=invitation.pk).update(send_due_at=timezone.now())
    assert notification_services.due_address_emails_enqueue() == 1
    [message] = mail.outbox
    assert selectors.invitation_from_token(link_in(message).split("/")[-2]) == invitation


# --- who may invite, resend and withdraw ------------------------------------------------


@pytest.fixture
def roles(organiser, member, non_member, host_admin):
    return {
        "visitor": None,
        "member": member,
        "non_member": non_member,
        "other_org_admin": OrgAdminFactory(),
        "organiser": organiser,
        "host_admin": host_admin,
    }


MANAGERS = {"organiser", "host_admin"}


def _post(client, event, action, invitation, role):
    if action == "invite":
        url = reverse("events:invite", args=[event.pk])
        return client.post(url, {"emails": f"new-{role}@example.org"})
    return client.post(reverse(f"events:invitation_{action}", args=[event.pk, invitation.pk]))


def _done(action, before: EventInvitation, role) -> bool:
    after = EventInvitation.objects.get(pk=before.pk)
    if action == "invite":
        return EventInvitation.objects.filter(email=f"new-{role}@example.org").exists()
    if action == "resend":
        return after.token_digest != before.token_digest
    return after.withdrawn_at is not None


@pytest.mark.parametrize("action", ["invite", "resend", "withdraw"])
def test_invite_resend_and_withdraw_pages_for_every_role(
    make_event, organiser, roles, client_for, action
):
    event = make_event(audience="invitation")
    for role, person in roles.items():
        [invitation] = services.invitation_create(
            actor=organiser, event=event, emails=[f"{role}@example.org"]
        )
        response = _post(client_for(person), event, action, invitation, role)
        if role in MANAGERS:
            assert response.status_code == 302, role
            assert response.url == reverse("events:invite", args=[event.pk])
        elif role == "visitor":
            assert response.status_code == 302 and "login" in response.url
        else:
            assert response.status_code == 404, role
        assert _done(action, invitation, role) == (role in MANAGERS), role


@pytest.mark.parametrize("action", ["resend", "withdraw"])
def test_resend_and_withdraw_in_the_api_for_every_role(
    make_event, organiser, roles, api_client_for, action
):
    event = make_event(audience="invitation")
    for role, person in roles.items():
        [invitation] = services.invitation_create(
            actor=organiser, event=event, emails=[f"{role}@example.org"]
        )
        client = Client() if person is None else api_client_for(person)
        url = f"/api/v1/events/{event.pk}/invitations/{invitation.pk}/{action}"
        response = client.post(url, content_type="application/json")
        expected = {"visitor": 401, "organiser": 200, "host_admin": 200}.get(role, 403)
        assert response.status_code == expected, role
        if expected == 200:
            body = response.json()
            assert body["id"] == invitation.pk and "url" not in body
            assert body["withdrawn"] is (action == "withdraw")
        assert _done(action, invitation, role) == (expected == 200), role
    assert client.post(f"/api/v1/events/{event.pk}/invitations/999999/{action}").status_code == 404
