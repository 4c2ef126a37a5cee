"""The champion page's sections from apps beside collaboration, wired by the api app:
upcoming events hosted or co-hosted by the organisation, and recent best practice,
each only what the reader may see."""

import pytest
from django.urls import reverse
from guard_everywhere.world import event_data

from practice_commons.accounts.tests.factories import OrganisationFactory, UserFactory
from practice_commons.collaboration import champion_sections
from practice_commons.events import services as event_services

pytestmark = pytest.mark.django_db


def test_sections_are_registered():
    keys = [s.key for s in sorted(champion_sections._SECTIONS.values(), key=lambda s: s.order)]
    assert keys[:2] == ["joint_events", "best_practice"]


def test_champion_page_lists_upcoming_events_of_the_organisation(client):
    org = OrganisationFactory(name="Riverside Council")
    admin = UserFactory(organisation=org, org_role="admin")
    UserFactory(organisation=org, org_role="champion", full_name="Chris Champion")
    event_services.event_create(
        actor=admin,
        data=event_data(organisation=org, title="Joint training on neglect"),
        publish=True,
    )
    other = OrganisationFactory(name="Elsewhere")
    event_services.event_create(
        actor=UserFactory(organisation=other, org_role="admin"),
        data=event_data(organisation=other, title="Someone else's event"),
        publish=True,
    )
    client.force_login(UserFactory())
    html = client.get(reverse("collaboration:champion_page", args=[org.slug])).content.decode()
    assert "Upcoming joint events" in html
    assert "Joint training on neglect" in html
    assert "Someone else&#x27;s event" not in html and "Someone else's event" not in html
    assert "Recent best practice" not in html  # nothing to show: the section is left out
