"""Default support services, shown with every result until the host edits them in the
Django admin. Only details we are sure of; the employer's assistance programme is a
placeholder each host should fill in."""

from django.db import migrations

DEFAULTS = [
    {
        "name": "Emergency services",
        "description": "If you or someone else is in immediate danger, call 999.",
        "phone": "999",
        "urgent": True,
        "sort_order": 1,
    },
    {
        "name": "Samaritans",
        "description": "Someone to talk to about anything, in confidence.",
        "phone": "116 123",
        "url": "https://www.samaritans.org",
        "hours": "Free, any time, day or night",
        "urgent": True,
        "sort_order": 2,
    },
    {
        "name": "Shout",
        "description": "Text SHOUT to 85258 for free, confidential support by text message.",
        "url": "https://giveusashout.org",
        "hours": "Any time, day or night",
        "urgent": True,
        "sort_order": 3,
    },
    {
        "name": "Your employer's employee assistance programme",
        "description": (
            "Most employers offer free, confidential counselling and advice. Your HR team or "
            "intranet has the details."
        ),
        "sort_order": 10,
    },
    {
        "name": "British Association of Social Workers (BASW)",
        "description": "Advice and support for social workers who are members.",
        "url": "https://www.basw.co.uk",
        "sort_order": 20,
    },
    {
        "name": "Social Workers Union (SWU)",
        "description": "Trade union advice and representation for social workers.",
        "url": "https://swu-union.org.uk",
        "sort_order": 21,
    },
]


def add_defaults(apps, schema_editor):
    SupportService = apps.get_model("wellbeing", "SupportService")
    for row in DEFAULTS:
        SupportService.objects.get_or_create(name=row["name"], defaults=row)


class Migration(migrations.Migration):
    dependencies = [("wellbeing", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
