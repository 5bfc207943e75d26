"""``make test``: the whole suite once on SQLite and once on a throwaway PostgreSQL.

Under CI=true nothing may be skipped: a missing PostgreSQL fails the run. Elsewhere it skips
that tier with a message. Extra arguments go to pytest (``make test ARGS=-x`` style).
"""

import os
import subprocess
import sys
import tempfile

from yangguang.testing.pgcluster import PostgresUnavailable, throwaway_cluster


def _pytest(database_url: str, tier: str) -> int:
    env = dict(os.environ, DATABASE_URL=database_url, YANGGUANG_TEST_TIER=tier)
    env.setdefault("YANGGUANG_VAR", tempfile.mkdtemp(prefix="yangguang-var-"))
    print(f"\n=== test tier: {tier} ===", flush=True)
    return subprocess.call([sys.executable, "-m", "pytest", *sys.argv[1:]], env=env)


def main() -> int:
    in_ci = os.environ.get("CI", "").lower() == "true"
    with tempfile.TemporaryDirectory(prefix="yangguang-sqlite-") as tmp:
        status = _pytest(f"sqlite:///{tmp}/test.sqlite3", "sqlite")
    try:
        with throwaway_cluster() as url:
            status = _pytest(url, "postgresql") or status
    except PostgresUnavailable as exc:
        if in_ci:
            print(f"error: CI=true and the PostgreSQL tier cannot run: {exc}", file=sys.stderr)
            return 1
        print(f"\n=== test tier: postgresql SKIPPED: {exc} ===")
    return status


if __name__ == "__main__":
    sys.exit(main())
