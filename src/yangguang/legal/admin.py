from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Appeal, DocumentFiling, PenaltyFiling, PenaltyThreshold


@admin.register(PenaltyThreshold)
class PenaltyThresholdAdmin(SimpleHistoryAdmin):
    list_display = ("department", "fine_person", "fine_organisation", "revocation")
    readonly_fields = [field.name for field in PenaltyThreshold._meta.fields]


@admin.register(PenaltyFiling)
class PenaltyFilingAdmin(admin.ModelAdmin):
    list_display = ("case", "department", "state", "due_at")
    list_filter = ("state",)
    readonly_fields = [field.name for field in PenaltyFiling._meta.fields]


@admin.register(DocumentFiling)
class DocumentFilingAdmin(admin.ModelAdmin):
    list_display = ("number", "title", "department", "state", "late")
    list_filter = ("state", "kind")
    readonly_fields = [field.name for field in DocumentFiling._meta.fields]


@admin.register(Appeal)
class AppealAdmin(admin.ModelAdmin):
    list_display = ("number", "kind", "case", "department", "outcome")
    list_filter = ("kind", "outcome")
    readonly_fields = [field.name for field in Appeal._meta.fields]
