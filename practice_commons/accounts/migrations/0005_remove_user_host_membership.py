from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_self_declared_members_become_claims")]
    operations = [migrations.RemoveField(model_name="user", name="host_membership")]
