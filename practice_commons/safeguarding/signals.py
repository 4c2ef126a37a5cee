"""Signals higher apps may connect to, sent only after the transaction commits.

Handlers receive ids, never text. For example, ``search`` drops a held row from its
index on ``content_hidden`` and re-indexes it on ``content_restored``; ``notifications``
(or an app above it) may turn ``report_closed`` into an in-app notification.
"""

from django.dispatch import Signal

# sender: the content's model class; kwargs: object_id
content_hidden = Signal()
# sender: the content's model class; kwargs: object_id
content_restored = Signal()
# sender: Report; kwargs: report_id (the report's outcome is decided)
report_closed = Signal()
