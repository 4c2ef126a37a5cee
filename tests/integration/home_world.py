"""A small, demo-like world for the home page's tests, screenshots and browser
journeys: a public community for social workers with a facilitator and a member, a
private reflective set, requests for information, replies, events (one with a trial
place for non-members), a reflective session, a join request, a CPD draft, a proposed
agreement and a report. ``busy`` is the person with the most blocks: an organisation
admin who also facilitates the community, is a safeguarding lead with the report routed
to them, has an agreement to accept and another whose review is due, and unread
notifications. ``build_world(extra=n)`` adds n more of everything, for the query budget
at a second data size."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from practice_commons.accounts.models import HostMembership, OrganisationMembership
from practice_commons.accounts.tests.factories import (
    ExpertiseTagFactory,
    HostAdminFactory,
    OrganisationFactory,
    ProfessionFactory,
    UserFactory,
)
from practice_commons.collaboration import services as collaboration_services
from practice_commons.collaboration.terms import Terms
from practice_commons.communities.models import MembershipStatus, Role
from practice_commons.communities.tests.factories import add_member, make_community
from practice_commons.cpd import services as cpd_services
from practice_commons.discussions import services as discussion_services
from practice_commons.discussions.models import Thread
from practice_commons.events import services as event_services
from practice_commons.library.models import ItemKind, ItemStatus, LibraryItem
from practice_commons.notifications import services as notification_services
from practice_commons.notifications.kinds import NotificationKind
from practice_commons.reflection import services as reflection_services
from practice_commons.safeguarding.models import Report, SafeguardingLead


@dataclass
class World:
    member: object
    facilitator: object
    non_member: object
    host_admin: object
    busy: object
    community: object
    private: object
    rfi: Thread
    private_rfi: Thread
    own_thread: Thread
    event: object
    trial_event: object
    session: object
    requester: object


def _start(days: int, hour: int = 10) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _event(organiser, organisation, *, title, days, **extra):
    start = _start(days)
    data = {
        "title": title,
        "description": "Joint training for social workers, teachers and health visitors.",
        "kind": "joint_training",
        "starts_at": start,
        "ends_at": start + dt.timedelta(hours=3),
        "format": "in_person",
        "venue": "Civic Hall, Leeds",
        "address": "Calverley Street, Leeds",
        "nation": "england",
        "area": "Leeds",
        "capacity": 20,
        "cpd_hours": Decimal("3"),
        "organisation": organisation,
    }
    data.update(extra)
    return event_services.event_create(actor=organiser, data=data, publish=True)


def _rfi(author, community, title, days):
    return discussion_services.thread_create(
        actor=author,
        community=community,
        kind="request_for_information",
        title=title,
        body="Where can I find the current guidance, and who holds it locally?",
        details={"needed_by": (timezone.localdate() + dt.timedelta(days=days)).isoformat()},
    )


def build_world(extra: int = 0) -> World:
    social_worker = ProfessionFactory(name="Social worker", slug="social-worker")
    council = OrganisationFactory(name="Leeds City Council", slug="leeds-city-council")
    topic = ExpertiseTagFactory(name="Kinship care")
    member = UserFactory(full_name="Maya Patel", organisation=council, expertise=["Kinship care"])
    facilitator = UserFactory(full_name="Femi Adeyemi", organisation=council)
    non_member = UserFactory(
        full_name="Nia Roberts", host_membership=HostMembership.NON_MEMBER, organisation=council
    )
    host_admin = HostAdminFactory(full_name="Hana Admin")
    colleague = UserFactory(full_name="Sam Okafor", organisation=council)
    organiser = UserFactory(
        full_name="Olu Organiser", organisation=council, org_role=OrganisationMembership.Role.ADMIN
    )

    community = make_community(
        owner=facilitator, name="Kinship care practice", joining_policy="request"
    )
    community.professions.add(social_worker)
    add_member(community, member)
    add_member(community, colleague)
    private = make_community(name="Wednesday reflective set", visibility="private")
    private.professions.add(social_worker)
    insider = add_member(private, UserFactory(full_name="Ivy Insider"))
    requester = UserFactory(full_name="Rory Requester")
    add_member(community, requester, status=MembershipStatus.REQUESTED)

    rfi = _rfi(colleague, community, "Who holds the kinship allowance policy?", 5)
    private_rfi = _rfi(insider, private, "Private set: where is the supervision policy?", 3)
    own_thread = discussion_services.thread_create(
        actor=member,
        community=community,
        kind="problem_solving",
        title="Planning contact with grandparents",
        body="How do others plan contact when grandparents disagree?",
    )
    discussion_services.thread_reply(
        actor=colleague, thread=own_thread, body="We use a family group conference first."
    )

    event = _event(organiser, council, title="Recognising neglect together", days=7)
    event_services.registration_create(actor=member, event=event)
    trial_event = _event(
        organiser,
        council,
        title="Members' forum: kinship assessments",
        days=10,
        audience="members",
        trial_allowed=True,
    )
    start = _start(3, 14)
    session = reflection_services.session_schedule(
        actor=facilitator,
        community=community,
        title="Kinship care reflective session",
        theme="Holding uncertainty",
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=90),
        session_format="flexible",
        where="online",
        online_url="https://meet.example.org/reflect",
        capacity=8,
    )
    reflection_services.session_book(actor=member, session=session)

    cpd_services.record_create(
        actor=member,
        data={"title": "Reading: kinship assessments", "date": timezone.localdate(), "hours": 1},
    )
    item = LibraryItem.objects.create(
        kind=ItemKind.SOLUTION,
        status=ItemStatus.PUBLISHED,
        title="Family group conferences before kinship assessments",
        summary="What worked in Leeds.",
        published_at=timezone.now(),
    )
    item.topics.add(topic)
    report = Report.objects.create(
        reporter=member,
        content_type_id=_content_type_id(Thread),
        object_id=rfi.pk,
        reason=Report.Reason.MISINFORMATION,
    )
    _make_busy(organiser, council, community, report)

    for n in range(extra):
        someone = add_member(community, UserFactory())
        add_member(private, UserFactory())
        _rfi(someone, community, f"Request {n}: where is the guidance?", 4 + n % 20)
        _rfi(insider, private, f"Private request {n}", 2 + n % 20)
        add_member(community, UserFactory(), status=MembershipStatus.REQUESTED)
        other = make_community(name=f"Regional network {n}", areas="Leeds")
        other.professions.add(social_worker)
        e = _event(organiser, council, title=f"Forum {n}", days=4 + n % 20)
        event_services.registration_create(actor=member, event=e)
        cpd_services.record_create(
            actor=member, data={"title": f"Draft {n}", "date": timezone.localdate(), "hours": 1}
        )
        t = discussion_services.thread_create(
            actor=member,
            community=community,
            kind="problem_solving",
            title=f"Question {n}",
            body="How do others do this?",
        )
        discussion_services.thread_reply(actor=someone, thread=t, body="Like this.")
        lib = LibraryItem.objects.create(
            kind=ItemKind.PRACTICE_EXAMPLE,
            status=ItemStatus.PUBLISHED,
            title=f"Example {n}",
            summary="An example.",
            published_at=timezone.now(),
        )
        lib.topics.add(topic)
    return World(
        member=member,
        facilitator=facilitator,
        non_member=non_member,
        host_admin=host_admin,
        busy=organiser,
        community=community,
        private=private,
        rfi=rfi,
        private_rfi=private_rfi,
        own_thread=own_thread,
        event=event,
        trial_event=trial_event,
        session=session,
        requester=requester,
    )


def _terms(**dates) -> Terms:
    return Terms(
        purpose="Joint training on neglect for social workers and police officers.",
        responsibilities=["The council hosts.", "The police co-present."],
        milestones=[],
        communication_internal="Team briefings.",
        communication_external="A joint news item.",
        recognition="Both logos on all materials.",
        data_sharing="No personal data is shared.",
        **dates,
    )


def _make_busy(person, council, community, report):
    """Every block of the home page for ``person`` (an admin of ``council``)."""
    add_member(community, person, role=Role.FACILITATOR)
    SafeguardingLead.objects.create(
        user=person, scope_type_id=_content_type_id(type(council)), scope_id=council.pk
    )
    report.routed_to.add(person)
    police = OrganisationFactory(name="West Yorkshire Police", slug="west-yorkshire-police")
    police_contact = UserFactory(full_name="Pip Police", organisation=police)
    today = timezone.localdate()
    for title, review_in_days in (("Joint neglect training", 180), ("Shared triage", 10)):
        agreement = collaboration_services.agreement_create(
            actor=person,
            title=title,
            parties=[(council, person), (police, police_contact)],
            terms=_terms(
                start_on=today,
                end_on=today + dt.timedelta(days=365),
                review_on=today + dt.timedelta(days=review_in_days),
            ),
        )
        collaboration_services.agreement_propose(actor=person, agreement=agreement)
        if review_in_days < 30:
            for contact in (person, police_contact):
                collaboration_services.agreement_accept(
                    actor=contact, agreement=agreement, version=1
                )
    notification_services.notify(
        recipient=person, kind=NotificationKind.REPLY, title="A reply", url="/communities/"
    )


def _content_type_id(model) -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(model).pk
