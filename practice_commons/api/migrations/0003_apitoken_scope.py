from django.db import migrations, models


def existing_tokens_keep_what_they_could_do(apps, schema_editor):
    """Tokens made before scopes could read, write and administer; they keep that until
    they expire (at most a year), so no script breaks without warning."""
    apps.get_model("api", "ApiToken").objects.update(scope="admin")


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0002_webhooks"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="scope",
            field=models.CharField(
                choices=[
                    ("read", "Read"),
                    ("write", "Read and write"),
                    ("admin", "Read, write and administration"),
                ],
                default="read",
                max_length=5,
            ),
        ),
        migrations.RunPython(existing_tokens_keep_what_they_could_do, migrations.RunPython.noop),
    ]
