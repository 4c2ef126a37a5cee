"""The community page as people see it, with every app's panels: it leads with what is
happening (the next event or session, then open questions), links to the community's
threads, reflective sessions, events, library and members, and keeps the group rules
beside the join control."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from practice_commons.communities.models import Role
from practice_commons.communities.tests.factories import add_member, make_community
from practice_commons.discussions import services as discussions
from practice_commons.events import services as events
from practice_commons.events.tests.conftest import event_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def community():
    community = make_community(name="Kinship care practice", visibility="members_only")
    owner = community.memberships.get(role=Role.OWNER).user
    author = add_member(community)
    discussions.thread_create(
        actor=author,
        community=community,
        kind="request_for_information",
        title="Who funds kinship assessments?",
        body="Looking for how other areas fund them.",
    )
    start = (timezone.now() + timedelta(days=4)).replace(second=0, microsecond=0)
    events.event_create(
        actor=owner,
        data=event_data(
            title="Kinship carers' forum",
            community=community,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
        ),
        professions=(),
        co_hosts=(),
        publish=True,
    )
    return community


def _positions(html: str, *needles: str) -> list[int]:
    positions = [html.find(n) for n in needles]
    assert all(p >= 0 for p in positions), dict(zip(needles, positions, strict=True))
    return positions


def test_page_leads_with_the_next_event_then_open_questions(client_for, community):
    member = add_member(community)
    html = client_for(member).get(community.get_absolute_url()).content.decode()
    event, question, about = _positions(
        html,
        'id="upcoming_events"',
        'id="open_questions"',
        "What we care about",
    )
    assert event < question < about
    assert "Kinship carers&#x27; forum" in html
    assert "Who funds kinship assessments?" in html


def test_page_links_to_the_community_in_every_app(client_for, community):
    member = add_member(community)
    html = client_for(member).get(community.get_absolute_url()).content.decode()
    nav = re.search(r'aria-label="In this community">(.*?)</nav>', html, re.S)
    assert nav, "the page has its 'In this community' links"
    links = nav.group(1)
    slug = community.slug
    for href in [
        reverse("discussions:list", args=[slug]),
        reverse("reflection:community", args=[slug]),
        f"{reverse('events:list')}?community={slug}",
        f"{reverse('library:home')}?community={slug}",
        reverse("communities:members", args=[slug]),
        "#rules",
    ]:
        assert f'href="{href}"' in links, href


def test_members_link_only_for_those_who_may_see_the_members(client_for, community, make_user):
    outsider = make_user("practitioner")
    html = client_for(outsider).get(community.get_absolute_url()).content.decode()
    assert reverse("communities:members", args=[community.slug]) not in html
    # Every linked page opens for a member.
    member = add_member(community)
    client = client_for(member)
    html = client.get(community.get_absolute_url()).content.decode()
    nav = re.search(r'aria-label="In this community">(.*?)</nav>', html, re.S).group(1)
    for href in re.findall(r'href="([^"#]+)"', nav):
        assert client.get(href.replace("&amp;", "&")).status_code == 200, href


def test_group_rules_sit_beside_the_join_control(client_for, community, make_user):
    outsider = make_user("practitioner")
    html = client_for(outsider).get(community.get_absolute_url()).content.decode()
    # In this order, with nothing between them: the box, the join form and its button,
    # then the rules (open for someone deciding whether to join), then the panels.
    box, panel, button, rules, first_panel = _positions(
        html,
        '<div class="pc-community-join" id="join">',
        'id="membership-panel"',
        ">Join<span",
        '<details class="govuk-details pc-community-rules" id="rules" open>',
        "<section id=",
    )
    assert box < panel < button < rules < first_panel
    rule = community.current_rules.rules[0]["title"]
    assert rules < html.find(rule) < first_panel
    member = add_member(community)
    html = client_for(member).get(community.get_absolute_url()).content.decode()
    assert '<details class="govuk-details pc-community-rules" id="rules">' in html
