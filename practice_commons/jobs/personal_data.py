"""The jobs part of a subject-access export (``core.personal_data``): the listings the
person posted. Applications happen on the employer's own site, so none are held here."""

from practice_commons.core.personal_data import register_exporter, rows

from .models import Job


def export(user) -> dict:
    return {
        "listings_posted": rows(
            Job.objects.filter(posted_by=user)
            .select_related("organisation")
            .order_by("created_at"),
            "id",
            "title",
            "organisation__name",
            "location",
            "status",
            "closes_on",
            "description",
            "created_at",
            "updated_at",
        )
    }


register_exporter("jobs", export, covers=["jobs.Job"])
