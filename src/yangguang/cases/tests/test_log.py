"""The event log is a hash chain: changing any stored field of any event breaks verify-log."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from yangguang.cases.models import Event
from yangguang.cases.selectors import log_verify

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(land_power, apply, act):
    first = apply(land_power, "2025-11-03 10:00")
    act(first, "window", "accept", "2025-11-03 11:00")
    act(first, "review", "complete", "2025-11-04 11:00", opinion="材料齐全")
    second = apply(land_power, "2025-11-03 10:30")
    act(second, "window", "request_correction", "2025-11-03 11:00", items=["申请报告"])
    return first, second


def tamper(sql: str, *params) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_an_untouched_log_verifies(cases, capsys):
    check = log_verify()
    assert check.ok and check.cases == 2 and check.events == 5
    call_command("verify_log")
    assert "5" in capsys.readouterr().out


@pytest.mark.parametrize(("column", "value"), [
    ("opinion", "材料不全"),
    ("action", "refuse"),
    ("step_key", "approve"),
    ("at", "2025-11-04 03:00:01+00:00"),
    ("data", '{"forged": true}'),
    ("actor_id", None),
    ("post_id", None),
    ("prev_hash", "0" * 64),
    ("hash", "f" * 64),
])
def test_changing_any_stored_field_is_found(cases, column, value):
    first, _second = cases
    event = Event.objects.get(case=first, seq=3)
    tamper(f"UPDATE cases_event SET {column} = %s WHERE id = %s", value, event.pk)
    check = log_verify()
    assert not check.ok
    assert (check.broken_case, check.broken_seq) == (first.number, 3)
    with pytest.raises(CommandError, match=first.number):
        call_command("verify_log")


def test_a_deleted_event_is_found(cases):
    first, _second = cases
    tamper("DELETE FROM cases_event WHERE case_id = %s AND seq = 2", first.pk)
    check = log_verify()
    assert (check.broken_case, check.broken_seq) == (first.number, 3)


def test_a_removed_last_event_is_found(cases):
    first, _second = cases
    tamper("DELETE FROM cases_event WHERE case_id = %s AND seq = 3", first.pk)
    check = log_verify()
    assert not check.ok and check.broken_case == first.number


def test_an_event_moved_to_another_case_is_found(cases):
    first, second = cases
    tamper("UPDATE cases_event SET case_id = %s, seq = 3 WHERE case_id = %s AND seq = 3", second.pk, first.pk)
    assert not log_verify().ok
