from django.db import migrations, models


def mark_system_entries(apps, schema_editor):
    """Entries written before this migration with no actor: most were made by the platform
    itself (an actor erased before now cannot be told apart), so they read "system"."""
    AuditEvent = apps.get_model("accounts", "AuditEvent")
    AuditEvent.objects.filter(actor__isnull=True).update(system=True)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0009_organisation_embed_origins"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="auditevent",
            options={"base_manager_name": "objects", "ordering": ["-created_at"]},
        ),
        migrations.AddField(
            model_name="auditevent",
            name="system",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.RunPython(mark_system_entries, migrations.RunPython.noop),
    ]
