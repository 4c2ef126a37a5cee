"""The collaboration part of a subject-access export (``core.personal_data``): the
person's directory listing, the opportunities and work-shadowing listings they posted,
their expressions of interest and shadowing responses (with the reply they were sent),
and the agreements they are party to as a contact or accepted (the agreed text, their
acceptances). Others' expressions of interest in their opportunities are the others'
data: only how many there were."""

from django.db.models import Q

from practice_commons.core.personal_data import register_exporter, rows

from .models import (
    Acceptance,
    Agreement,
    AgreementParty,
    AgreementVersion,
    DirectoryListing,
    Interest,
    Opportunity,
    ShadowingListing,
    ShadowingResponse,
)


def _agreements(user) -> list[dict]:
    agreements = (
        Agreement.objects.filter(
            Q(created_by=user) | Q(parties__contact=user) | Q(versions__acceptances__person=user)
        )
        .distinct()
        .order_by("created_at")
    )
    contact_for = {
        p.agreement_id: p.organisation.name
        for p in AgreementParty.objects.filter(contact=user).select_related("organisation")
    }
    accepted: dict[int, list] = {}
    for a in Acceptance.objects.filter(person=user).select_related(
        "version", "party__organisation"
    ):
        accepted.setdefault(a.version.agreement_id, []).append(
            {
                "version": a.version.number,
                "for_organisation": a.party.organisation.name,
                "accepted_at": a.accepted_at,
            }
        )
    return rows(
        agreements,
        "id",
        "kind",
        "title",
        "state",
        "agreed_at",
        "start_on",
        "end_on",
        "review_on",
        "created_at",
        you_created=lambda a: a.created_by_id == user.pk,
        contact_for=lambda a: contact_for.get(a.pk),
        your_acceptances=lambda a: accepted.get(a.pk, []),
        parties=lambda a: [p.organisation.name for p in a.parties.select_related("organisation")],
    )


def export(user) -> dict:
    return {
        "directory_listing": rows(
            DirectoryListing.objects.filter(user=user), "visibility", "show_bio", "updated_at"
        ),
        "opportunities_posted": rows(
            Opportunity.objects.filter(poster=user)
            .select_related("organisation")
            .order_by("created_at"),
            "id",
            "organisation__name",
            "kind",
            "title",
            "description",
            "closes_on",
            "status",
            "created_at",
            interests_received=lambda o: o.interests.count(),
        ),
        "interests": rows(
            Interest.objects.filter(person=user)
            .select_related("opportunity")
            .order_by("created_at"),
            "opportunity_id",
            "opportunity__title",
            "message",
            "status",
            "reply",
            "created_at",
            "replied_at",
        ),
        "shadowing_listings_posted": rows(
            ShadowingListing.objects.filter(poster=user).order_by("created_at"),
            "id",
            "kind",
            "title",
            "description",
            "status",
            "created_at",
        ),
        "shadowing_responses": rows(
            ShadowingResponse.objects.filter(person=user)
            .select_related("listing")
            .order_by("created_at"),
            "listing_id",
            "listing__title",
            "message",
            "created_at",
        ),
        "agreements": _agreements(user),
        "agreement_versions_written": rows(
            AgreementVersion.objects.filter(created_by=user).order_by("created_at"),
            "agreement_id",
            "number",
            "text",
            "created_at",
        ),
    }


register_exporter(
    "collaboration",
    export,
    covers=[
        "collaboration.DirectoryListing",
        "collaboration.Opportunity",
        "collaboration.Interest",
        "collaboration.ShadowingListing",
        "collaboration.ShadowingResponse",
        "collaboration.Agreement",
        "collaboration.AgreementParty",
        "collaboration.AgreementVersion",
        "collaboration.Acceptance",
    ],
)
