"""Facts about the signed-in person (``core.facts``): whether they are a safeguarding
lead, and whether open reports are routed to them, for the home page's block."""

from django.db.models import Exists

from practice_commons.core.facts import register_fact

from .models import Report, SafeguardingLead


def safeguarding_lead(user_id: int):
    return Exists(SafeguardingLead.objects.filter(user_id=user_id))


def reports_routed(user_id: int):
    return Exists(Report.objects.filter(routed_to=user_id, status__in=Report.OPEN_STATUSES))


register_fact("safeguarding_lead", safeguarding_lead)
register_fact("reports_routed", reports_routed)
