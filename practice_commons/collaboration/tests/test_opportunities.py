"""Opportunities: posting (in one's own or an organisation's name), listings that drop
closed ones at the closing date, interest once, replies by the poster, the guard."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from practice_commons.collaboration import selectors, services
from practice_commons.collaboration.models import Interest, Opportunity
from practice_commons.confidentiality.guard import ConfidentialityError
from practice_commons.confidentiality.testing import IDENTIFYING_TEXT
from practice_commons.core.errors import Conflict, PermissionDenied
from practice_commons.notifications.models import Notification

from .conftest import today

pytestmark = pytest.mark.django_db


def data(**overrides):
    base = {
        "kind": "research",
        "title": "Evaluating family group conferences",
        "description": "We want a partner to evaluate our FGC service.",
        "sectors": ["university"],
        "closes_on": today() + dt.timedelta(days=5),
    }
    base.update(overrides)
    return base


def test_post_and_list(world):
    o = services.opportunity_create(actor=world["council_member"], data=data())
    assert o.organisation is None
    assert list(selectors.opportunities_list(world["police_contact"])) == [o]
    assert list(
        selectors.opportunities_list(world["police_contact"], filters={"sector": "university"})
    ) == [o]
    assert not selectors.opportunities_list(
        world["police_contact"], filters={"sector": "school"}
    ).exists()


def test_in_an_organisations_name_only_for_admins_and_champions(world):
    for who in ("council_member", "police_admin", "non_member"):
        with pytest.raises(PermissionDenied):
            services.opportunity_create(
                actor=world[who], data=data(), organisation=world["council"]
            )
    o = services.opportunity_create(
        actor=world["council_champion"], data=data(), organisation=world["council"]
    )
    assert o.organisation == world["council"]


def test_closing_date_takes_it_off_the_listings(world):
    o = services.opportunity_create(actor=world["council_admin"], data=data(closes_on=today()))
    assert selectors.opportunities_list(world["police_contact"]).filter(pk=o.pk).exists()
    Opportunity.objects.filter(pk=o.pk).update(closes_on=today() - dt.timedelta(days=1))
    assert not selectors.opportunities_list(world["police_contact"]).exists()
    with pytest.raises(Conflict):
        services.interest_express(
            actor=world["police_contact"],
            opportunity=Opportunity.objects.get(pk=o.pk),
            message="Hi",
        )


def test_bad_input_is_refused_clearly(world):
    with pytest.raises(ValidationError) as exc:
        services.opportunity_create(
            actor=world["council_admin"],
            data=data(
                kind="party",
                description="",
                closes_on=today() - dt.timedelta(days=1),
                sectors=["pub"],
            ),
        )
    assert set(exc.value.message_dict) == {"kind", "description", "closes_on", "sectors"}
    assert not Opportunity.objects.exists()


def test_guard(world):
    with pytest.raises(ConfidentialityError):
        services.opportunity_create(
            actor=world["council_admin"], data=data(description=IDENTIFYING_TEXT)
        )
    assert not Opportunity.objects.exists()


def test_interest_once_then_reply(world, django_capture_on_commit_callbacks):
    o = services.opportunity_create(actor=world["council_admin"], data=data())
    with django_capture_on_commit_callbacks(execute=True):
        interest = services.interest_express(
            actor=world["police_contact"], opportunity=o, message="Yes please."
        )
    assert Notification.objects.filter(recipient=world["council_admin"]).exists()
    with pytest.raises(Conflict):
        services.interest_express(actor=world["police_contact"], opportunity=o, message="Again.")
    with pytest.raises(Conflict):
        services.interest_express(actor=world["council_admin"], opportunity=o, message="Mine.")
    with pytest.raises(PermissionDenied):
        services.interest_reply(
            actor=world["police_contact"], interest=interest, status="shortlisted"
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.interest_reply(
            actor=world["council_admin"],
            interest=interest,
            status="shortlisted",
            reply="Let us meet.",
        )
    interest.refresh_from_db()
    assert interest.status == "shortlisted" and interest.replied_at
    assert Notification.objects.filter(recipient=world["police_contact"]).exists()
    assert Interest.objects.count() == 1


def test_close(world):
    o = services.opportunity_create(
        actor=world["council_admin"], data=data(), organisation=world["council"]
    )
    with pytest.raises(PermissionDenied):
        services.opportunity_close(actor=world["police_admin"], opportunity=o)
    services.opportunity_close(actor=world["council_champion"], opportunity=o)
    assert not selectors.opportunities_list(world["police_contact"]).exists()
    with pytest.raises(Conflict):
        services.opportunity_close(actor=world["council_admin"], opportunity=o)


def test_pages_post_and_express_interest(world, client):
    client.force_login(world["council_champion"])
    response = client.post(
        reverse("collaboration:opportunity_new"),
        {
            "kind": "joint_training",
            "title": "Joint training on neglect",
            "description": "Two days.",
            "closes_on": (today() + dt.timedelta(days=3)).isoformat(),
            "organisation": str(world["council"].pk),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    o = Opportunity.objects.get()
    assert o.organisation == world["council"]
    client.force_login(world["police_contact"])
    response = client.post(
        reverse("collaboration:interest", args=[o.pk]), {"message": "Count us in."}
    )
    assert response.status_code == 302
    client.force_login(world["other_admin"])
    empty = client.post(reverse("collaboration:interest", args=[o.pk]), {"message": ""})
    assert empty.status_code == 200 and "govuk-error-message" in empty.content.decode()
    assert Interest.objects.count() == 1


def test_meet_through_an_opportunity_then_draft_from_the_interest(world, client):
    o = services.opportunity_create(
        actor=world["council_admin"], data=data(), organisation=world["council"]
    )
    interest = services.interest_express(
        actor=world["police_contact"], opportunity=o, message="Yes."
    )
    client.force_login(world["council_admin"])
    page = client.get(o.get_absolute_url()).content.decode()
    link = reverse("collaboration:agreement_new") + f"?interest={interest.pk}"
    assert link in page
    form = client.get(link)
    assert form.status_code == 200
    html = form.content.decode()
    assert world["police_contact"].email in html and o.title in html
    response = client.post(
        link,
        {
            "interest": str(interest.pk),
            "title": o.title,
            "our_organisation": str(world["council"].pk),
            "partner_organisation": str(world["police"].pk),
            "partner_contact": world["police_contact"].email,
            "purpose": "Evaluate together.",
            "responsibilities_0": "Provides the data.",
            "responsibilities_1": "Runs the interviews.",
            "start_on": today().isoformat(),
            "review_on": (today() + dt.timedelta(days=30)).isoformat(),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    from practice_commons.collaboration.models import Agreement

    agreement = Agreement.objects.get()
    assert agreement.opportunity == o
    # someone else's interest cannot be followed
    client.force_login(world["police_admin"])
    assert client.get(link).status_code == 404
