"""The background worker (后台任务) and the one scheduler: ``yangguang worker`` runs the tasks queued
in the database (django-tasks-db) and, between them, enqueues the periodic jobs that apps list
as ``SCHEDULE`` in their ``tasks.py`` when ``schedule.next_due`` says they are due.

Every periodic job is idempotent and never needed for correctness, so the rules are simple: a job
is not enqueued again while an earlier run of it is still queued or running (no pile-up), and its
last run is when the scheduler last enqueued it (``ScheduledJob``, kept apart from the task
results, which are pruned).
"""

import datetime
import importlib
import logging
import os
import time

from django.apps import apps
from django.db import (
    InterfaceError,
    OperationalError,
    close_old_connections,
    connection,
    transaction,
)
from django.db.models import Q
from django.tasks import TaskResultStatus
from django.utils import timezone
from django.utils.module_loading import module_has_submodule
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from .models import ScheduledJob
from .schedule import Entry, next_due

logger = logging.getLogger("yangguang.worker")

# A run still marked running after this long is taken for the leftover of a worker killed
# mid-task (a graceful stop marks it failed), and no longer holds the job back.
STALE_RUNNING = datetime.timedelta(minutes=30)
# Any fixed number: serialises two schedulers' ticks on PostgreSQL (SQLite's writers queue anyway).
_LOCK_KEY = 0x59475343  # "YGSC"


def schedule_entries() -> list[Entry]:
    """The ``SCHEDULE`` lists of our installed apps' ``tasks`` modules, in app order."""
    entries = []
    for config in apps.get_app_configs():
        if config.name.startswith("yangguang.") and module_has_submodule(config.module, "tasks"):
            entries += getattr(importlib.import_module(f"{config.name}.tasks"), "SCHEDULE", ())
    return entries


def _due(entry: Entry, now: datetime.datetime) -> bool:
    last = ScheduledJob.objects.filter(name=entry.name).values_list("last_enqueued_at", flat=True).first()
    if next_due(entry.rule, last, now) > now:
        return False
    return not DBTaskResult.objects.filter(task_path=entry.name).filter(
        Q(status=TaskResultStatus.READY)
        | Q(status=TaskResultStatus.RUNNING, started_at__gt=now - STALE_RUNNING)).exists()


def schedule_tick(entries: list[Entry], now: datetime.datetime | None = None) -> list[str]:
    """Enqueue every entry due at ``now`` (the clock by default) that is not still queued or
    running, and mark when; one transaction, taken only when something is due. Returns the
    task names enqueued."""
    now = now or timezone.now()
    if not any(_due(entry, now) for entry in entries):
        return []
    enqueued = []
    with transaction.atomic(durable=True):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])
        for entry in entries:
            if _due(entry, now):  # again, under the lock
                entry.task.enqueue(**entry.kwargs(entry.rule.latest(now)))
                ScheduledJob.objects.update_or_create(name=entry.name, defaults={"last_enqueued_at": now})
                enqueued.append(entry.name)
    return enqueued


def new_worker(worker_id: str, *, queues: str = "*") -> Worker:
    """django-tasks-db's worker, set to run what is ready and return (the loop below is ours)."""
    return Worker(queue_names=queues.split(","), excluded_queue_names=[], interval=0, batch=True,
                  backend_name="default", startup_delay=False, max_tasks=None, worker_id=worker_id)


def run(*, worker: Worker, entries: list[Entry], interval: float = 1.0, once: bool = False,
        parent: int | None = None) -> None:
    """Tick the scheduler, run every task ready, wait ``interval`` seconds, again; until a signal
    stops the worker, ``once`` is done, or the process ``parent`` is gone (``make run``)."""
    while True:
        if entries:
            try:
                for name in schedule_tick(entries):
                    logger.info("enqueued %s", name)
            except (OperationalError, InterfaceError):  # locked or gone: the next tick tries again
                logger.exception("the scheduler could not reach the database")
                close_old_connections()
        worker.run()
        if once or not worker.running or (parent is not None and os.getppid() != parent):
            return
        time.sleep(interval)
