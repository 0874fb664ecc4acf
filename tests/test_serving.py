"""The archive served by gunicorn as ``scripts/run`` starts it (threaded workers), under faults:
connections the database drops, an export that fails half-way, clients that forge their
address. Each test starts its own server on a free port against the test database."""

import contextlib
import http.client
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psycopg
import pytest
import redis
from django.db import connection

from articles.models import Claim

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).with_name("gunicorn")


@pytest.fixture(scope="module")
def redis_url():
    """The machine's Redis at 127.0.0.1:6379; where none answers, one started for these tests."""
    machine = "redis://127.0.0.1:6379/0"
    with contextlib.suppress(redis.exceptions.ConnectionError):
        if redis.Redis.from_url(machine, socket_connect_timeout=2).ping():
            yield machine
            return
    port = free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    try:
        deadline = time.monotonic() + 20
        while True:
            with contextlib.suppress(redis.exceptions.ConnectionError):
                if redis.Redis.from_url(url).ping():
                    break
            if time.monotonic() > deadline:
                raise RuntimeError("redis-server did not start")
            time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def gunicorn(env: dict, *, workers: int = 1, threads: int = 4, timeout: int = 30):
    """gunicorn with the options scripts/run gives it; yields its port."""
    port = free_port()
    server = subprocess.Popen(
        [
            str(GUNICORN),
            "newsarchive.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--worker-class",
            "gthread",
            "--threads",
            str(threads),
            "--timeout",
            str(timeout),
        ],
        cwd=ROOT,
        env={**env, "DJANGO_SECRET_KEY": "t", "DJANGO_DEBUG": "0"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
                break
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(server.stderr.read().decode() if server.stderr else "")
            time.sleep(0.1)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def get(port: int, path: str, headers: dict | None = None) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", path, headers={"Host": "localhost", **(headers or {})})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def terminate_other_connections() -> int:
    """What a database restart or a failover does to the server's idle connections."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def test_requests_after_the_database_dropped_the_connections_answer_200(article, subprocess_env):
    with gunicorn(subprocess_env, threads=4) as port:
        # Every thread holds a connection of its own; warm them all.
        for _ in range(12):
            assert get(port, "/api/v1/sources/")[0] == 200
        assert get(port, "/")[0] == 200

        assert terminate_other_connections() >= 1

        statuses = [get(port, path)[0] for path in ["/api/v1/sources/", "/", "/articles/"] * 6]
        assert statuses == [200] * 18


def many_claims(copies: int) -> int:
    """The seed's claims copied ``copies`` times over (each copy a statement of its own)."""
    columns = [
        str(field.column)
        for field in Claim._meta.concrete_fields
        if field.column != "id" and not getattr(field, "generated", False)
    ]
    values = [
        f"left({column}, 56) || '-' || g" if column == "statement_key" else column
        for column in columns
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Claim._meta.db_table} ({', '.join(columns)}) "
            f"SELECT {', '.join(values)} FROM {Claim._meta.db_table}, generate_series(1, %s) g",
            [copies],
        )
    return Claim.objects.count()


def test_an_export_completes_past_the_workers_timeout_while_pages_answer(article, subprocess_env):
    total = many_claims(600)
    # A 2 s worker timeout, and a client that reads the export over more than 3 s: a sync
    # worker would be killed mid-file; a threaded one keeps its heartbeat.
    with gunicorn(subprocess_env, workers=1, threads=4, timeout=2) as port:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        conn.request("GET", "/api/v1/claims/export.ndjson", headers={"Host": "localhost"})
        export = conn.getresponse()
        first = export.readline()
        # One worker: the page is answered by another of its threads while the export is open.
        status, _ = get(port, "/api/v1/sources/")
        time.sleep(3.5)
        rest = export.read()
        conn.close()

    assert status == 200
    assert export.status == 200
    assert len((first + rest).splitlines()) == total


def test_an_export_that_fails_half_way_is_a_broken_transfer_not_a_whole_file(
    article, subprocess_env
):
    total = many_claims(600)
    with gunicorn(subprocess_env, workers=1, threads=2) as port:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.request("GET", "/api/v1/claims/export.ndjson", headers={"Host": "localhost"})
        export = conn.getresponse()
        assert export.status == 200
        assert export.getheader("Transfer-Encoding") == "chunked"
        export.readline()
        # The export's connection dies between two batches of rows.
        assert terminate_other_connections() >= 1
        with pytest.raises(http.client.IncompleteRead) as broken:
            export.read()
        conn.close()

    received = broken.value.partial.count(b"\n") + 1
    assert received < total


def test_a_forged_x_forwarded_for_does_not_escape_the_rate_limit_across_workers(
    article, subprocess_env, redis_url
):
    prefix = f"newsarchive-test-{uuid.uuid4().hex}"
    env = {
        **subprocess_env,
        "REDIS_URL": redis_url,
        "NEWSARCHIVE_CACHE_KEY_PREFIX": prefix,
        "NEWSARCHIVE_API_ANON_RATE": "10/hour",
        "NEWSARCHIVE_API_CACHE_ENTRIES": "0",
    }
    try:
        with gunicorn(env, workers=2, threads=2) as port:
            statuses = [
                get(port, "/api/v1/sources/", {"X-Forwarded-For": f"203.0.113.{n}"})[0]
                for n in range(30)
            ]
    finally:
        store = redis.Redis.from_url(redis_url)
        keys = list(store.scan_iter(f"{prefix}*"))
        counted = bool(keys)
        if keys:
            store.delete(*keys)

    assert statuses.count(200) == 10
    assert statuses.count(429) == 20
    assert counted  # the counts lived in Redis, shared by both workers


def test_behind_one_proxy_the_address_it_saw_is_the_client(article, subprocess_env, redis_url):
    prefix = f"newsarchive-test-{uuid.uuid4().hex}"
    env = {
        **subprocess_env,
        "REDIS_URL": redis_url,
        "NEWSARCHIVE_CACHE_KEY_PREFIX": prefix,
        "NEWSARCHIVE_API_ANON_RATE": "3/hour",
        "NEWSARCHIVE_NUM_PROXIES": "1",
        "NEWSARCHIVE_API_CACHE_ENTRIES": "0",
    }
    try:
        with gunicorn(env, workers=1, threads=2) as port:
            # The proxy appends the address it saw; what the client wrote before it is ignored.
            one = [
                get(port, "/api/v1/sources/", {"X-Forwarded-For": f"10.0.0.{n}, 198.51.100.7"})[0]
                for n in range(5)
            ]
            other = get(port, "/api/v1/sources/", {"X-Forwarded-For": "198.51.100.8"})[0]
    finally:
        store = redis.Redis.from_url(redis_url)
        keys = list(store.scan_iter(f"{prefix}*"))
        if keys:
            store.delete(*keys)

    assert one == [200, 200, 200, 429, 429]
    assert other == 200


@pytest.mark.parametrize("path", ["/api/v1/articles/", "/articles/", "/api/v1/sources/"])
def test_a_read_whose_connection_dies_between_two_queries_is_answered(client, article, path):
    """The server drops the connection in the middle of a request (after the health check,
    before the view's query): the read is run again on a new connection, and the reader
    gets the page."""
    params = connection.get_connection_params()
    killed: list[int] = []

    def drop_before_the_query(execute, sql, params_, many, context):
        context["connection"].ensure_connection()
        if not killed:
            pid = context["connection"].connection.info.backend_pid
            with psycopg.connect(
                dbname=params["dbname"],
                user=params.get("user"),
                host=params.get("host"),
                port=params.get("port"),
                autocommit=True,
            ) as other:
                other.execute("SELECT pg_terminate_backend(%s)", [pid])
            killed.append(pid)
        return execute(sql, params_, many, context)

    client.get(path)  # warm: the connection exists and the test's rows are there
    with connection.execute_wrapper(drop_before_the_query):
        response = client.get(path)

    assert killed
    assert response.status_code == 200
    assert article.source.name in response.content.decode()
