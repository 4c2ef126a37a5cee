"""Read-only views of reports, holds and leads for host admins. Moderation itself happens
in the queue (/safeguarding/queue/), where every action is a service call and audited;
the admin must not become a second, unaudited write path."""

from django.contrib import admin

from .models import ContentHold, Report, SafeguardingLead


class _ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Report)
class ReportAdmin(_ReadOnlyAdmin):
    list_display = ["pk", "created_at", "reason", "status", "outcome", "content_type", "object_id"]
    list_filter = ["reason", "status", "outcome"]
    list_select_related = ["content_type"]
    readonly_fields = [f.name for f in Report._meta.fields]
    exclude = ["routed_to"]


@admin.register(ContentHold)
class ContentHoldAdmin(_ReadOnlyAdmin):
    list_display = ["created_at", "content_type", "object_id", "removed", "report"]
    list_filter = ["removed", "content_type"]
    list_select_related = ["content_type"]


@admin.register(SafeguardingLead)
class SafeguardingLeadAdmin(_ReadOnlyAdmin):
    list_display = ["user", "scope_type", "scope_id", "created_at"]
    list_select_related = ["user", "scope_type"]
    search_fields = ["user__email", "user__full_name"]
