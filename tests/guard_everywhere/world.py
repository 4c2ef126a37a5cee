"""The people and content each guarded write needs, made on first use through the
apps' own services and factories (as the apps' tests make them), so a test builds only
what its page needs."""

from datetime import time, timedelta
from functools import cached_property

from django.utils import timezone

from practice_commons.accounts.models import OrganisationMembership
from practice_commons.accounts.tests.factories import (
    HostAdminFactory,
    OrganisationFactory,
    UserFactory,
)
from practice_commons.communities.models import CommunityMembership, MembershipStatus, Role
from practice_commons.communities.tests.factories import add_member, make_community


def _soon(minutes=30):
    return (timezone.now() + timedelta(minutes=minutes)).replace(second=0, microsecond=0)


def event_data(**overrides) -> dict:
    start = (timezone.now() + timedelta(days=7)).replace(second=0, microsecond=0)
    data = {
        "title": "Recognising neglect together",
        "description": "Joint training for social workers, teachers and health visitors.",
        "kind": "joint_training",
        "starts_at": start,
        "ends_at": start + timedelta(hours=3),
        "format": "in_person",
        "venue": "Civic Hall",
        "address": "Calverley Street, Leeds",
        "nation": "england",
        "area": "Leeds",
        "capacity": 20,
    }
    data.update(overrides)
    return data


class World:
    """Lazily made people and content around one community and one organisation."""

    # --- people --------------------------------------------------------------------------

    @cached_property
    def organisation(self):
        return OrganisationFactory(name="Riverside Council", slug="riverside-council")

    @cached_property
    def org_admin(self):
        """Admin of ``organisation``: runs its events and newsletters."""
        return UserFactory(
            organisation=self.organisation,
            org_role=OrganisationMembership.Role.ADMIN,
            full_name="Olu Organiser",
        )

    @cached_property
    def host_admin(self):
        return HostAdminFactory(full_name="Hana Host")

    @cached_property
    def practitioner(self):
        """Signed in, in no community."""
        return UserFactory(full_name="Pat Practitioner")

    @cached_property
    def community(self):
        return make_community(
            owner=UserFactory(full_name="Owen Owner"),
            name="Children and families practice",
            allow_anonymous_questions=True,
        )

    @cached_property
    def owner(self):
        return CommunityMembership.objects.get(community=self.community, role=Role.OWNER).user

    @cached_property
    def facilitator(self):
        return add_member(
            self.community, UserFactory(full_name="Fay Facilitator"), role=Role.FACILITATOR
        )

    @cached_property
    def member(self):
        return add_member(self.community, UserFactory(full_name="Sam Member"))

    @cached_property
    def other_member(self):
        return add_member(self.community, UserFactory(full_name="Alex Other"))

    @cached_property
    def lead(self):
        """The community's safeguarding lead."""
        from practice_commons.safeguarding import services

        person = add_member(self.community, UserFactory(full_name="Lee Lead"))
        services.safeguarding_lead_assign(
            actor=self.host_admin, user=person, scope_object=self.community
        )
        return person

    @cached_property
    def member_membership(self):
        return CommunityMembership.objects.get(community=self.community, user=self.member)

    @cached_property
    def requested_membership(self):
        person = add_member(
            self.community,
            UserFactory(full_name="Rey Requester"),
            status=MembershipStatus.REQUESTED,
        )
        return CommunityMembership.objects.get(community=self.community, user=person)

    # --- discussions ---------------------------------------------------------------------

    def make_thread(self, *, kind="problem_solving", author=None, **kwargs):
        from practice_commons.discussions import services

        kwargs.setdefault("title", "Transfer meetings that work")
        kwargs.setdefault("body", "How do other teams run transfer meetings?")
        return services.thread_create(
            actor=author or self.member, community=self.community, kind=kind, **kwargs
        )

    @cached_property
    def thread(self):
        return self.make_thread()

    @cached_property
    def anonymous_thread(self):
        return self.make_thread(is_anonymous=True, title="Asking quietly")

    @cached_property
    def opening_post(self):
        return self.thread.posts.get(is_opening=True)

    @cached_property
    def reply(self):
        from practice_commons.discussions import services

        return services.thread_reply(
            actor=self.other_member, thread=self.thread, body="We hold them jointly."
        )

    @cached_property
    def conversation(self):
        from practice_commons.discussions import services

        return services.conversation_start(
            actor=self.member, recipients=[self.other_member], body="Hello, can we talk?"
        )

    # --- events --------------------------------------------------------------------------

    def make_event(self, **overrides):
        from practice_commons.events import services

        return services.event_create(
            actor=self.org_admin,
            data=event_data(organisation=self.organisation, **overrides),
            publish=True,
        )

    @cached_property
    def event(self):
        return self.make_event()

    @cached_property
    def series(self):
        from practice_commons.events import services

        return services.series_create(
            actor=self.org_admin,
            data=event_data(organisation=self.organisation, title="Evening forum"),
            rule="FREQ=WEEKLY;COUNT=3",
            start_date=timezone.localdate() + timedelta(days=7),
            start_time=time(18, 0),
            end_time=time(20, 0),
            publish=True,
        )

    @cached_property
    def attended_event(self):
        """A past event ``practitioner`` attended (so they may give feedback)."""
        from practice_commons.events import services
        from practice_commons.events.models import Event, EventStatus

        event = self.make_event(title="Past joint training")
        registration = services.registration_create(actor=self.practitioner, event=event)
        start = timezone.now() - timedelta(hours=2)
        Event.objects.filter(pk=event.pk).update(
            starts_at=start, ends_at=start + timedelta(hours=1), status=EventStatus.PUBLISHED
        )
        event.refresh_from_db()
        services.attendance_mark(
            actor=self.org_admin, event=event, registration_ids=[registration.pk]
        )
        return event

    # --- reflection ----------------------------------------------------------------------

    @cached_property
    def session(self):
        """A reflective session of ``community`` starting soon, with ``member`` as its
        presenter (booked, rules confirmed) and ``other_member`` booked too."""
        from practice_commons.reflection import services

        start = _soon()
        session = services.session_schedule(
            actor=self.facilitator,
            community=self.community,
            title="Wednesday reflective session",
            theme="Holding uncertainty",
            starts_at=start,
            ends_at=start + timedelta(minutes=90),
            session_format="flexible",
            where="online",
            online_url="https://meet.example.org/reflect",
            capacity=8,
        )
        for person in (self.member, self.other_member):
            services.session_book(actor=person, session=session)
            services.rules_confirm(actor=person, session=session)
        services.presenter_set(actor=self.member, session=session, user=self.member)
        session.refresh_from_db()
        return session

    @cached_property
    def opened_session(self):
        from practice_commons.reflection import services

        session = self.session
        services.session_open(actor=self.facilitator, session=session)
        for person in (self.member, self.other_member):
            services.session_join(actor=person, session=session)
        session.refresh_from_db()
        return session

    @cached_property
    def attended_session(self):
        """The opened session run to check-out, ``other_member``'s attendance recorded."""
        from django.test import TestCase

        from practice_commons.reflection import services

        session = self.opened_session
        while session.stage != "check_out":
            session = services.stage_next(actor=self.facilitator, session=session)
        # Feedback opens after the attendance handlers, which run on commit.
        with TestCase.captureOnCommitCallbacks(execute=True):
            services.attendance_record(
                actor=self.facilitator, session=session, user_ids=[self.other_member.pk]
            )
        return session

    # --- safeguarding --------------------------------------------------------------------

    @cached_property
    def report(self):
        """``other_member`` reports ``thread``'s opening post; the community's ``lead``
        moderates it."""
        from practice_commons.safeguarding import services

        self.lead  # noqa: B018 - the lead must exist before the report is routed
        return services.report_create(
            actor=self.other_member, target=self.opening_post, reason="safeguarding"
        )

    # --- accounts: the host's membership register and verified affiliation ---------------

    @cached_property
    def register_record(self):
        from practice_commons.accounts import services

        return services.host_membership_grant(
            actor=self.host_admin, email="register-entry@example.org", number="CAPA-0042"
        )

    @cached_property
    def membership_claim(self):
        """Someone not on the register claims membership with a number it does not hold."""
        from practice_commons.accounts import services
        from practice_commons.accounts.models import HostMembership

        person = UserFactory(full_name="Cam Claimant", host_membership=HostMembership.NON_MEMBER)
        return services.host_membership_claim(actor=person, number="CAPA-9999")

    @cached_property
    def affiliation_request(self):
        """Someone asks to be affiliated with ``organisation``; ``org_admin`` decides."""
        from practice_commons.accounts import services

        person = UserFactory(full_name="Ari Applicant", organisation=None)
        self.org_admin  # noqa: B018 - the organisation's admin decides the request
        return services.affiliation_choose(
            actor=person,
            user=person,
            organisation=self.organisation,
            work_email="ari@example.org",
        )
