"""Restoring an archived community, and telling people when they are removed or muted."""

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from practice_commons.accounts.models import AuditEvent
from practice_commons.accounts.tests.factories import UserFactory
from practice_commons.communities import notify, services
from practice_commons.communities.models import CommunityMembership, Role
from practice_commons.core.errors import NotFound, PermissionDenied

from .factories import add_member, make_community

pytestmark = pytest.mark.django_db

REASON = "Repeatedly shared case details"


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


def archived(community):
    services.community_archive(actor=owner_of(community), community=community)
    community.refresh_from_db()
    return community


def restore_url(community):
    return reverse("communities:restore", kwargs={"slug": community.slug})


def flash(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- restore: service ----------------------------------------------------------------


@pytest.mark.parametrize("role", ["owner", "host_admin"])
def test_restore_allowed_for_whoever_may_archive(community, cast, role):
    people = cast(community)
    archived(community)
    services.community_restore(actor=people[role], community=community)
    community.refresh_from_db()
    assert community.archived_at is None
    event = AuditEvent.objects.get(action="community.restore")
    assert event.actor == people[role]
    assert event.data["archived_at"]


@pytest.mark.parametrize(
    ("role", "error"),
    [
        ("facilitator", PermissionDenied),
        ("member", PermissionDenied),
        ("host_member", PermissionDenied),
        ("non_host", PermissionDenied),
        ("visitor", PermissionDenied),
    ],
)
def test_restore_refused_for_others(community, cast, role, error):
    people = cast(community)
    archived(community)
    with pytest.raises(error):
        services.community_restore(actor=people[role], community=community)
    community.refresh_from_db()
    assert community.archived_at is not None
    assert not AuditEvent.objects.filter(action="community.restore").exists()


def test_restore_private_community_is_404_for_outsiders(private_community):
    archived(private_community)
    with pytest.raises(NotFound):
        services.community_restore(actor=UserFactory(), community=private_community)


def test_restore_refuses_a_community_that_is_not_archived(community):
    with pytest.raises(ValidationError, match="is not archived"):
        services.community_restore(actor=owner_of(community), community=community)
    assert not AuditEvent.objects.filter(action="community.restore").exists()


def test_subgroup_cannot_be_restored_while_its_parent_is_archived(community):
    owner = owner_of(community)
    sub = make_community(owner=owner, parent=community)
    services.community_archive(actor=owner, community=sub)
    services.community_archive(actor=owner, community=community)
    sub.refresh_from_db()
    with pytest.raises(ValidationError, match="Restore .* before restoring its sub-group"):
        services.community_restore(actor=owner, community=sub)
    sub.refresh_from_db()
    assert sub.archived_at is not None
    services.community_restore(actor=owner, community=community)
    sub.refresh_from_db()
    services.community_restore(actor=owner, community=sub)
    sub.refresh_from_db()
    assert sub.archived_at is None


def test_restored_community_accepts_joins_again(community):
    archived(community)
    services.community_restore(actor=owner_of(community), community=community)
    services.community_join(actor=UserFactory(), community=community, accept_rules=True)


# --- restore: pages --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        ("visitor", False),
        ("host_member", False),
        ("member", False),
        ("facilitator", False),
        ("owner", True),
        ("host_admin", True),
    ],
)
def test_restore_button_only_for_those_allowed(client_for, community, cast, role, shown):
    people = cast(community)
    archived(community)
    page = client_for(people[role]).get(community.get_absolute_url()).content.decode()
    assert (restore_url(community) in page) is shown


def test_no_restore_button_on_a_live_community(client_for, community):
    page = client_for(owner_of(community)).get(community.get_absolute_url()).content.decode()
    assert restore_url(community) not in page


def test_restore_post_works_for_owner(client_for, community):
    archived(community)
    response = client_for(owner_of(community)).post(restore_url(community))
    assert response.status_code == 302
    assert response.url == community.get_absolute_url()
    assert f"{community.name} has been restored." in flash(response)
    community.refresh_from_db()
    assert community.archived_at is None


def test_restore_get_is_not_allowed(client_for, community):
    archived(community)
    assert client_for(owner_of(community)).get(restore_url(community)).status_code == 405


def test_restore_post_refused_for_facilitator(client_for, community):
    archived(community)
    facilitator = add_member(community, role=Role.FACILITATOR)
    assert client_for(facilitator).post(restore_url(community)).status_code == 403
    community.refresh_from_db()
    assert community.archived_at is not None


def test_restore_post_sign_in_first(client_for, community):
    archived(community)
    response = client_for(None).post(restore_url(community))
    assert response.status_code == 302 and "login" in response.url
    community.refresh_from_db()
    assert community.archived_at is not None


def test_restore_post_not_archived_shows_message(client_for, community):
    response = client_for(owner_of(community)).post(restore_url(community))
    assert response.status_code == 302
    assert f"{community.name} is not archived." in flash(response)


def test_restore_post_subgroup_of_archived_parent_shows_message(client_for, community):
    owner = owner_of(community)
    sub = make_community(owner=owner, parent=community)
    services.community_archive(actor=owner, community=sub)
    services.community_archive(actor=owner, community=community)
    response = client_for(owner).post(restore_url(sub))
    assert response.status_code == 302
    assert any("before restoring its sub-group" in m for m in flash(response))
    sub.refresh_from_db()
    assert sub.archived_at is not None


# --- telling people they were removed or muted ---------------------------------------------


def test_removal_notifies_the_person_without_the_reason(
    community, sent, django_capture_on_commit_callbacks
):
    facilitator = add_member(community, role=Role.FACILITATOR)
    person = add_member(community)
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_remove(
            actor=facilitator,
            membership=CommunityMembership.objects.get(user=person),
            reason=REASON,
        )
    assert len(sent) == 1
    note = sent[0]
    assert note["recipients"] == {person.pk}
    assert note["title"] == f"You have been removed from {community.name}"
    assert REASON not in note["title"] and REASON not in note["body"]
    assert note["community_id"] == community.pk
    assert note["actor"] == facilitator
    assert AuditEvent.objects.get(action="community.member_remove").reason == REASON


def test_mute_notifies_the_person_with_the_date(
    community, sent, django_capture_on_commit_callbacks
):
    facilitator = add_member(community, role=Role.FACILITATOR)
    person = add_member(community)
    membership = CommunityMembership.objects.get(user=person)
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_mute(actor=facilitator, membership=membership, days=3, reason=REASON)
    membership.refresh_from_db()
    until = timezone.localtime(membership.muted_until)
    assert len(sent) == 1
    assert sent[0]["recipients"] == {person.pk}
    assert sent[0]["title"] == (
        f"You have been muted in {community.name} until {until.day} {until:%B} {until.year}"
    )
    assert REASON not in sent[0]["title"]
    assert sent[0]["url"] == community.get_absolute_url()


def test_failed_or_other_moderation_notifies_nobody(
    community, sent, django_capture_on_commit_callbacks
):
    owner = owner_of(community)
    person = add_member(community)
    membership = CommunityMembership.objects.get(user=person)
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(ValidationError):
            services.membership_remove(actor=owner, membership=membership, reason=" ")
        with pytest.raises(ValidationError):
            services.membership_mute(actor=owner, membership=membership, days=0, reason=REASON)
        with pytest.raises(PermissionDenied):
            services.membership_remove(
                actor=add_member(community), membership=membership, reason=REASON
            )
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_mute(actor=owner, membership=membership, days=1, reason=REASON)
    sent.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_unmute(actor=owner, membership=membership)
        services.membership_set_role(actor=owner, membership=membership, role=Role.FACILITATOR)
        services.membership_set_coordinator_title(
            actor=owner, membership=membership, title="Events coordinator"
        )
        services.community_archive(actor=owner, community=community)
        services.community_restore(actor=owner, community=community)
    assert sent == []


def test_removal_from_private_community_recorded_for_real(
    private_community, django_capture_on_commit_callbacks
):
    """End to end through the notifications app: only the removed person hears of it."""
    from practice_commons.notifications import selectors as notification_selectors

    owner = owner_of(private_community)
    person = add_member(private_community)
    bystander = add_member(private_community)
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_remove(
            actor=owner,
            membership=CommunityMembership.objects.get(user=person),
            reason=REASON,
        )
    notes = list(notification_selectors.notifications_for(person))
    assert [n.title for n in notes] == [f"You have been removed from {private_community.name}"]
    assert notes[0].kind == "membership_change"
    assert REASON not in (notes[0].body or "")
    assert not notification_selectors.notifications_for(bystander).exists()
    assert not notification_selectors.notifications_for(owner).exists()
