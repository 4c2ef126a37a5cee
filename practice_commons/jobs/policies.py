"""Who may post and manage an organisation's jobs: its verified admins (host admins too).
Anyone, signed in or not, reads open listings."""

from practice_commons.accounts.models import Organisation, OrganisationMembership
from practice_commons.core.people import is_signed_in


def can_manage_jobs(user, organisation) -> bool:
    if not is_signed_in(user):
        return False
    if user.is_host_admin:
        return True
    return OrganisationMembership.objects.filter(
        organisation=organisation, user=user, role=OrganisationMembership.Role.ADMIN
    ).exists()


def employers_for(user):
    """Organisations the user may post jobs for (host admins: none by default; they
    manage existing listings)."""
    if not is_signed_in(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(
        memberships__user=user, memberships__role=OrganisationMembership.Role.ADMIN
    ).order_by("name")
