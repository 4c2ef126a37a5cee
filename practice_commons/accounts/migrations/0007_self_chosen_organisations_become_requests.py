"""Before verified affiliation, choosing an organisation on one's profile made the person
a member of it at once. Those memberships (role "member") were never verified: each
person's becomes a pending request for the organisation's admins (or the host's admins,
where it has none), and their main organisation is cleared until one is verified. Roles
an admin appointed (champion, admin) are kept, as approved by an admin.
"""

from django.db import migrations
from django.utils import timezone


def self_chosen_to_requests(apps, schema_editor):
    Membership = apps.get_model("accounts", "OrganisationMembership")
    Request = apps.get_model("accounts", "AffiliationRequest")
    User = apps.get_model("accounts", "User")
    Membership.objects.exclude(role="member").update(verified_via="admin_approval")
    with_admin = set(
        Membership.objects.filter(role="admin").values_list("organisation_id", flat=True)
    )
    main = dict(User.objects.exclude(organisation=None).values_list("pk", "organisation_id"))
    already = set(Request.objects.filter(status="pending").values_list("user_id", flat=True))
    chosen: dict[int, tuple[int, object]] = {}
    rows = Membership.objects.filter(role="member").order_by("created_at", "pk")
    for user_id, org_id, created_at in rows.values_list("user_id", "organisation_id", "created_at"):
        if user_id in already:
            continue
        if user_id not in chosen or main.get(user_id) == org_id:
            chosen[user_id] = (org_id, created_at)
    Request.objects.bulk_create(
        [
            Request(
                user_id=user_id,
                organisation_id=org_id,
                route="org_admins" if org_id in with_admin else "host_admins",
                status="pending",
                created_at=created_at or timezone.now(),
            )
            for user_id, (org_id, created_at) in chosen.items()
        ],
        batch_size=2000,
    )
    verified = set(
        Membership.objects.exclude(role="member").values_list("user_id", "organisation_id")
    )
    unverified_main = [pk for pk, org_id in main.items() if (pk, org_id) not in verified]
    for start in range(0, len(unverified_main), 2000):
        User.objects.filter(pk__in=unverified_main[start : start + 2000]).update(organisation=None)
    Membership.objects.filter(role="member").delete()


def requests_to_memberships(apps, schema_editor):
    """Going back: every pending request is a membership again, as it was."""
    Membership = apps.get_model("accounts", "OrganisationMembership")
    Request = apps.get_model("accounts", "AffiliationRequest")
    User = apps.get_model("accounts", "User")
    for request in Request.objects.filter(status="pending").iterator(chunk_size=2000):
        Membership.objects.get_or_create(
            organisation_id=request.organisation_id,
            user_id=request.user_id,
            defaults={"role": "member", "created_at": request.created_at},
        )
        User.objects.filter(pk=request.user_id, organisation=None).update(
            organisation_id=request.organisation_id
        )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0006_verified_affiliation")]
    operations = [migrations.RunPython(self_chosen_to_requests, requests_to_memberships)]
