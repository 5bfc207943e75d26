"""Reference data of organisations, edited by the administrator; simple_history records who changed what."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Department, Officer, Post, Region, RoleAssignment


@admin.register(Region)
class RegionAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "level", "parent")
    list_filter = ("level",)
    search_fields = ("code", "name")


class PostInline(admin.TabularInline):
    model = Post
    extra = 0


@admin.register(Department)
class DepartmentAdmin(SimpleHistoryAdmin):
    list_display = ("full_code", "name", "kind", "region", "is_active")
    list_filter = ("kind", "region", "is_active")
    search_fields = ("code", "name", "short_name")
    list_select_related = ("region",)
    inlines = [PostInline]


@admin.register(Officer)
class OfficerAdmin(SimpleHistoryAdmin):
    """Officers and their posts; the certificate is kept by the register's services (/legal/personnel/)."""

    list_display = ("user", "department", "certificate_no", "certificate_status", "certificate_valid_until")
    list_filter = ("department", "certificate_status")
    readonly_fields = ("certificate_no", "certificate_status", "certificate_areas", "certificate_valid_from",
                       "certificate_valid_until", "certificate_checked_on")
    search_fields = ("user__username", "user__first_name", "user__last_name", "certificate_no")
    list_select_related = ("user", "department")
    filter_horizontal = ("posts",)


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ("user", "role", "department", "region")
    list_filter = ("role",)
    search_fields = ("user__username",)
    list_select_related = ("user", "department", "region")
