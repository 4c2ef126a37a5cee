"""A person deletes their own account (UK GDPR article 17).

Everything is removed in one transaction: each app's eraser first (``core.erasure``),
then accounts' own rows that name the person by email, then the person's row, whose
foreign keys remove what is only theirs and keep, as "A former member", what other
people's conversations depend on. The audit trail keeps one entry with the row's id and
no name or address.
"""

from django.apps import apps
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from practice_commons.core.erasure import (
    delete_files_after_commit,
    erasure_blockers,
    run_erasers,
)
from practice_commons.core.errors import Conflict, PermissionDenied

from ..invitations import InvitationBase
from ..models import (
    HostRole,
    OnboardingInvitation,
    OrganisationMembership,
    PersonalDataExport,
    User,
)
from .common import audit_record

FORMER_MEMBER_EMAIL = "former-member@practice-commons.invalid"


def former_member() -> User:
    """The one account that stands for every erased person in records that must name
    someone (who accepted an agreement): it cannot sign in, has no address that
    receives mail, and is in no community, directory or search."""
    person, created = User.objects.get_or_create(
        email=FORMER_MEMBER_EMAIL, defaults={"full_name": "A former member", "is_active": False}
    )
    if created:
        person.set_unusable_password()
        person.save(update_fields=["password"])
    return person


def account_erasure_blockers(person) -> list[str]:
    """Why this account cannot be deleted yet, in sentences the person can act on."""
    return _own_blockers(person) + erasure_blockers(person)


@transaction.atomic
def account_erase(*, actor, person, confirm_email: str) -> None:
    """Delete ``person``'s account and personal data. Only the person may do it, and only
    after typing their email address; nothing changes if anything refuses."""
    if not getattr(actor, "pk", None) or actor.pk != person.pk or not person.is_active:
        raise PermissionDenied(_("Only the account's owner can delete it."))
    if confirm_email.strip().casefold() != person.email.casefold():
        raise ValidationError(
            {"confirm_email": _("Enter the email address you sign in with, exactly.")}
        )
    person = User.objects.select_for_update().get(pk=person.pk)
    blockers = account_erasure_blockers(person)
    if blockers:
        raise Conflict(" ".join(blockers))
    _erase(person, reason="")


# Wrong passwords allowed when deleting without a signed-in session, per account and hour.
ERASE_PASSWORD_ATTEMPTS = 5
ERASE_PASSWORD_WINDOW_SECONDS = 3600


def account_erase_with_password(*, actor, person, confirm_email: str, password: str) -> None:
    """``account_erase`` asked for without a signed-in session (the API): a bearer token
    proves only that its holder has the token, not that they are the person who signed
    in, so their password is asked as well as their address. An account without a
    password (single sign-on only) is deleted on the website (``PermissionDenied``);
    after ``ERASE_PASSWORD_ATTEMPTS`` wrong passwords in an hour every attempt is refused
    (``PermissionDenied``) until the hour is over; a wrong password is a
    ``ValidationError`` on ``password``. Nothing changes on any refusal."""
    if not getattr(actor, "pk", None) or actor.pk != person.pk or not person.is_active:
        raise PermissionDenied(_("Only the account's owner can delete it."))
    if not person.has_usable_password():
        raise PermissionDenied(
            _("This account signs in without a password: delete it on the website.")
        )
    key = f"accounts:erase-password-failures:{person.pk}"
    if (cache.get(key) or 0) >= ERASE_PASSWORD_ATTEMPTS:
        raise PermissionDenied(
            _("Too many wrong passwords: try again in an hour, or delete it on the website.")
        )
    if not person.check_password(password or ""):
        cache.add(key, 0, ERASE_PASSWORD_WINDOW_SECONDS)
        cache.incr(key)
        raise ValidationError({"password": _("Enter the password you sign in with.")})
    cache.delete(key)
    account_erase(actor=actor, person=person, confirm_email=confirm_email)


@transaction.atomic
def account_erase_inactive(*, person) -> bool:
    """The retention rule's erasure (``INACTIVE_ACCOUNT_DAYS`` without signing in), for the
    scheduled job that has already warned the person. An account that something still
    holds (``account_erasure_blockers``) stays, and the audit trail says why; returns
    whether the account went."""
    person = User.objects.select_for_update().filter(pk=person.pk).first()
    if person is None or person.email == FORMER_MEMBER_EMAIL:
        return False
    blockers = account_erasure_blockers(person)
    if blockers:
        audit_record(
            actor=None,
            action="account.retention_blocked",
            target=person,
            data={"reasons": len(blockers)},
        )
        return False
    _erase(person, reason="inactive")
    return True


def _erase(person, *, reason: str) -> None:
    run_erasers(person)
    _erase_own_rows(person)
    audit_record(actor=None, action="account.erase", target=person, reason=reason)
    person.delete()


def _own_blockers(person) -> list[str]:
    reasons = []
    if person.host_role == HostRole.HOST_ADMIN and not _other_host_admins(person).exists():
        reasons.append(_("You are the only host admin: make someone else a host admin first."))
    for organisation in _organisations_only_run_by(person):
        reasons.append(
            _("You are the only admin of %(organisation)s: make someone else an admin first.")
            % {"organisation": organisation.name}
        )
    return reasons


def _other_host_admins(person):
    return User.objects.filter(host_role=HostRole.HOST_ADMIN, is_active=True).exclude(pk=person.pk)


def _organisations_only_run_by(person):
    admin = OrganisationMembership.Role.ADMIN
    mine = OrganisationMembership.objects.filter(user=person, role=admin).select_related(
        "organisation"
    )
    return [
        m.organisation
        for m in mine
        if not OrganisationMembership.objects.filter(organisation=m.organisation, role=admin)
        .exclude(user=person)
        .exists()
    ]


def _erase_own_rows(person) -> None:
    """Rows that hold the person's address or files but no foreign key that would take
    them with the account: invitations to their addresses (every kind, found by their
    shared base), onboarding rows, and the files of their data archives."""
    addresses = {person.email.casefold()} | {
        e.casefold() for e in person.emailaddress_set.values_list("email", flat=True)
    }
    for model in apps.get_models():
        if issubclass(model, InvitationBase):
            model.objects.filter(_by_address(addresses) | Q(accepted_by=person)).delete()
    OnboardingInvitation.objects.filter(_by_address(addresses) | Q(accepted_by=person)).delete()
    delete_files_after_commit(e.file for e in PersonalDataExport.objects.filter(user=person))


def _by_address(addresses) -> Q:
    query = Q(pk__in=[])
    for address in addresses:
        query |= Q(email__iexact=address)
    return query
