"""The CPD part of a subject-access export (``core.personal_data``): the person's own
records with their evidence (links, and files under ``files/cpd/``), settings and the
shares they made (no token digest)."""

from practice_commons.core.personal_data import Part, register_exporter, rows

from .models import CpdRecord, CpdSettings, CpdShare, Evidence
from .services.records import EDITABLE


def export(user) -> Part:
    records = CpdRecord.objects.filter(user=user).order_by("date", "pk")
    evidence = list(Evidence.objects.filter(record__user=user).order_by("record_id", "pk"))
    files = [
        (f"{e.record_id}/{e.pk}-{e.file_name or 'evidence'}", e.file) for e in evidence if e.file
    ]
    by_record: dict[int, list] = {}
    for e in evidence:
        by_record.setdefault(e.record_id, []).append(
            {
                "kind": e.kind,
                "label": e.label,
                "url": e.url,
                "file_name": e.file_name,
                "archive_file": f"files/cpd/{e.record_id}/{e.pk}-{e.file_name or 'evidence'}"
                if e.file
                else None,
                "created_at": e.created_at,
            }
        )
    data = {
        "records": rows(
            records,
            "id",
            *EDITABLE,
            "source_kind",
            "source_id",
            "community_name",
            "status",
            "created_at",
            "updated_at",
            "finalised_at",
            evidence=lambda r: by_record.get(r.pk, []),
        ),
        "settings": rows(CpdSettings.objects.filter(user=user), "period_ends_on", "updated_at"),
        "shares": rows(
            CpdShare.objects.filter(owner=user).order_by("created_at"),
            "recipient",
            "created_at",
            "expires_at",
            "revoked_at",
            "last_viewed_at",
            record_ids=lambda s: sorted(s.records.values_list("pk", flat=True)),
        ),
    }
    return Part(data=data, files=files)


register_exporter(
    "cpd", export, covers=["cpd.CpdRecord", "cpd.Evidence", "cpd.CpdSettings", "cpd.CpdShare"]
)
