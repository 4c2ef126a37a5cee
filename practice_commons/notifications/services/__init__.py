"""Every write notifications make, one module per use case.

* ``recording``: ``notify``/``notify_many``, read state, muting threads.
* ``preferences``: channels per kind and community, quiet hours, unsubscribe.
* ``delivery``: emailing one notification (quiet hours, the claim, retries), the sweep.
* ``address_emails``: emailing an invitation to an address (the same claim, retries and
  sweep), built by the app that registered it.
* ``push``: a person's devices (Web Push subscriptions) and pushing notifications to them.
* ``digests``: planning and sending daily and weekly digests.
* ``newsletters``: drafting, sending and delivering newsletters.
* ``common``: clipping text and checking links, shared by the above.

This package re-exports the public names, so callers write ``from
practice_commons.notifications import services`` and ``services.notify(...)`` and never
depend on the layout.
"""

from .address_emails import (
    address_email_send,
    address_emails_queue,
    address_emails_send,
    due_address_emails_enqueue,
    register_address_email,
)
from .common import BODY_MAX, CHUNK, TITLE_MAX
from .delivery import (
    EMAIL_LEASE,
    MAX_EMAIL_ATTEMPTS,
    backoff,
    due_emails_enqueue,
    notification_email_send,
    notification_emails_send,
)
from .digests import digest_send_batch, digests_plan, digests_send_now
from .newsletters import newsletter_create, newsletter_deliver, newsletter_send, newsletter_update
from .preferences import notification_settings_update, preferences_update, unsubscribe
from .push import (
    MAX_PUSH_ATTEMPTS,
    due_pushes_enqueue,
    notification_push_send,
    notification_pushes_send,
    push_enabled,
    push_settings_update,
    push_subscribe,
    push_unsubscribe,
    push_unsubscribe_session,
    vapid_public_key,
)
from .recording import (
    notification_mark_read,
    notifications_mark_all_read,
    notify,
    notify_many,
    thread_mute,
    thread_unmute,
)
from .retention import notifications_purge

__all__ = [
    "MAX_PUSH_ATTEMPTS",
    "due_pushes_enqueue",
    "notification_push_send",
    "notification_pushes_send",
    "push_enabled",
    "push_settings_update",
    "push_subscribe",
    "push_unsubscribe",
    "push_unsubscribe_session",
    "vapid_public_key",
    "notifications_purge",
    "BODY_MAX",
    "CHUNK",
    "EMAIL_LEASE",
    "MAX_EMAIL_ATTEMPTS",
    "TITLE_MAX",
    "address_email_send",
    "address_emails_queue",
    "address_emails_send",
    "backoff",
    "digest_send_batch",
    "digests_plan",
    "digests_send_now",
    "due_address_emails_enqueue",
    "due_emails_enqueue",
    "newsletter_create",
    "newsletter_deliver",
    "newsletter_send",
    "newsletter_update",
    "notification_email_send",
    "notification_emails_send",
    "notification_mark_read",
    "notification_settings_update",
    "notifications_mark_all_read",
    "notify",
    "notify_many",
    "preferences_update",
    "register_address_email",
    "thread_mute",
    "thread_unmute",
    "unsubscribe",
]
