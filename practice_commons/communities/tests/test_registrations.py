"""What the app registers below it: panels, the newsletter audience, safeguarding."""

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.utils.safestring import SafeString

from practice_commons.accounts.tests.factories import UserFactory
from practice_commons.communities import panels
from practice_commons.communities.models import Community, Role
from practice_commons.notifications.newsletters import audience
from practice_commons.safeguarding import selectors as safeguarding_selectors
from practice_commons.safeguarding import services as safeguarding_services

from .factories import add_member

pytestmark = pytest.mark.django_db


def test_panels_render_in_order_and_skip_empty(community):
    panels.register_panel("b", title="Second", render=lambda r, c: "<p>b</p>", order=20)
    panels.register_panel("d", title="Escaped", render=lambda r, c: "<b>x</b>", order=30)
    panels.register_panel("a", title="First", render=lambda r, c: SafeString("<p>a</p>"), order=10)
    panels.register_panel("c", title="Empty", render=lambda r, c: "", order=5)
    rendered = panels.render_panels(RequestFactory().get("/"), community)
    assert [p.key for p in rendered] == ["a", "b", "d"]
    assert rendered[0].html == "<p>a</p>"
    assert rendered[2].html == "&lt;b&gt;x&lt;/b&gt;", "plain strings are escaped"
    assert isinstance(rendered[1].html, SafeString)
    panels.register_panel("b", title="Replaced", render=lambda r, c: "<p>x</p>", order=1)
    assert [p.title for p in panels.registered_panels()] == [
        "Replaced",
        "Empty",
        "First",
        "Escaped",
    ]


def test_newsletter_audience(community, private_community):
    members_audience = audience("community")
    member = add_member(community)
    facilitator = add_member(community, role=Role.FACILITATOR)
    owner = community.memberships.get(role=Role.OWNER).user
    assert set(members_audience.resolve(community.pk)) == {member.pk, facilitator.pk, owner.pk}
    assert members_audience.can_send(facilitator, community.pk)
    assert not members_audience.can_send(member, community.pk)
    assert members_audience.may_view(member, community.pk)
    assert not members_audience.may_view(UserFactory(), community.pk)
    assert not members_audience.may_view(UserFactory(), private_community.pk)
    assert members_audience.label(community.pk) == community.name
    assert members_audience.url(community.pk) == community.get_absolute_url()
    assert list(members_audience.scopes_for(facilitator)) == [community.pk]
    assert list(members_audience.scopes_for(member)) == []


def test_community_is_a_safeguarding_scope_and_reportable(community):
    owner = community.memberships.get(role=Role.OWNER).user
    member = add_member(community)
    assert safeguarding_selectors.can_manage_leads(owner, community)
    assert not safeguarding_selectors.can_manage_leads(member, community)
    with pytest.raises(ValidationError):  # only members can lead
        safeguarding_services.safeguarding_lead_assign(
            actor=owner, user=UserFactory(), scope_object=community
        )
    safeguarding_services.safeguarding_lead_assign(actor=owner, user=member, scope_object=community)
    scope, people = safeguarding_selectors.route_for(community)
    assert scope == community and people == [member]
    assert isinstance(community, Community)
