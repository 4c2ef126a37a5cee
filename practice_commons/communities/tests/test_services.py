from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from practice_commons.accounts.models import AuditEvent, HostMembership
from practice_commons.accounts.tests.factories import HostAdminFactory, UserFactory
from practice_commons.communities import notify, selectors, services
from practice_commons.communities.default_rules import DEFAULT_RULES
from practice_commons.communities.models import (
    Community,
    CommunityMembership,
    CommunityRules,
    Invitation,
    MembershipStatus,
    Role,
)
from practice_commons.confidentiality.guard import ConfidentialityBlocked
from practice_commons.core.errors import NotFound, PermissionDenied

from .factories import add_member, link_in, make_community

pytestmark = pytest.mark.django_db

IDENTIFYING = "We discussed the boy with NHS number 943 476 5919 at length."


@pytest.fixture
def sent(monkeypatch):
    """Records notifications instead of sending them (after commit, as in the product)."""
    calls = []

    class Recorder:
        @staticmethod
        def notify_many(*, recipients, **kwargs):
            calls.append({"recipients": {r.pk for r in recipients}, **kwargs})

    monkeypatch.setattr(notify, "_notification_services", lambda: Recorder)
    return calls


def owner_of(community):
    return community.memberships.get(role=Role.OWNER).user


# --- create ---------------------------------------------------------------------------


def test_create_makes_owner_and_default_rules():
    person = UserFactory()
    community = services.community_create(
        actor=person,
        name="  AMHP leads  ",
        purpose="Leads of approved mental health professional services",
        domain_statement="Running AMHP services.",
        topic_names=["Mental Health Act", "mental health act"],
        nations=["wales", "england"],
    )
    assert community.name == "AMHP leads"
    assert community.slug == "amhp-leads"
    assert community.nations == ["england", "wales"]
    assert [t.name for t in community.topics.all()] == ["Mental Health Act"]
    rules = community.current_rules
    assert rules.version == 1 and rules.rules == DEFAULT_RULES
    titles = [r["title"] for r in rules.rules]
    assert "Safeguarding duties override confidentiality" in titles
    membership = CommunityMembership.objects.get(community=community, user=person)
    assert (membership.role, membership.status, membership.accepted_rules_version) == (
        Role.OWNER,
        MembershipStatus.ACTIVE,
        1,
    )
    assert AuditEvent.objects.filter(
        action="community.create", target_id=str(community.pk)
    ).exists()


@pytest.mark.parametrize("who", ["non_host", "anonymous"])
def test_only_host_members_create(who):
    from django.contrib.auth.models import AnonymousUser

    actor = (
        AnonymousUser()
        if who == "anonymous"
        else UserFactory(host_membership=HostMembership.NON_MEMBER)
    )
    with pytest.raises(PermissionDenied):
        services.community_create(actor=actor, name="X", purpose="p", domain_statement="d")
    assert not Community.objects.exists()


def test_host_admin_may_create_without_host_membership():
    admin = HostAdminFactory(host_membership=HostMembership.NON_MEMBER)
    assert services.community_create(actor=admin, name="X", purpose="p", domain_statement="d")


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({"name": "x" * 121}, "name"),
        ({"purpose": ""}, "purpose"),
        ({"purpose": "p" * 281}, "purpose"),
        ({"domain_statement": ""}, "domain_statement"),
        ({"visibility": "secret"}, "visibility"),
        ({"joining_policy": "lottery"}, "joining_policy"),
        ({"nations": ["atlantis"]}, "nations"),
        ({"topic_names": ["t" * 81]}, "topics"),
    ],
)
def test_create_rejects_bad_input_and_stores_nothing(kwargs, field):
    data = {"name": "Good name", "purpose": "p", "domain_statement": "d", **kwargs}
    with pytest.raises(ValidationError) as exc:
        services.community_create(actor=UserFactory(), **data)
    assert field in exc.value.message_dict
    assert not Community.objects.exists()
    assert not CommunityRules.objects.exists()


def test_duplicate_name_is_rejected_case_insensitively(community):
    with pytest.raises(ValidationError) as exc:
        make_community(name=community.name.upper())
    assert "already exists" in str(exc.value)
    assert Community.objects.count() == 1


def test_slug_is_unique_and_never_reserved():
    a = make_community(name="Early help!")
    b = make_community(name="Early help?")
    assert a.slug == "early-help" and b.slug == "early-help-2"
    assert make_community(name="New").slug == "new-community"


@pytest.mark.parametrize(
    "field",
    ["name", "purpose", "domain_statement", "practice_statement", "meeting_rhythm", "areas"],
)
def test_create_guards_every_text(field):
    data = {"name": "Good", "purpose": "p", "domain_statement": "d", field: IDENTIFYING[:110]}
    with pytest.raises(ConfidentialityBlocked) as exc:
        services.community_create(actor=UserFactory(), **data)
    assert exc.value.fields[0].field == field
    assert not Community.objects.exists()


def test_create_guards_topics():
    with pytest.raises(ConfidentialityBlocked):
        make_community(topic_names=["NHS 943 476 5919"])
    assert not Community.objects.exists()


# --- sub-groups -----------------------------------------------------------------------


def test_subgroup_needs_parent_facilitator_and_no_looser_visibility(community):
    owner = owner_of(community)
    with pytest.raises(PermissionDenied):
        make_community(owner=add_member(community), name="Sub", parent=community)
    private_parent = make_community(owner=owner, name="Private parent", visibility="private")
    with pytest.raises(ValidationError) as exc:
        make_community(owner=owner, name="Loose", parent=private_parent, visibility="public")
    assert "visibility" in exc.value.message_dict
    sub = make_community(
        owner=owner, name="Set of eight", parent=private_parent, visibility="private"
    )
    with pytest.raises(ValidationError):
        make_community(owner=owner, name="Sub-sub", parent=sub, visibility="private")


def test_outsider_cannot_learn_of_private_parent_through_subgroup(private_community):
    with pytest.raises(NotFound):
        make_community(
            owner=UserFactory(), name="Sub", parent=private_community, visibility="private"
        )


def test_parent_cannot_become_stricter_than_its_subgroups(private_community):
    owner = owner_of(private_community)
    make_community(owner=owner, name="Sub", parent=private_community, visibility="private")
    # Tightening is fine; loosening the parent past the sub-group is not.
    services.community_update(
        actor=owner, community=private_community, data={"visibility": "private"}
    )
    community = make_community(owner=owner, name="Members only parent", visibility="members_only")
    make_community(owner=owner, name="MO sub", parent=community, visibility="members_only")
    with pytest.raises(ValidationError):
        services.community_update(actor=owner, community=community, data={"visibility": "private"})


def test_joining_a_subgroup_needs_parent_membership(community):
    owner = owner_of(community)
    sub = make_community(owner=owner, name="Regional set", parent=community)
    person = UserFactory()
    with pytest.raises(ValidationError):
        services.community_join(actor=person, community=sub, accept_rules=True)
    add_member(community, person)
    membership = services.community_join(actor=person, community=sub, accept_rules=True)
    assert membership.status == MembershipStatus.ACTIVE
    assert membership.accepted_rules_version == community.current_rules.version


def test_leaving_parent_leaves_subgroups(community):
    owner = owner_of(community)
    sub = make_community(owner=owner, name="Regional set", parent=community)
    person = add_member(community)
    add_member(sub, person)
    services.community_leave(actor=person, community=community)
    assert not CommunityMembership.objects.filter(user=person).exists()


# --- update and rules -----------------------------------------------------------------


def test_update_by_facilitator_only(community):
    facilitator = add_member(community, role=Role.FACILITATOR)
    services.community_update(
        actor=facilitator,
        community=community,
        data={"purpose": "New purpose", "meeting_rhythm": "Monthly"},
    )
    community.refresh_from_db()
    assert community.purpose == "New purpose" and community.meeting_rhythm == "Monthly"
    with pytest.raises(PermissionDenied):
        services.community_update(
            actor=add_member(community), community=community, data={"purpose": "x"}
        )
    with pytest.raises(ValidationError):
        services.community_update(actor=facilitator, community=community, data={"slug": "hijack"})
    with pytest.raises(ConfidentialityBlocked):
        services.community_update(
            actor=facilitator, community=community, data={"domain_statement": IDENTIFYING}
        )
    community.refresh_from_db()
    assert community.domain_statement == "Decision-making with children and families."


def test_update_rejects_duplicate_name(community):
    other = make_community(name="Other")
    with pytest.raises(ValidationError):
        services.community_update(
            actor=owner_of(other), community=other, data={"name": community.name.lower()}
        )


def test_private_community_update_by_outsider_is_404(private_community):
    with pytest.raises(NotFound):
        services.community_update(
            actor=UserFactory(), community=private_community, data={"purpose": "x"}
        )


def test_rules_update_creates_version_and_requires_acceptance(community):
    owner = owner_of(community)
    member = add_member(community)
    new = services.community_rules_update(
        actor=owner,
        community=community,
        rules=[
            {"title": " Confidentiality ", "description": "Always."},
            {"title": "", "description": ""},
        ],
    )
    assert new.version == 2 and new.rules == [
        {"title": "Confidentiality", "description": "Always."}
    ]
    assert CommunityRules.objects.filter(community=community).count() == 2
    community.refresh_from_db()
    assert not selectors.can_post(member, community)[0]
    with pytest.raises(ValidationError):
        services.rules_accept(actor=member, community=community, version=1)
    services.rules_accept(actor=member, community=community, version=2)
    assert selectors.can_post(member, community)[0]
    same = services.community_rules_update(actor=owner, community=community, rules=new.rules)
    assert same.version == 2, "saving unchanged rules makes no new version"


@pytest.mark.parametrize(
    "rules",
    [
        [],
        [{"title": "", "description": "no title"}],
        [{"title": "t" * 121, "description": ""}],
        "not a list",
        [{"title": "x", "description": ""}] * 31,
    ],
)
def test_rules_update_rejects_bad_rules(community, rules):
    with pytest.raises(ValidationError):
        services.community_rules_update(actor=owner_of(community), community=community, rules=rules)
    assert CommunityRules.objects.filter(community=community).count() == 1


def test_rules_text_is_guarded(community):
    with pytest.raises(ConfidentialityBlocked) as exc:
        services.community_rules_update(
            actor=owner_of(community),
            community=community,
            rules=[{"title": "Fine", "description": IDENTIFYING}],
        )
    assert exc.value.fields[0].field == "rules.0.description"
    assert CommunityRules.objects.filter(community=community).count() == 1


def test_rules_update_only_by_facilitators_and_not_on_subgroups(community):
    with pytest.raises(PermissionDenied):
        services.community_rules_update(
            actor=add_member(community),
            community=community,
            rules=[{"title": "x", "description": ""}],
        )
    sub = make_community(owner=owner_of(community), name="Sub", parent=community)
    with pytest.raises(ValidationError):
        services.community_rules_update(
            actor=owner_of(community), community=sub, rules=[{"title": "x", "description": ""}]
        )


# --- joining --------------------------------------------------------------------------


def test_join_open_requires_accepting_rules(community):
    person = UserFactory()
    with pytest.raises(ValidationError) as exc:
        services.community_join(actor=person, community=community, accept_rules=False)
    assert "accept_rules" in exc.value.message_dict
    assert not CommunityMembership.objects.filter(user=person).exists()
    membership = services.community_join(actor=person, community=community, accept_rules=True)
    assert membership.status == MembershipStatus.ACTIVE
    assert membership.accepted_rules_version == 1
    with pytest.raises(ValidationError):
        services.community_join(actor=person, community=community, accept_rules=True)


def test_join_with_stale_rules_version_is_refused(community):
    services.community_rules_update(
        actor=owner_of(community), community=community, rules=[{"title": "New", "description": ""}]
    )
    community.refresh_from_db()
    with pytest.raises(ValidationError):
        services.community_join(
            actor=UserFactory(), community=community, accept_rules=True, rules_version=1
        )


def test_join_by_request_notifies_facilitators_then_outcome(
    members_only_community, sent, django_capture_on_commit_callbacks
):
    community = members_only_community
    facilitator = add_member(community, role=Role.FACILITATOR)
    person = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        membership = services.community_join(actor=person, community=community, accept_rules=True)
    assert membership.status == MembershipStatus.REQUESTED
    assert not selectors.is_member(person, community)
    assert sent[-1]["kind"] == "join_request"
    assert sent[-1]["recipients"] == {facilitator.pk, owner_of(community).pk}
    with pytest.raises(PermissionDenied):
        services.join_request_decide(
            actor=add_member(community), membership=membership, approve=True
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.join_request_decide(
            actor=facilitator, membership=membership, approve=True, reason="Welcome"
        )
    assert selectors.is_member(person, community)
    assert sent[-1]["recipients"] == {person.pk}
    assert "now a member" in sent[-1]["title"]
    assert AuditEvent.objects.filter(action="community.request_approve").exists()
    with pytest.raises(ValidationError):
        services.join_request_decide(actor=facilitator, membership=membership, approve=True)


def test_decline_removes_request_and_tells_person(
    members_only_community, sent, django_capture_on_commit_callbacks
):
    person = UserFactory()
    membership = services.community_join(
        actor=person, community=members_only_community, accept_rules=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.join_request_decide(
            actor=owner_of(members_only_community), membership=membership, approve=False
        )
    assert not CommunityMembership.objects.filter(user=person).exists()
    assert "declined" in sent[-1]["title"] and sent[-1]["recipients"] == {person.pk}


def test_cannot_join_invitation_only_or_invisible(private_community, community):
    with pytest.raises(NotFound):
        services.community_join(actor=UserFactory(), community=private_community, accept_rules=True)
    invitation_only = make_community(name="Invite only", joining_policy="invitation")
    with pytest.raises(ValidationError):
        services.community_join(actor=UserFactory(), community=invitation_only, accept_rules=True)
    with pytest.raises(PermissionDenied):
        services.community_join(actor=_anonymous(), community=community, accept_rules=True)


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def test_removed_member_cannot_rejoin_open_community(community):
    person = add_member(community, status=MembershipStatus.REMOVED)
    with pytest.raises(ValidationError):
        services.community_join(actor=person, community=community, accept_rules=True)


def test_leave_and_last_owner(community):
    owner = owner_of(community)
    with pytest.raises(ValidationError):
        services.community_leave(actor=owner, community=community)
    person = add_member(community)
    services.community_leave(actor=person, community=community)
    assert not selectors.is_member(person, community)
    with pytest.raises(ValidationError):
        services.community_leave(actor=person, community=community)


# --- invitations ----------------------------------------------------------------------


def test_invitation_email_and_accept(private_community, sent, django_capture_on_commit_callbacks):
    owner = owner_of(private_community)
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_create(
            actor=owner,
            community=private_community,
            email=" New.Person@Example.org ",
            message="Do join us.",
        )
    assert invitation.email == "new.person@example.org"
    assert invitation.expires_at - timezone.now() > timedelta(days=6, hours=23)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.person@example.org"]
    # The link in the email is this invitation's (the same link every time it is read).
    assert selectors.invitation_from_token(link_in(mail.outbox[0]).split("/")[-2]) == invitation
    assert sent == [], "no account yet, so no in-app notification"

    person = UserFactory(email="new.person@example.org")
    stranger = UserFactory()
    with pytest.raises(PermissionDenied):
        services.invitation_accept(actor=stranger, invitation=invitation, accept_rules=True)
    with pytest.raises(ValidationError):
        services.invitation_accept(actor=person, invitation=invitation, accept_rules=False)
    membership = services.invitation_accept(actor=person, invitation=invitation, accept_rules=True)
    assert membership.status == MembershipStatus.ACTIVE
    invitation.refresh_from_db()
    assert invitation.accepted_by == person
    with pytest.raises(ValidationError):
        services.invitation_accept(actor=person, invitation=invitation, accept_rules=True)


def test_invitation_to_registered_person_notifies_only_them(
    private_community, sent, django_capture_on_commit_callbacks
):
    person = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_create(
            actor=owner_of(private_community), community=private_community, email=person.email
        )
    assert sent[-1]["recipients"] == {person.pk} and sent[-1]["kind"] == "invitation"
    assert sent[-1]["url"] == f"/communities/invitations/yours/{Invitation.objects.get().pk}/"
    membership = CommunityMembership.objects.get(user=person)
    assert membership.status == MembershipStatus.INVITED
    assert not selectors.can_read(person, private_community), "invited is not yet a member"
    joined = services.community_join(actor=person, community=private_community, accept_rules=True)
    assert joined.status == MembershipStatus.ACTIVE
    assert Invitation.objects.get().accepted_at is not None


def test_invitation_bad_input_and_guard(community):
    owner = owner_of(community)
    for email, field in [("", "email"), ("not-an-email", "email")]:
        with pytest.raises(ValidationError) as exc:
            services.invitation_create(actor=owner, community=community, email=email)
        assert field in exc.value.message_dict
    with pytest.raises(ConfidentialityBlocked):
        services.invitation_create(
            actor=owner, community=community, email="a@example.org", message=IDENTIFYING
        )
    with pytest.raises(ValidationError):
        services.invitation_create(
            actor=owner, community=community, email=add_member(community).email
        )
    with pytest.raises(PermissionDenied):
        services.invitation_create(
            actor=add_member(community), community=community, email="a@example.org"
        )
    assert not Invitation.objects.exists()


def test_reinviting_withdraws_the_old_link_and_withdraw(community):
    owner = owner_of(community)
    first = services.invitation_create(actor=owner, community=community, email="a@example.org")
    second = services.invitation_create(actor=owner, community=community, email="a@example.org")
    first.refresh_from_db()
    assert first.withdrawn_at is not None and second.is_usable()
    services.invitation_withdraw(actor=owner, invitation=second)
    second.refresh_from_db()
    assert not second.is_usable()


# --- running the membership -----------------------------------------------------------


def test_remove_needs_reason_and_is_audited(community):
    facilitator = add_member(community, role=Role.FACILITATOR)
    person = add_member(community)
    membership = CommunityMembership.objects.get(user=person)
    with pytest.raises(ValidationError):
        services.membership_remove(actor=facilitator, membership=membership, reason=" ")
    with pytest.raises(ConfidentialityBlocked):
        services.membership_remove(actor=facilitator, membership=membership, reason=IDENTIFYING)
    services.membership_remove(
        actor=facilitator, membership=membership, reason="Repeatedly shared case details"
    )
    assert not selectors.is_member(person, community)
    event = AuditEvent.objects.get(action="community.member_remove")
    assert event.reason == "Repeatedly shared case details"
    assert event.data["user_id"] == person.pk


def test_facilitator_cannot_act_on_owner_or_other_facilitators(community):
    facilitator = add_member(community, role=Role.FACILITATOR)
    other = add_member(community, role=Role.FACILITATOR)
    owner_membership = community.memberships.get(role=Role.OWNER)
    with pytest.raises(PermissionDenied):
        services.membership_remove(actor=facilitator, membership=owner_membership, reason="x")
    with pytest.raises(PermissionDenied):
        services.membership_mute(
            actor=facilitator,
            membership=CommunityMembership.objects.get(user=other),
            days=1,
            reason="x",
        )
    with pytest.raises(ValidationError):
        services.membership_mute(
            actor=facilitator,
            membership=CommunityMembership.objects.get(user=facilitator),
            days=1,
            reason="x",
        )


def test_mute_and_unmute(community):
    facilitator = add_member(community, role=Role.FACILITATOR)
    person = add_member(community)
    membership = CommunityMembership.objects.get(user=person)
    for days in (0, 91, "x"):
        with pytest.raises(ValidationError):
            services.membership_mute(
                actor=facilitator, membership=membership, days=days, reason="Cooling off"
            )
    services.membership_mute(actor=facilitator, membership=membership, days=3, reason="Cooling off")
    assert not selectors.can_post(person, community)[0]
    services.membership_unmute(actor=facilitator, membership=membership)
    assert selectors.can_post(person, community)[0]
    assert AuditEvent.objects.filter(action="community.member_mute").exists()


def test_roles_only_owner_changes_and_one_owner_stays(community):
    owner = owner_of(community)
    facilitator = add_member(community, role=Role.FACILITATOR)
    person = add_member(community)
    membership = CommunityMembership.objects.get(user=person)
    with pytest.raises(PermissionDenied):
        services.membership_set_role(
            actor=facilitator, membership=membership, role=Role.FACILITATOR
        )
    services.membership_set_role(actor=owner, membership=membership, role=Role.FACILITATOR)
    assert selectors.can_moderate(person, community)
    with pytest.raises(ValidationError):
        services.membership_set_role(actor=owner, membership=membership, role="king")
    with pytest.raises(ValidationError):
        services.membership_set_role(
            actor=owner, membership=community.memberships.get(user=owner), role=Role.MEMBER
        )


def test_coordinator_title(community):
    facilitator = add_member(community, role=Role.FACILITATOR)
    membership = CommunityMembership.objects.get(user=add_member(community))
    services.membership_set_coordinator_title(
        actor=facilitator, membership=membership, title=" Events coordinator "
    )
    membership.refresh_from_db()
    assert membership.coordinator_title == "Events coordinator"
    assert list(selectors.coordinators(community)) == [membership]
    with pytest.raises(ValidationError):
        services.membership_set_coordinator_title(
            actor=facilitator, membership=membership, title="x" * 81
        )
    with pytest.raises(PermissionDenied):
        services.membership_set_coordinator_title(
            actor=add_member(community), membership=membership, title="Me"
        )


def test_archive_by_owner_only(community):
    with pytest.raises(PermissionDenied):
        services.community_archive(
            actor=add_member(community, role=Role.FACILITATOR), community=community
        )
    services.community_archive(actor=owner_of(community), community=community)
    assert community.archived_at is not None
    with pytest.raises(ValidationError):
        services.community_join(actor=UserFactory(), community=community, accept_rules=True)


def test_safeguarding_leads_are_members_named_by_facilitators(community):
    owner = owner_of(community)
    with pytest.raises(ValidationError):
        services.safeguarding_lead_assign(actor=owner, community=community, user=UserFactory())
    member = add_member(community)
    with pytest.raises(PermissionDenied):
        services.safeguarding_lead_assign(actor=member, community=community, user=member)
    lead = services.safeguarding_lead_assign(actor=owner, community=community, user=member)
    assert selectors.safeguarding_leads(community) == [member]
    with pytest.raises(NotFound):
        services.safeguarding_lead_remove(actor=owner, community=community, lead_id="nope")
    services.safeguarding_lead_remove(actor=owner, community=community, lead_id=lead.pk)
    assert selectors.safeguarding_leads(community) == []


def test_record_visit(community):
    member = add_member(community)
    services.membership_record_visit(user=member, community=community)
    first = CommunityMembership.objects.get(user=member).last_visited_at
    assert first is not None
    services.membership_record_visit(user=member, community=community)
    assert CommunityMembership.objects.get(user=member).last_visited_at == first


def test_notifications_are_recorded_for_real(
    members_only_community, django_capture_on_commit_callbacks
):
    """End to end through the notifications app (no recorder)."""
    from practice_commons.notifications import selectors as notification_selectors

    community = members_only_community
    owner = owner_of(community)
    person = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        membership = services.community_join(actor=person, community=community, accept_rules=True)
    notes = list(notification_selectors.notifications_for(owner))
    assert [n.kind for n in notes] == ["join_request"]
    assert notes[0].community_id == community.pk
    with django_capture_on_commit_callbacks(execute=True):
        services.join_request_decide(actor=owner, membership=membership, approve=True)
    assert [n.kind for n in notification_selectors.notifications_for(person)] == ["join_request"]
    outsider_notes = notification_selectors.notifications_for(UserFactory())
    assert not outsider_notes.exists()
