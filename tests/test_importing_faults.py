"""`importseeds` under hostile input: one bad file or entry never stops a run."""

import datetime as dt
import gzip
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from articles.models import Article, Claim, Speaker
from articles.parsing import ParseError, parse_seed
from articles.parsing.seed import MAX_BLOCKS, MAX_FILE_BYTES
from tests.conftest import ROOT, SEED

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
LONG_SPEAKER = "محمد " + "-".join(["عبدالرحمن"] * 35)  # 354 characters, one "word"


def article_text(
    title: str,
    paragraphs: list[str],
    *,
    published: str = "2024/03/05 الساعة 10:00 بتوقيت غرينتش",
) -> str:
    """An article as the scraper saves it: headline, publisher, date line, paragraphs."""
    header = [title, "", "صحيفة المدينة", f"تم النشر: {published}", ""]
    return "\n".join(header + [line for p in paragraphs for line in (p, "")])


def good_article(n: int) -> str:
    return article_text(
        f"افتتاح الحديقة العامة رقم {n} في وسط المدينة",
        [
            f"قال رئيس البلدية محمد أحمد إن الحديقة رقم {n} ستفتح أبوابها للزوار صباح الغد.",
            "وأضاف أن أعمال التشجير استمرت ثلاثة أشهر بمشاركة متطوعين من الأحياء المجاورة.",
        ],
    )


def run_importseeds(*args, env) -> subprocess.CompletedProcess:
    """The real command in its own process: a hang is a failed test, not a stuck suite."""
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "importseeds", *map(str, args)],
        env=env,
        capture_output=True,
        timeout=240,
    )


def lines_starting(text: str, prefix: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith(prefix)]


@pytest.fixture
def hostile_folder(tmp_path) -> Path:
    folder = tmp_path / "hostile"
    folder.mkdir()
    for n in range(3):
        (folder / f"good_{n}.txt").write_text(good_article(n), encoding="utf-8")
    # Entries that are not regular files.
    os.mkfifo(folder / "pipe.txt")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    (folder / "dangling.txt").symlink_to(folder / "nowhere.txt")
    (folder / "folder.txt").mkdir()
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(folder / "sock.txt"))
    listener.close()  # the socket file stays
    # Files that are not articles.
    (folder / "image.txt").write_bytes(PNG + bytes(200))
    (folder / "archive.txt").write_bytes(gzip.compress(good_article(9).encode()))
    (folder / "huge.txt").write_bytes(SEED.read_bytes() * (MAX_FILE_BYTES // 8000))
    many_lines = [f"السطر رقم {n} من نص طويل جدا." for n in range(MAX_BLOCKS + 100)]
    (folder / "many_blocks.txt").write_text(article_text("نص طويل", many_lines), encoding="utf-8")
    # 120,000 distinct words: more than PostgreSQL's tsvector holds (1 MB), within the file limit.
    words = [f"w{n:06x}" for n in range(120_000)]
    distinct = [" ".join(words[i : i + 120]) + "." for i in range(0, len(words), 120)]
    (folder / "distinct_words.txt").write_text(
        article_text("كلمات كثيرة", distinct), encoding="utf-8"
    )
    # Articles with faults the importer takes in, with warnings.
    (folder / "far_future.txt").write_text(
        article_text(
            "موعد اجتماع المجلس البلدي",
            ["سيقول رئيس المجلس محمد أحمد السبت المقبل إن الاجتماع سيعقد في القاعة الكبرى."],
            published="9999/12/31 الساعة 23:00 بتوقيت غرينتش",
        ),
        encoding="utf-8",
    )
    (folder / "year_one.txt").write_text(
        article_text(
            "نتائج مباراة الأمس",
            ["قال مدرب الفريق محمد أحمد أمس إن لاعبيه قدموا أفضل مباراة لهم هذا الموسم."],
            published="0001/01/01 الساعة 00:00 بتوقيت غرينتش",
        ),
        encoding="utf-8",
    )
    (folder / "long_speaker.txt").write_text(
        article_text(
            "تصريحات متعددة حول المشروع",
            [
                f"قال {LONG_SPEAKER} إن المشروع سينتهي في الموعد المحدد دون تأخير.",
                "وقال مدير المشروع خالد يوسف إن التكلفة لن تتجاوز الميزانية المقررة.",
            ],
        ),
        encoding="utf-8",
    )
    return folder


@pytest.mark.django_db(transaction=True)
def test_a_hostile_folder_is_reported_entry_by_entry_and_the_good_files_import(
    hostile_folder, subprocess_env
):
    run = run_importseeds("--json", hostile_folder, env=subprocess_env)
    stderr = run.stderr.decode()

    assert run.returncode == 1, stderr
    skipped = lines_starting(stderr, "SKIPPED ")
    assert len(skipped) == 5
    for name, kind in (
        ("pipe.txt", "a FIFO (named pipe)"),
        ("loop.txt", "a symbolic link that loops"),
        ("dangling.txt", "a broken symbolic link"),
        ("folder.txt", "a folder"),
        ("sock.txt", "a socket"),
    ):
        (line,) = [line for line in skipped if f"/{name}:" in line]
        assert kind in line
        assert line.endswith("not a regular file; skipped")

    failed = {
        Path(line.split()[1].split(":")[0]).name: line for line in lines_starting(stderr, "FAILED ")
    }
    assert set(failed) == {
        "image.txt",
        "archive.txt",
        "huge.txt",
        "many_blocks.txt",
        "distinct_words.txt",
    }
    assert "not a text file: a PNG image" in failed["image.txt"]
    assert "not a text file: gzip-compressed data" in failed["archive.txt"]
    assert (
        f"file too large: {(hostile_folder / 'huge.txt').stat().st_size:,} bytes"
        in failed["huge.txt"]
    )
    # The first line past the limit: header lines 1, 3 and 4, paragraphs from line 6.
    assert f"many_blocks.txt:{6 + 2 * (MAX_BLOCKS + 1)}:" in failed["many_blocks.txt"]
    assert "too many lines of text" in failed["many_blocks.txt"]
    assert "too many distinct words for the search index" in failed["distinct_words.txt"]
    assert "UTF-16" not in stderr
    assert "Traceback" not in stderr

    report = json.loads(run.stdout)
    by_name = {Path(entry["path"]).name: entry for entry in report["files"]}
    assert len(by_name) == len(report["files"]) == len(list(hostile_folder.iterdir()))
    assert report["summary"] | {"dry_run": None} == {
        "total": 16, "dry_run": None, "created": 6, "updated": 0, "unchanged": 0,
        "duplicate": 0, "failed": 5, "skipped": 5,
    }  # fmt: skip
    assert {name for name, e in by_name.items() if e["status"] == "skipped"} == {
        "pipe.txt", "loop.txt", "dangling.txt", "folder.txt", "sock.txt"
    }  # fmt: skip
    assert Article.objects.count() == 6

    future = Article.objects.get(file_name="far_future.txt")
    assert future.published_at is None
    assert "line 4: published date: in the future '9999/12/31 الساعة 23:00 بتوقيت غرينتش'" in (
        future.parse_warnings
    )
    early = Article.objects.get(file_name="year_one.txt")
    assert early.published_at is None
    assert any(w.startswith("line 4: published date:") for w in early.parse_warnings)
    assert early.claims.get().stated_on is None  # «أمس» of no known day

    speakers = Article.objects.get(file_name="long_speaker.txt")
    assert list(speakers.claims.values_list("speaker__name", flat=True)) == ["خالد يوسف"]
    assert "line 6: claim left out: speaker name of 354 characters (the limit is 300)" in (
        speakers.parse_warnings
    )
    assert not Speaker.objects.filter(name__startswith="محمد عبدالرحمن").exists()


def test_a_folder_named_like_a_file_is_a_clear_error(tmp_path, importseeds):
    folder = tmp_path / "dir_named.txt"
    folder.mkdir()

    run = importseeds(folder)

    assert run.code == 1
    assert f"FAILED {folder}: a folder with no *.txt file in it" in run.stderr.splitlines()
    assert "0 file(s)" not in run.stdout


def test_a_fifo_named_on_the_command_line_fails_without_hanging(tmp_path, subprocess_env):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)

    run = run_importseeds(fifo, env=subprocess_env)

    assert run.returncode == 1
    assert run.stderr.decode().splitlines()[0] == (
        f"FAILED {fifo}: a FIFO (named pipe), not a regular file"
    )


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (PNG, "a PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "a JPEG image"),
        (b"GIF89a\x01\x00\x01\x00\x00\x00", "a GIF image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "a PDF document"),
        (gzip.compress("خبر".encode()), "gzip-compressed data"),
        (b"PK\x03\x04\x14\x00\x00\x00", "a zip archive"),
        (b"\x7fELF\x02\x01\x01\x00", "an ELF executable"),
        ("خبر عاجل\n".encode("utf-16"), "UTF-16 text"),
        ("خبر عاجل من المدينة\n".encode("utf-16-le"), "UTF-16 text without a byte order mark"),
        (bytes([7, 0, 200, 13, 0, 99, 1, 0, 240, 33]) * 30, "binary data (a NUL byte"),
    ],
)
def test_a_file_that_is_not_text_is_named_for_what_it_is(content, kind):
    with pytest.raises(ParseError) as caught:
        parse_seed(content, filename="x.txt")

    assert kind in caught.value.reason
    assert kind.startswith("UTF-16") or "UTF-16" not in caught.value.reason


def test_bidirectional_controls_are_flagged_with_their_line(tmp_path, importseeds):
    text = good_article(1).replace("ستفتح أبوابها", "ستفتح \u202eأبوابها\u202c", 1)
    (tmp_path / "bidi.txt").write_text(text, encoding="utf-8")

    run = importseeds("--json", tmp_path / "bidi.txt")

    (entry,) = run.report["files"]
    expected = (
        "line 6: bidirectional control characters "
        "(U+202C POP DIRECTIONAL FORMATTING, U+202E RIGHT-TO-LEFT OVERRIDE)"
    )
    assert expected in entry["warnings"]
    assert expected in Article.objects.get().parse_warnings


def test_left_to_right_and_right_to_left_marks_are_not_flagged(tmp_path, importseeds):
    text = good_article(1).replace("رقم 1", "رقم \u200f1\u200e", 1)
    (tmp_path / "marks.txt").write_text(text, encoding="utf-8")

    run = importseeds("--json", tmp_path / "marks.txt")

    assert run.report["files"][0]["status"] == "created"
    assert not any("bidirectional" in w for w in run.report["files"][0]["warnings"])


@pytest.mark.django_db(transaction=True)
def test_file_names_cannot_forge_report_lines_or_reach_the_terminal(tmp_path, subprocess_env):
    folder = tmp_path / "names"
    folder.mkdir()
    (folder / "bad\nFAILED forged.txt").write_bytes(b"")
    (folder / "red\x1b[31m.txt").write_bytes(b"")
    (folder / "\u202etxt.exe.txt").write_bytes(b"")
    # A name in Windows-1256 bytes, not UTF-8: the article imports under an escaped name.
    Path(os.fsdecode(os.fsencode(folder) + b"/\xe3\xe4.txt")).write_text(
        good_article(1), encoding="utf-8"
    )

    run = run_importseeds("--json", folder, env=subprocess_env)
    stderr = run.stderr.decode()

    assert run.returncode == 1
    assert stderr.count("\n") == len(stderr.splitlines())  # no line broken in two
    failed = lines_starting(stderr, "FAILED ")
    assert len(failed) == 3
    assert f"FAILED {folder}/bad\\nFAILED forged.txt: empty file" in failed
    assert f"FAILED {folder}/red\\x1b[31m.txt: empty file" in failed
    assert f"FAILED {folder}/\\u202etxt.exe.txt: empty file" in failed
    for raw in ("\x1b", "\u202e"):
        assert raw not in stderr
        assert raw.encode() not in run.stdout
    report = json.loads(run.stdout)
    names = sorted(Path(entry["path"]).name for entry in report["files"])
    assert names == sorted(
        ["bad\nFAILED forged.txt", "red\x1b[31m.txt", "\u202etxt.exe.txt", "\\xe3\\xe4.txt"]
    )
    assert Article.objects.get().file_name == "\\xe3\\xe4.txt"
    assert Claim.objects.exists()


@pytest.mark.parametrize(
    ("value", "kept"),
    [
        ("2024/03/06 الساعة 23:00 بتوقيت غرينتش", True),  # a day after "now": clocks differ
        ("2024/03/07 الساعة 09:00 بتوقيت مكة", True),  # 06:00 UTC, within the 2 days
        ("2024/03/07 الساعة 11:00 بتوقيت غرينتش", False),
        ("3000/01/01 الساعة 00:00 بتوقيت غرينتش", False),
        ("1599/12/31 الساعة 12:00 بتوقيت غرينتش", False),
        ("1600/01/01 الساعة 00:00 بتوقيت غرينتش", True),
    ],
)
def test_dates_after_the_import_day_and_a_margin_are_left_empty(value, kept):
    now = dt.datetime(2024, 3, 5, 10, 0, tzinfo=dt.UTC)
    text = article_text(
        "موعد", ["قال محمد أحمد إن الموعد قريب جدا كما أعلنت البلدية."], published=value
    )

    parsed = parse_seed(text.encode(), filename="x.txt", now=now)

    assert (parsed.published_at is not None) is kept
    assert any(w.line == 4 and "published date" in w.message for w in parsed.warnings) is not kept


def test_a_figure_too_large_to_store_is_left_out_and_the_claim_kept(tmp_path, importseeds):
    huge = "9" * 400
    text = article_text(
        "عدد الزوار", [f"قال رئيس البلدية محمد أحمد إن عدد الزوار بلغ {huge} زائر هذا العام."]
    )
    (tmp_path / "huge_figure.txt").write_text(text, encoding="utf-8")

    run = importseeds("--json", tmp_path / "huge_figure.txt")

    assert run.code == 0, run.stderr
    claim = Claim.objects.get()
    assert claim.statement.endswith("زائر هذا العام")
    assert claim.figures == []
    (warning,) = [w for w in run.report["files"][0]["warnings"] if "figure" in w]
    assert warning.startswith("line 6: figure of ")
