"""A throwaway PostgreSQL cluster on loopback for the test suite, removed afterwards.

PostgreSQL refuses to run as root, so when we are root the cluster belongs to the
``postgres`` system user and its commands run through ``runuser``.
"""

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


class PostgresUnavailable(RuntimeError):
    pass


def _bindir() -> Path:
    found = shutil.which("initdb")
    if found:
        return Path(os.path.realpath(found)).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if candidates:
        return Path(candidates[-1]).parent
    raise PostgresUnavailable("PostgreSQL server binaries (initdb, pg_ctl) not found; install with: apt-get install postgresql")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def throwaway_cluster():
    """Yield a DATABASE_URL for a fresh cluster listening on 127.0.0.1; remove it on exit."""
    bindir = _bindir()
    as_root = os.geteuid() == 0
    owner = None
    if as_root:
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError as exc:
            raise PostgresUnavailable("running as root but no 'postgres' system user to own the cluster") from exc
    prefix = ["runuser", "-u", "postgres", "--"] if as_root else []
    workdir = Path(tempfile.mkdtemp(prefix="yangguang-pg-"))
    data, sockets = workdir / "data", workdir / "run"
    sockets.mkdir()
    if owner:
        for path in (workdir, sockets):
            os.chown(path, owner.pw_uid, owner.pw_gid)
    port = _free_port()
    run = lambda *args: subprocess.run(prefix + list(args), check=True, capture_output=True, text=True)  # noqa: E731
    try:
        run(str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")
        options = (
            f"-h 127.0.0.1 -p {port} -k {sockets} -c fsync=off -c synchronous_commit=off "
            "-c full_page_writes=off -c max_connections=100"
        )
        run(str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(workdir / "log"), "-w", "start")
    except subprocess.CalledProcessError as exc:
        shutil.rmtree(workdir, ignore_errors=True)
        raise PostgresUnavailable(f"could not start PostgreSQL: {exc.stderr or exc.stdout}") from exc
    try:
        run(str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "yangguang")
        yield f"postgres://postgres@127.0.0.1:{port}/yangguang"
    finally:
        subprocess.run(prefix + [str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"], capture_output=True)
        shutil.rmtree(workdir, ignore_errors=True)
