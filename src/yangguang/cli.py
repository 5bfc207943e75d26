"""The ``yangguang`` console script: Django's manage commands plus our own.

Our commands use hyphens on the command line (``import-catalog``) and underscores as
Django command modules (``import_catalog``).
"""

import os
import sys
import tempfile

ALIASES = {
    "import-catalog": "import_catalog",
    "export-catalog": "export_catalog",
    "verify-log": "verify_log",
    "import-benchmarks": "import_benchmarks",
    "export-benchmarks": "export_benchmarks",
}


def _bench_database() -> None:
    """Benchmarks run in a database of their own: BENCH_DATABASE_URL, or a fresh SQLite file."""
    workdir = tempfile.mkdtemp(prefix="yangguang-bench-")
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{workdir}/bench.sqlite3"
    os.environ.setdefault("YANGGUANG_VAR", workdir)


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yangguang.settings")
    if len(argv) > 1:
        argv[1] = ALIASES.get(argv[1], argv[1])
        if argv[1] == "bench":
            _bench_database()
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
