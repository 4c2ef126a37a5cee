"""What an erased account leaves in collaboration (``core.erasure``).

An agreement is a record between organisations. While one the person is a named contact
of has not ended, the account cannot be erased (contacts cannot be changed, and the
other parties rely on them); the person is told which agreements and what to do. Ended
agreements and every acceptance keep their record, naming "A former member" instead of
the person. Their directory listing, expressions of interest, opportunities,
work-shadowing listings and responses go with the account (their foreign keys cascade).
"""

from django.utils.translation import gettext as _

from practice_commons.accounts.services import former_member
from practice_commons.core.erasure import register_eraser

from .models import Acceptance, AgreementParty, AgreementState


def blockers(user) -> list[str]:
    live = (
        AgreementParty.objects.filter(contact=user)
        .exclude(agreement__state=AgreementState.ENDED)
        .select_related("agreement", "organisation")
    )
    return [
        _(
            "You are %(organisation)s's named contact in the agreement “%(title)s”, which has "
            "not ended. Ask the parties to end it first."
        )
        % {"organisation": party.organisation.name, "title": party.agreement.title}
        for party in live
    ]


def erase(user) -> None:
    stand_in = former_member()
    AgreementParty.objects.filter(contact=user).update(contact=stand_in)
    Acceptance.objects.filter(person=user).update(person=stand_in)


register_eraser("collaboration", erase, blockers=blockers)
