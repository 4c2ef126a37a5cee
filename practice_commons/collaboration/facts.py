"""Facts about the signed-in person (``core.facts``): whether they are party to any
agreement (a party's contact, or an admin or champion of a party organisation)."""

from django.db.models import Exists

from practice_commons.core.facts import register_fact

from . import policies
from .models import AgreementParty


def agreement_party(user_id: int):
    return Exists(AgreementParty.objects.filter(policies.spoken_for_q(user_id)))


register_fact("agreement_party", agreement_party)
