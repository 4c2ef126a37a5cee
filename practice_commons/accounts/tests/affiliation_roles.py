"""The eight roles the affiliation and onboarding tests check every page and service
against, for one organisation."""

from django.contrib.auth.models import AnonymousUser

from practice_commons.accounts.models import AffiliationRequest

from .factories import HostAdminFactory, OrgAdminFactory, UserFactory

ROLES = (
    "visitor",
    "practitioner",
    "pending",
    "member",
    "champion",
    "org_admin",
    "other_org_admin",
    "host_admin",
)
# Who manages the organisation's people (requests, onboarding).
MANAGERS = {"org_admin", "host_admin"}


def pending_person(organisation, **kwargs):
    """Someone who chose ``organisation`` on their profile and is waiting for its admins."""
    person = UserFactory(organisation=None, **kwargs)
    AffiliationRequest.objects.create(
        user=person,
        organisation=organisation,
        route=AffiliationRequest.Route.ORGANISATION_ADMINS,
    )
    return person


def person_for(role: str, organisation):
    return {
        "visitor": AnonymousUser,
        "practitioner": lambda: UserFactory(),
        "pending": lambda: pending_person(organisation),
        "member": lambda: UserFactory(organisation=organisation),
        "champion": lambda: UserFactory(organisation=organisation, org_role="champion"),
        "org_admin": lambda: OrgAdminFactory(organisation=organisation),
        "other_org_admin": lambda: OrgAdminFactory(),
        "host_admin": lambda: HostAdminFactory(),
    }[role]()


def signed_in(client, person):
    if person.is_authenticated:
        client.force_login(person)
    return client
