from django.urls import path

from .views import overview, records, shares

app_name = "cpd"

urlpatterns = [
    path("", records.record_list, name="list"),
    path("new/", records.record_new, name="new"),
    path("<int:record_id>/", records.record_detail, name="detail"),
    path("<int:record_id>/edit/", records.record_edit, name="edit"),
    path("<int:record_id>/finalise/", records.record_finalise, name="finalise"),
    path("<int:record_id>/draft/", records.record_draft, name="draft"),
    path("<int:record_id>/delete/", records.record_delete, name="delete"),
    path("<int:record_id>/evidence/", records.evidence_add, name="evidence_add"),
    path(
        "<int:record_id>/evidence/<int:evidence_id>/",
        records.evidence_download,
        name="evidence_download",
    ),
    path(
        "<int:record_id>/evidence/<int:evidence_id>/remove/",
        records.evidence_remove,
        name="evidence_remove",
    ),
    path("progress/", overview.progress_page, name="progress"),
    path("pcf/", overview.pcf_page, name="pcf"),
    path("settings/", overview.settings_page, name="settings"),
    path("export/", overview.export_page, name="export"),
    path("export.csv", overview.export_csv, name="export_csv"),
    path("export.json", overview.export_json, name="export_json"),
    path("export.pdf", overview.export_pdf, name="export_pdf"),
    path("shares/", shares.share_list, name="shares"),
    path("shares/<int:share_id>/revoke/", shares.share_revoke, name="share_revoke"),
    path("shared/<str:token>/", shares.shared_view, name="shared"),
    path(
        "shared/<str:token>/evidence/<int:evidence_id>/",
        shares.shared_evidence,
        name="shared_evidence",
    ),
    path("organisations/<slug:slug>/", overview.organisation_page, name="organisation"),
]
