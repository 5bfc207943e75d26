"""What legal supervision adds to other apps' pages through their hooks: the overturn rate (否定率)
of a department's decisions on supervision's performance page."""

from . import selectors


class OverturnLine:
    """Appeals concluded in the period that revoked, changed or found unlawful the department's
    decisions, out of all concluded."""

    template = "legal/includes/overturn_line.html"

    def context(self, *, department_id: int, period) -> dict:
        row = selectors.overturn_rates(departments=[department_id], since=period.first_day,
                                       until=period.end_day).get(department_id)
        return {"row": row, "percent": None if row is None else row["rate"] * 100}
