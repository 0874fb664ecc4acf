"""What keeps the reading site's pages fast on a large archive: PostgreSQL walks an index
instead of sorting every fact-check, and a browser's revalidation is answered before the
page is built. (Figures: bench/README.md, the page benchmark.)"""

import datetime as dt
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Claim
from articles.querysets import CHECKED
from articles.site.pagination import BY_REVIEWED
from articles.site.queries import checked_claims
from articles.site.sitemaps import KeysetSitemapPaginator
from tests.site_factories import make_article, make_claim, make_speaker

pytestmark = pytest.mark.django_db


def plan_of(queryset) -> dict:
    """The plan PostgreSQL would run, with sorting priced out of reach: a plan that still
    sorts has no index to read the rows in order from."""
    statement, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(f"EXPLAIN (FORMAT JSON) {statement}", params)
        plan = cursor.fetchone()[0]
    return plan[0]["Plan"] if isinstance(plan, list) else json.loads(plan)[0]["Plan"]


def nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", []):
        yield from nodes(child)


@pytest.fixture
def fact_checks(db):
    speaker = make_speaker("متحدث الخطة")
    for number in range(12):
        article = make_article(published_at=dt.datetime(2022, 3, 1 + number, tzinfo=dt.UTC))
        make_claim(article, speaker=speaker, verdict_slug="false" if number % 2 else None)
    Claim.objects.filter(verdict__isnull=False).update(reviewed_at=timezone.now())
    return speaker


@pytest.mark.parametrize("per_speaker", [False, True])
def test_the_latest_fact_checks_are_read_from_an_index_not_sorted(fact_checks, per_speaker):
    claims = checked_claims(None)
    index = "claim_checked_reviewed_idx"
    if per_speaker:
        claims, index = claims.filter(speaker=fact_checks), "claim_checked_speaker_idx"
        # Other speakers' fact-checks, and statistics that know of them: otherwise a walk
        # of every fact-check by date, filtered by speaker, costs the same.
        others = make_speaker("متحدث آخر في الخطة")
        for _ in range(30):
            make_claim(make_article(), speaker=others, verdict_slug="false")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_claim")
        cursor.execute("SET LOCAL enable_seqscan = off")  # a few rows: a scan would win
    plan = plan_of(claims.order_by(*BY_REVIEWED.order_by())[:21])
    kinds = [node["Node Type"] for node in nodes(plan)]
    assert "Sort" not in kinds, kinds
    assert "Incremental Sort" not in kinds, kinds
    assert index in {node.get("Index Name") for node in nodes(plan)}


@pytest.mark.parametrize(
    "url", ["/", "/claims/", "/articles/", "/archive/2022/", "/feed/", "/sitemap.xml", "{claim}"]
)
def test_a_browsers_revalidation_is_answered_before_the_page_is_built(client, fact_checks, url):
    claim = Claim.objects.filter(verdict__isnull=False).first()
    url = url.format(claim=f"/claims/{claim.pk}/")
    first = client.get(url)
    assert first.status_code == 200
    # What a browser sends back: both validators it was given.
    with CaptureQueriesContext(connection) as queries:
        again = client.get(
            url,
            HTTP_IF_NONE_MATCH=first.headers["ETag"],
            HTTP_IF_MODIFIED_SINCE=first.headers["Last-Modified"],
        )
    assert again.status_code == 304
    assert len(queries) == 1, [query["sql"] for query in queries]  # when it last changed


def test_the_public_and_staff_get_different_etags_for_one_address(
    client, admin_client, fact_checks
):
    public = client.get("/").headers["ETag"]
    staff = admin_client.get("/").headers["ETag"]
    assert public != staff
    assert admin_client.get("/", HTTP_IF_NONE_MATCH=public).status_code == 200


def test_a_sitemap_page_is_read_by_keyset_and_its_section_listed_once_per_change(
    client, fact_checks
):
    def statements(url: str) -> list[str]:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return [query["sql"].upper() for query in queries]

    first = statements("/sitemap-articles.xml")
    again = statements("/sitemap-articles.xml")
    for sql in first + again:
        assert "OFFSET" not in sql, sql
        assert "COUNT(" not in sql, sql
    # The section's ids are read once (the statement without a LIMIT), then kept.
    assert sum("LIMIT" not in sql for sql in first if "ARTICLES_ARTICLE" in sql) == 1
    assert not [sql for sql in again if "ARTICLES_ARTICLE" in sql and "LIMIT" not in sql]
    article = make_article(title="مقال جديد بعد العد")
    assert f"/articles/{article.pk}/" in client.get("/sitemap-articles.xml").content.decode()


def test_a_speakers_verdicts_and_chart_are_counted_from_an_index_alone(client, fact_checks):
    # Which plan PostgreSQL picks on a dozen rows says little (an index-only scan is
    # costed by the table's visible pages, which only VACUUM sets): what counting the
    # busiest speaker's 16,000 checked claims by month and verdict needs is one query
    # that reads only columns an index on the checked claims holds. (The plan at 100,000
    # articles: bench/README.md, an index-only scan.)
    index = next(i for i in Claim._meta.indexes if i.name == "claim_checked_speaker_day_idx")
    assert index.condition == CHECKED
    assert index.fields == ["speaker", "stated_on"]
    assert {"verdict", "article"} <= set(index.include)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(f"/speakers/{fact_checks.pk}/").content.decode()
    assert 'aria-labelledby="over-time-title"' in html
    grouped = [q["sql"] for q in queries if "GROUP BY" in q["sql"] and "articles_claim" in q["sql"]]
    assert len(grouped) == 1, grouped  # the verdict counts and the chart alike
    claim_columns = set(re.findall(r'"articles_claim"\."(\w+)"', grouped[0]))
    assert claim_columns <= {"speaker_id", "stated_on", "verdict_id", "article_id", "review_state"}


def test_claims_outside_hidden_articles_are_the_published_ones(fact_checks):
    hidden = make_article(hidden=True)
    make_claim(hidden, speaker=fact_checks)
    published = set(Claim.objects.published().values_list("pk", flat=True))
    assert set(Claim.objects.outside_hidden_articles().values_list("pk", flat=True)) == published
    assert not published & set(hidden.claims.values_list("pk", flat=True))


def test_sitemap_pages_by_keyset_hold_every_item_once(fact_checks):
    hidden = make_article(hidden=True)
    items = Article.objects.published().only("id")
    paginator = KeysetSitemapPaginator(items, 5, name="test-walk")
    walked = [
        article.pk
        for number in paginator.page_range
        for article in paginator.page(number).object_list
    ]
    assert walked == sorted(items.values_list("pk", flat=True))
    assert hidden.pk not in walked
    assert paginator.num_pages == 3  # twelve public articles, five a page
