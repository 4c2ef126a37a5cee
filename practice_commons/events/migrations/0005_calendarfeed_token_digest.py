import hashlib

from django.db import migrations, models


def digest_existing_tokens(apps, schema_editor):
    """Existing addresses keep working: their tokens become digests of themselves."""
    CalendarFeed = apps.get_model("events", "CalendarFeed")
    for feed in CalendarFeed.objects.all().only("pk", "token"):
        CalendarFeed.objects.filter(pk=feed.pk).update(
            token_digest=hashlib.sha256(feed.token.encode()).hexdigest()
        )


class Migration(migrations.Migration):
    dependencies = [("events", "0004_alter_event_audience")]

    operations = [
        migrations.AddField(
            model_name="calendarfeed",
            name="token_digest",
            field=models.CharField(max_length=64, null=True),
        ),
        migrations.RunPython(digest_existing_tokens, migrations.RunPython.noop),
        migrations.RemoveField(model_name="calendarfeed", name="token"),
        migrations.AlterField(
            model_name="calendarfeed",
            name="token_digest",
            field=models.CharField(max_length=64, unique=True),
        ),
    ]
