"""The API part of a subject-access export (``core.personal_data``): the person's access
tokens as name, prefix and dates, never the digest (nor, since it is never stored, the
token). Webhooks belong to organisations, not people: nothing of theirs here."""

from practice_commons.core.personal_data import register_exporter, rows

from .models import ApiToken


def export(user) -> dict:
    return {
        "tokens": rows(
            ApiToken.objects.filter(user=user).order_by("created_at", "pk"),
            "name",
            "prefix",
            "created_at",
            "last_used_at",
            "expires_at",
            "revoked_at",
        )
    }


register_exporter("api", export, covers=["api.ApiToken"])
