"""The live figures of a power's guide page, against hand-computed values."""

from datetime import timedelta

from yangguang.cases.tests.conftest import at

from ..selectors import power_figures


def run_to_completion(case, act, days: tuple[str, ...]):
    """The land pre-review's whole flow, one step a day at 10:00 (the days given), granted."""
    accept, review, survey, examine, planning, approve, issue = days
    case = act(case, "window", "accept", f"{accept} 10:00")
    case = act(case, "review", "complete", f"{review} 10:00", opinion="材料齐全")
    case = act(case, "review", "complete", f"{survey} 10:00", opinion="已踏勘")
    case = act(case, "review", "complete", f"{examine} 10:00", step="examine")
    case = act(case, "planning", "complete", f"{planning} 10:00", step="planning", opinion="符合规划")
    case = act(case, "approve", "decide", f"{approve} 09:00", decision="granted", document_no="宁国土预〔2025〕8号")
    case = act(case, "approve", "complete", f"{approve} 09:05", branch="准予")
    return act(case, "window", "complete", f"{issue} 10:00")


def test_received_completed_average_time_and_on_time_share(land_power, apply, act):
    quick = run_to_completion(apply(land_power, "2025-09-01 09:00"), act, (
        "2025-09-01", "2025-09-02", "2025-09-03", "2025-09-04", "2025-09-04", "2025-09-05", "2025-09-08"))
    late = run_to_completion(apply(land_power, "2025-09-01 10:00"), act, (
        "2025-09-01", "2025-09-02", "2025-09-03", "2025-09-04", "2025-09-04", "2025-09-30", "2025-11-03"))
    apply(land_power, "2025-09-02 10:00")  # still waiting
    apply(land_power, "2024-12-31 10:00")  # last year: not counted
    assert quick.completed_at <= quick.committed_due < late.completed_at
    figures = power_figures(land_power, now=at("2025-11-10 12:00"))
    # quick: 2025-09-01 09:00 → 09-08 10:00 = 7 d 1 h; late: 09-01 10:00 → 11-03 10:00 = 63 d
    assert (figures["received"], figures["completed"], figures["on_time"], figures["timed"]) == (3, 2, 1, 2)
    assert figures["average"] == (timedelta(days=7, hours=1) + timedelta(days=63)) / 2
    assert figures["on_time_percent"] == 50.0 and figures["year"] == 2025
