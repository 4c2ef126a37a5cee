from django.contrib import admin

from .models import CpdRecord


@admin.register(CpdRecord)
class CpdRecordAdmin(admin.ModelAdmin):
    list_display = ("title", "user", "date", "hours", "activity_type", "status")
    list_filter = ("activity_type", "status", "peer_reflection")
    raw_id_fields = ("user", "community")
