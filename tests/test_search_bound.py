"""A search by relevance ranks the newest NEWSARCHIVE_SEARCH_RANKED_MATCHES matches and lists
them best first; sorted by date it lists every match. The same on every server: the rows come
from plain indexes, read through windows of publication time on an analysed archive."""

import datetime as dt
import json
import re
from urllib.parse import urlencode

import pytest
from django.db import connection

from articles import search
from articles.models import Article
from tests.site_factories import make_article

pytestmark = pytest.mark.django_db

API = "/api/v1"
WORD = "الحسكة"
OTHER = "نص عن الزراعة والقمح في الريف."
LATER = "وفي الختام قال المتحدث إن الزيارة شملت مدينة الحسكة أيضاً."
# Where the word stands, best place first: what a search ranks by.
HEADLINE, LEAD, BODY = 2, 1, 0
NEVER = dt.datetime(1, 1, 1, tzinfo=dt.UTC)


def make_match(number: int, where: int | None, published_at):
    """An article with the word once, in the headline, the lead or later (None: not at all)."""
    title = f"تقرير رقم {number} عن {WORD}" if where == HEADLINE else f"تقرير رقم {number}"
    lead = f"زار الوفد {WORD} صباح اليوم." if where == LEAD else OTHER
    later = LATER if where == BODY else OTHER
    article = make_article(title=title, paragraphs=[lead, OTHER, later], published_at=published_at)
    article.place = where
    return article


@pytest.fixture
def archive(db):
    """60 articles over five years, two undated; the word in turn in the
    headline, the lead, later in the body, and not at all (50 matches)."""
    start = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    articles = []
    for number in range(60):
        where = [HEADLINE, BODY, LEAD, None, BODY, HEADLINE][number % 6]
        published = start + dt.timedelta(days=(number * 37) % 1800, hours=number)
        articles.append(make_match(number, where, published))
    Article.objects.filter(pk__in=[articles[7].pk, articles[30].pk]).update(published_at=None)
    for undated in (articles[7], articles[30]):
        undated.published_at = None
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Article._meta.db_table}")
    search._windows.clear()  # the windows as this archive's statistics place them
    return articles


def newest_first(article) -> tuple:
    return (article.published_at is not None, article.published_at or NEVER, article.pk)


def expected_ranking(articles, ranked: int) -> list[str]:
    """Worked out here, not by the database: the newest ``ranked`` matches, best place first,
    equal places newest first."""
    matches = [article for article in articles if article.place is not None]
    newest = sorted(matches, key=newest_first, reverse=True)[:ranked]
    return [
        article.title
        for article in sorted(newest, key=lambda a: (a.place, *newest_first(a)), reverse=True)
    ]


def site_titles(client, **params) -> list[str]:
    """Every title the search page lists, following "next page"."""
    found, url = [], f"/articles/?{urlencode(params)}"
    while True:
        html = client.get(url).content.decode()
        found += re.findall(r'<h2><a href="/articles/\d+/">(.*?)</a></h2>', html)
        following = re.search(r'<a rel="next" href="(.*?)">', html)
        if not following:
            return found
        url = "/articles/" + following.group(1).replace("&amp;", "&")


def api_titles(client, **params) -> list[str]:
    """Every title the API lists, following ``next``."""
    found, url = [], f"{API}/articles/?{urlencode(params)}"
    while True:
        page = client.get(url).json()
        found += [item["title"] for item in page["results"]]
        if not page["next"]:
            return found
        url = page["next"]


def test_the_archive_is_read_through_windows_of_publication_time(archive):
    # Otherwise the tests below would read every match in one go, as on a new archive.
    assert len(search.window_starts(Article, "default")) == len(search.WINDOW_SHARES)


@pytest.mark.parametrize("ranked", [1, 7, 19, 40, 100])
def test_a_search_ranks_the_newest_matches_best_first(client, settings, archive, ranked):
    settings.NEWSARCHIVE_SEARCH_RANKED_MATCHES = ranked
    expected = expected_ranking(archive, ranked)
    assert [article.title for article in Article.objects.search(WORD)] == expected
    assert site_titles(client, q=WORD) == expected
    assert api_titles(client, search=WORD, page_size=5) == expected


def test_sorted_by_date_a_search_lists_every_match(client, settings, archive):
    settings.NEWSARCHIVE_SEARCH_RANKED_MATCHES = 5
    matches = [article for article in archive if article.place is not None]
    # The site and the API put undated articles first when sorting by date.
    by_date = [
        article.title
        for article in sorted(
            matches, key=lambda a: (a.published_at is None, a.published_at, a.pk), reverse=True
        )
    ]
    assert len(by_date) == 50
    assert site_titles(client, q=WORD, sort="date") == by_date
    api = api_titles(client, search=WORD, ordering="-published_at")
    assert api == by_date
    # A page at a time: every cursor, between the two undated matches too, finds the next.
    one_by_one = api_titles(client, search=WORD, ordering="-published_at", page_size=1)
    assert one_by_one == by_date


def test_the_chart_counts_every_match_and_the_page_says_what_is_ranked(client, settings, archive):
    settings.NEWSARCHIVE_SEARCH_RANKED_MATCHES = 5
    html = client.get("/articles/", {"q": WORD}).content.decode()
    assert "48 من أصل 58 مقالة" in html  # the chart counts the dated articles
    note = re.search(r'<p class="ranked-note">(.*?)</p>', html, re.S).group(1)
    assert "5" in note
    assert "sort=date" in note


def test_the_api_documents_what_is_ranked(client, settings):
    settings.NEWSARCHIVE_SEARCH_RANKED_MATCHES = 2500
    schema = client.get(f"{API}/schema/", {"format": "json"}).json()
    parameters = schema["paths"]["/api/v1/articles/"]["get"]["parameters"]
    search_help = next(p for p in parameters if p["name"] == "search")["description"]
    assert "only the newest 2,500 matches" in search_help
    assert "every match is listed" in search_help


def test_the_admin_search_finds_every_match(admin_client, settings, archive):
    settings.NEWSARCHIVE_SEARCH_RANKED_MATCHES = 5
    html = admin_client.get("/admin/articles/article/", {"q": WORD}).content.decode()
    listed = {int(pk) for pk in re.findall(r'href="/admin/articles/article/(\d+)/change/', html)}
    assert listed == {article.pk for article in archive if article.place is not None}


def test_the_research_counts_count_every_match(client, settings, archive):
    settings.NEWSARCHIVE_SEARCH_RANKED_MATCHES = 5
    answer = client.get(f"{API}/articles/counts/", {"search": WORD}).json()
    assert answer["matching"] == 48  # the dated matches: counts are by publication date


def test_an_export_by_relevance_holds_the_ranked_matches(client, settings, archive):
    settings.NEWSARCHIVE_SEARCH_RANKED_MATCHES = 7
    lines = client.get(f"{API}/articles/export.ndjson", {"search": WORD}).getvalue().decode()
    titles = [json.loads(line)["title"] for line in lines.splitlines()]
    assert titles == expected_ranking(archive, 7)


def test_a_common_word_leaves_the_older_windows_unread(settings, archive):
    """What keeps a search fast on a large archive: once the newer windows hold the ranked
    matches, PostgreSQL never reads the older ones (a million articles: two GIN scans
    fewer)."""
    settings.NEWSARCHIVE_SEARCH_RANKED_MATCHES = 5
    statement, params = Article.objects.search(WORD)[:21].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {statement}", params)
        plan = cursor.fetchone()[0]
    plan = plan[0]["Plan"] if isinstance(plan, list) else json.loads(plan)[0]["Plan"]

    def nodes(node):
        yield node
        for child in node.get("Plans", []):
            yield from nodes(child)

    windows = {n["Subplan Name"]: n for n in nodes(plan) if "window_" in n.get("Subplan Name", "")}
    oldest = windows[f"CTE window_{len(search.WINDOW_SHARES)}"]
    assert oldest["Plans"][-1]["Actual Loops"] == 0  # the Limit's input: never read
    assert windows["CTE window_0"]["Plans"][-1]["Actual Loops"] == 1
