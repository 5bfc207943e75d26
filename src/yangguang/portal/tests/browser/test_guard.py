"""The browser tests' own harness: a CSP violation or a script error on a page must fail a
journey, and the rows the migrations seed must be there in every journey."""

from django.db import connection

from yangguang.supervision.models import AlertRule
from yangguang.worktime.models import CalendarYear


def test_guard_reports_a_blocked_inline_script(hall):
    page = hall.open("/")
    with page.expect_console_message(lambda message: "Content Security Policy" in message.text):
        page.evaluate("""() => {
            const script = document.createElement("script");
            script.textContent = "window.inlineRan = true";
            document.body.append(script);
        }""")
    assert page.evaluate("window.inlineRan") is None  # the policy blocked it
    assert any("Content Security Policy" in problem for problem in hall.problems), hall.problems
    hall.problems.clear()


def test_guard_reports_an_uncaught_exception_and_a_missing_file(hall):
    page = hall.open("/")
    with page.expect_event("pageerror"):
        page.evaluate("() => { setTimeout(() => { throw new Error('boom'); }); }")
    with page.expect_response(lambda response: response.status == 404):
        page.evaluate("() => fetch('/static/css/missing.css')")
    problems = list(hall.problems)
    hall.problems.clear()
    assert any("boom" in problem for problem in problems), problems
    assert any("HTTP 404" in problem and "missing.css" in problem for problem in problems), problems


def test_seeded_rows_are_there_after_other_journeys(hall):
    """The journeys before this one flushed the database; serialized rollback put the seeded rows
    back, on this thread's own connection (Playwright's loop must not give it a second one)."""
    assert set(CalendarYear.objects.filter(confirmed=True).values_list("year", flat=True)) >= {2024, 2025, 2026}
    assert AlertRule.objects.exists()
    assert hasattr(connection, "_test_serialized_contents")
    hall.open("/")  # and the live server sees the same
