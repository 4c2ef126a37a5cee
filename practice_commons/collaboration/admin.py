"""The Django admin: read-mostly views for host admins. Agreement text, versions and
acceptances are changed only through the services (the acceptance record is evidence)."""

from django.contrib import admin

from .models import Agreement, AgreementParty, Opportunity, ShadowingListing


class PartyInline(admin.TabularInline):
    model = AgreementParty
    extra = 0
    fields = ("organisation", "contact")
    readonly_fields = fields
    can_delete = False


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "state", "current_version", "review_on", "published")
    list_filter = ("state", "kind", "published")
    search_fields = ("title",)
    readonly_fields = (
        "kind",
        "title",
        "state",
        "current_version",
        "agreed_version",
        "agreed_at",
        "start_on",
        "end_on",
        "review_on",
        "opportunity",
        "shadowing_response",
        "completed_at",
        "created_by",
        "created_at",
        "updated_at",
    )
    inlines = [PartyInline]

    def has_add_permission(self, request):
        return False


@admin.register(Opportunity)
class OpportunityAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "organisation", "closes_on", "status")
    list_filter = ("kind", "status")
    search_fields = ("title",)
    raw_id_fields = ("poster", "organisation")


@admin.register(ShadowingListing)
class ShadowingListingAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "organisation", "status")
    list_filter = ("kind", "status")
    raw_id_fields = ("poster", "organisation")
