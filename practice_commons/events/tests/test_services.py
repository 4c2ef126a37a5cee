import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from practice_commons.accounts.models import AuditEvent, HostMembership
from practice_commons.accounts.tests.factories import OrganisationFactory, UserFactory
from practice_commons.communities.tests.factories import add_member
from practice_commons.confidentiality.testing import assert_service_guarded
from practice_commons.core.errors import NotFound, PermissionDenied
from practice_commons.events import jobs, selectors, services, tasks
from practice_commons.events.models import (
    Event,
    EventInvitation,
    EventStatus,
    Feedback,
    Registration,
    RegistrationStatus,
    WaitlistReason,
)
from practice_commons.events.signals import attendance_recorded
from practice_commons.notifications import services as notification_services
from practice_commons.notifications.models import Notification

from .conftest import event_data, invitation_token, past_event

pytestmark = pytest.mark.django_db


# --- Creating events -----------------------------------------------------------------------
def test_organisation_admin_creates_a_published_event(organiser, host_org):
    event = services.event_create(
        actor=organiser, data=event_data(organisation=host_org), publish=True
    )
    assert event.status == EventStatus.PUBLISHED and event.organiser == organiser
    assert AuditEvent.objects.filter(action="event.create", target_id=str(event.pk)).exists()


def test_practitioner_cannot_create_an_event(member, host_org):
    with pytest.raises(PermissionDenied):
        services.event_create(actor=member, data=event_data(organisation=host_org))
    with pytest.raises(PermissionDenied):
        services.event_create(actor=member, data=event_data())


def test_facilitator_creates_events_in_their_community_only(
    community, facilitator_of, private_community
):
    facilitator = facilitator_of(community)
    event = services.event_create(actor=facilitator, data=event_data(community=community))
    assert event.community == community
    with pytest.raises(PermissionDenied):
        services.event_create(actor=facilitator, data=event_data(community=private_community))


def test_host_admin_creates_an_event_of_the_whole_host(host_admin):
    event = services.event_create(actor=host_admin, data=event_data(), publish=True)
    assert event.community is None and event.organisation is None


def test_event_validation(organiser, host_org):
    start = timezone.now() + timedelta(days=3)
    with pytest.raises(ValidationError) as exc:
        services.event_create(
            actor=organiser,
            data=event_data(
                organisation=host_org,
                ends_at=start - timedelta(hours=1),
                starts_at=start,
                venue="",
                address="",
                capacity=None,
                max_profession_share=50,
            ),
        )
    errors = exc.value.message_dict
    assert {"ends_at", "venue", "max_profession_share"} <= set(errors)
    with pytest.raises(ValidationError):
        services.event_create(
            actor=organiser,
            publish=True,
            data=event_data(organisation=host_org, starts_at=timezone.now() - timedelta(hours=1)),
        )


@pytest.mark.parametrize("field", ["title", "description", "venue_notes"])
def test_event_texts_are_guarded(organiser, host_org, field):
    assert_service_guarded(
        lambda text: services.event_create(
            actor=organiser, data=event_data(organisation=host_org, **{field: text})
        ),
        model=Event,
    )


def test_event_update_texts_are_guarded(event, organiser):
    assert_service_guarded(
        lambda text: services.event_update(actor=organiser, event=event, data={"description": text})
    )
    event.refresh_from_db()
    assert "943" not in event.description


def test_cancel_reason_and_invitation_message_are_guarded(event, organiser):
    assert_service_guarded(
        lambda text: services.event_cancel(actor=organiser, event=event, reason=text)
    )
    assert_service_guarded(
        lambda text: services.invitation_create(
            actor=organiser, event=event, emails=["a@example.org"], message=text
        ),
        model=EventInvitation,
    )


# --- Registration, capacity, waiting list --------------------------------------------------
def test_register_confirms_until_full_then_waitlists_in_arrival_order(make_event, people):
    event = make_event(capacity=2)
    a, b, c, d = people(4)
    regs = [services.registration_create(actor=p, event=event) for p in (a, b, c, d)]
    assert [r.status for r in regs] == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    assert [selectors.waitlist_position(r) for r in regs] == [None, None, 1, 2]
    assert regs[2].waitlist_reason == WaitlistReason.FULL
    assert [r.sequence for r in regs] == [1, 2, 3, 4]


def test_registering_twice_returns_the_same_registration(event, member):
    first = services.registration_create(actor=member, event=event)
    again = services.registration_create(actor=member, event=event)
    assert first.pk == again.pk
    assert Registration.objects.filter(event=event, user=member).count() == 1


def test_cannot_register_for_draft_cancelled_or_started_events(make_event, organiser, member):
    draft = make_event(publish=False)
    with pytest.raises(services.RegistrationRefused):
        services.registration_create(actor=member, event=draft)
    cancelled = make_event()
    services.event_cancel(actor=organiser, event=cancelled)
    with pytest.raises(services.RegistrationRefused):
        services.registration_create(actor=member, event=cancelled)
    started = past_event(make_event())
    with pytest.raises(services.RegistrationRefused) as exc:
        services.registration_create(actor=member, event=started)
    assert exc.value.code == "started"


def test_cancelling_promotes_the_first_on_the_waitlist_with_a_deadline(
    make_event, people, django_capture_on_commit_callbacks
):
    event = make_event(capacity=1, offer_hours=12)
    a, b, c = people(3)
    first = services.registration_create(actor=a, event=event)
    second = services.registration_create(actor=b, event=event)
    services.registration_create(actor=c, event=event)
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(actor=a, registration=first)
    second.refresh_from_db()
    assert second.status == RegistrationStatus.OFFERED
    assert timedelta(hours=11) < second.offer_expires_at - timezone.now() <= timedelta(hours=12)
    note = Notification.objects.get(recipient=b, kind="waitlist_promoted")
    assert "confirm it by" in note.title and note.url == event.get_absolute_url()
    # Place held by the offer: a newcomer waits.
    newcomer = services.registration_create(actor=UserFactory(), event=event)
    assert newcomer.status == RegistrationStatus.WAITLISTED
    confirmed = services.offer_confirm(actor=b, registration=second)
    assert confirmed.status == RegistrationStatus.CONFIRMED


def test_an_unconfirmed_offer_passes_to_the_next(
    make_event, people, django_capture_on_commit_callbacks
):
    event = make_event(capacity=1)
    a, b, c = people(3)
    first = services.registration_create(actor=a, event=event)
    second = services.registration_create(actor=b, event=event)
    third = services.registration_create(actor=c, event=event)
    services.registration_cancel(actor=a, registration=first)
    second.refresh_from_db()
    # Before the deadline the task does nothing (idempotent, safe to run early).
    assert tasks.expire_offer.call(second.pk) is False
    Registration.objects.filter(pk=second.pk).update(
        offer_expires_at=timezone.now() - timedelta(minutes=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.expire_offer.call(second.pk) is True
    assert tasks.expire_offer.call(second.pk) is False  # again: nothing
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.status == RegistrationStatus.EXPIRED
    assert third.status == RegistrationStatus.OFFERED
    assert Notification.objects.filter(recipient=c, kind="waitlist_promoted").exists()
    with pytest.raises(services.RegistrationRefused):
        services.offer_confirm(actor=b, registration=second)


def test_the_sweep_expires_overdue_offers(make_event, people):
    event = make_event(capacity=1)
    a, b, c = people(3)
    first = services.registration_create(actor=a, event=event)
    second = services.registration_create(actor=b, event=event)
    services.registration_create(actor=c, event=event)
    services.registration_cancel(actor=a, registration=first)
    Registration.objects.filter(pk=second.pk).update(
        offer_expires_at=timezone.now() - timedelta(minutes=1)
    )
    assert tasks.expire_offers.call() == 1
    assert Registration.objects.get(event=event, user=c).status == RegistrationStatus.OFFERED


def test_an_expired_offer_cannot_be_confirmed(make_event, people):
    event = make_event(capacity=1)
    a, b = people(2)
    first = services.registration_create(actor=a, event=event)
    second = services.registration_create(actor=b, event=event)
    services.registration_cancel(actor=a, registration=first)
    Registration.objects.filter(pk=second.pk).update(
        offer_expires_at=timezone.now() - timedelta(seconds=1)
    )
    with pytest.raises(services.RegistrationRefused) as exc:
        services.offer_confirm(actor=b, registration=second)
    assert exc.value.code == "offer_expired"


def test_only_the_registrant_or_an_organiser_cancels(event, member, organiser):
    registration = services.registration_create(actor=member, event=event)
    with pytest.raises(PermissionDenied):
        services.registration_cancel(actor=UserFactory(), registration=registration)
    services.registration_cancel(actor=organiser, registration=registration)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED


def test_registering_again_after_cancelling_goes_to_the_back(make_event, people):
    event = make_event(capacity=1)
    a, b = people(2)
    first = services.registration_create(actor=a, event=event)
    services.registration_cancel(actor=a, registration=first)
    services.registration_create(actor=b, event=event)
    again = services.registration_create(actor=a, event=event)
    assert again.pk == first.pk and again.status == RegistrationStatus.WAITLISTED
    assert again.sequence == 3


def test_more_places_promote_people_waiting(make_event, people, organiser):
    event = make_event(capacity=1)
    a, b = people(2)
    services.registration_create(actor=a, event=event)
    waiting = services.registration_create(actor=b, event=event)
    services.event_update(actor=organiser, event=event, data={"capacity": 2})
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.OFFERED


def test_capacity_cannot_drop_below_places_held(make_event, people, organiser):
    event = make_event(capacity=3)
    for person in people(2):
        services.registration_create(actor=person, event=event)
    with pytest.raises(ValidationError):
        services.event_update(actor=organiser, event=event, data={"capacity": 1})


# --- Profession mix ------------------------------------------------------------------------
def test_profession_mix_keeps_joint_training_joint(make_event, professions):
    event = make_event(capacity=4, max_profession_share=50)
    social = [UserFactory(profession=professions["social"]) for _ in range(3)]
    teacher = UserFactory(profession=professions["teacher"])
    regs = [services.registration_create(actor=p, event=event) for p in social]
    assert [r.status for r in regs] == ["confirmed", "confirmed", "waitlisted"]
    assert regs[2].waitlist_reason == WaitlistReason.PROFESSION_MIX
    assert services.registration_create(actor=teacher, event=event).status == "confirmed"


def test_promotion_skips_people_whose_profession_holds_its_share(make_event, professions):
    event = make_event(capacity=2, max_profession_share=50)
    s1, s2 = (UserFactory(profession=professions["social"]) for _ in range(2))
    t1, t2 = (UserFactory(profession=professions["teacher"]) for _ in range(2))
    services.registration_create(actor=s1, event=event)
    t1_reg = services.registration_create(actor=t1, event=event)
    s2_reg = services.registration_create(actor=s2, event=event)  # waits: full
    t2_reg = services.registration_create(actor=t2, event=event)  # waits: full
    services.registration_cancel(actor=t1, registration=t1_reg)
    s2_reg.refresh_from_db()
    t2_reg.refresh_from_db()
    assert s2_reg.status == RegistrationStatus.WAITLISTED  # social work holds its 50%
    assert t2_reg.status == RegistrationStatus.OFFERED


# --- Audience and the trial rule -----------------------------------------------------------
def test_members_only_event_refuses_non_members_without_trial(make_event, non_member, member):
    event = make_event(audience="members")
    with pytest.raises(services.RegistrationRefused) as exc:
        services.registration_create(actor=non_member, event=event)
    assert exc.value.code == "members_only" and "Become a member" in exc.value.messages[0]
    assert services.registration_create(actor=member, event=event).status == "confirmed"


def test_a_non_member_gets_exactly_one_trial_across_the_host(make_event, non_member, organiser):
    first = make_event(audience="members", trial_allowed=True)
    second = make_event(audience="members", trial_allowed=True, title="Another session")
    registration = services.registration_create(actor=non_member, event=first)
    assert registration.is_trial
    with pytest.raises(services.RegistrationRefused) as exc:
        services.registration_create(actor=non_member, event=second)
    assert exc.value.code == "trial_used"
    assert "become a member" in exc.value.messages[0].lower()
    # Cancelling the trial before it happens gives it back.
    services.registration_cancel(actor=non_member, registration=registration)
    assert services.registration_create(actor=non_member, event=second).is_trial
    # An attended trial stays used.
    other = UserFactory(host_membership=HostMembership.NON_MEMBER)
    trial = services.registration_create(actor=other, event=first)
    past_event(first)
    services.attendance_mark(actor=organiser, event=first, registration_ids=[trial.pk])
    with pytest.raises(services.RegistrationRefused):
        services.registration_create(actor=other, event=second)


def test_open_events_do_not_use_the_trial(make_event, non_member):
    open_event = make_event()
    trial_event = make_event(audience="members", trial_allowed=True)
    assert not services.registration_create(actor=non_member, event=open_event).is_trial
    assert services.registration_create(actor=non_member, event=trial_event).is_trial


# --- Invitations ---------------------------------------------------------------------------
def test_invitation_only_needs_a_valid_unexpired_token(
    make_event, organiser, member, django_capture_on_commit_callbacks
):
    event = make_event(audience="invitation")
    with pytest.raises(services.RegistrationRefused) as exc:
        services.registration_create(actor=member, event=event)
    assert exc.value.code == "invitation_required"
    with django_capture_on_commit_callbacks(execute=True):
        [invitation] = services.invitation_create(
            actor=organiser, event=event, emails=["someone@example.org"]
        )
    [email] = mail.outbox
    token = re.search(r"/events/invitations/([A-Za-z0-9_-]+)/", email.body).group(1)
    registration = services.registration_create(actor=member, event=event, invitation_token=token)
    assert registration.status == "confirmed" and registration.invitation == invitation
    invitation.refresh_from_db()
    assert invitation.accepted_by == member
    # The same link cannot be used again, by anyone: a used link is spent.
    with pytest.raises(services.RegistrationRefused) as exc:
        services.registration_create(actor=UserFactory(), event=event, invitation_token=token)
    assert exc.value.code == "invitation_invalid"


def test_expired_or_forged_invitation_tokens_are_refused(make_event, organiser, member):
    event = make_event(audience="invitation")
    [invitation] = services.invitation_create(
        actor=organiser, event=event, emails=["x@example.org"]
    )
    issued = invitation_token(invitation)
    EventInvitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    for token in (issued, "forged-token", issued[:-3] + "abc"):
        with pytest.raises(services.RegistrationRefused) as exc:
            services.registration_create(actor=member, event=event, invitation_token=token)
        assert exc.value.code == "invitation_invalid"


def test_invited_address_registers_without_the_link(make_event, organiser, member):
    event = make_event(audience="invitation")
    services.invitation_create(actor=organiser, event=event, emails=[member.email.upper()])
    assert services.registration_create(actor=member, event=event).status == "confirmed"


def test_invitation_emails_non_members_and_notifies_people_with_accounts(
    make_event, organiser, member, community, django_capture_on_commit_callbacks
):
    event = make_event()
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_create(
            actor=organiser,
            event=event,
            message="Do come along.",
            emails=["new.person@example.org", member.email],
            community=None,
        )
    # People without accounts get the invitation by email; people with accounts get a
    # notification (emailed or not by their preferences and quiet hours, so not counted).
    invited = [m for m in mail.outbox if m.to == ["new.person@example.org"]]
    assert len(invited) == 1
    body = invited[0].body
    assert event.title in body and "/events/invitations/" in body
    assert {tuple(m.to) for m in mail.outbox} <= {("new.person@example.org",), (member.email,)}
    note = Notification.objects.get(recipient=member, kind="invitation")
    assert event.title in note.title
    mine = EventInvitation.objects.get(email=member.email)
    assert note.url == mine.get_absolute_url() == f"/events/invitations/yours/{mine.pk}/"
    # Sending is idempotent: each invitation was sent once, and is not sent again.
    for invitation in EventInvitation.objects.all():
        assert invitation.sent_at is not None
        outcome = notification_services.address_email_send(
            model_label="events.eventinvitation", object_id=invitation.pk
        )
        assert outcome == "skipped"
    assert len(invited) == len([m for m in mail.outbox if m.to == ["new.person@example.org"]])
    assert Notification.objects.filter(recipient=member, kind="invitation").count() == 1


def test_only_organisers_invite_and_only_for_communities_they_run(
    event, member, organiser, private_community
):
    with pytest.raises(PermissionDenied):
        services.invitation_create(actor=member, event=event, emails=["a@example.org"])
    with pytest.raises(PermissionDenied):
        services.invitation_create(
            actor=organiser, event=event, emails=["a@example.org"], community=private_community
        )
    with pytest.raises(ValidationError):
        services.invitation_create(actor=organiser, event=event, emails=["not-an-email"])


# --- Private communities -------------------------------------------------------------------
def test_private_community_event_is_invisible_to_outsiders(
    private_community, facilitator_of, member
):
    facilitator = facilitator_of(private_community)
    event = services.event_create(
        actor=facilitator, publish=True, data=event_data(community=private_community)
    )
    with pytest.raises(NotFound):
        selectors.event_for(member, event.pk)
    with pytest.raises(NotFound):
        services.registration_create(actor=member, event=event)
    insider = add_member(private_community)
    assert selectors.event_for(insider, event.pk) == event
    assert services.registration_create(actor=insider, event=event).status == "confirmed"


# --- Changes and cancellation notify -------------------------------------------------------
def test_cancelling_notifies_every_registrant(
    make_event, organiser, people, django_capture_on_commit_callbacks
):
    event = make_event(capacity=1)
    a, b = people(2)
    services.registration_create(actor=a, event=event)
    services.registration_create(actor=b, event=event)
    with django_capture_on_commit_callbacks(execute=True):
        services.event_cancel(actor=organiser, event=event, reason="The trainer is unwell.")
    notes = Notification.objects.filter(kind="event_cancelled")
    assert {n.recipient_id for n in notes} == {a.pk, b.pk}
    assert "The trainer is unwell." in notes[0].body
    event.refresh_from_db()
    assert event.revision == 1 and event.status == EventStatus.CANCELLED


def test_time_or_place_changes_notify_registrants_but_other_edits_do_not(
    event, organiser, member, django_capture_on_commit_callbacks
):
    services.registration_create(actor=member, event=event)
    with django_capture_on_commit_callbacks(execute=True):
        services.event_update(actor=organiser, event=event, data={"title": "New title"})
    assert not Notification.objects.filter(kind="event_changed").exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.event_update(
            actor=organiser,
            event=event,
            data={
                "starts_at": event.starts_at + timedelta(hours=1),
                "ends_at": event.ends_at + timedelta(hours=1),
            },
        )
    note = Notification.objects.get(recipient=member, kind="event_changed")
    assert "Now:" in note.body
    with django_capture_on_commit_callbacks(execute=True):
        services.event_update(actor=organiser, event=event, data={"venue": "Town Hall"})
    assert Notification.objects.filter(recipient=member, kind="event_changed").count() == 2


def test_only_managers_change_events(event, member, host_admin, community, facilitator_of):
    with pytest.raises(PermissionDenied):
        services.event_update(actor=member, event=event, data={"title": "Mine now"})
    services.event_update(actor=host_admin, event=event, data={"title": "Host admin edit"})


# --- Attendance, CPD signal, feedback ------------------------------------------------------
def test_attendance_sends_the_signal_after_commit_once_per_person(
    event, organiser, people, django_capture_on_commit_callbacks
):
    a, b = people(2)
    regs = [services.registration_create(actor=p, event=event) for p in (a, b)]
    past_event(event)
    received = []

    def receiver(sender, **payload):
        received.append(payload)

    attendance_recorded.connect(receiver, dispatch_uid="test-receiver")
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            services.attendance_mark(
                actor=organiser, event=event, registration_ids=[r.pk for r in regs]
            )
        assert received == []  # nothing before commit
        for callback in callbacks:
            callback()
        assert {p["user_id"] for p in received} == {a.pk, b.pk}
        payload = received[0]
        assert payload["source_kind"] == "event" and payload["source_id"] == event.pk
        assert payload["title"] == event.title and payload["hours"] == event.cpd_hours
        assert payload["date"] == timezone.localtime(event.starts_at).date()
        assert payload["peer_reflection"] is False
        # Marking again sends nothing new.
        with django_capture_on_commit_callbacks(execute=True):
            assert (
                services.attendance_mark(
                    actor=organiser, event=event, registration_ids=[r.pk for r in regs]
                )
                == 0
            )
        assert len(received) == 2
    finally:
        attendance_recorded.disconnect(dispatch_uid="test-receiver")


def test_attendance_only_for_confirmed_places_from_an_hour_before(make_event, organiser, people):
    event = make_event(capacity=1)
    a, b = people(2)
    confirmed = services.registration_create(actor=a, event=event)
    waiting = services.registration_create(actor=b, event=event)
    with pytest.raises(ValidationError):
        services.attendance_mark(actor=organiser, event=event, registration_ids=[confirmed.pk])
    past_event(event)
    assert (
        services.attendance_mark(
            actor=organiser, event=event, registration_ids=[confirmed.pk, waiting.pk]
        )
        == 1
    )
    with pytest.raises(PermissionDenied):
        services.attendance_mark(actor=a, event=event, registration_ids=[confirmed.pk])
    assert (
        services.attendance_mark(
            actor=organiser, event=event, attended=False, registration_ids=[confirmed.pk]
        )
        == 1
    )


def test_qr_check_in(event, organiser, member):
    registration = services.registration_create(actor=member, event=event)
    past_event(event)
    checked = services.check_in(actor=organiser, event=event, code=registration.checkin_code)
    assert checked.attended_at is not None
    with pytest.raises(NotFound):
        services.check_in(actor=organiser, event=event, code="not-a-code")
    other = services.event_create(
        actor=organiser, publish=True, data=event_data(organisation=event.organisation)
    )
    with pytest.raises(NotFound):  # a code for another event
        services.check_in(actor=organiser, event=other, code=registration.checkin_code)


def test_feedback_after_attendance_is_guarded(event, organiser, member):
    registration = services.registration_create(actor=member, event=event)
    with pytest.raises(ValidationError):
        services.feedback_submit(actor=member, registration=registration, rating=5)
    past_event(event)
    services.attendance_mark(actor=organiser, event=event, registration_ids=[registration.pk])
    registration.refresh_from_db()
    assert_service_guarded(
        lambda text: services.feedback_submit(
            actor=member, registration=registration, rating=4, learnt=text
        ),
        model=Feedback,
    )
    feedback = services.feedback_submit(
        actor=member, registration=registration, rating=4, learnt="How each agency reads neglect."
    )
    assert feedback.rating == 4
    with pytest.raises(PermissionDenied):
        services.feedback_submit(actor=organiser, registration=registration, rating=1)
    with pytest.raises(ValidationError):
        services.feedback_submit(actor=member, registration=registration, rating=9)


# --- Reminders -----------------------------------------------------------------------------
def test_reminders_a_day_and_an_hour_before_once_each(
    make_event, people, django_capture_on_commit_callbacks
):
    soon = make_event(title="Starting in half an hour")
    tomorrow = make_event(title="Tomorrow's course")
    later = make_event(title="Next week")
    a, b = people(2)
    for e in (soon, tomorrow, later):
        services.registration_create(actor=a, event=e)
    services.registration_create(actor=b, event=tomorrow)
    now = timezone.now()
    Event.objects.filter(pk=soon.pk).update(
        starts_at=now + timedelta(minutes=30), ends_at=now + timedelta(hours=2)
    )
    Event.objects.filter(pk=tomorrow.pk).update(
        starts_at=now + timedelta(hours=20), ends_at=now + timedelta(hours=22)
    )
    assert jobs.reminders_send(now=now) == 3
    assert jobs.reminders_send(now=now + timedelta(minutes=5)) == 0  # idempotent
    hour = Notification.objects.get(recipient=a, kind="reminder", title__startswith="Starting")
    assert hour.urgent is True
    day = Notification.objects.get(recipient=b, kind="reminder")
    assert day.title.startswith("Coming up") and day.urgent is False
    assert not Notification.objects.filter(title__contains="Next week").exists()


def test_reminders_respect_preferences(event, member):
    from practice_commons.notifications import services as notification_services

    notification_services.preferences_update(actor=member, kinds={"reminder": "off"})
    services.registration_create(actor=member, event=event)
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() + timedelta(hours=3), ends_at=timezone.now() + timedelta(hours=5)
    )
    jobs.reminders_send()
    note = Notification.objects.get(recipient=member, kind="reminder")
    assert note.email_due_at is None  # recorded in-app, not emailed


def test_reminder_command_runs(event, member):
    from django.core.management import call_command

    services.registration_create(actor=member, event=event)
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() + timedelta(hours=3), ends_at=timezone.now() + timedelta(hours=5)
    )
    call_command("send_event_reminders")
    call_command("expire_event_offers")
    assert Notification.objects.filter(recipient=member, kind="reminder").count() == 1


# --- Co-hosts and permissions --------------------------------------------------------------
def test_co_hosts_see_only_their_own_agency(make_event, people):
    police = OrganisationFactory(name="West Yorkshire Police")
    health = OrganisationFactory(name="Community Healthcare")
    event = make_event(co_hosts=[police, health])
    police_admin = UserFactory(organisation=police, org_role="admin")
    officer = UserFactory(organisation=police)
    nurse = UserFactory(organisation=health)
    for person in (officer, nurse):
        services.registration_create(actor=person, event=event)
    assert selectors.cohost_organisations_of(police_admin, event) == [police]
    rows = list(selectors.registrations_for_cohost(event, [police]))
    assert [r.user for r in rows] == [officer]
    assert not selectors.can_manage(police_admin, event)
    assert selectors.cohost_organisations_of(officer, event) == []


def test_an_invited_outsider_registers_for_a_private_community_event_and_sees_it(
    private_community, facilitator_of
):
    facilitator = facilitator_of(private_community)
    event = services.event_create(
        actor=facilitator, publish=True, data=event_data(community=private_community)
    )
    guest = UserFactory()
    [invitation] = services.invitation_create(
        actor=facilitator, event=event, emails=[guest.email], community=private_community
    )
    with pytest.raises(NotFound):
        selectors.event_for(guest, event.pk)
    services.registration_create(
        actor=guest, event=event, invitation_token=invitation_token(invitation)
    )
    assert selectors.event_for(guest, event.pk) == event
    assert event not in list(selectors.upcoming_events(UserFactory()))
