from django.contrib import admin

from .models import CalendarFeed, Event, EventInvitation, Feedback, Registration, Series


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "status", "starts_at", "capacity", "community", "organisation")
    list_filter = ("status", "kind", "format", "audience")
    search_fields = ("title",)
    raw_id_fields = ("organiser", "community", "organisation", "series")
    filter_horizontal = ("co_hosts", "target_professions")
    date_hierarchy = "starts_at"


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    list_display = ("title", "rule", "start_date", "community")
    raw_id_fields = ("organiser", "community", "organisation")


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ("event", "user", "status", "sequence", "attended_at")
    list_filter = ("status", "is_trial")
    raw_id_fields = (
        "event",
        "user",
        "organisation",
        "profession",
        "series",
        "invitation",
        "attendance_marked_by",
    )


@admin.register(EventInvitation)
class EventInvitationAdmin(admin.ModelAdmin):
    list_display = (
        "event",
        "email",
        "created_at",
        "sent_at",
        "expires_at",
        "accepted_at",
        "withdrawn_at",
    )
    raw_id_fields = ("event", "community", "invited_by", "accepted_by")


admin.site.register(Feedback)
admin.site.register(CalendarFeed)
