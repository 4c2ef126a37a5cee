"""Signals ``accounts`` sends so higher apps can react without ``accounts`` importing them.

Each is sent after the transaction that changed the host's membership register commits
(never inside it), with ids only:

``host_membership_granted``       record_id, user_id, actor_id (None for an import
                                  matched by a verified address, or the daily expiry)
``host_membership_ended``         record_id, user_id, actor_id: a host admin ended it
``host_membership_expired``       record_id, user_id: past its last day, ended by
                                  ``host_memberships_expire``
``host_membership_claim_declined`` claim_id, user_id, actor_id

``personal_data_export_ready``    export_id, user_id: a person's data archive is built
                                  and may be downloaded (until it expires)

``sender`` is the model class (``HostMembershipRecord``, ``HostMembershipClaim`` or
``PersonalDataExport``).
Receivers must be idempotent (a task may be retried) and should re-read what they need:
a person may still be a member through another register row.
"""

from django.dispatch import Signal

host_membership_granted = Signal()
host_membership_ended = Signal()
host_membership_expired = Signal()
host_membership_claim_declined = Signal()
personal_data_export_ready = Signal()
