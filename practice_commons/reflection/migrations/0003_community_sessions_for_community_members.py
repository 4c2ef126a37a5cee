"""Sessions scheduled before a facilitator could choose who may book were made
host-members-only, which refused community members who are not host members. A
community's own session is for its members by default: move them to that audience."""

from django.db import migrations


def forwards(apps, schema_editor):
    ReflectiveSession = apps.get_model("reflection", "ReflectiveSession")
    Event = apps.get_model("events", "Event")
    event_ids = ReflectiveSession.objects.values("event_id")
    Event.objects.filter(pk__in=event_ids, audience="members").update(audience="community")


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0004_alter_event_audience"),
        ("reflection", "0002_participant_left_marked_by_away"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
