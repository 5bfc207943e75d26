"""The legal sweep is one periodic job the worker collects."""

import pytest

from yangguang.core.worker import schedule_entries

from .. import tasks

pytestmark = pytest.mark.django_db


def test_the_worker_collects_the_legal_sweep():
    assert tasks.legal_sweep.module_path in [entry.name for entry in schedule_entries()]


def test_the_task_runs_the_sweep():
    assert tasks.legal_sweep.call(now="2025-10-24T00:00:00+08:00") == {"L01": 0, "L02": 0}
