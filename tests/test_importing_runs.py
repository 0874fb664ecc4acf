"""The same files make the same archive however a run imports them: in any order, with any
--jobs, three importers at once, a run killed with kill -9 and resumed. Compared by
digests of whole tables in natural keys (no ids): articles, claims, speakers and the
contradictions proposed between claims."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from bench.archive_runs import DIGEST_SQL, DIGEST_TABLES, EMPTY_SQL
from bench.generate import generate
from tests.conftest import ROOT

pytestmark = pytest.mark.django_db(transaction=True)

MANAGE = str(ROOT / "manage.py")


def archive_digest() -> dict[str, tuple[int, str]]:
    """Per table: its row count and the md5 of its rows in natural keys, sorted."""
    digest = {}
    with connection.cursor() as cursor:
        for table, rows in DIGEST_TABLES.items():
            cursor.execute(DIGEST_SQL.format(rows=rows))
            digest[table] = cursor.fetchone()
    return digest


def empty_archive() -> None:
    with connection.cursor() as cursor:
        cursor.execute(EMPTY_SQL)


def pending_comparisons() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM articles_pendingcomparison")
        return int(cursor.fetchone()[0])


def article_count() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM articles_article")
        return int(cursor.fetchone()[0])


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """240 generated articles published within 20 days: many claims of the same days, so
    thousands of contradictions to propose across articles."""
    folder = tmp_path_factory.mktemp("generated")
    generate(folder, 240, seed=15, days=20)
    return folder


def files(folder: Path) -> list[str]:
    return sorted(str(path) for path in folder.glob("*.txt"))


def importseeds(env: dict, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, MANAGE, "importseeds", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen) -> None:
    out, err = process.communicate(timeout=600)
    assert process.returncode == 0, (out, err)


_reference: dict[str, dict] = {}


@pytest.fixture
def reference(folder, subprocess_env) -> dict:
    """The digest of one plain run (the files in order, one process), made once."""
    if "digest" not in _reference:
        empty_archive()
        finish(importseeds(subprocess_env, "--jobs", "1", str(folder)))
        _reference["digest"] = archive_digest()
        empty_archive()
    return _reference["digest"]


def test_the_generated_files_make_contradictions_across_articles(reference):
    # Otherwise the comparisons below would prove little about proposals.
    assert reference["relations"][0] > 1000
    assert reference["speakers"][0] > 100


def test_files_in_reverse_order_make_the_same_archive(folder, reference, subprocess_env):
    finish(importseeds(subprocess_env, "--jobs", "1", *reversed(files(folder))))

    assert archive_digest() == reference


def test_two_worker_processes_make_the_same_archive(folder, reference, subprocess_env):
    finish(importseeds(subprocess_env, "--jobs", "2", str(folder)))

    assert archive_digest() == reference


def test_three_importers_at_once_make_the_same_archive(folder, reference, subprocess_env):
    runs = [
        importseeds(subprocess_env, "--jobs", "1", str(folder)),
        importseeds(subprocess_env, "--jobs", "1", *reversed(files(folder))),
        importseeds(subprocess_env, "--jobs", "2", str(folder)),
    ]
    for run in runs:
        finish(run)

    assert archive_digest() == reference


def test_a_folder_imported_in_parts_makes_the_same_archive(folder, reference, subprocess_env):
    names = files(folder)
    finish(importseeds(subprocess_env, "--jobs", "1", *names[1::2]))
    finish(importseeds(subprocess_env, "--jobs", "1", *names[::2]))

    assert archive_digest() == reference


def test_a_run_killed_mid_way_then_run_again_makes_the_same_archive(
    folder, reference, subprocess_env
):
    run = importseeds(subprocess_env, "--jobs", "1", str(folder))
    # Killed while some written articles still wait for their comparison (a batch's files
    # are in, its comparison not yet made): the run that made them never will.
    deadline = time.monotonic() + 300
    while not (article_count() >= 40 and pending_comparisons() > 0):
        assert run.poll() is None, "the run ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.01)
    os.kill(run.pid, signal.SIGKILL)
    run.wait()
    left = pending_comparisons()
    assert 0 < article_count() < 240
    assert left > 0

    finish(importseeds(subprocess_env, "--jobs", "1", str(folder)))

    assert pending_comparisons() == 0
    assert archive_digest() == reference
