"""Read-only admin views: benchmarks change through the services (the legal office's pages)."""

from django.contrib import admin

from .models import Benchmark, DecisionCheck, DiscretionReview


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Benchmark)
class BenchmarkAdmin(ReadOnly):
    list_display = ("power", "number", "state", "strategy", "published_at", "valid_until")
    list_filter = ("state", "strategy")
    search_fields = ("power__code",)


@admin.register(DecisionCheck)
class DecisionCheckAdmin(ReadOnly):
    list_display = ("case_number", "department", "violation", "level", "range_low", "range_high", "penalty_amount",
                    "deviation", "checked_at")
    list_filter = ("deviation", "level")
    search_fields = ("case_number",)


@admin.register(DiscretionReview)
class DiscretionReviewAdmin(ReadOnly):
    list_display = ("decision_check", "state", "opened_at", "closed_at")
    list_filter = ("state",)
