"""``yangguang serve``: the platform on waitress, a production WSGI server in pure Python; with
``--worker`` also the background worker (``yangguang worker``), started and stopped with it."""

import os
import signal
import subprocess
import sys

from django.core.management.base import BaseCommand

WORKER_STOP_SECONDS = 30  # a task at hand is finished first, then the worker is killed


class Command(BaseCommand):
    help = "Serve the platform (default http://127.0.0.1:8000)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument("--worker", action="store_true",
                            help="Also run the background worker (periodic sweep …), as `make run` does.")

    def handle(self, *args, host, port, threads, worker, **options):
        from waitress import serve

        from yangguang.wsgi import application

        process = self._worker_start() if worker else None
        # SIGTERM ends the server like Ctrl-C does, so that the worker is stopped with it.
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
        try:
            self.stdout.write(f"Yangguang is serving on http://{host}:{port}/  (Ctrl-C stops it)")
            serve(application, host=host, port=port, threads=threads, ident="yangguang")
        finally:
            if process is not None:
                self._worker_stop(process)

    def _worker_start(self) -> subprocess.Popen:
        # Its own session: Ctrl-C reaches the server only, which then stops the worker once.
        process = subprocess.Popen([sys.executable, "-m", "yangguang.cli", "worker", "--parent", str(os.getpid())],
                                   start_new_session=True)
        self.stdout.write(f"Background worker started (process {process.pid}).")
        return process

    def _worker_stop(self, process: subprocess.Popen) -> None:
        process.terminate()
        try:
            process.wait(WORKER_STOP_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
