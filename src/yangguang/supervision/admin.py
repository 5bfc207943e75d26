from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import domain, services
from .models import (
    Alert,
    AlertAction,
    AlertRule,
    Notification,
    SupervisionOrder,
    SweepRun,
)


class AlertRuleForm(forms.ModelForm):
    class Meta:
        model = AlertRule
        fields = ["name", "enabled", "params", "description"]

    def clean_params(self):
        params = self.cleaned_data["params"]
        errors = domain.param_errors(self.instance.code, params)
        if errors:
            raise forms.ValidationError([error["detail"] for error in errors])
        return params


@admin.register(AlertRule)
class AlertRuleAdmin(SimpleHistoryAdmin):
    """Rules are tuned here (enable, disable, parameters); what they are stays fixed."""

    form = AlertRuleForm
    list_display = ["code", "name", "source", "type", "level", "schedule", "enabled"]
    list_filter = ["enabled", "level", "schedule", "source"]
    readonly_fields = ["code", "source", "type", "level", "schedule"]
    fields = ["code", "name", "source", "type", "level", "schedule", "enabled", "params", "description"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def revert_disabled(self, request, obj=None):
        """A revert would save past values around the service; the history stays readable."""
        return True

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # The service opens the one transaction of the save; the admin must not open an outer one.
        return self._changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        services.rule_update(actor=request.user, rule=obj, enabled=obj.enabled, params=obj.params, name=obj.name,
                             description=obj.description)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Alert)
class AlertAdmin(ReadOnlyAdmin):
    list_display = ["raised_at", "level", "rule", "case", "department", "status"]
    list_filter = ["level", "status", "rule"]
    list_select_related = ["rule", "case", "department"]
    search_fields = ["case__number"]


@admin.register(SweepRun)
class SweepRunAdmin(ReadOnlyAdmin):
    list_display = ["started_at", "finished_at", "now", "checked", "raised"]


@admin.register(AlertAction)
class AlertActionAdmin(ReadOnlyAdmin):
    list_display = ["at", "alert", "action", "actor", "from_status", "to_status"]
    list_filter = ["action"]


@admin.register(SupervisionOrder)
class SupervisionOrderAdmin(ReadOnlyAdmin):
    list_display = ["id", "issued_at", "department", "region", "status", "feedback_due", "parent"]
    list_filter = ["status"]
    list_select_related = ["department", "region"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "user", "kind", "read_at"]
    list_filter = ["kind"]
