"""The Django admin: items and terms for host admins (read mostly; writes belong to
the pages and services)."""

from django.contrib import admin

from .models import GlossaryTerm, LibraryItem


@admin.register(LibraryItem)
class LibraryItemAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "status", "community", "updated_at", "review_by")
    list_filter = ("kind", "status")
    search_fields = ("title",)
    readonly_fields = ("version", "endorsement_count", "celebration_count", "source_thread_id")
    raw_id_fields = ("community", "contact", "created_by", "reviewed_by", "source_author")


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(admin.ModelAdmin):
    list_display = ("term", "status", "created_at")
    list_filter = ("status",)
    search_fields = ("term",)
