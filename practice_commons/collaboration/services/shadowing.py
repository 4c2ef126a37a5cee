"""Work-shadowing: offers and requests, responses, arranging (a simple agreement with the
same versions and acceptances as any other) and completing a day."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from practice_commons.accounts.models import Nation, OrganisationMembership
from practice_commons.accounts.services import audit_record
from practice_commons.confidentiality.guard import guard_texts
from practice_commons.core.errors import Conflict, PermissionDenied
from practice_commons.core.lazy_text import lazy_format
from practice_commons.core.text import clean_name
from practice_commons.notifications.kinds import NotificationKind

from .. import policies, signals
from ..models import (
    AgreementKind,
    AgreementState,
    ShadowingKind,
    ShadowingListing,
    ShadowingResponse,
)
from ..models.opportunities import MESSAGE_MAX_LENGTH, SHORT_MAX_LENGTH, TEXT_MAX_LENGTH
from ..terms import Terms
from .agreements import agreement_create, lock_agreement
from .common import notify_after_commit, require_person


def _verified_organisation(person):
    """The organisation a person is verified at (their profile's, only with a row)."""
    if (
        person.organisation_id
        and OrganisationMembership.objects.filter(
            organisation_id=person.organisation_id, user=person
        ).exists()
    ):
        return person.organisation
    membership = (
        OrganisationMembership.objects.filter(user=person).select_related("organisation").first()
    )
    return membership.organisation if membership else None


@transaction.atomic
def shadowing_listing_create(
    *,
    actor,
    kind: str,
    title: str,
    description: str,
    profession=None,
    nation: str = "",
    area: str = "",
    organisation=None,
    confidentiality_acknowledged: bool = False,
) -> ShadowingListing:
    """An offer (in the name of an organisation the actor is verified at) or a request."""
    require_person(actor)
    guard_texts(
        texts={"title": title, "description": description, "area": area},
        acknowledged=confidentiality_acknowledged,
    )
    title = clean_name(title, label=_("Title"), max_length=150)
    errors = {}
    if kind not in ShadowingKind.values:
        errors["kind"] = _("Choose offer or request.")
    if not (description or "").strip():
        errors["description"] = _("Describe what the shadowing involves.")
    elif len(description) > TEXT_MAX_LENGTH:
        errors["description"] = _("Keep this to %(n)s characters.") % {"n": TEXT_MAX_LENGTH}
    if len(area or "") > SHORT_MAX_LENGTH:
        errors["area"] = _("Keep this to %(n)s characters.") % {"n": SHORT_MAX_LENGTH}
    if (nation or "") not in ("", *Nation.values):
        errors["nation"] = _("Choose a nation from the list.")
    if errors:
        raise ValidationError(errors)
    if kind == ShadowingKind.OFFER:
        organisation = organisation or _verified_organisation(actor)
        if organisation is None or not policies.is_verified_at(actor, organisation):
            raise PermissionDenied(
                _("Offer shadowing for an organisation you are verified as working at.")
            )
    else:
        organisation = _verified_organisation(actor)
    listing = ShadowingListing.objects.create(
        kind=kind,
        poster=actor,
        organisation=organisation,
        title=title,
        description=description,
        profession=profession,
        nation=nation or "",
        area=area or "",
    )
    audit_record(actor=actor, action="shadowing.create", target=listing)
    return listing


@transaction.atomic
def shadowing_listing_close(*, actor, listing: ShadowingListing) -> ShadowingListing:
    if listing.poster_id != getattr(actor, "pk", None):
        raise PermissionDenied(_("Only the person who posted it can close it."))
    if listing.status == ShadowingListing.Status.CLOSED:
        raise Conflict(_("Already closed."))
    listing.status = ShadowingListing.Status.CLOSED
    listing.save(update_fields=["status"])
    audit_record(actor=actor, action="shadowing.close", target=listing)
    return listing


@transaction.atomic
def shadowing_respond(
    *, actor, listing: ShadowingListing, message: str, confidentiality_acknowledged: bool = False
) -> ShadowingResponse:
    require_person(actor)
    guard_texts(texts={"message": message}, acknowledged=confidentiality_acknowledged)
    if not (message or "").strip():
        raise ValidationError({"message": _("Write a short message.")})
    if len(message) > MESSAGE_MAX_LENGTH:
        raise ValidationError(
            {"message": _("Keep this to %(n)s characters.") % {"n": MESSAGE_MAX_LENGTH}}
        )
    if listing.poster_id == actor.pk:
        raise Conflict(_("This is your own listing."))
    if listing.status != ShadowingListing.Status.OPEN:
        raise Conflict(_("This listing is closed."))
    try:
        with transaction.atomic():
            response = ShadowingResponse.objects.create(
                listing=listing, person=actor, message=message
            )
    except IntegrityError:
        raise Conflict(_("You have already responded to this listing.")) from None
    audit_record(actor=actor, action="shadowing.respond", target=listing)
    notify_after_commit(
        recipients=[listing.poster],
        kind=NotificationKind.MESSAGE,
        title=lazy_format(
            gettext_lazy("%(name)s responded to “%(t)s”"),
            name=actor.display_name,
            t=listing.title,
        ),
        url=listing.get_absolute_url(),
        actor=actor,
    )
    return response


def host_and_guest(response: ShadowingResponse):
    """(host, guest): an offer's poster hosts the responder; a request's responder hosts
    the person who asked."""
    if response.listing.kind == ShadowingKind.OFFER:
        return response.listing.poster, response.person
    return response.person, response.listing.poster


@transaction.atomic
def shadowing_arrange(
    *,
    actor,
    response: ShadowingResponse,
    start_on: dt.date,
    end_on: dt.date | None,
    place: str,
    ground_rules: str,
    hours: float,
    confidentiality_acknowledged: bool = False,
):
    """The host arranges the day: a simple agreement (dates, place, contact, ground
    rules, hours) between the host's and the guest's organisations, proposed at once for
    both contacts to accept."""
    require_person(actor)
    terms = Terms(
        start_on=start_on,
        end_on=end_on or start_on,
        review_on=None,
        place=place or "",
        ground_rules=ground_rules or "",
        hours=float(hours or 0),
    )
    guard_texts(texts=terms.texts_for_guard(), acknowledged=confidentiality_acknowledged)
    host, guest = host_and_guest(response)
    if actor.pk != host.pk:
        raise PermissionDenied(_("The host arranges the shadowing."))
    if hasattr(response, "agreement") and response.agreement is not None:
        raise Conflict(_("This shadowing is already arranged."))
    if start_on is None or start_on < timezone.localdate():
        raise ValidationError({"start_on": _("The shadowing must start today or later.")})
    host_org = (
        response.listing.organisation
        if response.listing.kind == ShadowingKind.OFFER
        else _verified_organisation(host)
    )
    guest_org = _verified_organisation(guest)
    if host_org is None:
        raise ValidationError(
            {"__all__": _("You must be verified as working at an organisation to host.")}
        )
    if guest_org is None:
        raise ValidationError(
            {"__all__": _("The person shadowing must be verified as working at an organisation.")}
        )
    if host_org.pk == guest_org.pk:
        raise ValidationError({"__all__": _("Shadowing is between two different organisations.")})
    agreement = agreement_create(
        actor=actor,
        title=_("Work-shadowing: %(t)s") % {"t": response.listing.title},
        parties=[(host_org, host), (guest_org, guest)],
        terms=terms,
        kind=AgreementKind.SHADOWING,
        shadowing_response=response,
        confidentiality_acknowledged=True,  # guarded above
    )
    agreement.state = AgreementState.PROPOSED
    agreement.save(update_fields=["state"])
    notify_after_commit(
        recipients=[guest],
        kind=NotificationKind.AGREEMENT_TO_ACCEPT,
        title=gettext_lazy("Your shadowing is arranged: please read and accept it"),
        url=agreement.get_absolute_url(),
        actor=actor,
    )
    return agreement


@transaction.atomic
def shadowing_complete(*, actor, agreement):
    """The host marks the day done: the agreement ends, and ``shadowing_completed`` is
    sent (once, after commit) for the guest's CPD."""
    require_person(actor)
    agreement = lock_agreement(agreement.pk)
    if agreement.kind != AgreementKind.SHADOWING:
        raise Conflict(_("This is not a shadowing agreement."))
    parties = list(agreement.parties.select_related("organisation", "contact"))
    host_party, guest_party = parties[0], parties[1]
    if host_party.contact_id != actor.pk:
        raise PermissionDenied(_("The host marks the shadowing as done."))
    if agreement.completed_at is not None:
        raise Conflict(_("Already marked as done."))
    if agreement.state not in (AgreementState.AGREED, AgreementState.ACTIVE):
        raise Conflict(_("Both contacts must accept the arrangement first."))
    if agreement.start_on and agreement.start_on > timezone.localdate():
        raise Conflict(_("The shadowing has not started yet."))
    agreement.completed_at = timezone.now()
    agreement.state = AgreementState.ENDED
    agreement.save(update_fields=["completed_at", "state"])
    audit_record(actor=actor, action="shadowing.complete", target=agreement)
    terms = agreement.versions.get(number=agreement.current_version).terms
    payload = {
        "user_id": guest_party.contact_id,
        "source_id": agreement.pk,
        "title": agreement.title,
        "date": agreement.start_on,
        "end_date": agreement.end_on if agreement.end_on != agreement.start_on else None,
        "hours": terms.get("hours", 0),
        "organisation_name": host_party.organisation.name,
    }
    transaction.on_commit(
        lambda: signals.shadowing_completed.send(sender=agreement.__class__, **payload)
    )
    return agreement
