"""The communities part of a subject-access export (``core.personal_data``): the
person's memberships (role, status, which version of the group rules they accepted),
the communities and rules they created, and invitations they accepted or sent (the
invited person's address stays out: it is theirs, not the sender's)."""

from practice_commons.core.personal_data import register_exporter, rows

from .models import Community, CommunityMembership, CommunityRules, Invitation


def export(user) -> dict:
    return {
        "memberships": rows(
            CommunityMembership.objects.filter(user=user)
            .select_related("community")
            .order_by("created_at", "pk"),
            "community__name",
            "community__slug",
            "role",
            "status",
            "coordinator_title",
            "accepted_rules_version",
            "muted_until",
            "joined_at",
            "last_visited_at",
            "created_at",
        ),
        "communities_created": rows(
            Community.objects.filter(created_by=user).order_by("created_at"),
            "name",
            "slug",
            "purpose",
            "created_at",
        ),
        "rules_written": rows(
            CommunityRules.objects.filter(created_by=user)
            .select_related("community")
            .order_by("created_at"),
            "community__name",
            "version",
            "rules",
            "created_at",
        ),
        "invitations_accepted": rows(
            Invitation.objects.filter(accepted_by=user).select_related("community"),
            "community__name",
            "created_at",
            "accepted_at",
        ),
        "invitations_sent": rows(
            Invitation.objects.filter(invited_by=user).select_related("community"),
            "community__name",
            "message",
            "created_at",
            "accepted_at",
            "withdrawn_at",
        ),
    }


register_exporter(
    "communities",
    export,
    covers=[
        "communities.CommunityMembership",
        "communities.Community",
        "communities.CommunityRules",
        "communities.Invitation",
    ],
)
