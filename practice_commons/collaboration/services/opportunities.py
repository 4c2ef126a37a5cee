"""Opportunities to collaborate and expressions of interest in them."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from practice_commons.accounts.models import Nation
from practice_commons.accounts.services import audit_record
from practice_commons.confidentiality.guard import guard_texts
from practice_commons.core.errors import Conflict, PermissionDenied
from practice_commons.core.lazy_text import lazy_format
from practice_commons.core.text import clean_name
from practice_commons.notifications.kinds import NotificationKind

from .. import policies, signals
from ..models import Interest, InterestStatus, Opportunity, OpportunityKind, Sector
from ..models.opportunities import (
    MESSAGE_MAX_LENGTH,
    SHORT_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
)
from .common import notify_after_commit, require_person

MAX_DAYS_AHEAD = 400


def _check(data: dict) -> dict:
    errors = {}
    if data.get("kind") not in OpportunityKind.values:
        errors["kind"] = _("Choose the kind of opportunity.")
    if not (data.get("description") or "").strip():
        errors["description"] = _("Describe the opportunity.")
    elif len(data["description"]) > TEXT_MAX_LENGTH:
        errors["description"] = _("Keep the description to %(n)s characters.") % {
            "n": TEXT_MAX_LENGTH
        }
    for name in ("area", "commitment"):
        if len(data.get(name) or "") > SHORT_MAX_LENGTH:
            errors[name] = _("Keep this to %(n)s characters.") % {"n": SHORT_MAX_LENGTH}
    if any(s not in Sector.values for s in data.get("sectors") or []):
        errors["sectors"] = _("Choose sectors from the list.")
    if (data.get("nation") or "") not in ("", *Nation.values):
        errors["nation"] = _("Choose a nation from the list.")
    closes_on = data.get("closes_on")
    today = timezone.localdate()
    if not isinstance(closes_on, dt.date):
        errors["closes_on"] = _("Enter the closing date.")
    elif closes_on < today:
        errors["closes_on"] = _("The closing date must be today or later.")
    elif closes_on > today + dt.timedelta(days=MAX_DAYS_AHEAD):
        errors["closes_on"] = _("The closing date must be within %(n)s days.") % {
            "n": MAX_DAYS_AHEAD
        }
    if errors:
        raise ValidationError(errors)
    return data


@transaction.atomic
def opportunity_create(
    *, actor, data: dict, organisation=None, confidentiality_acknowledged: bool = False
) -> Opportunity:
    """Post an opportunity, as oneself or (admins and champions) in an organisation's
    name. ``data``: kind, title, description, sectors, professions (Profession objects),
    nation, area, commitment, closes_on."""
    require_person(actor)
    guard_texts(
        texts={k: data.get(k) or "" for k in ("title", "description", "area", "commitment")},
        acknowledged=confidentiality_acknowledged,
    )
    title = clean_name(data.get("title") or "", label=_("Title"), max_length=TITLE_MAX_LENGTH)
    _check(data)
    if organisation is not None and not policies.speaks_for(actor, organisation):
        raise PermissionDenied(
            _("Only an organisation's admins and champions can post in its name.")
        )
    opportunity = Opportunity.objects.create(
        poster=actor,
        organisation=organisation,
        kind=data["kind"],
        title=title,
        description=data["description"],
        sectors=sorted(set(data.get("sectors") or [])),
        nation=data.get("nation") or "",
        area=data.get("area") or "",
        commitment=data.get("commitment") or "",
        closes_on=data["closes_on"],
    )
    if data.get("professions"):
        opportunity.professions.set(data["professions"])
    audit_record(actor=actor, action="opportunity.create", target=opportunity)
    ids = {"opportunity_id": opportunity.pk, "organisation_id": opportunity.organisation_id}
    transaction.on_commit(lambda: signals.opportunity_created.send(sender=Opportunity, **ids))
    return opportunity


def can_manage_opportunity(actor, opportunity) -> bool:
    if not getattr(actor, "is_authenticated", False):
        return False
    if opportunity.poster_id == actor.pk:
        return True
    return opportunity.organisation_id is not None and policies.speaks_for(
        actor, opportunity.organisation
    )


@transaction.atomic
def opportunity_close(*, actor, opportunity: Opportunity) -> Opportunity:
    if not can_manage_opportunity(actor, opportunity):
        raise PermissionDenied(_("Only the person who posted it can close it."))
    if opportunity.status == Opportunity.Status.CLOSED:
        raise Conflict(_("This opportunity is already closed."))
    opportunity.status = Opportunity.Status.CLOSED
    opportunity.save(update_fields=["status"])
    audit_record(actor=actor, action="opportunity.close", target=opportunity)
    return opportunity


@transaction.atomic
def interest_express(
    *, actor, opportunity: Opportunity, message: str, confidentiality_acknowledged: bool = False
) -> Interest:
    """Tell the poster you are interested. Only the poster (and you) see it."""
    require_person(actor)
    guard_texts(texts={"message": message}, acknowledged=confidentiality_acknowledged)
    if not (message or "").strip():
        raise ValidationError({"message": _("Write a short message to the poster.")})
    if len(message) > MESSAGE_MAX_LENGTH:
        raise ValidationError(
            {"message": _("Keep your message to %(n)s characters.") % {"n": MESSAGE_MAX_LENGTH}}
        )
    if opportunity.poster_id == actor.pk:
        raise Conflict(_("This is your own opportunity."))
    if not opportunity.is_open:
        raise Conflict(_("This opportunity has closed."))
    try:
        with transaction.atomic():
            interest = Interest.objects.create(
                opportunity=opportunity, person=actor, message=message
            )
    except IntegrityError:
        raise Conflict(_("You have already expressed interest in this opportunity.")) from None
    audit_record(actor=actor, action="opportunity.interest", target=opportunity)
    ids = {
        "interest_id": interest.pk,
        "opportunity_id": opportunity.pk,
        "organisation_id": opportunity.organisation_id,
    }
    transaction.on_commit(lambda: signals.interest_expressed.send(sender=Interest, **ids))
    notify_after_commit(
        recipients=[opportunity.poster],
        kind=NotificationKind.MESSAGE,
        title=lazy_format(
            gettext_lazy("%(name)s is interested in “%(t)s”"),
            name=actor.display_name,
            t=opportunity.title,
        ),
        url=opportunity.get_absolute_url(),
        actor=actor,
    )
    return interest


@transaction.atomic
def interest_reply(
    *,
    actor,
    interest: Interest,
    status: str,
    reply: str = "",
    confidentiality_acknowledged: bool = False,
) -> Interest:
    """The poster shortlists (or not) and replies."""
    require_person(actor)
    guard_texts(texts={"reply": reply}, acknowledged=confidentiality_acknowledged)
    if interest.opportunity.poster_id != actor.pk:
        raise PermissionDenied(_("Only the person who posted the opportunity can reply."))
    if status not in InterestStatus.values:
        raise ValidationError({"status": _("Choose what to do with this interest.")})
    if len(reply or "") > MESSAGE_MAX_LENGTH:
        raise ValidationError(
            {"reply": _("Keep your reply to %(n)s characters.") % {"n": MESSAGE_MAX_LENGTH}}
        )
    interest.status = status
    if reply:
        interest.reply = reply
        interest.replied_at = timezone.now()
    interest.save(update_fields=["status", "reply", "replied_at"])
    audit_record(
        actor=actor,
        action="opportunity.reply",
        target=interest.opportunity,
        data={"status": status},
    )
    if reply:
        notify_after_commit(
            recipients=[interest.person],
            kind=NotificationKind.MESSAGE,
            title=lazy_format(gettext_lazy("A reply about “%(t)s”"), t=interest.opportunity.title),
            url=interest.opportunity.get_absolute_url(),
            actor=actor,
        )
    return interest
