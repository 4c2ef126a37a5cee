"""One answer to each visibility question of collaboration, used by every page, API
endpoint, notification and (for the directory) search.

* ``directory_visible_to(viewer)``: the people the viewer may find in the directory.
  **Search must use this and nothing else** to index or show people: a person who left
  the directory (``hidden``) is in no result for anyone.
* ``agreements_visible_to(user)`` / ``can_read_agreement``: parties only (each party's
  named contact, and the admins and champions of a party organisation), and host admins.
* ``speaks_for(user, organisation)``: a verified admin or champion of the organisation
  (``accounts.OrganisationMembership``; nothing typed on a profile counts).
"""

from django.db.models import Exists, OuterRef, Q, QuerySet

from practice_commons.accounts.models import Organisation, OrganisationMembership, User
from practice_commons.communities.models import CommunityMembership, MembershipStatus
from practice_commons.core.people import is_signed_in

from .models import Agreement, AgreementParty, DirectoryVisibility

SPEAKER_ROLES = (OrganisationMembership.Role.ADMIN, OrganisationMembership.Role.CHAMPION)


# --- organisations ---------------------------------------------------------------------


def is_verified_at(user, organisation) -> bool:
    return bool(
        is_signed_in(user)
        and OrganisationMembership.objects.filter(organisation=organisation, user=user).exists()
    )


def speaks_for(user, organisation) -> bool:
    """A verified admin or champion of ``organisation``."""
    return bool(
        is_signed_in(user)
        and OrganisationMembership.objects.filter(
            organisation=organisation, user=user, role__in=SPEAKER_ROLES
        ).exists()
    )


def is_admin_of(user, organisation) -> bool:
    return bool(
        is_signed_in(user)
        and OrganisationMembership.objects.filter(
            organisation=organisation, user=user, role=OrganisationMembership.Role.ADMIN
        ).exists()
    )


def organisations_spoken_for(user) -> QuerySet[Organisation]:
    if not is_signed_in(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(
        memberships__user=user, memberships__role__in=SPEAKER_ROLES
    ).order_by("name")


def organisations_administered(user) -> QuerySet[Organisation]:
    if not is_signed_in(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(
        memberships__user=user, memberships__role=OrganisationMembership.Role.ADMIN
    ).order_by("name")


# --- the directory ---------------------------------------------------------------------


def directory_visible_to(viewer) -> QuerySet[User]:
    """People ``viewer`` may find in the directory (and nobody else, anywhere).

    Visitors find nobody. A person without settings is listed to everyone signed in;
    otherwise their ``DirectoryListing.visibility`` decides: everyone signed in, host
    members (and host admins), people sharing an active community with them, or nobody
    (``hidden``: not even host admins). Inactive accounts and people without a name are
    never listed."""
    if not is_signed_in(viewer):
        return User.objects.none()
    people = User.objects.filter(is_active=True).exclude(full_name="")
    level = "directory_listing__visibility"
    allowed = Q(directory_listing__isnull=True) | Q(**{level: DirectoryVisibility.SIGNED_IN})
    if viewer.is_host_admin or viewer.is_host_member:
        allowed |= Q(**{level: DirectoryVisibility.HOST_MEMBERS})
    shared = CommunityMembership.objects.filter(
        user_id=OuterRef("pk"),
        status=MembershipStatus.ACTIVE,
        community__memberships__user=viewer,
        community__memberships__status=MembershipStatus.ACTIVE,
    )
    allowed |= Q(**{level: DirectoryVisibility.COMMUNITIES}) & Q(Exists(shared))
    allowed |= Q(pk=viewer.pk) & ~Q(**{level: DirectoryVisibility.HIDDEN})
    return people.filter(allowed)


def can_see_in_directory(viewer, person) -> bool:
    return directory_visible_to(viewer).filter(pk=person.pk).exists()


# --- agreements --------------------------------------------------------------------------


def spoken_for_q(user) -> Q:
    """Agreement parties the person speaks for: they are its contact, or an admin or
    champion of its organisation (a filter on ``AgreementParty``)."""
    speaker_of = OrganisationMembership.objects.filter(user=user, role__in=SPEAKER_ROLES).values(
        "organisation_id"
    )
    return Q(contact=user) | Q(organisation_id__in=speaker_of)


def party_q(user, prefix: str = "") -> Q:
    """Agreements the person is party to (a filter on ``Agreement``, or on a relation to
    it with ``prefix``)."""
    parties = AgreementParty.objects.filter(agreement_id=OuterRef(f"{prefix}pk")).filter(
        spoken_for_q(user)
    )
    return Q(Exists(parties))


def agreements_visible_to(user) -> QuerySet[Agreement]:
    if not is_signed_in(user):
        return Agreement.objects.none()
    if user.is_host_admin:
        return Agreement.objects.all()
    return Agreement.objects.filter(party_q(user))


def can_read_agreement(user, agreement) -> bool:
    return agreements_visible_to(user).filter(pk=agreement.pk).exists()


def is_party_member(user, agreement) -> bool:
    """A party's contact, or an admin or champion of a party organisation: may edit,
    propose, review, end and publish (host admins read but are not parties)."""
    if not is_signed_in(user):
        return False
    return Agreement.objects.filter(party_q(user), pk=agreement.pk).exists()


def parties_contacted_by(user, agreement) -> list[AgreementParty]:
    """The parties whose named contact is ``user`` (who accepts for them)."""
    if not is_signed_in(user):
        return []
    return list(agreement.parties.filter(contact=user))
