"""The newest articles have a search index of their own, so that a search, which reads its
matches newest first, does not read every match of a word on a large archive; built when
the archive needs it (by every import, or ``manage.py searchindex``), built again as the
archive grows, and never a change to what a search finds."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from articles import recent_search_index, search
from articles.models import Article
from tests.site_factories import make_article
from tests.test_search_bound import api_titles

pytestmark = pytest.mark.django_db

WORD = "الحسكة"
START = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)


def make_articles(count: int, *, first: dt.datetime, every: dt.timedelta) -> list[Article]:
    """``count`` articles from ``first``, one every ``every``; the word in two of three."""
    return [
        make_article(
            title=f"تقرير رقم {number} عن {WORD if number % 3 else 'القمح'}",
            paragraphs=[f"زار الوفد {WORD} صباح اليوم." if number % 3 else "نص عن الزراعة."],
            published_at=first + number * every,
        )
        for number in range(count)
    ]


def analyze() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Article._meta.db_table}")
    search._windows.clear()  # the windows as the new statistics place them


@pytest.fixture
def archive(db):
    """100 articles, one every 9 days from 2020, analysed."""
    articles = make_articles(100, first=START, every=dt.timedelta(days=9))
    analyze()
    return articles


def refresh(**options) -> recent_search_index.Refresh:
    return recent_search_index.refresh(minimum_articles=0, **options)


def index_names() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexrelid::regclass::text FROM pg_index WHERE indrelid = %s::regclass",
            [Article._meta.db_table],
        )
        return {row[0] for row in cursor.fetchall()}


def indexes_read(queryset) -> set[str]:
    """The indexes PostgreSQL reads to answer ``queryset`` (on a small table, where it
    would otherwise read the table itself)."""
    statement, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {statement}", params)
        plan = cursor.fetchone()[0]
        cursor.execute("SET LOCAL enable_seqscan = on")
    plan = plan if isinstance(plan, list) else json.loads(plan)

    def nodes(node):
        yield node
        for child in node.get("Plans", []):
            yield from nodes(child)

    return {node["Index Name"] for node in nodes(plan[0]["Plan"]) if node.get("Actual Loops")
            and "Index Name" in node}  # fmt: skip


def test_it_covers_the_newest_articles_and_the_windows_a_search_reads_first(archive):
    done = refresh()
    assert done.action == "built"
    start = recent_search_index.index_start()
    assert start == done.start
    # The newest 8% of the 100: the 8 or 9 articles from the bound the statistics give.
    covered = [article for article in archive if article.published_at >= start]
    assert 7 <= len(covered) <= 9
    # A ranked search's first two windows, and a page's, lie inside it.
    assert search.window_starts(Article, "default")[1] >= start
    assert search.window_starts(Article, "default", search.PAGE_WINDOW_SHARES)[1] >= start


def test_a_search_reads_its_newest_windows_from_it(settings, archive):
    settings.NEWSARCHIVE_SEARCH_RANKED_MATCHES = 3
    refresh()
    # On a hundred articles PostgreSQL reads a window of two or four through the
    # publication-date index alone; without that index, only the GIN indexes are left.
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX article_published_idx")  # rolled back with the test
    read = indexes_read(Article.objects.search(WORD)[:21])
    assert recent_search_index.INDEX in read
    assert "article_search_gin" not in read  # the older windows are never read


def test_a_search_finds_the_same_with_it_and_without_it(client, settings, archive):
    settings.NEWSARCHIVE_SEARCH_RANKED_MATCHES = 4
    refresh()
    assert recent_search_index.INDEX in index_names()
    with_it = [
        api_titles(client, search=WORD, page_size=3),
        api_titles(client, search=WORD, ordering="-published_at", page_size=5),
        client.get("/articles/", {"q": WORD, "sort": "date"}).content,
    ]
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX {recent_search_index.INDEX}")
    without_it = [
        api_titles(client, search=WORD, page_size=3),
        api_titles(client, search=WORD, ordering="-published_at", page_size=5),
        client.get("/articles/", {"q": WORD, "sort": "date"}).content,
    ]
    assert with_it == without_it
    assert len(with_it[0]) == 4
    assert len(with_it[1]) == 66  # the word is in 66 of the 100


def test_it_is_kept_while_the_archive_grows_a_little(archive):
    built = refresh()
    make_articles(3, first=archive[-1].published_at + dt.timedelta(days=1), every=dt.timedelta(1))
    analyze()
    kept = refresh()
    assert kept.action == "kept"
    assert kept.start == built.start


def test_it_is_built_again_once_it_covers_too_many_articles(archive):
    built = refresh()
    # 20 newer articles: it now covers 28 of 120, more than 16%.
    make_articles(20, first=archive[-1].published_at + dt.timedelta(days=1), every=dt.timedelta(1))
    analyze()
    again = refresh()
    assert again.action == "built"
    assert again.start > built.start
    assert recent_search_index.index_start() == again.start
    assert again.covered is not None
    assert again.covered <= 0.09


def test_it_is_built_again_when_older_articles_move_the_windows_back(archive):
    built = refresh()
    # 200 articles older than all: the newest 4% of 300 reach back before it.
    make_articles(200, first=START - dt.timedelta(days=2000), every=dt.timedelta(days=9))
    analyze()
    assert search.window_starts(Article, "default")[1] < built.start
    again = refresh()
    assert again.action == "built"
    assert again.start < built.start
    assert search.window_starts(Article, "default")[1] >= again.start


def test_a_small_archive_goes_without(archive):
    done = recent_search_index.refresh()  # 100 articles: far fewer than it is built for
    assert done.action == "skipped"
    assert recent_search_index.INDEX not in index_names()


def test_an_archive_never_analysed_is_analysed_first(db):
    """A restored dump has no statistics until something gathers them."""
    make_articles(10, first=START, every=dt.timedelta(days=1))
    assert refresh().action == "built"
    assert recent_search_index.INDEX in index_names()


def test_an_archive_with_too_few_dates_goes_without(db):
    make_articles(2, first=START, every=dt.timedelta(days=1))
    done = refresh()
    assert done.action == "skipped"
    assert done.reason == "too few dated articles for statistics"
    assert recent_search_index.INDEX not in index_names()


def test_what_an_interrupted_build_left_is_cleared(archive):
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the articles' checks, before an index
        cursor.execute(
            f"CREATE INDEX {recent_search_index.NEXT} ON {Article._meta.db_table} (published_at)"
        )
    assert refresh().action == "built"
    names = index_names()
    assert recent_search_index.INDEX in names
    assert recent_search_index.NEXT not in names


def test_an_import_builds_it(archive, importseeds, seeds_dir, monkeypatch):
    monkeypatch.setattr(recent_search_index, "MIN_ARTICLES", 0)
    assert importseeds(seeds_dir).code == 0
    assert recent_search_index.INDEX in index_names()


@pytest.mark.django_db(transaction=True)
def test_the_command_builds_it_while_searches_go_on():
    """Outside a transaction the build is concurrent: searches and imports are not
    blocked while it runs."""
    make_articles(60, first=START, every=dt.timedelta(days=9))
    analyze()
    out = StringIO()
    call_command("searchindex", stdout=out)
    assert out.getvalue().startswith("Skipped: 60 articles: fewer than 50,000.")
    out = StringIO()
    call_command("searchindex", "--force", stdout=out)
    assert out.getvalue().startswith("Built: there was none.")
    assert "It covers the articles published since 2021-" in out.getvalue()
    assert recent_search_index.INDEX in index_names()
