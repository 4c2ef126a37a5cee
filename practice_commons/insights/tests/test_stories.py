"""Changing, deleting and curating stories: only the author changes or deletes a story
(page and API), every change passes the guard, a featured story whose words change
stops being featured, facilitators hide and show stories, and each step is audited."""

import pytest
from django.urls import reverse

from practice_commons.accounts.models import AuditEvent
from practice_commons.confidentiality.testing import assert_service_guarded
from practice_commons.core.errors import PermissionDenied
from practice_commons.insights import selectors, services
from practice_commons.insights.models import ValueStory

pytestmark = pytest.mark.django_db

BASE = {
    "title": "Joint visits",
    "cycles": ["immediate", "applied"],
    "what_happened": "We compared notes in a thread.",
    "what_it_gave": "A contact in health.",
}
FORM = {**BASE, "cycles": ["immediate", "applied"], "consent_to_publish": "on"}
IDENTIFYING = "Jo Bloggs NHS 943 476 5919"


def _story(community, author, **kw):
    return services.story_create(
        actor=author, community=community, **{**BASE, "consent_to_publish": True, **kw}
    )


def _login(client, user):
    client.logout()
    if user:
        client.force_login(user)


# --- services ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "field", ["title", "what_happened", "what_it_gave", "how_used", "difference", "evidence"]
)
def test_every_changed_text_is_guarded(community, member, field):
    story = _story(community, member)

    def write(text):
        services.story_update(actor=member, story=story, **{field: text[:150]})

    assert_service_guarded(write, model=ValueStory, text=IDENTIFYING)
    story.refresh_from_db()
    assert (
        getattr(story, field) == {**BASE, "how_used": "", "difference": "", "evidence": ""}[field]
    )


def test_author_changes_a_featured_story_and_it_stops_being_featured(
    community, member, facilitator
):
    story = _story(community, member)
    services.story_set_featured(actor=facilitator, story=story, featured=True)
    services.story_update(actor=member, story=story, difference="Fewer missed visits.")
    story.refresh_from_db()
    assert story.difference == "Fewer missed visits." and not story.featured
    event = AuditEvent.objects.filter(action="insights.story_update").get()
    assert event.actor == member and event.target_id == str(story.pk)
    assert event.data == {"changed": ["difference"], "unfeatured": True}
    assert "Fewer" not in str(event.data)  # which parts, never the words


def test_unchanged_save_writes_nothing(community, member, facilitator):
    story = _story(community, member)
    services.story_set_featured(actor=facilitator, story=story, featured=True)
    services.story_update(actor=member, story=story, title=BASE["title"])
    story.refresh_from_db()
    assert story.featured
    assert not AuditEvent.objects.filter(action="insights.story_update").exists()


def test_nobody_but_the_author_changes_or_deletes(community, roles, member):
    story = _story(community, member)
    for role, user in roles.items():
        if role == "member" or user is None:
            continue
        with pytest.raises(PermissionDenied):
            services.story_update(actor=user, story=story, title="Taken over")
        with pytest.raises(PermissionDenied):
            services.story_delete(actor=user, story=story)
    story.refresh_from_db()
    assert story.title == BASE["title"]


def test_hiding_removes_from_readers_and_report_and_unfeatures(
    community, roles, member, facilitator
):
    story = _story(community, member, title="Off topic")
    services.story_set_featured(actor=facilitator, story=story, featured=True)
    services.story_set_hidden(actor=facilitator, story=story, hidden=True)
    story.refresh_from_db()
    assert story.hidden and not story.featured and story.hidden_by == facilitator
    period = selectors.period_from(None, None)
    assert selectors.report_stories(community, period) == []
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.story_set_featured(actor=facilitator, story=story, featured=True)
    for role, user in roles.items():
        seen = list(selectors.stories_for(user, community))
        assert (story in seen) == (role in {"member", "facilitator", "host admin"}), role
    with pytest.raises(PermissionDenied):
        services.story_set_hidden(actor=member, story=story, hidden=False)
    services.story_set_hidden(actor=facilitator, story=story, hidden=False)
    actions = list(
        AuditEvent.objects.filter(action__startswith="insights.story_").values_list(
            "action", flat=True
        )
    )
    assert {"insights.story_hide", "insights.story_show"} <= set(actions)


# --- pages ---------------------------------------------------------------------------------


def test_edit_and_delete_pages_by_role(client, community, roles, member):
    story = _story(community, member)
    hidden_from = _story(community, roles["facilitator"], consent_to_publish=False)
    for name in ("insights:story_edit", "insights:story_delete"):
        for role, user in roles.items():
            _login(client, user)
            status = client.get(reverse(name, args=[community.slug, story.pk])).status_code
            if role == "visitor":
                assert status == 302, (name, role)
            elif role == "member":
                assert status == 200, (name, role)
            else:
                assert status == 403, (name, role)
            # A story the reader may not see at all is not confirmed to exist.
            other = client.get(reverse(name, args=[community.slug, hidden_from.pk])).status_code
            expected = {"visitor": 302, "facilitator": 200, "host admin": 403}.get(role, 404)
            assert other == expected, (name, role)


def test_author_changes_the_story_through_the_page(client, community, member):
    story = _story(community, member)
    client.force_login(member)
    url = reverse("insights:story_edit", args=[community.slug, story.pk])
    page = client.get(url).content.decode()
    assert BASE["what_it_gave"] in page  # the form holds the story
    response = client.post(url, {**FORM, "title": "Joint visits, six months on"})
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.title == "Joint visits, six months on"
    refused = client.post(url, {**FORM, "evidence": IDENTIFYING})
    assert refused.status_code == 200
    assert "could identify someone you work with" in refused.content.decode()
    story.refresh_from_db()
    assert story.evidence == ""


def test_author_deletes_through_the_page(client, community, member, facilitator):
    story = _story(community, member)
    services.story_set_featured(actor=facilitator, story=story, featured=True)
    client.force_login(member)
    url = reverse("insights:story_delete", args=[community.slug, story.pk])
    assert "impact report" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert not ValueStory.objects.exists()
    assert AuditEvent.objects.filter(
        action="insights.story_delete", actor=member, target_id=str(story.pk)
    ).exists()


def test_hide_page_by_role(client, community, roles, member):
    story = _story(community, member)
    url = reverse("insights:story_hide", args=[community.slug, story.pk])
    for role, user in roles.items():
        _login(client, user)
        status = client.post(url, {"hidden": "1"}).status_code
        if role == "visitor":
            assert status == 302
        elif role in {"facilitator", "host admin"}:
            assert status == 302, role
        else:
            assert status == 403, role
    story.refresh_from_db()
    assert story.hidden
    _login(client, roles["non-member"])
    page = client.get(reverse("insights:stories", args=[community.slug])).content.decode()
    assert BASE["title"] not in page
    _login(client, member)
    page = client.get(reverse("insights:stories", args=[community.slug])).content.decode()
    assert "Hidden by a facilitator" in page


def test_stories_page_offers_each_reader_their_actions(client, community, roles, member):
    story = _story(community, member)
    edit = reverse("insights:story_edit", args=[community.slug, story.pk])
    hide = reverse("insights:story_hide", args=[community.slug, story.pk])
    for role, user in roles.items():
        _login(client, user)
        page = client.get(reverse("insights:stories", args=[community.slug])).content.decode()
        assert (edit in page) == (role == "member"), role
        assert (hide in page) == (role in {"facilitator", "host admin"}), role


@pytest.mark.parametrize("count", [1, 12])
def test_edit_and_delete_pages_query_budget_at_two_sizes(
    count, client, community, member, make_members, django_assert_max_num_queries
):
    for person in make_members(count):
        _story(community, person)
    story = _story(community, member)
    client.force_login(member)
    for name in ("insights:story_edit", "insights:story_delete"):
        with django_assert_max_num_queries(14):
            url = reverse(name, args=[community.slug, story.pk])
            assert client.get(url).status_code == 200


# --- API -----------------------------------------------------------------------------------


def _path(community, story):
    return f"/api/v1/insights/communities/{community.slug}/stories/{story.pk}"


def test_api_patch_by_role(api_client_for, community, roles, member):
    story = _story(community, member)
    for role, user in roles.items():
        if user is None:
            continue
        response = api_client_for(user).patch(
            _path(community, story), {"title": f"By {role}"}, content_type="application/json"
        )
        assert response.status_code == (200 if role == "member" else 403), role
    story.refresh_from_db()
    assert story.title == "By member"


def test_api_patch_guarded_and_unchanged(api_client_for, community, member):
    story = _story(community, member)
    response = api_client_for(member).patch(
        _path(community, story), {"evidence": IDENTIFYING}, content_type="application/json"
    )
    assert response.status_code == 422
    assert "5919" not in response.content.decode()
    story.refresh_from_db()
    assert story.evidence == ""


def test_api_curation_by_role(api_client_for, community, roles, member):
    story = _story(community, member)
    for role, user in roles.items():
        if user is None:
            continue
        response = api_client_for(user).patch(
            _path(community, story), {"featured": True}, content_type="application/json"
        )
        assert response.status_code == (200 if role in {"facilitator", "host admin"} else 403)
    story.refresh_from_db()
    assert story.featured
    hidden = api_client_for(roles["facilitator"]).patch(
        _path(community, story), {"hidden": True}, content_type="application/json"
    )
    assert hidden.json()["hidden"] is True and hidden.json()["featured"] is False
    # The author cannot curate; a mixed request changes nothing.
    mixed = api_client_for(member).patch(
        _path(community, story),
        {"title": "Mine", "hidden": False},
        content_type="application/json",
    )
    assert mixed.status_code == 403
    story.refresh_from_db()
    assert story.title == BASE["title"] and story.hidden


def test_api_delete_by_role(api_client_for, community, roles, member, private_community):
    story = _story(community, member)
    for role, user in roles.items():
        if user is None or role == "member":
            continue
        status = api_client_for(user).delete(_path(community, story)).status_code
        assert status == 403, role
    assert api_client_for(member).delete(_path(community, story)).status_code == 204
    assert not ValueStory.objects.exists()
    assert api_client_for(member).delete(_path(community, story)).status_code == 404
    url = f"/api/v1/insights/communities/{private_community.slug}/stories/1"
    assert api_client_for(member).delete(url).status_code == 404
