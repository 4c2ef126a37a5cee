import pytest
from django.core.management import call_command

from practice_commons.accounts.seeding import DEMO_LOGINS
from practice_commons.communities import selectors
from practice_commons.communities.models import (
    Community,
    CommunityMembership,
    MembershipStatus,
    Role,
)
from practice_commons.communities.seeding_content import DEMO_COMMUNITIES, THEMES
from practice_commons.confidentiality.guard import guard_texts
from practice_commons.safeguarding.selectors import leads_for

EMAILS = {d.key: d.email for d in DEMO_LOGINS}


def test_every_demo_text_passes_the_guard():
    for c in DEMO_COMMUNITIES:
        guard_texts(
            texts={
                "name": c.name,
                "purpose": c.purpose,
                "domain": c.domain,
                "practice": c.practice,
                "rhythm": c.rhythm,
                "areas": c.areas,
                "topics": ", ".join(c.topics),
                "coordinators": ", ".join(c.coordinators),
            }
        )
    for suffix, topic, _ in THEMES:
        guard_texts(texts={"name": f"Leeds {suffix}", "topic": topic})


@pytest.mark.django_db
def test_seed_demo_makes_communities_from_the_field(capsys):
    call_command("seed_demo", "--scale", "small")
    names = set(Community.objects.values_list("name", flat=True))
    for wanted in (
        "Children and families decision-making",
        "AMHP leads",
        "Principal social workers network",
        "Youth justice practitioners",
        "Early help and CAF practitioners",
        "Newly qualified social workers (ASYE)",
        "Kinship care practice",
        "Contextual safeguarding across agencies",
        "Wednesday reflective set",
    ):
        assert wanted in names
    reflective = Community.objects.get(name="Wednesday reflective set")
    assert reflective.parent.name == "Children and families decision-making"
    assert reflective.visibility == "private"
    assert reflective.current_rules_id == reflective.parent.current_rules_id
    assert CommunityMembership.objects.filter(community=reflective).count() == 8
    parent_members = set(selectors.active_member_ids(reflective.parent))
    assert set(selectors.active_member_ids(reflective)) <= parent_members

    for community in Community.objects.all():
        memberships = CommunityMembership.objects.filter(
            community=community, status=MembershipStatus.ACTIVE
        )
        assert memberships.filter(role=Role.OWNER).exists(), community
        assert community.current_rules_id, community
        assert community.meeting_rhythm
    assert CommunityMembership.objects.exclude(coordinator_title="").exists()

    from practice_commons.accounts.models import User

    facilitator = User.objects.get(email=EMAILS["facilitator"])
    assert selectors.can_moderate(facilitator, Community.objects.get(name="Kinship care practice"))
    assert selectors.can_moderate(facilitator, reflective)
    member = User.objects.get(email=EMAILS["member"])
    assert selectors.can_post(member, reflective)[0]
    lead = User.objects.get(email=EMAILS["safeguarding_lead"])
    cfdm = reflective.parent
    assert list(leads_for(cfdm)) == [lead]
    outsider = User.objects.get(email=EMAILS["champion"])
    assert not selectors.can_read(outsider, reflective)


@pytest.mark.django_db
def test_seed_is_reproducible_and_resets():
    call_command("seed_demo", "--scale", "small")
    first = sorted(
        CommunityMembership.objects.values_list(
            "community__name", "user__email", "role", "coordinator_title"
        )
    )
    call_command("seed_demo", "--scale", "small", "--reset")
    second = sorted(
        CommunityMembership.objects.values_list(
            "community__name", "user__email", "role", "coordinator_title"
        )
    )
    assert first == second
