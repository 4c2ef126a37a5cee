"""The events a webhook can carry, which organisations each one goes to, and its
``data``: ids, titles, states and links the organisation's admins already see on their
pages; never a person's name, email or message, never wellbeing or community content.

Each builder takes the ids a lower app's signal sent and answers
``(event_key, organisation_ids, data)``; ``event_key`` names what happened, so a signal
sent twice makes one delivery per endpoint."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from practice_commons.collaboration.models import AgreementParty, Interest, Opportunity
from practice_commons.events.models import Registration

OPPORTUNITY_CREATED = "opportunity.created"
INTEREST_EXPRESSED = "opportunity.interest_expressed"
AGREEMENT_ACCEPTED = "agreement.accepted"
REGISTRATION_CREATED = "event.registration_created"

EVENT_TYPES = {
    OPPORTUNITY_CREATED: _("An opportunity is posted in the organisation's name"),
    INTEREST_EXPRESSED: _("Someone expresses interest in one of its opportunities"),
    AGREEMENT_ACCEPTED: _("A party accepts an agreement it is party to"),
    REGISTRATION_CREATED: _("Someone registers for an event it runs"),
}


def _url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _opportunity(opportunity: Opportunity) -> dict:
    return {
        "id": opportunity.pk,
        "title": opportunity.title,
        "kind": opportunity.kind,
        "closes_on": opportunity.closes_on.isoformat(),
        "url": _url(opportunity.get_absolute_url()),
    }


def opportunity_created(*, opportunity_id: int, organisation_id: int | None, **_ids):
    if organisation_id is None:
        return None
    opportunity = Opportunity.objects.filter(pk=opportunity_id).first()
    if opportunity is None:
        return None
    return (
        f"{OPPORTUNITY_CREATED}:{opportunity.pk}",
        [organisation_id],
        {"opportunity": _opportunity(opportunity)},
    )


def interest_expressed(*, interest_id: int, organisation_id: int | None, **_ids):
    """Who is interested stays between them and the poster: the organisation hears that
    someone is, and follows the link to the opportunity's page."""
    if organisation_id is None:
        return None
    interest = Interest.objects.select_related("opportunity").filter(pk=interest_id).first()
    if interest is None:
        return None
    return (
        f"{INTEREST_EXPRESSED}:{interest.pk}",
        [organisation_id],
        {
            "opportunity": _opportunity(interest.opportunity),
            "interest": {"id": interest.pk, "created": interest.created_at.isoformat()},
        },
    )


def agreement_accepted(*, agreement_id: int, version: int, party_ids, agreed: bool, **_ids):
    parties = list(
        AgreementParty.objects.filter(agreement_id=agreement_id)
        .select_related("organisation", "agreement")
        .order_by("pk")
    )
    if not parties:
        return None
    agreement = parties[0].agreement
    accepted = set(party_ids)
    return (
        f"{AGREEMENT_ACCEPTED}:{agreement_id}:{version}:{','.join(map(str, sorted(accepted)))}",
        [p.organisation_id for p in parties],
        {
            "agreement": {
                "id": agreement.pk,
                "title": agreement.title,
                "version": version,
                "state": agreement.state,
                "url": _url(agreement.get_absolute_url()),
            },
            "accepted_for": [p.organisation.slug for p in parties if p.pk in accepted],
            "agreed": agreed,
        },
    )


def registration_created(*, registration_id: int, organisation_id: int | None, **_ids):
    if organisation_id is None:
        return None
    registration = Registration.objects.select_related("event").filter(pk=registration_id).first()
    if registration is None:
        return None
    event = registration.event
    return (
        f"{REGISTRATION_CREATED}:{registration.pk}:{registration.sequence}",
        [organisation_id],
        {
            "event": {
                "id": event.pk,
                "title": event.title,
                "starts_at": event.starts_at.isoformat(),
                "url": _url(event.get_absolute_url()),
            },
            "registration": {"id": registration.pk, "status": registration.status},
        },
    )


BUILDERS = {
    OPPORTUNITY_CREATED: opportunity_created,
    INTEREST_EXPRESSED: interest_expressed,
    AGREEMENT_ACCEPTED: agreement_accepted,
    REGISTRATION_CREATED: registration_created,
}
