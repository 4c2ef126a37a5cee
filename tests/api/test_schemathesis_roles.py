"""The API fuzzed by schemathesis as every role other than a member (signed out,
facilitator, organisation admin, safeguarding lead and host admin), with fewer examples
than the member's run (``test_schemathesis.py``): every operation's refusals, no 5xx,
and every answer as the OpenAPI document declares."""

import pytest

from practice_commons.accounts.tests.factories import HostAdminFactory, OrgAdminFactory, UserFactory
from practice_commons.communities.models import Community, Role
from practice_commons.communities.services import leads as lead_services
from practice_commons.communities.tests.factories import add_member

from .fuzzing import CHECKS, aim_at_real_objects, fuzz_settings, schema

# For each other role: enough to reach every operation's refusals and a few bodies.
MAX_EXAMPLES_PER_ROLE = 3
OTHER_ROLES = ("visitor", "facilitator", "org_admin", "safeguarding_lead", "host_admin")


def _person_in_role(role: str, api_world):
    """Someone in ``role`` around the api_world's community (None for the visitor)."""
    community = Community.objects.get(slug=api_world.path_values["slug"])
    if role == "visitor":
        return None
    if role == "facilitator":
        return add_member(community, UserFactory(), role=Role.FACILITATOR)
    if role == "org_admin":
        return OrgAdminFactory()
    if role == "safeguarding_lead":
        lead = add_member(community, UserFactory())
        lead_services.safeguarding_lead_assign(
            actor=api_world.member, community=community, user=lead
        )
        return lead
    return HostAdminFactory()


@pytest.fixture(params=OTHER_ROLES)
def role_headers(request, api_world, api_client_for) -> dict:
    person = _person_in_role(request.param, api_world)
    if person is None:
        return {}
    return {"Authorization": f"Bearer {api_client_for(person).token}"}


# About twelve minutes of a CI worker on each database: CI runs it once, against PostgreSQL.
@pytest.mark.pg_pass_in_ci
@schema.parametrize()
@fuzz_settings(MAX_EXAMPLES_PER_ROLE)
def test_every_operation_conforms_as_every_other_role(case, api_world, role_headers):
    aim_at_real_objects(case, api_world.path_values)
    response = case.call(headers=role_headers)
    case.validate_response(response, checks=CHECKS)
