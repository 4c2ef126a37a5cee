"""Work-shadowing: offers and requests, matches, arranging as an agreement with the same
acceptance flow, and the completed day sent to CPD."""

import datetime as dt

import pytest
from django.apps import apps
from django.urls import reverse

from practice_commons.collaboration import selectors, services, signals
from practice_commons.collaboration.models import Agreement, ShadowingListing
from practice_commons.core.errors import Conflict, NotFound, PermissionDenied

from .conftest import today

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer(world):
    return services.shadowing_listing_create(
        actor=world["council_admin"],
        kind="offer",
        title="Shadow our MASH for a day",
        description="See how referrals are screened.",
        profession=world["police_contact"].profession,
        nation="england",
        organisation=world["council"],
    )


def test_offer_needs_a_verified_organisation(world):
    with pytest.raises(PermissionDenied):
        services.shadowing_listing_create(
            actor=world["non_member"], kind="offer", title="T", description="D"
        )
    with pytest.raises(PermissionDenied):
        services.shadowing_listing_create(
            actor=world["council_admin"],
            kind="offer",
            title="T",
            description="D",
            organisation=world["police"],
        )
    request = services.shadowing_listing_create(
        actor=world["non_member"], kind="request", title="I would like to shadow", description="D"
    )
    assert request.organisation is None


def test_matches_by_profession_and_nation(world, offer):
    assert list(selectors.shadowing_matches_for(world["police_contact"])) == [offer]
    assert list(selectors.shadowing_matches_for(world["council_admin"])) == []  # own listing


def test_arrange_accept_complete_sends_the_cpd_signal(
    world, offer, django_capture_on_commit_callbacks
):
    response = services.shadowing_respond(
        actor=world["police_contact"], listing=offer, message="I would value this."
    )
    with pytest.raises(PermissionDenied):
        services.shadowing_arrange(
            actor=world["police_contact"],
            response=response,
            start_on=today(),
            end_on=None,
            place="Civic Hall",
            ground_rules="Observe only.",
            hours=6,
        )
    agreement = services.shadowing_arrange(
        actor=world["council_admin"],
        response=response,
        start_on=today(),
        end_on=None,
        place="Civic Hall",
        ground_rules="Observe only.",
        hours=6,
    )
    assert agreement.kind == "shadowing" and agreement.state == "proposed"
    assert [p.contact for p in agreement.parties.all()] == [
        world["council_admin"],
        world["police_contact"],
    ]
    assert "Place:\nCivic Hall" in agreement.versions.get().text
    with pytest.raises(Conflict):
        services.shadowing_arrange(
            actor=world["council_admin"],
            response=response,
            start_on=today(),
            end_on=None,
            place="X",
            ground_rules="",
            hours=1,
        )
    with pytest.raises(Conflict):
        services.shadowing_complete(actor=world["council_admin"], agreement=agreement)
    services.agreement_accept(actor=world["council_admin"], agreement=agreement, version=1)
    agreement = services.agreement_accept(
        actor=world["police_contact"], agreement=agreement, version=1
    )
    assert agreement.state == "active"
    with pytest.raises(PermissionDenied):
        services.shadowing_complete(actor=world["police_contact"], agreement=agreement)

    received = []

    def receiver(sender, signal=None, **payload):
        received.append(payload)

    signals.shadowing_completed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.shadowing_complete(actor=world["council_admin"], agreement=agreement)
    finally:
        signals.shadowing_completed.disconnect(receiver)
    assert received == [
        {
            "user_id": world["police_contact"].pk,
            "source_id": agreement.pk,
            "title": agreement.title,
            "date": today(),
            "end_date": None,
            "hours": 6.0,
            "organisation_name": "Riverside Council",
        }
    ]
    # cpd connects its handler: the guest has a draft "shadowing" record
    CpdRecord = apps.get_model("cpd", "CpdRecord")
    record = CpdRecord.objects.get(user=world["police_contact"], source_kind="shadowing")
    assert record.source_id == agreement.pk
    with pytest.raises(Conflict):
        services.shadowing_complete(actor=world["council_admin"], agreement=agreement)


def test_pages(world, offer, client):
    client.force_login(world["police_contact"])
    assert client.get(reverse("collaboration:shadowing")).status_code == 200
    assert client.get(offer.get_absolute_url()).status_code == 200
    response = client.post(
        reverse("collaboration:shadowing_respond", args=[offer.pk]), {"message": "Yes please."}
    )
    assert response.status_code == 302
    r = offer.responses.get()
    # only the host may open the arranging page
    assert client.get(reverse("collaboration:shadowing_arrange", args=[r.pk])).status_code == 404
    client.force_login(world["council_admin"])
    page = client.get(offer.get_absolute_url())
    assert "Yes please." in page.content.decode()
    response = client.post(
        reverse("collaboration:shadowing_arrange", args=[r.pk]),
        {
            "start_on": (today() + dt.timedelta(days=3)).isoformat(),
            "place": "Civic Hall",
            "ground_rules": "",
            "hours": "6",
        },
    )
    assert response.status_code == 302
    arranged = Agreement.objects.get()
    assert arranged.kind == "shadowing"
    assert client.get(arranged.get_absolute_url()).status_code == 200
    assert (
        client.get(reverse("collaboration:agreement_edit", args=[arranged.pk])).status_code == 404
    )
    client.force_login(world["other_admin"])
    assert "Yes please." not in client.get(offer.get_absolute_url()).content.decode()


def test_closed_listing_is_hidden_from_others(world, offer):
    services.shadowing_listing_close(actor=world["council_admin"], listing=offer)
    assert not selectors.shadowing_list(world["police_contact"]).exists()
    with pytest.raises(NotFound):
        selectors.shadowing_for_reader(world["police_contact"], offer.pk)
    assert ShadowingListing.objects.get().status == "closed"
