"""``seed_demo`` fills collaboration and jobs: agreements in every state between the demo
organisations (through the services, so versions, hashes and acceptances are real),
opportunities with interest, directory settings, shadowing, and open jobs."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from practice_commons.accounts.models import User
from practice_commons.collaboration import policies, selectors
from practice_commons.collaboration.models import (
    Acceptance,
    Agreement,
    DirectoryListing,
    Interest,
    Opportunity,
    ShadowingListing,
)
from practice_commons.collaboration.terms import text_hash

pytestmark = pytest.mark.django_db


def _check():
    states = dict(Agreement.objects.values_list("state").annotate(n=Count("pk")))
    assert {"draft", "proposed", "active"} <= set(states), states
    assert Agreement.objects.filter(current_version=2, agreed_version=1).exists()
    for acceptance in Acceptance.objects.select_related("version"):
        assert (
            acceptance.text_hash
            == acceptance.version.text_hash
            == text_hash(acceptance.version.text)
        )
    assert selectors.public_register().exists()
    assert Opportunity.objects.count() >= 30 and Interest.objects.exists()
    assert DirectoryListing.objects.filter(visibility="hidden").exists()
    assert ShadowingListing.objects.count() >= 10
    assert Agreement.objects.filter(kind="shadowing").exists()
    # jobs sit beside collaboration (no import): open listings by their model
    jobs = apps.get_model("jobs", "Job").objects
    assert jobs.filter(status="open", closes_on__gte=timezone.localdate()).count() >= 20
    member = User.objects.get(email="member@practicecommons.example")
    hidden = DirectoryListing.objects.filter(visibility="hidden").values_list("user_id", flat=True)
    assert not policies.directory_visible_to(member).filter(pk__in=hidden).exists()
    admin = User.objects.get(email="orgadmin@practicecommons.example")
    assert selectors.overdue_for(admin)["reviews"].exists()


def test_seed_demo_fills_collaboration_and_jobs():
    call_command("seed_demo", "--scale", "small", stdout=StringIO())
    _check()
    call_command("seed_demo", "--scale", "small", "--reset", stdout=StringIO())
    _check()
