"""Every file version remembered: an earlier version under any name is recognised, and
`verify` re-hashes a folder against the archive (changed, unknown, missing)."""

import hashlib
import json
import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from articles.models import Article, ImportedFile
from tests.conftest import ROOT, SEED

pytestmark = pytest.mark.django_db

UPDATE_NAME = "017_4ec7ee0256ef7471.txt"  # the seed's id: a new version of it
HEADLINE = SEED.read_text(encoding="utf-8").splitlines()[0]


@pytest.fixture
def updated(seeds_dir, seed_text, importseeds) -> Path:
    """The seed imported, then its update (same id, a new headline) imported too."""
    assert importseeds(seeds_dir).code == 0
    update = seeds_dir / UPDATE_NAME
    update.write_text(seed_text.replace(HEADLINE, "عنوان محدث للخبر", 1), encoding="utf-8")
    assert importseeds(update).code == 0
    return update


class VerifyRun:
    def __init__(self, code: int, stdout: str):
        self.code, self.stdout = code, stdout

    @property
    def report(self) -> dict:
        return json.loads(self.stdout)

    def statuses(self) -> dict[str, str]:
        return {Path(entry["path"]).name: entry["status"] for entry in self.report["files"]}


def verify(*args) -> VerifyRun:
    stdout = StringIO()
    try:
        call_command("verify", *map(str, args), stdout=stdout, stderr=StringIO())
        code = 0
    except CommandError as error:
        code = error.returncode
    return VerifyRun(code, stdout.getvalue())


def test_the_seed_s_original_bytes_under_another_name_are_its_earlier_version(
    seeds_dir, updated, tmp_path, importseeds
):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    copy = shutil.copy(seeds_dir / SEED.name, elsewhere / "an-old-copy.txt")

    run = importseeds("--json", copy)

    assert run.code == 0
    [entry] = run.report["files"]
    assert entry["status"] == "duplicate"
    assert any("older version" in warning for warning in entry["warnings"])
    article = Article.objects.get()  # no second article
    assert (article.title, article.file_name) == ("عنوان محدث للخبر", UPDATE_NAME)


def test_the_seed_imported_again_after_its_update_rolls_nothing_back(
    seeds_dir, updated, importseeds
):
    run = importseeds("--json", seeds_dir / SEED.name)

    [entry] = run.report["files"]
    assert entry["status"] == "unchanged"
    assert any("older version" in warning for warning in entry["warnings"])
    assert Article.objects.get().title == "عنوان محدث للخبر"


def test_every_version_is_recorded_with_its_size_name_folder_and_parser_version(
    seeds_dir, updated, tmp_path, importseeds
):
    copy = shutil.copy(seeds_dir / SEED.name, tmp_path / "an-old-copy.txt")
    importseeds(copy)

    article = Article.objects.get()
    versions = {v.file_name: v for v in ImportedFile.objects.filter(article=article).order_by("id")}
    assert list(versions) == [SEED.name, UPDATE_NAME, "an-old-copy.txt"]
    original = (seeds_dir / SEED.name).read_bytes()
    seed_version = versions[SEED.name]
    assert seed_version.sha256 == hashlib.sha256(original).hexdigest()
    assert (seed_version.size, seed_version.outcome) == (len(original), "created")
    assert seed_version.folder == str(seeds_dir)
    assert seed_version.parser_version == article.parser_version != ""
    assert versions[UPDATE_NAME].outcome == "updated"
    assert versions[UPDATE_NAME].sha256 == article.sha256
    assert versions["an-old-copy.txt"].outcome == "older"
    assert versions["an-old-copy.txt"].sha256 == seed_version.sha256


def test_importing_the_same_file_again_records_no_new_version(seeds_dir, importseeds):
    importseeds(seeds_dir)
    importseeds(seeds_dir)

    assert ImportedFile.objects.count() == 1


def test_the_migration_remembers_the_versions_the_revisions_name(updated, seeds_dir):
    article = Article.objects.get()
    (latest,) = MigrationExecutor(connection).loader.graph.leaf_nodes("articles")
    # Back to before versions were recorded (the table goes), and forward again: the
    # backfill finds both versions in the article's revisions.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the table's rows are checked
    MigrationExecutor(connection).migrate([("articles", "0016_site_list_indexes")])
    MigrationExecutor(connection).migrate([latest])

    backfilled = ImportedFile.objects.filter(article_id=article.pk).order_by("imported_at")
    assert [(v.file_name, v.outcome, v.size) for v in backfilled] == [
        (SEED.name, "created", None),
        (UPDATE_NAME, "updated", None),
    ]
    assert backfilled[1].sha256 == article.sha256
    assert backfilled[0].sha256 == hashlib.sha256(SEED.read_bytes()).hexdigest()


def test_verify_finds_a_folder_as_imported(seeds_dir, updated):
    run = verify("--json", seeds_dir)

    assert run.code == 0
    assert run.statuses() == {SEED.name: "ok", UPDATE_NAME: "ok"}
    assert run.report["summary"] == {"ok": 2, "changed": 0, "unknown": 0, "missing": 0}


def test_verify_reports_changed_unknown_and_missing_files_and_fails(seeds_dir, updated, seed_text):
    (seeds_dir / SEED.name).write_text(seed_text + "\nسطر أضيف بعد الاستيراد\n", encoding="utf-8")
    (seeds_dir / "999_never_imported.txt").write_text("خبر لم يستورد", encoding="utf-8")
    (seeds_dir / UPDATE_NAME).unlink()

    run = verify("--json", seeds_dir)

    assert run.code == 1
    assert run.statuses() == {
        SEED.name: "changed",
        "999_never_imported.txt": "unknown",
        UPDATE_NAME: "missing",
    }
    missing = next(e for e in run.report["files"] if e["status"] == "missing")
    assert missing["expected_sha256"] == Article.objects.get().sha256


def test_verify_names_an_earlier_version_in_place_of_the_current_one(seeds_dir, updated):
    earlier = (seeds_dir / SEED.name).read_bytes()
    (seeds_dir / UPDATE_NAME).write_bytes(earlier)  # the update's name, the seed's bytes

    run = verify(seeds_dir / UPDATE_NAME)

    assert run.code == 1
    assert f"CHANGED {seeds_dir / UPDATE_NAME}: an earlier version" in run.stdout
    assert "1 file(s): 0 ok, 1 changed, 0 unknown, 0 missing." in run.stdout


def test_verify_of_a_single_file_does_not_look_for_missing_ones(seeds_dir, updated):
    run = verify(seeds_dir / SEED.name)

    assert (run.code, run.stdout.strip()) == (
        0,
        "1 file(s): 1 ok, 0 changed, 0 unknown, 0 missing.",
    )


@pytest.mark.django_db(transaction=True)
def test_verify_prints_a_name_with_a_newline_on_one_line(tmp_path, subprocess_env):
    odd = tmp_path / "forged\nOK line.txt"
    odd.write_text("خبر", encoding="utf-8")

    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "verify", str(odd)],
        env=subprocess_env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == f"UNKNOWN {tmp_path}/forged\\nOK line.txt"
    assert len(lines) == 2
