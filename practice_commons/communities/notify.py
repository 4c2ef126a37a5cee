"""The one place this app tells people things: in-app notifications and invitation email.

Notifications go through ``practice_commons.notifications.services`` (the app below us).
Every call happens after the transaction commits, so a rolled-back write never notifies
anyone, and recipients are passed explicitly so a private community is only
ever named to its own facilitators, its members or the invitee.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from practice_commons.accounts.models import User
from practice_commons.notifications import services as notification_services
from practice_commons.notifications.kinds import NotificationKind


def _notification_services():
    """The notifications services module (a function so tests can record calls)."""
    return notification_services


def notify_on_commit(
    *,
    recipients,
    kind: str,
    title,
    url: str,
    body="",
    actor=None,
    community_id=None,
    dedupe_key: str = "",
) -> None:
    """Queue one notification per recipient, sent once the current transaction commits.
    ``title`` and ``body`` may be lazy (``core.lazy_text.lazy_format``): each person's
    copy is stored in their own language."""
    recipient_ids = sorted({getattr(r, "pk", r) for r in recipients if r is not None})
    if not recipient_ids:
        return

    def send():
        services = _notification_services()
        people = list(User.objects.filter(pk__in=recipient_ids, is_active=True))
        kwargs = {
            "kind": NotificationKind(kind),
            "title": title,
            "url": url,
            "body": body,
            "actor": actor,
            "community_id": community_id,
        }
        if dedupe_key:
            kwargs["dedupe_key"] = dedupe_key
        services.notify_many(recipients=people, **kwargs)

    transaction.on_commit(send)


def send_invitation_email_on_commit(invitation) -> None:
    """Queue the invitation's email (``notifications`` sends it after commit, with
    retries, by calling ``invitation_email``)."""
    notification_services.address_emails_queue([invitation])


def invitation_email(invitation) -> EmailMessage:
    """The invitation email, built by the sending task: it issues the link's token here,
    so the raw token exists only in this email (which replaces any earlier link)."""
    token = invitation.issue_token()
    invitation.save(update_fields=["token_digest"])
    path = reverse("communities:invitation", kwargs={"token": token})
    context = {
        "invitation": invitation,
        "community": invitation.community,
        "inviter": invitation.invited_by,
        "link": settings.SITE_URL.rstrip("/") + path,
        "site_name": settings.SITE_NAME,
    }
    subject = render_to_string("communities/email/invitation_subject.txt", context)
    body = render_to_string("communities/email/invitation.txt", context)
    return EmailMessage(" ".join(subject.split()), body, None, [invitation.email])
