"""The audit trail's page and CSV (``/audit/``, ``/audit/export.csv``) are for host admins
only: every other role on the platform, including those who moderate (a community's
facilitator, a safeguarding lead, an organisation's admin), gets the site's 403, and a
visitor is sent to sign in. Nobody refused leaves an ``audit.export`` entry."""

import pytest
from django.urls import reverse

from practice_commons.accounts.models import AuditEvent, HostMembership
from practice_commons.accounts.tests.factories import HostAdminFactory, OrgAdminFactory, UserFactory
from practice_commons.communities.models import Role
from practice_commons.communities.tests.factories import add_member, make_community
from practice_commons.safeguarding import services as safeguarding_services

pytestmark = pytest.mark.django_db

URLS = [reverse("accounts:audit"), reverse("accounts:audit_export")]
ROLES = (
    "visitor",
    "member",
    "non_member",
    "facilitator",
    "org_admin",
    "safeguarding_lead",
    "host_admin",
)


def person_for(role):
    if role == "visitor":
        return None
    if role == "member":
        return UserFactory()
    if role == "non_member":
        return UserFactory(host_membership=HostMembership.NON_MEMBER)
    if role == "facilitator":
        return add_member(make_community(), role=Role.FACILITATOR)
    if role == "org_admin":
        return OrgAdminFactory()
    if role == "safeguarding_lead":
        lead = UserFactory()
        safeguarding_services.safeguarding_lead_assign(
            actor=HostAdminFactory(), user=lead, scope_object=lead.organisation
        )
        return lead
    return HostAdminFactory()


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("role", ROLES)
def test_only_host_admins_may_read_the_trail(client, role, url):
    person = person_for(role)
    if person is not None:
        client.force_login(person)
    before = AuditEvent.objects.filter(action="audit.export").count()
    response = client.get(url)
    if role == "visitor":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    elif role == "host_admin":
        assert response.status_code == 200
    else:
        assert response.status_code == 403
    exported = AuditEvent.objects.filter(action="audit.export").count() - before
    assert exported == (1 if role == "host_admin" and url.endswith(".csv") else 0)
