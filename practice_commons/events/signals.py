"""Signals ``events`` sends so higher apps can react without ``events`` importing them.

``attendance_recorded`` is sent after the transaction that recorded someone's
attendance commits (never inside it), once per person. Its payload is generic so any
activity that earns CPD can send the same signal (reflective sessions do):

    user_id: int           who attended
    source_kind: str       "event" here; another app uses its own ("reflective_session")
    source_id: int         the event's id (with source_kind, unique per person)
    title: str             already through the confidentiality guard
    date: datetime.date    the London date it took place
    hours: Decimal         CPD hours it is worth
    activity_type: str     the event kind ("joint_training", ...)
    community_id: int|None the host community, if any
    community_name: str
    peer_reflection: bool  whether it counts as peer reflection
    organisation_name: str the host, for the record

Receivers must be idempotent: the signal may be sent again for the same person and
source (attendance marked twice, a task retried).
"""

from django.dispatch import Signal

attendance_recorded = Signal()

# Someone registered for an event (a place or the waiting list; also a cancelled
# registration taken up again), sent after commit with ids only: registration_id,
# event_id, organisation_id (the event's host organisation, or None), status. The
# organisation webhooks (``api``) connect to it.
registration_created = Signal()
