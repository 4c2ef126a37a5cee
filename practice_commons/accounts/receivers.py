"""Thin receivers of allauth's signals that keep the host's register matched to people.

A register row issued to an address is matched to its owner once they verify it: when
they confirm it (``email_confirmed``), or when they sign up with an address a single
sign-on provider has already verified (``user_signed_up``).
"""

from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed, user_signed_up
from django.dispatch import receiver

from . import services


@receiver(email_confirmed, dispatch_uid="accounts.register_match_confirmed_email")
def on_email_confirmed(sender, *, email_address, **kwargs) -> None:
    services.host_membership_match_verified_email(
        user=email_address.user, email=email_address.email
    )


@receiver(user_signed_up, dispatch_uid="accounts.register_match_signed_up")
def on_user_signed_up(sender, *, user, **kwargs) -> None:
    for email in EmailAddress.objects.filter(user=user, verified=True).values_list(
        "email", flat=True
    ):
        services.host_membership_match_verified_email(user=user, email=email)
