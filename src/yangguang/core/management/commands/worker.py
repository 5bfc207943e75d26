"""``yangguang worker``: run the background tasks and, as the one scheduler, enqueue the periodic
jobs (the supervision sweep, the monthly quantitative analysis …) when they are due."""

import logging
import os
import socket

from django.core.management.base import BaseCommand, CommandError

from yangguang.core import worker as background


class Command(BaseCommand):
    help = "Run background tasks and enqueue the periodic jobs when due (one scheduler: run one such worker)."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0,
                            help="Seconds to wait when nothing is ready (default 1).")
        parser.add_argument("--once", action="store_true",
                            help="Enqueue what is due, run every task ready, then exit.")
        parser.add_argument("--no-schedule", action="store_false", dest="schedule",
                            help="Only run tasks; for a second worker next to the one scheduler.")
        parser.add_argument("--queues", default="*", help="Queues to run, comma-separated (default all).")
        parser.add_argument("--parent", type=int, default=None,
                            help="Exit when the process with this id is no longer the parent (used by serve).")

    def handle(self, *args, interval, once, schedule, queues, parent, verbosity, **options):
        if interval < 0:
            raise CommandError("--interval: zero or more seconds")
        level = logging.WARNING if verbosity < 2 else logging.INFO if verbosity == 2 else logging.DEBUG
        for name in ("django.tasks", "django_tasks_db", "yangguang.worker"):
            logging.getLogger(name).setLevel(level)
        entries = background.schedule_entries() if schedule else []
        worker = background.new_worker(f"{socket.gethostname()}-{os.getpid()}"[:64], queues=queues)
        if verbosity and not once:
            jobs = "; ".join(f"{entry.task.name} {entry.rule}" for entry in entries) or "none (--no-schedule)"
            self.stdout.write(f"Worker {worker.worker_id} running tasks; periodic jobs: {jobs}")
        if not once:
            worker.configure_signals()  # a first Ctrl-C or SIGTERM finishes the task at hand, a second aborts it
        background.run(worker=worker, entries=entries, interval=interval, once=once, parent=parent)
