"""Helpers every collaboration service shares."""

from django.db import transaction
from django.utils.translation import gettext as _

from practice_commons.core.errors import PermissionDenied
from practice_commons.core.people import is_signed_in, require_name
from practice_commons.notifications import services as notification_services


def require_person(actor) -> None:
    if not is_signed_in(actor):
        raise PermissionDenied(_("Sign in first."))
    require_name(actor, to="post")


def notify_after_commit(*, recipients, kind, title, url, actor=None, dedupe_key="") -> None:
    """Tell people after the transaction commits (never someone about their own act).
    ``title`` is lazy (``core.lazy_text.lazy_format``): each person's copy is stored in
    their own language."""
    people = [
        p
        for p in recipients
        if p is not None and getattr(p, "pk", None) != getattr(actor, "pk", None)
    ]
    if not people:
        return

    def send():
        notification_services.notify_many(
            recipients=people, kind=kind, title=title, url=url, actor=actor, dedupe_key=dedupe_key
        )

    transaction.on_commit(send)
