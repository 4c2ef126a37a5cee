from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import (
    AffiliationRequest,
    AuditEvent,
    ExpertiseTag,
    Organisation,
    OrganisationDomain,
    OrganisationMembership,
    Profession,
    User,
)


class OrganisationMembershipInline(admin.TabularInline):
    """A membership added here is recorded as verified by a host admin."""

    model = OrganisationMembership
    extra = 0
    autocomplete_fields = ["organisation"]
    readonly_fields = ["verified_via", "created_at"]


class ReadOnlyAdminMixin:
    """Verification is changed on its own pages, through services that audit it."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class OrganisationDomainInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = OrganisationDomain
    fields = ["domain", "added_by", "created_at"]
    readonly_fields = fields
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = [
        "email",
        "full_name",
        "profession",
        "organisation",
        "host_role",
        "is_active",
    ]
    list_filter = ["host_role", "nation", "profession", "is_active"]
    search_fields = ["email", "full_name"]
    list_select_related = ["profession", "organisation"]
    autocomplete_fields = ["profession"]
    # Set only by verification (a membership below, a domain link or an approval).
    readonly_fields = ["organisation"]
    filter_horizontal = ["expertise", "groups", "user_permissions"]
    inlines = [OrganisationMembershipInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (
            _("Profile"),
            {
                "fields": (
                    "full_name",
                    "pronouns",
                    "profession",
                    "organisation",
                    "nation",
                    "area",
                    "regulator",
                    "registration_number",
                    "expertise",
                    "bio",
                    "open_to_collaborate",
                    "happy_to_network",
                    "language",
                )
            },
        ),
        (
            _("Roles"),
            {
                "fields": (
                    "host_role",
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                )
            },
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "password1", "password2", "host_role")}),
    )


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "nation", "area"]
    list_filter = ["kind", "nation"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [OrganisationDomainInline, OrganisationMembershipInline]


@admin.register(AffiliationRequest)
class AffiliationRequestAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "user", "organisation", "route", "status"]
    list_filter = ["status", "route"]
    search_fields = ["user__email", "organisation__name"]
    list_select_related = ["user", "organisation"]
    exclude = ["token_digest"]


@admin.register(Profession)
class ProfessionAdmin(admin.ModelAdmin):
    list_display = ["name", "is_social_work", "sort_order"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(ExpertiseTag)
class ExpertiseTagAdmin(admin.ModelAdmin):
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "action", "target_type", "target_id"]
    list_filter = ["action"]
    search_fields = ["action", "target_id"]
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
