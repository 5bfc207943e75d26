"""The catalog in the admin is read-only: every change goes through review in the back office.
Life events, a way of browsing the published powers rather than their content, are edited here."""

from django.contrib import admin

from .models import LifeEvent, Power, PowerVersion, ReviewRecord


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class VersionInline(admin.TabularInline):
    model = PowerVersion
    fields = ("number", "change", "state", "name", "published_at", "valid_until")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Power)
class PowerAdmin(ReadOnly):
    list_display = ("code", "__str__", "category", "department", "revoked_at")
    list_filter = ("category", "department")
    search_fields = ("code", "published_version__name")
    list_select_related = ("department", "published_version")
    inlines = [VersionInline]


class ReviewInline(admin.TabularInline):
    model = ReviewRecord
    fields = ("at", "action", "actor", "opinion")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PowerVersion)
class PowerVersionAdmin(ReadOnly):
    list_display = ("power", "number", "name", "change", "state", "updated_at")
    list_filter = ("state", "change")
    search_fields = ("power__code", "name")
    list_select_related = ("power",)
    inlines = [ReviewInline]


@admin.register(LifeEvent)
class LifeEventAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "audience", "sequence")
    list_filter = ("audience",)
    filter_horizontal = ("powers",)
