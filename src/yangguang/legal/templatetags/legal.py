"""Template tags of legal-affairs supervision for other apps' pages: the overturn rate (否定率) of
a department's decisions, shown on supervision's performance page without supervision importing
this app."""

from datetime import date

from django import template

from .. import selectors

register = template.Library()


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


@register.inclusion_tag("legal/includes/overturn_line.html")
def overturn_line(department_id, period=None):
    """A table row: appeals concluded in ``period`` (a supervision scoring period) that revoked,
    changed or found unlawful the department's decisions, out of all concluded."""
    since = until = None
    months = getattr(period, "months", None)
    if months:
        since, until = months[0], _next_month(months[-1])
    row = selectors.overturn_rates(departments=[department_id], since=since, until=until).get(department_id)
    return {"row": row, "percent": None if row is None else row["rate"] * 100}
