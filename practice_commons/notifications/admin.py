from django.contrib import admin

from .models import DigestRun, Newsletter, Notification, NotificationPreference, ThreadMute


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "recipient",
        "kind",
        "title",
        "read_at",
        "emailed_at",
        "digested_at",
        "email_attempts",
    ]
    list_filter = ["kind", "delivery", "urgent"]
    search_fields = ["recipient__email", "title"]
    raw_id_fields = ["recipient", "actor", "newsletter"]
    date_hierarchy = "created_at"
    list_select_related = ["recipient"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "community_id", "channel"]
    raw_id_fields = ["user"]


@admin.register(ThreadMute)
class ThreadMuteAdmin(admin.ModelAdmin):
    list_display = ["user", "thread_key", "created_at"]
    raw_id_fields = ["user"]


@admin.register(DigestRun)
class DigestRunAdmin(admin.ModelAdmin):
    list_display = ["period_key", "user", "claimed_at", "sent_at", "item_count"]
    list_filter = ["period"]
    raw_id_fields = ["user"]


@admin.register(Newsletter)
class NewsletterAdmin(admin.ModelAdmin):
    list_display = ["subject", "scope_kind", "scope_id", "status", "sent_at", "recipient_count"]
    list_filter = ["status", "scope_kind"]
    raw_id_fields = ["author", "sent_by"]
    readonly_fields = ["status", "sent_at", "sent_by", "recipient_count"]
