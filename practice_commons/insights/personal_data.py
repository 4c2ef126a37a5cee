"""The insights part of a subject-access export (``core.personal_data``): the
value-creation stories the person wrote. Network snapshots hold computed figures."""

from practice_commons.core.personal_data import register_exporter, rows

from .models import ValueStory


def export(user) -> dict:
    return {
        "stories_written": rows(
            ValueStory.objects.filter(author=user)
            .select_related("community")
            .order_by("created_at"),
            "id",
            "community__name",
            "title",
            "cycles",
            "what_happened",
            "what_it_gave",
            "how_used",
            "difference",
            "evidence",
            "consent_to_publish",
            "featured",
            "hidden_at",
            "created_at",
            "updated_at",
        ),
        "stories_featured_or_hidden_count": ValueStory.objects.filter(featured_by=user).count()
        + ValueStory.objects.filter(hidden_by=user).count(),
    }


register_exporter("insights", export, covers=["insights.ValueStory"])
