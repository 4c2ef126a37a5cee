"""Event invitations keep their link's token only as a SHA-256 digest, and record the
delivery of their email (sent by a retrying background task).

Links signed by the old scheme stop working. Every existing row gets the digest of a
fresh random token that nobody keeps (so the unique constraint holds); an organiser
resends a waiting invitation to give it a new link. An invitation that was still
waiting to be sent is due now, so the next sweep sends it with a new link. The next
migration makes the digest unique (in its own transaction: PostgreSQL will not alter a
table with pending updates).
"""

import hashlib
import secrets

from django.db import migrations, models
from django.utils import timezone


def fresh_digests(apps, schema_editor):
    EventInvitation = apps.get_model("events", "EventInvitation")
    now = timezone.now()
    for invitation in EventInvitation.objects.only(
        "pk", "sent_at", "accepted_at", "withdrawn_at", "expires_at"
    ).iterator():
        invitation.token_digest = hashlib.sha256(secrets.token_urlsafe(32).encode()).hexdigest()
        waiting = (
            invitation.sent_at is None
            and invitation.accepted_at is None
            and invitation.withdrawn_at is None
            and invitation.expires_at > now
        )
        invitation.send_due_at = now if waiting else None
        invitation.save(update_fields=["token_digest", "send_due_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="eventinvitation",
            name="send_attempts",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="eventinvitation",
            name="send_due_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="eventinvitation",
            name="send_lease_until",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="eventinvitation",
            name="token_digest",
            field=models.CharField(editable=False, max_length=64, null=True),
        ),
        migrations.RunPython(fresh_digests, migrations.RunPython.noop),
    ]
