"""Template filters for deadlines."""

from django import template

from yangguang.worktime.domain import format_due

register = template.Library()


@register.filter
def due(instant):
    """A deadline as the law states it: 24:00:00 of its last day (期限届满日24时)."""
    return format_due(instant) if instant else ""
