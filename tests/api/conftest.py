"""A small world for the API's fuzz tests: a signed-in member with a bearer token, and one
real object behind each kind of path parameter, so generated requests reach the
services (a random id only ever finds the 404)."""

from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.utils import timezone

from practice_commons.accounts.tests.factories import UserFactory
from practice_commons.communities import services as community_services
from practice_commons.communities.models import Role
from practice_commons.communities.tests.factories import add_member, make_community
from practice_commons.discussions import services as discussion_services
from practice_commons.events import services as event_services
from practice_commons.notifications import services as notification_services
from practice_commons.reflection import services as reflection_services
from practice_commons.safeguarding import services as safeguarding_services


@dataclass
class ApiWorld:
    member: object
    token: str
    # Path parameter name -> the value of a real object the member can reach.
    path_values: dict = field(default_factory=dict)

    @property
    def headers(self) -> dict:
        return {"Authorization": f"Bearer {self.token}"}


def _soon(days: int = 0, minutes: int = 30):
    return (timezone.now() + timedelta(days=days, minutes=minutes)).replace(microsecond=0)


@pytest.fixture
def api_world(db, api_client_for) -> ApiWorld:
    member = UserFactory(full_name="Fuzz Member")
    colleague = UserFactory(full_name="Cara Colleague")
    community = make_community(name="Fuzzing practice", owner=member, joining_policy="request")
    add_member(community, colleague)
    add_member(make_community(name="Second community"), member)
    request = community_services.community_join(
        actor=UserFactory(full_name="Asa Asking"), community=community, accept_rules=True
    )

    thread = discussion_services.thread_create(
        actor=colleague,
        community=community,
        kind="problem_solving",
        title="Planning a joint visit",
        body="How do you agree roles before a joint visit?",
    )
    reply = discussion_services.thread_reply(
        actor=member, thread=thread, body="We agree them on a short call the day before."
    )
    start = _soon(days=7)
    event = event_services.event_create(
        actor=member,
        data={
            "title": "Joint practice evening",
            "description": "An evening for every agency.",
            "kind": "joint_training",
            "starts_at": start,
            "ends_at": start + timedelta(hours=2),
            "format": "online",
            "online_url": "https://meet.example.org/evening",
            "capacity": 20,
            "community": community,
        },
        publish=True,
    )
    session_start = _soon()
    session = reflection_services.session_schedule(
        actor=member,
        community=community,
        title="Wednesday reflective session",
        theme="Holding uncertainty",
        starts_at=session_start,
        ends_at=session_start + timedelta(minutes=90),
        session_format="flexible",
        where="online",
        online_url="https://meet.example.org/reflect",
        capacity=8,
    )
    notification = notification_services.notify(
        recipient=member, kind="reply", title="A reply in your thread", actor=colleague
    )
    report = safeguarding_services.report_create(
        actor=member, target=colleague, reason="harassment"
    )
    add_member(community, UserFactory(), role=Role.FACILITATOR)
    return ApiWorld(
        member=member,
        token=api_client_for(member).token,
        path_values={
            "slug": community.slug,
            "thread_id": thread.pk,
            "post_id": reply.pk,
            "event_id": event.pk,
            "session_id": session.pk,
            "notification_id": notification.pk if notification else 1,
            "membership_id": request.pk,
            "report_id": report.pk,
        },
    )
