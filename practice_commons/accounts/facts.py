"""Facts about the signed-in person (``core.facts``): how many organisations they
administer, and whether their own organisation is one of them, so the navigation looks
the organisations up only for someone who administers one other than their own (their
own comes with them: the sign-in backend reads it in the same query)."""

from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from practice_commons.core.facts import register_fact

from .models import OrganisationMembership

ADMIN = OrganisationMembership.Role.ADMIN


def managed_organisations(user_id: int):
    count = (
        OrganisationMembership.objects.filter(user_id=user_id, role=ADMIN)
        .order_by()
        .values("user_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(count), Value(0), output_field=IntegerField())


def manages_own_organisation(user_id: int):
    return Exists(
        OrganisationMembership.objects.filter(
            user_id=user_id, role=ADMIN, organisation_id=OuterRef("organisation_id")
        )
    )


register_fact("managed_organisations", managed_organisations)
register_fact("manages_own_organisation", manages_own_organisation)
