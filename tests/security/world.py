"""One world for the role matrix: a private community with its thread, reply, reflective
session, event, draft library item and report, a CPD record and a conversation that
belong to other people, and one person in each role around them.

The roles (the columns of ``expectations.py``), all about the private community:

    visitor            signed out
    host_member        a member of the host, not of the community
    community_member   an active member of the community (owns the CPD record)
    facilitator        the community's facilitator
    org_admin          admin of the organisation that runs the event and posts the job
    safeguarding_lead  the community's safeguarding lead (also a member of it)
    host_admin         a host administrator

``path_value(route, name)`` gives the real object behind each path parameter; a
parameter the world has no object for gets ``MISSING`` (an id nothing has), so that
pattern is still visited and must answer like a missing object.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from practice_commons.accounts import services as account_services
from practice_commons.accounts.models import HostMembership, HostMembershipClaim
from practice_commons.accounts.tests.factories import (
    HostAdminFactory,
    OrgAdminFactory,
    UserFactory,
)
from practice_commons.communities.models import Role
from practice_commons.communities.services import leads as lead_services
from practice_commons.communities.tests.factories import add_member, make_community
from practice_commons.cpd import services as cpd_services
from practice_commons.discussions import services as discussion_services
from practice_commons.discussions.services import messages as message_services
from practice_commons.events import services as event_services
from practice_commons.library.services import items as library_services
from practice_commons.notifications import services as notification_services
from practice_commons.reflection import services as reflection_services
from practice_commons.safeguarding import services as safeguarding_services

ROLES = (
    "visitor",
    "host_member",
    "community_member",
    "facilitator",
    "org_admin",
    "safeguarding_lead",
    "host_admin",
)
MISSING = 999999


@dataclass
class SecurityWorld:
    people: dict  # role -> user (None for the visitor)
    # Route prefix -> {parameter name -> value}; the longest matching prefix wins.
    values: dict = field(default_factory=dict)

    def path_value(self, route: str, name: str):
        for prefix in sorted(self.values, key=len, reverse=True):
            if route.startswith(prefix) and name in self.values[prefix]:
                return self.values[prefix][name]
        return MISSING


def _start(days: int) -> dt.datetime:
    return (timezone.now() + dt.timedelta(days=days)).replace(microsecond=0)


def build_world() -> SecurityWorld:
    org_admin = OrgAdminFactory(full_name="Orla Orgadmin")
    organisation = org_admin.organisation
    facilitator = UserFactory(full_name="Fola Facilitator")
    member = UserFactory(full_name="Mina Member")
    lead = UserFactory(full_name="Lee Lead")
    people = {
        "visitor": None,
        "host_member": UserFactory(full_name="Hugo Hostmember"),
        "community_member": member,
        "facilitator": facilitator,
        "org_admin": org_admin,
        "safeguarding_lead": lead,
        "host_admin": HostAdminFactory(full_name="Hana Hostadmin"),
    }

    owner = UserFactory(full_name="Olive Owner")
    private = make_community(owner=owner, name="Closed reflective set", visibility="private")
    add_member(private, facilitator, role=Role.FACILITATOR)
    add_member(private, member)
    add_member(private, lead)
    lead_services.safeguarding_lead_assign(actor=owner, community=private, user=lead)

    thread = discussion_services.thread_create(
        actor=member,
        community=private,
        kind="problem_solving",
        title="A case we cannot discuss elsewhere",
        body="How do you hold a decision you disagree with?",
    )
    reply = discussion_services.thread_reply(
        actor=facilitator, thread=thread, body="I write down my reasons first."
    )
    start = _start(7)
    event = event_services.event_create(
        actor=facilitator,
        data={
            "title": "Closed set evening",
            "description": "Only for the set.",
            "kind": "joint_training",
            "starts_at": start,
            "ends_at": start + dt.timedelta(hours=2),
            "format": "online",
            "online_url": "https://meet.example.org/closed",
            "capacity": 10,
            "community": private,
            "audience": "members",
        },
        publish=True,
    )
    session_start = _start(3)
    session = reflection_services.session_schedule(
        actor=facilitator,
        community=private,
        title="Closed reflective session",
        theme="Holding uncertainty",
        starts_at=session_start,
        ends_at=session_start + dt.timedelta(minutes=90),
        session_format="flexible",
        where="online",
        online_url="https://meet.example.org/reflect",
        capacity=8,
    )
    record = cpd_services.record_create(
        actor=member,
        data={"title": "Reading: my own supervision", "date": timezone.localdate(), "hours": 1},
    )
    draft = library_services.item_create(
        actor=member,
        kind="practice_example",
        community=private,
        title="Draft: our way of holding disagreements",
        summary="Not yet shared.",
        what_was_done="We name the disagreement at the start of supervision.",
        outcomes="Fewer decisions revisited later.",
    )
    conversation = message_services.conversation_start(
        actor=member, recipients=[facilitator], body="Can we talk about Tuesday?"
    )
    notification = notification_services.notify(
        recipient=member, kind="reply", title="A reply in your thread", actor=facilitator
    )
    report = safeguarding_services.report_create(actor=member, target=reply, reason="harassment")
    # A claim to host membership waiting for a host admin (the register's API).
    claim = HostMembershipClaim.objects.create(
        user=UserFactory(full_name="Cleo Claimant", host_membership=HostMembership.NON_MEMBER),
        number="CAPA-MATRIX",
    )
    staff_file = account_services.onboarding_upload(
        actor=org_admin,
        organisation=organisation,
        file_name="staff.csv",
        content=b"name,email\nNew Starter,new.starter@example.org\n",
    )

    community_values = {"slug": private.slug, "community_slug": private.slug}
    organisation_values = {"slug": organisation.slug}
    values = {
        "": community_values,
        "communities/": {
            **community_values,
            "pk": thread.pk,
            "post_pk": reply.pk,
        },
        "organisations/": organisation_values,
        "cpd/organisations/": organisation_values,
        "safeguarding/organisations/": organisation_values,
        "embed/organisations/": organisation_values,
        "api/organisations/": organisation_values,
        "api/v1/organisations/": {**organisation_values, "import_id": staff_file.pk},
        "api/v1/cpd/organisations/": organisation_values,
        "api/v1/safeguarding/organisations/": organisation_values,
        "api/v1/cpd/": {"record_id": record.pk},
        "api/v1/register/": {
            "record_id": people["host_member"].host_membership_records.get().pk,
            "claim_id": claim.pk,
        },
        "library/new/": {"kind": "practice_example"},
        "library/items/": {"pk": draft.pk},
        "library/solutions/": {"thread_id": thread.pk},
        "events/": {"pk": event.pk},
        "reflection/sessions/": {"pk": session.pk},
        "api/v1/reflection/sessions/": {"session_id": session.pk},
        "cpd/": {"record_id": record.pk},
        "messages/": {"pk": conversation.pk, "user_id": member.pk},
        "notifications/": {"pk": notification.pk if notification else MISSING},
        "safeguarding/reports/": {"pk": report.pk},
        "safeguarding/report/": {
            "content_type_id": report.content_type_id,
            "object_id": report.object_id,
        },
    }
    return SecurityWorld(people=people, values=values)
