"""Telling people what the host's membership register did for them.

``accounts`` sits below us and never imports us: it sends its register signals
(``accounts.signals``) after commit, with ids only, and these thin receivers record one
notification each. The daily expiry of register rows runs from here as well: a task
that calls accounts' ``host_memberships_expire``, on the scheduler at 00:30 UK time.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy
from django_tasks import task

from practice_commons.accounts import selectors as account_selectors
from practice_commons.accounts import services as account_services
from practice_commons.accounts import signals as account_signals
from practice_commons.accounts.models import User

from . import services
from .kinds import NotificationKind
from .scheduler import register_job


@task()
def expire_host_memberships() -> int:
    return account_services.host_memberships_expire()


def _tell(user_id: int, *, key: str, title, body, actor_id=None) -> None:
    """``title`` and ``body`` are lazy: stored in the person's own language."""
    services.notify(
        recipient=user_id,
        kind=NotificationKind.HOST_MEMBERSHIP,
        title=title,
        body=body,
        url=reverse("accounts:profile"),
        actor=User(pk=actor_id) if actor_id else None,
        dedupe_key=f"host-membership:{key}",
    )


def on_granted(sender, *, record_id: int, user_id: int, actor_id=None, **kwargs) -> None:
    _tell(
        user_id,
        key=f"granted:{record_id}",
        title=gettext_lazy("Your host membership is confirmed"),
        body=gettext_lazy("Members-only communities, events and sessions are open to you."),
        actor_id=actor_id,
    )


def on_ended(sender, *, record_id: int, user_id: int, actor_id=None, **kwargs) -> None:
    if account_selectors.is_host_member(user_id):
        return  # another register row still makes them a member
    _tell(
        user_id,
        key=f"ended:{record_id}",
        title=gettext_lazy("Your host membership has ended"),
        body=gettext_lazy(
            "Members-only communities, events and sessions are no longer open to you. "
            "Contact the host if you think this is wrong."
        ),
        actor_id=actor_id,
    )


def on_expired(sender, *, record_id: int, user_id: int, **kwargs) -> None:
    if account_selectors.is_host_member(user_id):
        return
    _tell(
        user_id,
        key=f"expired:{record_id}",
        title=gettext_lazy("Your host membership has expired"),
        body=gettext_lazy(
            "Your membership reached its last day. Renew it with the host to keep "
            "members-only communities, events and sessions open to you."
        ),
    )


def on_claim_declined(sender, *, claim_id: int, user_id: int, actor_id=None, **kwargs) -> None:
    _tell(
        user_id,
        key=f"declined:{claim_id}",
        title=gettext_lazy("Your membership claim was not approved"),
        body=gettext_lazy(
            "A host admin could not confirm your membership number. Check it and claim "
            "again from your profile, or contact the host."
        ),
        actor_id=actor_id,
    )


def register() -> None:
    account_signals.host_membership_granted.connect(
        on_granted, dispatch_uid="notifications.host_membership_granted"
    )
    account_signals.host_membership_ended.connect(
        on_ended, dispatch_uid="notifications.host_membership_ended"
    )
    account_signals.host_membership_expired.connect(
        on_expired, dispatch_uid="notifications.host_membership_expired"
    )
    account_signals.host_membership_claim_declined.connect(
        on_claim_declined, dispatch_uid="notifications.host_membership_claim_declined"
    )
    register_job("host-membership-expiry", expire_host_memberships.enqueue, hour=0, minute=30)
