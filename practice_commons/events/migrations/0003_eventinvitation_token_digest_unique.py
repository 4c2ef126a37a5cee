from django.db import migrations, models

import practice_commons.accounts.invitations


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0002_eventinvitation_token_digest"),
    ]

    operations = [
        migrations.AlterField(
            model_name="eventinvitation",
            name="token_digest",
            field=models.CharField(
                default=practice_commons.accounts.invitations.unsent_token_digest,
                editable=False,
                max_length=64,
                unique=True,
            ),
        ),
    ]
