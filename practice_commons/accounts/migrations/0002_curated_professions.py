from django.db import migrations

from practice_commons.accounts.professions import PROFESSIONS


def add_professions(apps, schema_editor):
    Profession = apps.get_model("accounts", "Profession")
    for order, (name, slug, is_social_work) in enumerate(PROFESSIONS):
        Profession.objects.update_or_create(
            slug=slug,
            defaults={"name": name, "is_social_work": is_social_work, "sort_order": order * 10},
        )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(add_professions, migrations.RunPython.noop)]
