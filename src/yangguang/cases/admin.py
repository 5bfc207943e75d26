"""Cases in the admin are read-only: every change goes through the services and their event log."""

from django.contrib import admin

from .models import Case, Event


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class EventInline(admin.TabularInline):
    model = Event
    fields = ("seq", "at", "action", "step_key", "actor", "post", "opinion", "hash")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Case)
class CaseAdmin(ReadOnly):
    list_display = ("number", "power", "department", "state", "received_at", "committed_due")
    list_filter = ("state", "channel", "department")
    search_fields = ("number",)
    list_select_related = ("power", "department")
    inlines = [EventInline]
