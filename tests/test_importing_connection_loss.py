"""`importseeds` when the database drops its connections mid-run: nothing lost, it carries on.

Real terminations, as an operator or a server restart makes them: a trigger
that ends its own backend while one file is written, and another session ending
the importer's backends (while it analyzes, or at any moment of the run).
"""

import json
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from articles.models import Article
from tests.conftest import ROOT
from tests.test_importing_faults import good_article

pytestmark = pytest.mark.django_db(transaction=True)

# Ends the backend that inserts an article whose headline carries the mark.
TERMINATE_ON_MARK_SQL = """
CREATE FUNCTION terminate_on_mark() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.title LIKE '%%CUT%%' THEN PERFORM pg_terminate_backend(pg_backend_pid()); END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER terminate_on_mark BEFORE INSERT ON articles_article
FOR EACH ROW EXECUTE FUNCTION terminate_on_mark();
"""
DROP_TERMINATE_ON_MARK_SQL = """
DROP TRIGGER IF EXISTS terminate_on_mark ON articles_article;
DROP FUNCTION IF EXISTS terminate_on_mark();
"""
OTHER_BACKENDS_SQL = """
SELECT pid FROM pg_stat_activity
WHERE datname = current_database() AND pid <> pg_backend_pid() AND pid <> ALL(%s) {condition}
"""


@pytest.fixture
def terminate_on_mark():
    with connection.cursor() as cursor:
        cursor.execute(TERMINATE_ON_MARK_SQL)
    yield
    with connection.cursor() as cursor:
        cursor.execute(DROP_TERMINATE_ON_MARK_SQL)


def folder_of_articles(folder: Path, count: int) -> Path:
    folder.mkdir()
    for n in range(count):
        (folder / f"{n:03d}_{n:016x}.txt").write_text(good_article(n), encoding="utf-8")
    return folder


def importseeds_process(folder: Path, env: dict, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "importseeds", "--json", *args, str(folder)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def own_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def terminate(other: psycopg.Connection, spared: list[int], condition: str = "") -> list[int]:
    """End the other backends of the test database (the importer's); their pids."""
    pids = [
        row[0] for row in other.execute(OTHER_BACKENDS_SQL.format(condition=condition), [spared])
    ]
    for pid in pids:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
    return pids


def test_a_lost_connection_fails_only_the_file_in_flight_and_the_run_carries_on(
    tmp_path, subprocess_env, terminate_on_mark
):
    folder = folder_of_articles(tmp_path / "seeds", 70)  # enough for worker processes
    cut = folder / "035_cut.txt"
    cut.write_text(good_article(35).replace("افتتاح", "CUT افتتاح", 1), encoding="utf-8")
    spared = [own_pid()]
    terminated_while_analyzing: list[int] = []

    def end_the_analyze():
        # Holding this lock makes the importer's ANALYZE wait, not its inserts; then
        # its backend is ended while it waits.
        with (
            psycopg.connect(**connection.get_connection_params()) as holder,
            psycopg.connect(**connection.get_connection_params(), autocommit=True) as other,
        ):
            holder.execute("LOCK TABLE articles_article IN SHARE UPDATE EXCLUSIVE MODE")
            spared.extend([holder.info.backend_pid])
            started.set()
            deadline = time.monotonic() + 180
            while not terminated_while_analyzing and time.monotonic() < deadline:
                terminated_while_analyzing.extend(
                    terminate(
                        other, spared, "AND wait_event_type = 'Lock' AND query ILIKE 'ANALYZE%%'"
                    )
                )
                time.sleep(0.05)
            holder.rollback()

    started = threading.Event()
    watcher = threading.Thread(target=end_the_analyze)
    watcher.start()
    started.wait(30)
    run = importseeds_process(folder, subprocess_env, "--jobs", "2")
    stdout, stderr = run.communicate(timeout=240)
    watcher.join(60)

    assert run.returncode == 1, stderr
    assert len(terminated_while_analyzing) == 1
    lines = [line for line in stderr.splitlines() if line]
    # What the client saw depends on when the server's notice arrived: "terminating
    # connection due to administrator command" or "the connection is closed".
    assert len(lines) == 2, stderr
    assert re.fullmatch(
        rf"FAILED {re.escape(str(cut))}: the database connection was lost \(.+\); "
        "import the file again",
        lines[0],
    ), lines[0]
    assert lines[1] == "CommandError: 1 of 71 file(s) failed; see the lines above."
    report = json.loads(stdout)
    assert (report["summary"]["total"], report["summary"]["created"]) == (71, 70)
    assert Article.objects.count() == 70
    # The statistics were gathered after all, on a new connection.
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'articles_article'")
        assert cursor.fetchone()[0] == 70

    with connection.cursor() as cursor:
        cursor.execute(DROP_TERMINATE_ON_MARK_SQL)
    rerun = importseeds_process(folder, subprocess_env, "--jobs", "2")
    stdout, stderr = rerun.communicate(timeout=240)

    assert rerun.returncode == 0, stderr
    assert json.loads(stdout)["summary"] | {"dry_run": None} == {
        "total": 71, "dry_run": None, "created": 1, "updated": 0, "unchanged": 70,
        "duplicate": 0, "failed": 0, "skipped": 0,
    }  # fmt: skip
    assert Article.objects.count() == 71


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_connections_ended_at_any_moment_lose_nothing(tmp_path, subprocess_env, jobs):
    folder = folder_of_articles(tmp_path / "seeds", 160)
    spared = [own_pid()]
    terminations: list[list[int]] = []

    with psycopg.connect(**connection.get_connection_params(), autocommit=True) as other:
        run = importseeds_process(folder, subprocess_env, "--jobs", jobs)
        for threshold in (40, 110):
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and run.poll() is None:
                (count,) = other.execute("SELECT count(*) FROM articles_article").fetchone()
                if count >= threshold:
                    terminations.append(terminate(other, spared))
                    break
                time.sleep(0.02)
        stdout, stderr = run.communicate(timeout=240)

    assert len(terminations) == 2, "the run ended before both terminations"
    assert all(terminations)
    report = json.loads(stdout)
    assert len(report["files"]) == 160
    failed = [entry for entry in report["files"] if entry["status"] == "failed"]
    assert all("the database connection was lost" in entry["error"] for entry in failed), [
        e["error"] for e in failed
    ]
    assert run.returncode == (1 if failed else 0), stderr
    assert "Traceback" not in stderr
    assert Article.objects.count() == report["summary"]["created"] == 160 - len(failed)

    rerun = importseeds_process(folder, subprocess_env, "--jobs", jobs)
    stdout, stderr = rerun.communicate(timeout=240)

    assert rerun.returncode == 0, stderr
    assert Article.objects.count() == 160
