"""Agreements: create, change (a new version once anyone has accepted), propose, accept,
activate, review, renew, end, publish, milestones done.

Every change of state or version locks the agreement row first
(``lock_agreement``, ``SELECT … FOR UPDATE``) and re-reads it, so two acceptances, or an
edit and an acceptance, are serialised: an acceptance names the version it accepts and
is refused with ``Conflict`` unless that is still the current version, and the move to
"agreed" counts acceptances of the current version inside the same lock.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from practice_commons.accounts.models import Organisation, OrganisationMembership
from practice_commons.accounts.services import audit_record
from practice_commons.confidentiality.guard import guard_texts
from practice_commons.core.errors import Conflict, PermissionDenied
from practice_commons.core.lazy_text import lazy_format
from practice_commons.core.text import clean_name
from practice_commons.notifications.kinds import NotificationKind

from .. import policies, signals
from ..models import (
    Acceptance,
    Agreement,
    AgreementKind,
    AgreementMilestone,
    AgreementParty,
    AgreementState,
    AgreementVersion,
)
from ..models.agreements import RUNNING_STATES, TITLE_MAX_LENGTH
from ..terms import Terms, canonical_text, text_hash, validate
from .common import notify_after_commit, require_person

MAX_PARTIES = 10
EDITABLE_STATES = (
    AgreementState.DRAFT,
    AgreementState.PROPOSED,
    AgreementState.AGREED,
    *RUNNING_STATES,
)


def lock_agreement(pk: int) -> Agreement:
    """The agreement, locked for this transaction (call inside ``atomic``)."""
    return Agreement.objects.select_for_update().get(pk=pk)


def _title(title: str) -> str:
    return clean_name(title, label=_("Title"), max_length=TITLE_MAX_LENGTH)


def _check_parties(parties) -> list[tuple[Organisation, object]]:
    """(organisation, contact) pairs: two or more, distinct organisations, each contact
    verified at their organisation (``OrganisationMembership``)."""
    parties = list(parties)
    if any(org is None for org, _c in parties):
        raise ValidationError({"parties": _("Name each party's organisation.")})
    if len(parties) < 2:
        raise ValidationError({"parties": _("An agreement needs at least two organisations.")})
    if len(parties) > MAX_PARTIES:
        raise ValidationError({"parties": _("At most %(n)s parties.") % {"n": MAX_PARTIES}})
    if len({org.pk for org, _c in parties}) != len(parties):
        raise ValidationError({"parties": _("Name each organisation once.")})
    for org, contact in parties:
        if (
            contact is None
            or not OrganisationMembership.objects.filter(organisation=org, user=contact).exists()
        ):
            raise ValidationError(
                {
                    "parties": _(
                        "Each party's contact must be someone verified as working at %(org)s."
                    )
                    % {"org": org.name}
                }
            )
    return parties


def _write_version(*, agreement, number, terms: Terms, actor, parties) -> AgreementVersion:
    # The canonical text is accepted and hashed: the same terms give the same words in
    # whatever language the writer reads the site in, so the kind's label is English.
    with translation.override(None):
        kind_label = str(AgreementKind(agreement.kind).label)
    text = canonical_text(
        title=agreement.title,
        kind_label=kind_label,
        parties=[(p.organisation.name, p.contact.display_name) for p in parties],
        terms=terms,
    )
    version, _created = AgreementVersion.objects.update_or_create(
        agreement=agreement,
        number=number,
        defaults={
            "terms": terms.as_json(),
            "text": text,
            "text_hash": text_hash(text),
            "created_by": actor,
            "created_at": timezone.now(),
        },
    )
    agreement.current_version = number
    agreement.start_on, agreement.end_on, agreement.review_on = (
        terms.start_on,
        terms.end_on,
        terms.review_on,
    )
    agreement.updated_at = timezone.now()
    agreement.save(
        update_fields=["title", "current_version", "start_on", "end_on", "review_on", "updated_at"]
    )
    done = {m.title: m.done_on for m in agreement.milestones.all()}
    agreement.milestones.all().delete()
    AgreementMilestone.objects.bulk_create(
        AgreementMilestone(agreement=agreement, title=title, due_on=due, done_on=done.get(title))
        for due, title in terms.milestones
    )
    return version


def _party_people(agreement) -> list:
    return [p.contact for p in agreement.parties.select_related("contact")]


@transaction.atomic
def agreement_create(
    *,
    actor,
    title: str,
    parties,
    terms: Terms,
    kind: str = AgreementKind.COLLABORATION,
    published: bool = False,
    opportunity=None,
    shadowing_response=None,
    confidentiality_acknowledged: bool = False,
) -> Agreement:
    """A draft agreement (version 1). ``parties``: (organisation, contact) pairs. The
    actor must speak for one of the organisations (a verified admin or champion), or, for
    a shadowing agreement, be its host's contact."""
    require_person(actor)
    guard_texts(
        texts={"title": title, **terms.texts_for_guard()}, acknowledged=confidentiality_acknowledged
    )
    title = _title(title)
    terms.resolve()
    parties = _check_parties(parties)
    shadowing = kind == AgreementKind.SHADOWING
    if not shadowing and not any(policies.speaks_for(actor, org) for org, _c in parties):
        raise PermissionDenied(
            _("Only an admin or champion of one of the organisations can draft an agreement.")
        )
    if shadowing and parties[0][1].pk != actor.pk:
        raise PermissionDenied(_("The host's contact arranges the shadowing."))
    validate(terms, parties=len(parties), shadowing=shadowing)
    agreement = Agreement.objects.create(
        kind=kind,
        title=title,
        published=bool(published) and not shadowing,
        opportunity=opportunity,
        shadowing_response=shadowing_response,
        created_by=actor,
    )
    rows = AgreementParty.objects.bulk_create(
        AgreementParty(agreement=agreement, organisation=org, contact=contact, sort_order=i)
        for i, (org, contact) in enumerate(parties)
    )
    _write_version(agreement=agreement, number=1, terms=terms, actor=actor, parties=rows)
    audit_record(actor=actor, action="agreement.create", target=agreement)
    return agreement


def require_party(actor, agreement) -> None:
    if not policies.is_party_member(actor, agreement):
        raise PermissionDenied(_("Only the parties to this agreement can do that."))


@transaction.atomic
def agreement_update(
    *,
    actor,
    agreement: Agreement,
    title: str,
    terms: Terms,
    confidentiality_acknowledged: bool = False,
) -> Agreement:
    """Change the terms. A draft nobody has accepted is changed in place; otherwise the
    change is a new version, every acceptance is asked for again and the agreement goes
    back to "proposed" (the agreed version stays readable and in force until then)."""
    require_person(actor)
    guard_texts(
        texts={"title": title, **terms.texts_for_guard()}, acknowledged=confidentiality_acknowledged
    )
    title = _title(title)
    terms.resolve()
    require_party(actor, agreement)
    agreement = lock_agreement(agreement.pk)
    if agreement.state not in EDITABLE_STATES:
        raise Conflict(_("This agreement has ended and cannot be changed."))
    parties = list(agreement.parties.select_related("organisation", "contact"))
    validate(terms, parties=len(parties), shadowing=agreement.kind == AgreementKind.SHADOWING)
    current = agreement.versions.get(number=agreement.current_version)
    accepted = current.acceptances.exists()
    in_place = agreement.state == AgreementState.DRAFT and not accepted
    agreement.title = title
    number = agreement.current_version if in_place else agreement.current_version + 1
    version = _write_version(
        agreement=agreement, number=number, terms=terms, actor=actor, parties=parties
    )
    if not in_place and version.text_hash == current.text_hash:
        raise Conflict(
            _("Nothing has changed: the text is the same as version %(n)s.") % {"n": current.number}
        )
    if not in_place and agreement.state != AgreementState.DRAFT:
        agreement.state = AgreementState.PROPOSED
        agreement.save(update_fields=["state"])
        notify_after_commit(
            recipients=_party_people(agreement),
            kind=NotificationKind.AGREEMENT_TO_ACCEPT,
            title=lazy_format(
                gettext_lazy("“%(t)s” has changed: version %(n)s needs your acceptance"),
                t=agreement.title,
                n=number,
            ),
            url=agreement.get_absolute_url(),
            actor=actor,
        )
    audit_record(actor=actor, action="agreement.update", target=agreement, data={"version": number})
    return agreement


@transaction.atomic
def agreement_propose(*, actor, agreement: Agreement) -> Agreement:
    require_person(actor)
    require_party(actor, agreement)
    agreement = lock_agreement(agreement.pk)
    if agreement.state != AgreementState.DRAFT:
        raise Conflict(_("Only a draft can be proposed."))
    agreement.state = AgreementState.PROPOSED
    agreement.updated_at = timezone.now()
    agreement.save(update_fields=["state", "updated_at"])
    notify_after_commit(
        recipients=_party_people(agreement),
        kind=NotificationKind.AGREEMENT_TO_ACCEPT,
        title=lazy_format(
            gettext_lazy("“%(t)s” is proposed: please read and accept it"), t=agreement.title
        ),
        url=agreement.get_absolute_url(),
        actor=actor,
    )
    audit_record(actor=actor, action="agreement.propose", target=agreement)
    return agreement


@transaction.atomic
def agreement_accept(*, actor, agreement: Agreement, version: int) -> Agreement:
    """The actor accepts ``version`` for every party they are the named contact of.
    Refused with ``Conflict`` unless ``version`` is the current version of a proposed
    agreement; when every party has accepted it the agreement is agreed (and active from
    its start date)."""
    require_person(actor)
    if not policies.can_read_agreement(actor, agreement):
        raise PermissionDenied(_("Only the parties to this agreement can accept it."))
    agreement = lock_agreement(agreement.pk)
    mine = policies.parties_contacted_by(actor, agreement)
    if not mine:
        raise PermissionDenied(_("Only each party's named contact can accept for it."))
    if agreement.state != AgreementState.PROPOSED:
        raise Conflict(_("This agreement is not waiting for acceptance."))
    if version != agreement.current_version:
        raise Conflict(
            _(
                "This agreement has changed since you read it: version %(n)s is the current "
                "one. Read it and accept that."
            )
            % {"n": agreement.current_version}
        )
    current = agreement.versions.get(number=version)
    done = set(current.acceptances.values_list("party_id", flat=True))
    todo = [p for p in mine if p.pk not in done]
    if not todo:
        raise Conflict(_("You have already accepted version %(n)s.") % {"n": version})
    now = timezone.now()
    Acceptance.objects.bulk_create(
        Acceptance(
            version=current, party=p, person=actor, text_hash=current.text_hash, accepted_at=now
        )
        for p in todo
    )
    audit_record(
        actor=actor,
        action="agreement.accept",
        target=agreement,
        data={"version": version, "hash": current.text_hash, "parties": [p.pk for p in todo]},
    )
    all_parties = set(agreement.parties.values_list("pk", flat=True))
    agreed = all_parties <= done | {p.pk for p in todo}
    ids = {
        "agreement_id": agreement.pk,
        "version": version,
        "party_ids": [p.pk for p in todo],
        "agreed": agreed,
    }
    transaction.on_commit(lambda: signals.agreement_accepted.send(sender=Agreement, **ids))
    if agreed:
        agreement.state = AgreementState.AGREED
        agreement.agreed_version = version
        agreement.agreed_at = now
        if agreement.start_on and agreement.start_on <= timezone.localdate():
            agreement.state = AgreementState.ACTIVE
        agreement.updated_at = now
        agreement.save(update_fields=["state", "agreed_version", "agreed_at", "updated_at"])
        audit_record(
            actor=actor, action="agreement.agreed", target=agreement, data={"version": version}
        )
        notify_after_commit(
            recipients=_party_people(agreement),
            kind=NotificationKind.MESSAGE,
            title=lazy_format(
                gettext_lazy("Every party has accepted “%(t)s” (version %(n)s)"),
                t=agreement.title,
                n=version,
            ),
            url=agreement.get_absolute_url(),
            actor=actor,
        )
    return agreement


def _move(*, actor, agreement, allowed, to, action, message) -> Agreement:
    require_person(actor)
    require_party(actor, agreement)
    agreement = lock_agreement(agreement.pk)
    if agreement.state not in allowed:
        raise Conflict(message)
    agreement.state = to
    agreement.updated_at = timezone.now()
    agreement.save(update_fields=["state", "updated_at"])
    audit_record(actor=actor, action=action, target=agreement)
    return agreement


@transaction.atomic
def agreement_start_review(*, actor, agreement: Agreement) -> Agreement:
    return _move(
        actor=actor,
        agreement=agreement,
        allowed=(AgreementState.ACTIVE, AgreementState.RENEWED),
        to=AgreementState.UNDER_REVIEW,
        action="agreement.review",
        message=_("Only an active agreement can be put under review."),
    )


@transaction.atomic
def agreement_renew(*, actor, agreement: Agreement) -> Agreement:
    """The review concluded to carry on with the agreed text. (To change its dates or
    terms, edit it: that is a new version everyone accepts.)"""
    return _move(
        actor=actor,
        agreement=agreement,
        allowed=(AgreementState.UNDER_REVIEW,),
        to=AgreementState.RENEWED,
        action="agreement.renew",
        message=_("Only an agreement under review can be renewed."),
    )


@transaction.atomic
def agreement_end(*, actor, agreement: Agreement) -> Agreement:
    return _move(
        actor=actor,
        agreement=agreement,
        allowed=tuple(s for s in AgreementState.values if s != AgreementState.ENDED),
        to=AgreementState.ENDED,
        action="agreement.end",
        message=_("This agreement has already ended."),
    )


@transaction.atomic
def agreement_set_published(*, actor, agreement: Agreement, published: bool) -> Agreement:
    require_person(actor)
    require_party(actor, agreement)
    if agreement.kind == AgreementKind.SHADOWING and published:
        raise Conflict(_("Shadowing agreements are not listed on the public register."))
    agreement = lock_agreement(agreement.pk)
    agreement.published = bool(published)
    agreement.save(update_fields=["published"])
    audit_record(
        actor=actor, action="agreement.publish", target=agreement, data={"published": published}
    )
    return agreement


@transaction.atomic
def milestone_mark_done(*, actor, milestone: AgreementMilestone, done: bool = True):
    require_person(actor)
    require_party(actor, milestone.agreement)
    milestone.done_on = timezone.localdate() if done else None
    milestone.save(update_fields=["done_on"])
    audit_record(actor=actor, action="agreement.milestone", target=milestone.agreement)
    return milestone


def agreements_activate_due(*, today=None) -> int:
    """Agreed agreements whose start date has come become active (the daily job;
    idempotent)."""
    today = today or timezone.localdate()
    return Agreement.objects.filter(state=AgreementState.AGREED, start_on__lte=today).update(
        state=AgreementState.ACTIVE, updated_at=timezone.now()
    )
