"""Agreements and an erased account: a named contact of an agreement that has not ended
cannot delete their account yet; once it has ended, the agreement and every acceptance
keep their record, naming "A former member"."""

import pytest

from practice_commons.accounts import services as account_services
from practice_commons.collaboration import services
from practice_commons.collaboration.models import Acceptance, AgreementParty
from practice_commons.core.errors import Conflict

from .conftest import agreed

pytestmark = pytest.mark.django_db


def _erase(person):
    account_services.account_erase(actor=person, person=person, confirm_email=person.email)


def test_a_contact_of_a_live_agreement_is_told_to_wait(world):
    agreement = agreed(world)
    contact = world["police_contact"]
    [reason] = account_services.account_erasure_blockers(contact)
    assert "Northshire Police" in reason and agreement.title in reason
    with pytest.raises(Conflict, match="has not ended"):
        _erase(contact)
    assert AgreementParty.objects.filter(contact=contact).exists()


def test_an_ended_agreement_keeps_its_record_naming_a_former_member(world):
    agreement = agreed(world)
    services.agreement_end(actor=world["council_admin"], agreement=agreement)
    contact = world["police_contact"]
    assert account_services.account_erasure_blockers(contact) == []

    _erase(contact)

    stand_in = account_services.former_member()
    party = AgreementParty.objects.get(agreement=agreement, organisation=world["police"])
    assert party.contact == stand_in
    acceptance = Acceptance.objects.get(party=party)
    assert acceptance.person == stand_in and acceptance.person.display_name == "A former member"
    assert not stand_in.is_active and not stand_in.has_usable_password()
