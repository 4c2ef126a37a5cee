"""The Django admin for job listings (host admins)."""

from django.contrib import admin

from .models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("title", "organisation", "contract_type", "closes_on", "status")
    list_filter = ("status", "contract_type")
    search_fields = ("title", "organisation__name")
    raw_id_fields = ("organisation", "posted_by")
