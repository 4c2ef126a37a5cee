"""The Django admin shows sessions' arrangements only. Private notes are deliberately
not registered (nobody but the author may read them), and the session material (the
presenter's issue, summary and actions) is left out: only the session's attendees see it."""

from django.contrib import admin

from .models import ReflectiveSession


@admin.register(ReflectiveSession)
class ReflectiveSessionAdmin(admin.ModelAdmin):
    list_display = ("__str__", "community", "format", "stage", "opened_at", "closed_at")
    list_filter = ("format", "stage")
    fields = (
        "event",
        "community",
        "facilitator",
        "theme",
        "format",
        "trial_allowed",
        "stage",
        "turn_seconds",
        "opened_at",
        "closed_at",
        "material_purged_at",
    )
    readonly_fields = fields
    search_fields = ("event__title",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
