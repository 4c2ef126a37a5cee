"""The Django admin: host admins keep the support services shown with every result.

Answers (``Response``) and releases are deliberately not registered: nobody reads an
individual's answers, not even in the admin."""

from django.contrib import admin

from .models import SupportService


@admin.register(SupportService)
class SupportServiceAdmin(admin.ModelAdmin):
    list_display = ("name", "phone", "urgent", "active", "sort_order")
    list_filter = ("urgent", "active")
    list_editable = ("active", "sort_order")
