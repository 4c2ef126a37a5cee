"""Test data for communities. Communities are made through the service, so every one has
its rules version and owner exactly as in the product; members are added directly."""

import re

from django.db import connection
from django.urls import reverse
from django.utils import timezone

from practice_commons.accounts.models import HostMembership
from practice_commons.accounts.tests.factories import HostAdminFactory, UserFactory
from practice_commons.communities import services
from practice_commons.communities.models import CommunityMembership, MembershipStatus, Role

# The keys of ``people_in_every_role``.
ROLES = ("visitor", "non_host", "host_member", "member", "facilitator", "owner", "host_admin")

_counter = {"n": 0}


def make_community(owner=None, **kwargs):
    _counter["n"] += 1
    owner = owner or UserFactory()
    defaults = {
        "name": f"Community {_counter['n']}",
        "purpose": "Peers reflecting on practice together.",
        "domain_statement": "Decision-making with children and families.",
    }
    defaults.update(kwargs)
    return services.community_create(actor=owner, **defaults)


def add_member(
    community,
    user=None,
    *,
    role=Role.MEMBER,
    status=MembershipStatus.ACTIVE,
    accepted=True,
    **extra,
):
    user = user or UserFactory()
    rules = community.current_rules
    CommunityMembership.objects.update_or_create(
        community=community,
        user=user,
        defaults={
            "role": role,
            "status": status,
            "joined_at": timezone.now(),
            "accepted_rules_version": rules.version if (rules and accepted) else None,
            **extra,
        },
    )
    return user


def people_in_every_role(community) -> dict:
    """Role -> user around ``community`` (``None`` for the visitor): visitor, non_host
    (signed in, not a host member), host_member (not in the community), member,
    facilitator, owner, host_admin."""
    owner = CommunityMembership.objects.get(community=community, role=Role.OWNER).user
    return {
        "visitor": None,
        "non_host": UserFactory(host_membership=HostMembership.NON_MEMBER),
        "host_member": UserFactory(),
        "member": add_member(community),
        "facilitator": add_member(community, role=Role.FACILITATOR),
        "owner": owner,
        "host_admin": HostAdminFactory(),
    }


def invitation_link(invitation) -> str:
    """A working link for ``invitation`` (a new token, as its email would carry; the
    link sent before it stops working)."""
    token = invitation.issue_token()
    invitation.save(update_fields=["token_digest"])
    return reverse("communities:invitation", kwargs={"token": token})


def link_in(message, prefix: str = "/communities/invitations/") -> str:
    """The path of the invitation link (with its token) in an email."""
    match = re.search(re.escape(prefix) + r"(?!yours/)[A-Za-z0-9_-]+/", message.body)
    assert match, message.body
    return match.group(0)


def assert_not_stored(secret: str) -> None:
    """Fail if ``secret`` appears in any row of any table (rows read as text)."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608 (names from the schema)
            for row in cursor.fetchall():
                text = " ".join(
                    bytes(v).decode("latin-1") if isinstance(v, bytes | memoryview) else str(v)
                    for v in row
                )
                assert secret not in text, f"{table} holds it: {row!r}"
