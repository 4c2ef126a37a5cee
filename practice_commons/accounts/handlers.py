"""Reactions to signing in (Django's ``user_logged_in``, sent for every sign-in,
including allauth's sign-in straight after an address is confirmed).

An invitation link opened before signing in is remembered in the session by id
(``SESSION_KEY``, set by ``views.onboarding.onboarding_join``); once the person is signed
in, it is accepted if the invited address is verified on their account. Opening the link
is their consent: an invitation is never accepted for someone who did not follow it.
"""

from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils.translation import gettext as _

from . import mfa_policy, services

SESSION_KEY = "onboarding_invitation_ids"


@receiver(user_logged_in, dispatch_uid="accounts.accept_remembered_invitations")
def accept_remembered_invitations(sender, request, user, **kwargs):
    session = getattr(request, "session", None)
    ids = session.pop(SESSION_KEY, None) if session is not None else None
    if not ids:
        return
    ids = [i for i in ids if isinstance(i, int)]
    for organisation in services.onboarding_invitations_accept_by_ids(
        actor=user, invitation_ids=ids
    ):
        messages.success(
            request,
            _("You are now a verified member of %(organisation)s.")
            % {"organisation": organisation.name},
            fail_silently=True,  # a sign-in without the messages middleware (tests, scripts)
        )


@receiver(user_logged_in, dispatch_uid="accounts.remember_mfa_rule")
def remember_mfa_rule(sender, request, user, **kwargs):
    """Ask the organisations' two-factor rule at sign-in, so pages need not."""
    mfa_policy.forget_organisation_rule(user)
    mfa_policy.organisation_rule_applies(user)
