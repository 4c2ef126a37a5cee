"""Newsletters: writing a draft, changing it, sending it once, delivering it to everyone.

What must stay true:

* Only people the audience lets send may write, change or send a newsletter, and the
  subject and body pass through the confidentiality guard before they are stored.
* A newsletter is sent once: the status changes from draft in one conditional UPDATE,
  so a double click or two admins sending at once deliver it once.
* Delivery is idempotent: each person's copy carries the same dedupe key, so a retried
  task adds nobody twice.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from practice_commons.accounts.services import audit_record
from practice_commons.confidentiality.guard import guard_texts
from practice_commons.core.errors import Conflict, PermissionDenied
from practice_commons.core.text import clean_name_field, too_long_message

from .. import jobs
from ..kinds import NotificationKind
from ..models import Newsletter, Notification
from ..newsletters import audience
from .common import clip, safe_url
from .recording import create_notifications

SUBJECT_MAX_LENGTH = 200
BODY_MAX_LENGTH = 20_000


def _newsletter_items(items: Iterable) -> list[dict]:
    cleaned = []
    for item in items or []:
        data = (
            item
            if isinstance(item, dict)
            else {"title": item.title, "url": item.url, "summary": item.summary}
        )
        url = safe_url(str(data.get("url", "")))
        title = clip(str(data.get("title", "")), 200)
        if title and url:
            cleaned.append(
                {
                    "title": title,
                    "url": url,
                    "summary": clip(str(data.get("summary", "")), 300),
                    "section": clip(str(data.get("section", "")), 100),
                }
            )
    return cleaned[:30]


def _check_newsletter_text(
    subject: str, body: str, confidentiality_acknowledged: bool
) -> tuple[str, str]:
    """The subject is a name (``core.text``: shown in inboxes and lists); both are
    refused, never cut short, when they are too long."""
    body = (body or "").strip()
    errors = {}
    try:
        subject = clean_name_field(
            subject,
            field="subject",
            label=_("Subject"),
            max_length=SUBJECT_MAX_LENGTH,
            required_message=_("Enter a subject."),
        )
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if not body:
        errors["body"] = _("Enter the newsletter's message.")
    elif len(body) > BODY_MAX_LENGTH:
        errors["body"] = too_long_message(_("Message"), BODY_MAX_LENGTH, len(body))
    if errors:
        raise ValidationError(errors)
    guard_texts(texts={"subject": subject, "body": body}, acknowledged=confidentiality_acknowledged)
    return subject, body


def _require_sender(actor, scope_kind: str, scope_id: int) -> None:
    if not audience(scope_kind).can_send(actor, scope_id):
        raise PermissionDenied(_("You cannot send newsletters to this audience."))


@transaction.atomic
def newsletter_create(
    *,
    actor,
    scope_kind: str,
    scope_id: int,
    subject: str,
    body: str,
    items: Iterable = (),
    confidentiality_acknowledged: bool = False,
) -> Newsletter:
    """A draft newsletter. Only people the audience lets send may write one; the text
    goes through the confidentiality guard before it is stored. An unknown
    ``scope_kind`` raises ``NotFound`` (it comes from a URL)."""
    _require_sender(actor, scope_kind, scope_id)
    subject, body = _check_newsletter_text(subject, body, confidentiality_acknowledged)
    newsletter = Newsletter.objects.create(
        scope_kind=scope_kind,
        scope_id=scope_id,
        author=actor,
        subject=subject,
        body=body,
        items=_newsletter_items(items),
    )
    audit_record(
        actor=actor,
        action="newsletter.create",
        target=newsletter,
        data={"scope_kind": scope_kind, "scope_id": scope_id},
    )
    return newsletter


@transaction.atomic
def newsletter_update(
    *,
    actor,
    newsletter: Newsletter,
    subject: str,
    body: str,
    items: Iterable = (),
    confidentiality_acknowledged: bool = False,
) -> Newsletter:
    _require_sender(actor, newsletter.scope_kind, newsletter.scope_id)
    if newsletter.is_sent:
        raise Conflict(_("This newsletter has been sent and can no longer be changed."))
    newsletter.subject, newsletter.body = _check_newsletter_text(
        subject, body, confidentiality_acknowledged
    )
    newsletter.items = _newsletter_items(items)
    newsletter.save(update_fields=["subject", "body", "items", "updated_at"])
    return newsletter


@transaction.atomic
def newsletter_send(*, actor, newsletter: Newsletter) -> Newsletter:
    """Mark the draft sent (once: the status changes from draft in one UPDATE, so a
    double click or two admins sending at once deliver it once) and queue delivery."""
    _require_sender(actor, newsletter.scope_kind, newsletter.scope_id)
    now = timezone.now()
    changed = Newsletter.objects.filter(pk=newsletter.pk, status=Newsletter.Status.DRAFT).update(
        status=Newsletter.Status.SENT, sent_at=now, sent_by=actor
    )
    if not changed:
        raise Conflict(_("This newsletter has already been sent."))
    newsletter.refresh_from_db()
    audit_record(
        actor=actor,
        action="newsletter.send",
        target=newsletter,
        data={"scope_kind": newsletter.scope_kind, "scope_id": newsletter.scope_id},
    )
    newsletter_id = newsletter.pk
    transaction.on_commit(lambda: jobs.enqueue_newsletter_delivery(newsletter_id=newsletter_id))
    return newsletter


def newsletter_deliver(*, newsletter_id: int) -> int:
    """Record the newsletter for everyone in its audience (emailed according to their
    newsletter preference). Idempotent: each person's copy has the same dedupe key."""
    newsletter = Newsletter.objects.filter(pk=newsletter_id, status=Newsletter.Status.SENT).first()
    if newsletter is None:
        return 0
    recipients = list(audience(newsletter.scope_kind).resolve(newsletter.scope_id))
    with transaction.atomic():
        created = create_notifications(
            recipients=recipients,
            kind=NotificationKind.NEWSLETTER,
            title=newsletter.subject,
            url=newsletter.get_absolute_url(),
            body="",
            actor=newsletter.sent_by,
            community_id=newsletter.scope_id if newsletter.scope_kind == "community" else None,
            thread_key="",
            urgent=False,
            dedupe_key=f"newsletter:{newsletter.pk}",
            newsletter_id=newsletter.pk,
        )
        total = Notification.objects.filter(newsletter_id=newsletter.pk).count()
        Newsletter.objects.filter(pk=newsletter.pk).update(recipient_count=total)
    return len(created)
