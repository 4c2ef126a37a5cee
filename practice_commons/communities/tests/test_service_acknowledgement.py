"""A low-confidence finding stops a write until the writer confirms it; every guarded
communities service takes that confirmation as ``confidentiality_acknowledged``."""

import inspect

import pytest

from practice_commons.accounts.tests.factories import UserFactory
from practice_commons.communities import services
from practice_commons.communities.models import CommunityMembership, MembershipStatus, Role
from practice_commons.confidentiality.guard import ConfidentialityWarning
from practice_commons.confidentiality.testing import only_low_confidence_names

from .factories import add_member

pytestmark = pytest.mark.django_db

WORD = "Robin"
GUARDED = (
    "community_create",
    "community_update",
    "community_rules_update",
    "join_request_decide",
    "invitation_create",
    "membership_remove",
    "membership_mute",
    "membership_set_coordinator_title",
)


def test_the_flag_has_one_name():
    for name in services.__all__:
        service = getattr(services, name)
        if not callable(service) or isinstance(service, type):
            continue
        params = inspect.signature(service).parameters
        assert "acknowledged" not in params, name
        if name in GUARDED:
            assert params["confidentiality_acknowledged"].default is False, name
            assert params["confidentiality_acknowledged"].kind is inspect.Parameter.KEYWORD_ONLY


def _owner(community):
    return community.memberships.get(role=Role.OWNER).user


def _writes(community):
    """Service name -> a call that writes ``WORD`` somewhere the guard reads."""
    owner = _owner(community)

    def member():
        return CommunityMembership.objects.get(community=community, user=add_member(community))

    return {
        "community_create": lambda ack: services.community_create(
            actor=UserFactory(),
            name="Kinship carers",
            purpose=f"Started by {WORD}.",
            domain_statement="Kinship care.",
            confidentiality_acknowledged=ack,
        ),
        "community_update": lambda ack: services.community_update(
            actor=owner,
            community=community,
            data={"purpose": f"Run by {WORD}."},
            confidentiality_acknowledged=ack,
        ),
        "community_rules_update": lambda ack: services.community_rules_update(
            actor=owner,
            community=community,
            rules=[{"title": "Listen", "description": f"As {WORD} says."}],
            confidentiality_acknowledged=ack,
        ),
        "join_request_decide": lambda ack: services.join_request_decide(
            actor=owner,
            membership=_requested(community),
            approve=False,
            reason=f"Ask {WORD}.",
            confidentiality_acknowledged=ack,
        ),
        "invitation_create": lambda ack: services.invitation_create(
            actor=owner,
            community=community,
            email="new@example.org",
            message=f"{WORD} suggested you.",
            confidentiality_acknowledged=ack,
        ),
        "membership_remove": lambda ack: services.membership_remove(
            actor=owner,
            membership=member(),
            reason=f"Complaint from {WORD}.",
            confidentiality_acknowledged=ack,
        ),
        "membership_mute": lambda ack: services.membership_mute(
            actor=owner,
            membership=member(),
            days=3,
            reason=f"Complaint from {WORD}.",
            confidentiality_acknowledged=ack,
        ),
        "membership_set_coordinator_title": lambda ack: services.membership_set_coordinator_title(
            actor=owner,
            membership=member(),
            title=f"{WORD}'s deputy",
            confidentiality_acknowledged=ack,
        ),
    }


def _requested(community):
    user = add_member(community, status=MembershipStatus.REQUESTED, accepted=False)
    return CommunityMembership.objects.get(community=community, user=user)


@pytest.mark.parametrize("name", GUARDED)
def test_a_warning_stops_the_write_until_confirmed(monkeypatch, community, name):
    only_low_confidence_names(monkeypatch, WORD)
    write = _writes(community)[name]
    with pytest.raises(ConfidentialityWarning):
        write(False)
    assert write(True) is not None
