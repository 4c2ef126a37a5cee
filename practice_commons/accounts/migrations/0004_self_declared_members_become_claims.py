"""People who had declared themselves members on their profile become pending claims
for a host admin to review. Nothing is granted: membership now comes from the register.
"""

from django.db import migrations


def declared_members_to_claims(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    Claim = apps.get_model("accounts", "HostMembershipClaim")
    declared = User.objects.filter(host_membership="member").values_list("pk", flat=True)
    already = set(Claim.objects.filter(status="pending").values_list("user_id", flat=True))
    Claim.objects.bulk_create(
        [
            Claim(user_id=pk, number="", status="pending", declared_on_profile=True)
            for pk in declared.iterator(chunk_size=2000)
            if pk not in already
        ],
        batch_size=2000,
    )


def claims_to_declared_members(apps, schema_editor):
    """Going back: whoever claimed or holds a register row declares membership again."""
    User = apps.get_model("accounts", "User")
    Claim = apps.get_model("accounts", "HostMembershipClaim")
    Record = apps.get_model("accounts", "HostMembershipRecord")
    ids = set(Claim.objects.filter(declared_on_profile=True).values_list("user_id", flat=True))
    ids |= set(Record.objects.filter(ended_at__isnull=True).values_list("user_id", flat=True))
    ids.discard(None)
    User.objects.filter(pk__in=ids).update(host_membership="member")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_host_membership_register")]
    operations = [migrations.RunPython(declared_members_to_claims, claims_to_declared_members)]
