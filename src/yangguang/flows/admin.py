"""Flowcharts in the admin are read-mostly: they change only through their power version's services."""

from django.contrib import admin
from django.db.models import Count
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from . import render, services
from .errors import FlowchartUnavailable
from .models import Flow, Step, Transition


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class StepInline(ReadOnlyInline):
    model = Step
    fields = ("order", "key", "name", "kind", "department", "post", "limit", "limit_unit")
    readonly_fields = fields


class TransitionInline(ReadOnlyInline):
    model = Transition
    fk_name = "flow"
    fields = ("order", "source", "target", "condition")
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source", "target")


@admin.register(Flow)
class FlowAdmin(admin.ModelAdmin):
    list_display = ("power_version", "state", "step_count", "svg_kept")
    list_filter = ("power_version__state",)
    search_fields = ("power_version__power__code", "power_version__name")
    list_select_related = ("power_version__power",)
    fields = ("power_version", "chart")
    readonly_fields = fields
    inlines = [StepInline, TransitionInline]
    actions = ["forget_svg"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(step_count=Count("steps"))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("state"), ordering="power_version__state")
    def state(self, obj):
        return obj.power_version.get_state_display()

    @admin.display(description=_("steps"), ordering="step_count")
    def step_count(self, obj):
        return obj.step_count

    @admin.display(description=_("SVG kept"), boolean=True)
    def svg_kept(self, obj):
        return bool(obj.svg)

    @admin.display(description=_("chart"))
    def chart(self, obj):
        try:
            return mark_safe(render.flow_svg(obj))  # Graphviz's output, every label escaped on the way in
        except FlowchartUnavailable as exc:
            return str(exc)

    @admin.action(description=_("Draw the selected flowcharts again"), permissions=["view"])
    def forget_svg(self, request, queryset):
        count = services.flow_svg_forget(queryset.values_list("pk", flat=True))
        self.message_user(request, _("%(count)s kept drawings dropped.") % {"count": count})
