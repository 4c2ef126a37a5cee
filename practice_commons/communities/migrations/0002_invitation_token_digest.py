"""Invitations keep their link's token only as a SHA-256 digest, and record the delivery
of their email (sent by a retrying background task).

Links signed by the old scheme stop working. Every existing row gets the digest of a
fresh random token that nobody keeps (so the unique constraint holds); a facilitator
resends a waiting invitation to give it a new link. Existing invitations were emailed
when they were made, so they count as sent then. The next migration makes the digest
unique (in its own transaction: PostgreSQL will not alter a table with pending updates).
"""

import hashlib
import secrets

from django.db import migrations, models


def fresh_digests(apps, schema_editor):
    Invitation = apps.get_model("communities", "Invitation")
    for invitation in Invitation.objects.only("pk", "created_at").iterator():
        invitation.token_digest = hashlib.sha256(secrets.token_urlsafe(32).encode()).hexdigest()
        invitation.sent_at = invitation.created_at
        invitation.save(update_fields=["token_digest", "sent_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("communities", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="invitation",
            name="send_attempts",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="invitation",
            name="send_due_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="invitation",
            name="send_lease_until",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="invitation",
            name="sent_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="invitation",
            name="token_digest",
            field=models.CharField(editable=False, max_length=64, null=True),
        ),
        migrations.RunPython(fresh_digests, migrations.RunPython.noop),
    ]
