"""How this app tells people things: notifications sent after the transaction commits,
so a rolled-back write never notifies anyone. Below ``services``, ``jobs`` and the
waiting list, which all use it. Titles and bodies are lazy (``core.lazy_text``), so each
person's copy is stored in their own language."""

from django.db import transaction

from practice_commons.notifications import services as notification_services


def notify_on_commit(
    *,
    recipient_ids,
    kind: str,
    title,
    url: str,
    body="",
    actor=None,
    community_id=None,
    dedupe_key: str = "",
    urgent: bool = False,
) -> None:
    ids = sorted(set(recipient_ids))
    if not ids:
        return

    def send():
        notification_services.notify_many(
            recipients=ids,
            kind=kind,
            title=title,
            url=url,
            body=body,
            actor=actor,
            community_id=community_id,
            dedupe_key=dedupe_key,
            urgent=urgent,
        )

    transaction.on_commit(send)
