"""`importseeds`: idempotent, one transaction per file, editors' work kept."""

import hashlib
import json
import shutil
import subprocess
import threading
import time
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from articles.importing.locking import advisory_lock_ids, file_lock_keys
from articles.importing.values import article_fingerprint
from articles.models import Article, Claim, Image, Source
from articles.parsing import parse_seed
from tests.conftest import ROOT, SEED
from tests.site_factories import publish

pytestmark = pytest.mark.django_db

SEED_NAME = SEED.name
HEADLINE = SEED.read_text(encoding="utf-8").splitlines()[0]
# A paragraph of the seed that holds no attributed statement, and one that does.
PLAIN_PARAGRAPH_START = "حيث أطلقت القوات التي يقودها الأكراد"
UNICEF_PARAGRAPH_START = "من جانبها، قالت منظمة الأمم المتحدة للطفولة"


def write_version(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def replace_line_starting(text: str, start: str, new_line: str | None) -> str:
    lines = text.split("\n")
    index = next(i for i, line in enumerate(lines) if line.startswith(start))
    if new_line is None:
        del lines[index : index + 2]  # the line and the blank line after it
    else:
        lines[index] = new_line
    return "\n".join(lines)


def test_import_creates_the_article_with_its_provenance(seeds_dir, importseeds):
    run = importseeds(seeds_dir)

    assert run.code == 0
    article = Article.objects.get()
    assert article.title == HEADLINE
    assert article.source.name == "عربي بوست"
    assert article.external_id == "4ec7ee0256ef7471"
    assert article.file_name == SEED_NAME
    assert article.sha256 == hashlib.sha256(SEED.read_bytes()).hexdigest()
    assert article.encoding == "utf-8"
    assert article.parser_version
    assert article.imported_at is not None
    assert len([b for b in article.body if b["type"] == "paragraph"]) == 18
    assert len([b for b in article.body if b["type"] == "heading"]) == 5
    assert [image.credit for image in article.images.order_by("position")] == [
        "Getty Images",
        "تويتر",
        "تويتر",
        "تويتر",
    ]
    assert article.images.get(is_lead=True).position == 0
    assert article.claims.count() >= 4
    assert article.history.count() == 1


def test_every_imported_row_has_a_first_revision_naming_the_file(seeds_dir, importseeds):
    importseeds(seeds_dir)
    article = Article.objects.get()

    for model, rows, fields in (
        (Article, [article], ["title", "slug", "body", "published_at", "sha256", "source_id"]),
        (Image, article.images.all(), ["article_id", "position", "caption", "credit", "is_lead"]),
        (Claim, article.claims.all(), ["article_id", "speaker_id", "statement", "figures"]),
    ):
        assert rows
        for row in rows:
            revision = model.history.get(id=row.pk)
            assert revision.history_type == "+"
            assert revision.history_change_reason == f"imported from {SEED_NAME}"
            assert {name: getattr(revision, name) for name in fields} == {
                name: getattr(row, name) for name in fields
            }


def test_reading_order_places_images_between_the_blocks_they_stood_between(seeds_dir, importseeds):
    importseeds(seeds_dir)
    order = Article.objects.get().reading_order()

    kinds = [block["type"] for block in order]
    assert kinds[0] == "image"  # the lead photo comes before the text
    second_image = [i for i, kind in enumerate(kinds) if kind == "image"][1]
    assert order[second_image - 1]["text"].startswith("لكن الصحيفة الأمريكية")
    assert order[second_image + 1]["text"].startswith(PLAIN_PARAGRAPH_START)


def test_importing_again_changes_nothing_and_says_so(seeds_dir, importseeds):
    importseeds(seeds_dir)
    article = Article.objects.get()

    run = importseeds(seeds_dir)

    assert run.code == 0
    assert "Nothing changed" in run.stdout
    again = Article.objects.get()
    assert again.modified_at == article.modified_at
    assert again.history.count() == 1
    assert Image.history.count() == 4


def test_exact_duplicate_under_another_name_is_recognised(seeds_dir, importseeds):
    shutil.copy(SEED, seeds_dir / "copy-of-the-seed.txt")

    run = importseeds("--json", seeds_dir)

    assert sorted(run.statuses()) == ["created", "duplicate"]
    assert Article.objects.count() == 1


def test_new_version_with_the_same_id_updates_the_article_in_place(
    seeds_dir, seed_text, importseeds
):
    importseeds(seeds_dir)
    original = Article.objects.get()
    new_text = replace_line_starting(
        seed_text, PLAIN_PARAGRAPH_START, "فقرة جديدة أضافها المحرر في النسخة المحدثة."
    )
    write_version(seeds_dir, SEED_NAME, new_text)

    run = importseeds("--json", seeds_dir)

    assert run.statuses() == ["updated"]
    article = Article.objects.get()
    assert article.pk == original.pk
    assert "فقرة جديدة أضافها المحرر في النسخة المحدثة." in article.paragraphs
    assert article.sha256 == hashlib.sha256(new_text.encode()).hexdigest()
    assert article.history.count() == 2
    assert article.history.earliest().sha256 == original.sha256


def test_new_version_without_an_id_is_matched_on_source_time_and_headline(
    tmp_path, seed_text, importseeds
):
    folder = tmp_path / "plain-names"
    folder.mkdir()
    write_version(folder, "report.txt", seed_text)
    importseeds(folder)
    changed = replace_line_starting(seed_text, PLAIN_PARAGRAPH_START, "نص مختلف للفقرة.")
    write_version(folder, "report-v2.txt", changed)

    run = importseeds("--json", folder / "report-v2.txt")

    assert run.statuses() == ["updated"]
    assert Article.objects.count() == 1
    assert "نص مختلف للفقرة." in Article.objects.get().paragraphs


def test_an_older_version_does_not_roll_the_article_back(seeds_dir, seed_text, importseeds):
    old = seeds_dir / SEED_NAME
    importseeds(old)
    keep_old = old.read_bytes()
    write_version(seeds_dir, SEED_NAME, seed_text.replace("تحميل المزيد", "") + "\nخاتمة جديدة.\n")
    importseeds(old)

    old.write_bytes(keep_old)
    run = importseeds("--json", old)

    assert run.statuses() == ["unchanged"]
    assert "خاتمة جديدة." in Article.objects.get().paragraphs


def test_a_field_only_an_editor_changed_survives_reimport(seeds_dir, seed_text, importseeds):
    importseeds(seeds_dir)
    article = Article.objects.get()
    article.title = "عنوان صححه المحرر"
    article.save()
    write_version(
        seeds_dir,
        SEED_NAME,
        replace_line_starting(seed_text, PLAIN_PARAGRAPH_START, "فقرة من المصدر تغيرت."),
    )

    importseeds(seeds_dir)

    article.refresh_from_db()
    assert article.title == "عنوان صححه المحرر"
    assert "فقرة من المصدر تغيرت." in article.paragraphs
    assert article.merge_warnings == []


def test_archives_imported_by_earlier_versions_still_tell_editors_edits_apart(
    seeds_dir, importseeds
):
    """``as_imported`` keeps, per field, blake2b-64 of "s" + the text, or of the value's
    compact sorted JSON: the format earlier versions stored. A digest computed any other
    way would make every field of an archived row look edited by an editor."""
    importseeds(seeds_dir)
    claim = Claim.objects.exclude(speaker=None).first()
    image = Image.objects.get(is_lead=True)

    def digest(value):
        if isinstance(value, str):
            data = b"s" + value.encode()
        else:
            data = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
            data = data.encode()
        return hashlib.blake2b(data, digest_size=8).hexdigest()

    for row, fields in [
        (claim, ["paragraph", "speaker_id", "statement", "is_direct_quote", "figures"]),
        (image, ["position", "caption", "credit", "is_lead"]),
    ]:
        assert {name: row.as_imported[name] for name in fields} == {
            name: digest(getattr(row, name)) for name in fields
        }


def test_where_editor_and_source_both_changed_the_editor_wins_with_a_warning(
    seeds_dir, seed_text, importseeds
):
    importseeds(seeds_dir)
    article = Article.objects.get()
    article.title = "عنوان صححه المحرر"
    article.save()
    write_version(seeds_dir, SEED_NAME, seed_text.replace(HEADLINE, "عنوان جديد من المصدر", 1))

    run = importseeds("--json", seeds_dir)

    article.refresh_from_db()
    assert article.title == "عنوان صححه المحرر"
    assert any("title" in warning for warning in article.merge_warnings)
    assert any("title" in warning for warning in run.report["files"][0]["warnings"])


def test_a_reviewed_claim_keeps_its_review_when_its_text_is_unchanged(
    seeds_dir, seed_text, importseeds
):
    importseeds(seeds_dir)
    claim = Claim.objects.filter(statement__contains="45").get()
    publish(claim, "verified", review_note="checked against UNICEF's release")
    write_version(
        seeds_dir,
        SEED_NAME,
        replace_line_starting(seed_text, PLAIN_PARAGRAPH_START, "فقرة من المصدر تغيرت."),
    )

    importseeds(seeds_dir)

    claim.refresh_from_db()
    assert claim.verdict.slug == "verified"
    assert claim.review_note == "checked against UNICEF's release"
    assert claim.in_current_text


def test_a_reviewed_claim_whose_sentence_disappeared_is_kept_and_marked(
    seeds_dir, seed_text, importseeds
):
    importseeds(seeds_dir)
    claim = Claim.objects.filter(statement__contains="45").get()
    publish(claim, "disputed")
    unreviewed = Claim.objects.exclude(pk=claim.pk).count()
    write_version(
        seeds_dir, SEED_NAME, replace_line_starting(seed_text, UNICEF_PARAGRAPH_START, None)
    )

    importseeds(seeds_dir)

    claim.refresh_from_db()
    assert claim.verdict.slug == "disputed"
    assert not claim.in_current_text
    assert Claim.objects.exclude(pk=claim.pk).count() == unreviewed


def test_bad_files_are_reported_by_name_and_the_rest_import(seeds_dir, importseeds):
    (seeds_dir / "001_empty.txt").write_bytes(b"")
    (seeds_dir / "002_binary.txt").write_bytes(bytes(range(256)) * 4)

    run = importseeds(seeds_dir)

    assert run.code == 1
    failures = [line for line in run.stderr.splitlines() if line.startswith("FAILED")]
    assert len(failures) == 2
    assert "001_empty.txt" in failures[0]
    assert "002_binary.txt" in failures[1]
    assert Article.objects.count() == 1


def test_a_file_the_database_refuses_midway_leaves_nothing_behind(seeds_dir, importseeds):
    # A real failure after the article row is written: the images insert is refused.
    with connection.cursor() as cursor:
        cursor.execute(
            """
            CREATE FUNCTION refuse_marked_images() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.caption LIKE '%%REFUSE%%' THEN RAISE EXCEPTION 'image refused'; END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER refuse_marked_images BEFORE INSERT ON articles_image
            FOR EACH ROW EXECUTE FUNCTION refuse_marked_images();
            """
        )
    text = SEED.read_text(encoding="utf-8")
    bad = text.replace("قوات كردية مع قوات تابعة", "REFUSE قوات كردية مع قوات تابعة", 1)
    bad = bad.replace(HEADLINE, "نسخة ستفشل", 1)
    write_version(seeds_dir, "003_0123456789abcdef.txt", bad)

    run = importseeds("--json", seeds_dir)

    assert run.code == 1
    by_name = {Path(f["path"]).name: f for f in run.report["files"]}
    assert by_name["003_0123456789abcdef.txt"]["status"] == "failed"
    assert "image refused" in by_name["003_0123456789abcdef.txt"]["error"]
    assert by_name[SEED_NAME]["status"] == "created"
    assert list(Article.objects.values_list("title", flat=True)) == [HEADLINE]


def test_dry_run_reports_and_writes_nothing(seeds_dir, importseeds):
    run = importseeds("--dry-run", "--json", seeds_dir)

    assert run.statuses() == ["created"]
    assert run.report["summary"]["dry_run"] is True
    assert Article.objects.count() == 0
    assert Source.objects.count() == 0


def test_json_report_lists_each_file_with_its_outcome(seeds_dir, importseeds):
    (seeds_dir / "001_empty.txt").write_bytes(b"")

    run = importseeds("--json", seeds_dir)

    files = {Path(f["path"]).name: f for f in run.report["files"]}
    assert set(files[SEED_NAME]) == {"path", "status", "article_id", "warnings", "error"}
    assert files[SEED_NAME]["article_id"] == Article.objects.get().pk
    assert files["001_empty.txt"]["status"] == "failed"
    assert "001_empty.txt" in files["001_empty.txt"]["error"]
    assert run.report["summary"]["created"] == 1
    assert run.report["summary"]["failed"] == 1


def test_importing_again_repeats_the_files_warnings(seeds_dir, importseeds, seed_text):
    (seeds_dir / SEED_NAME).write_text(
        seed_text.replace("2022/01/28 الساعة 07:50", "2022/02/30 الساعة 07:50"), encoding="utf-8"
    )
    first = importseeds("--json", seeds_dir).report["files"][0]

    again = importseeds("--json", seeds_dir).report["files"][0]

    assert first["status"] == "created"
    assert any("2022/02/30" in warning for warning in first["warnings"])
    assert again["status"] == "unchanged"
    assert again["warnings"] == first["warnings"]


def test_a_missing_path_is_a_clear_error(tmp_path, importseeds):
    run = importseeds(tmp_path / "nowhere")

    assert run.code != 0
    assert "nowhere" in run.stderr


@pytest.mark.django_db(transaction=True)
def test_two_importers_at_once_make_no_duplicates(tmp_path, seed_text, subprocess_env, python):
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(12):
        text = seed_text.replace(HEADLINE, f"{HEADLINE} ({n})", 1)
        write_version(folder, f"{n:03d}_{n:016x}.txt", text)
        # The same article again under a plain name: a duplicate both processes race on.
        write_version(folder, f"copy-{n}.txt", text)

    command = [python, str(ROOT / "manage.py"), "importseeds", str(folder)]
    first = subprocess.Popen(
        command, env=subprocess_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    second = subprocess.Popen(
        command, env=subprocess_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    outputs = [first.communicate(timeout=120), second.communicate(timeout=120)]

    assert [first.returncode, second.returncode] == [0, 0], outputs
    assert Article.objects.count() == 12
    assert Source.objects.count() == 1
    assert Image.objects.count() == 12 * 4


@pytest.mark.django_db(transaction=True)
def test_a_large_folder_imports_in_parallel_with_results_in_order(
    tmp_path, seed_text, subprocess_env, python
):
    folder = tmp_path / "large"
    folder.mkdir()
    for n in range(70):
        write_version(folder, f"{n:03d}_{n:016x}.txt", seed_text.replace(HEADLINE, f"خبر {n}", 1))
    (folder / "035_broken.txt").write_bytes(b"\x00\x01binary")

    result = subprocess.run(
        [python, str(ROOT / "manage.py"), "importseeds", "--jobs", "2", "--json", str(folder)],
        env=subprocess_env,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert result.returncode == 1
    report = json.loads(result.stdout)
    names = [Path(entry["path"]).name for entry in report["files"]]
    assert names == sorted(names)
    summary = report["summary"]
    assert (summary["total"], summary["created"], summary["failed"]) == (71, 70, 1)
    assert "035_broken.txt" in result.stderr
    assert Article.objects.count() == 70


@pytest.mark.django_db(transaction=True)
def test_after_a_large_import_the_planner_knows_the_archive_size(tmp_path, seed_text, importseeds):
    # Servers can run with autovacuum off (or behind a bulk load); without statistics
    # PostgreSQL plans the importer's and the API's lookups as whole-table scans.
    folder = tmp_path / "large"
    folder.mkdir()
    for n in range(60):
        write_version(folder, f"{n:03d}_{n:016x}.txt", seed_text.replace(HEADLINE, f"خبر {n}", 1))

    assert importseeds(folder).code == 0

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples FROM pg_class WHERE relname = ANY(%s)",
            [["articles_article", "articles_claim"]],
        )
        estimates = dict(cursor.fetchall())
    assert estimates["articles_article"] == Article.objects.count() == 60
    assert estimates["articles_claim"] == Claim.objects.count()


@pytest.mark.django_db(transaction=True)
def test_a_file_that_meets_a_deadlock_is_tried_again(tmp_path, seed_text, importseeds):
    folder = tmp_path / "one"
    folder.mkdir()
    path = write_version(folder, SEED_NAME, seed_text)
    parsed = parse_seed(path.read_bytes(), filename=str(path))
    first, second = advisory_lock_ids(
        file_lock_keys(article_fingerprint(parsed), parsed.external_id)
    )
    outcome = {}

    def run_import():
        try:
            outcome["run"] = importseeds(folder)
        finally:
            connection.close()  # this thread's own connection

    # Another session holds the importer's second lock; once the importer holds the
    # first and waits, it asks for the first: a deadlock, which PostgreSQL breaks
    # by failing the session that has waited longer, the importer's.
    with psycopg.connect(**connection.get_connection_params()) as other:
        other.execute("SELECT pg_advisory_xact_lock(%s)", [second])
        importer = threading.Thread(target=run_import)
        importer.start()
        time.sleep(0.5)
        started = time.monotonic()
        other.execute("SELECT pg_advisory_xact_lock(%s)", [first])
        waited = time.monotonic() - started
        other.commit()
        importer.join(timeout=60)

    assert waited > 0.3  # it waited for the importer's transaction to fail
    assert outcome["run"].code == 0, outcome["run"].stderr
    assert Article.objects.count() == 1
