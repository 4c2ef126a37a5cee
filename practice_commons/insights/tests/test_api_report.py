"""The API's community report and network refresh: the report's content for the
facilitators and host admins only, and the refresh for host admins only, as the pages."""

import pytest
from django.test import Client
from django.utils.module_loading import import_string

from practice_commons.accounts.models import AuditEvent
from practice_commons.insights import selectors, services

pytestmark = pytest.mark.django_db

ALLOWED = {"facilitator", "host admin"}


def _read_only(user):
    create = import_string("practice_commons.api.services.api_token_create")
    raw = create(actor=user, user=user, name="Read only", scope="read").raw
    return Client(headers={"Authorization": f"Bearer {raw}"})


def _story(community, author, facilitator, **kw):
    story = services.story_create(
        actor=author,
        community=community,
        title="Joint visits",
        cycles=["immediate", "applied"],
        what_happened="We compared notes in a thread.",
        what_it_gave="A contact in health.",
        consent_to_publish=True,
        **kw,
    )
    services.story_set_featured(actor=facilitator, story=story, featured=True)
    return story


def test_report_by_role(api_client_for, community, roles, facilitator, member, private_community):
    story = _story(community, member, facilitator)
    url = f"/api/v1/insights/communities/{community.slug}/report"
    assert Client().get(url).status_code == 401
    for role, user in roles.items():
        if user is None:
            continue
        response = api_client_for(user).get(url)
        assert response.status_code == (200 if role in ALLOWED else 403), role
    body = api_client_for(facilitator).get(url).json()
    assert body["community"] == community.slug and body["suppression_threshold"] == selectors.K
    assert body["quotes"] == [] and isinstance(body["figures"], list)
    # The default period is the last closed quarter; the story was written this quarter.
    assert story.pk not in [s["id"] for s in body["stories"]]
    private = f"/api/v1/insights/communities/{private_community.slug}/report"
    assert api_client_for(member).get(private).status_code == 404


def test_report_lists_featured_stories_of_the_period(
    api_client_for, community, facilitator, member
):
    story = _story(community, member, facilitator)
    last = selectors.last_closed_quarter()
    type(story).objects.filter(pk=story.pk).update(created_at=last.since)
    url = f"/api/v1/insights/communities/{community.slug}/report"
    body = api_client_for(facilitator).get(url).json()
    assert [s["id"] for s in body["stories"]] == [story.pk]
    assert body["stories"][0]["featured"] and body["start"] == last.start.isoformat()


def test_report_refuses_a_bad_period(api_client_for, community, facilitator):
    url = f"/api/v1/insights/communities/{community.slug}/report"
    bad = api_client_for(facilitator).get(url + "?from=2026-01-01&to=2026-01-31")
    assert bad.status_code == 400 and "calendar quarter" in str(bad.json()["detail"])
    not_a_date = api_client_for(facilitator).get(url + "?from=yesterday")
    assert not_a_date.status_code == 422 and "from" in not_a_date.content.decode()


def test_network_refresh(api_client_for, roles, host_admin, django_capture_on_commit_callbacks):
    from practice_commons.insights.models import NetworkSnapshot

    url = "/api/v1/insights/networkers/refresh"
    assert Client().post(url).status_code == 401
    for role, user in roles.items():
        if user is None or role == "host admin":
            continue
        assert api_client_for(user).post(url).status_code == 403, role
    assert _read_only(host_admin).post(url).status_code == 403
    assert not AuditEvent.objects.filter(action="insights.network.refresh").exists()
    assert not NetworkSnapshot.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client_for(host_admin).post(url)
    assert response.status_code == 202 and "snapshot" in response.json()["detail"]
    assert NetworkSnapshot.objects.count() == 1  # computed by the task after the commit
    assert AuditEvent.objects.filter(action="insights.network.refresh").count() == 1
