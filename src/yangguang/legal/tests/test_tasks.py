"""The legal sweep is one periodic job the worker collects."""

import pytest

from yangguang.core.worker import schedule_entries

from .. import tasks

pytestmark = pytest.mark.django_db


def test_the_worker_collects_the_legal_sweep():
    assert tasks.legal_sweep.module_path in [entry.name for entry in schedule_entries()]


def test_the_task_runs_the_sweep_at_the_instant_it_is_given(threshold, penalty_power, decided):
    decided(penalty_power, "2025-09-26 10:00", amount="50000")  # filing due at 2025-10-23 24:00
    assert tasks.legal_sweep.call(now="2025-10-23T23:59:59+08:00") == {"L01": 0, "L02": 0}
    assert tasks.legal_sweep.call(now="2025-10-24T00:00:00+08:00") == {"L01": 1, "L02": 0}
