"""Facts about the signed-in person (``core.facts``): how many organisations they
administer, and whether their own organisation is one of them, so the navigation looks
the organisations up only for someone who administers one other than their own (their
own comes with them: the sign-in backend reads it in the same query)."""

from django.db.models import Exists, OuterRef

from practice_commons.core.facts import count_of, register_fact

from .models import OrganisationMembership

ADMIN = OrganisationMembership.Role.ADMIN


def managed_organisations(user_id: int):
    administered = OrganisationMembership.objects.filter(user_id=user_id, role=ADMIN)
    return count_of(administered, "user_id")


def manages_own_organisation(user_id: int):
    return Exists(
        OrganisationMembership.objects.filter(
            user_id=user_id, role=ADMIN, organisation_id=OuterRef("organisation_id")
        )
    )


register_fact("managed_organisations", managed_organisations)
register_fact("manages_own_organisation", manages_own_organisation)
