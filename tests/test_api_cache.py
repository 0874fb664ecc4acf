"""Anonymous API reads come from a cache of rendered responses that is never stale.

These tests commit their writes (``transaction=True``), as imports and editors do: the
cache is keyed on the database snapshot, which only a commit moves on.
"""

import json
import time

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.api.caching import CACHE_ALIAS
from articles.models import Article
from tests.site_factories import publish

pytestmark = pytest.mark.django_db(transaction=True)

API = "/api/v1"


@pytest.fixture(autouse=True)
def empty_caches():
    for alias in ("default", CACHE_ALIAS):
        caches[alias].clear()


def read(client, url):
    """A GET and the archive tables its queries read."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, [q["sql"] for q in queries.captured_queries if "articles_" in q["sql"]]


@pytest.mark.parametrize("path", ["articles/", "articles/{pk}/", "claims/", "speakers/"])
def test_a_repeated_read_reads_no_table_and_answers_the_same(client, article, path):
    url = f"{API}/{path.format(pk=article.pk)}"
    first, tables_read = read(client, url)
    assert tables_read

    # Its one query is the snapshot. A commit anywhere on the server (autovacuum analysing
    # a table) starts new keys, so a read may miss: allow three tries.
    for _ in range(3):
        again, tables_read = read(client, url)
        assert again.status_code == first.status_code == 200
        assert again.content == first.content
        assert again["Content-Type"] == first["Content-Type"] == "application/json"
        assert again["ETag"] == first["ETag"]
        if not tables_read:
            break
    assert tables_read == []


def test_an_editors_change_shows_on_the_next_read(client, article):
    detail, listing = f"{API}/articles/{article.pk}/", f"{API}/articles/"
    client.get(detail), client.get(listing)

    article.title = "عنوان صححه المحرر"
    article.save()

    assert client.get(detail).json()["title"] == "عنوان صححه المحرر"
    assert client.get(listing).json()["results"][0]["title"] == "عنوان صححه المحرر"


def test_an_import_shows_on_the_next_read(client, article, importseeds, seeds_dir, tmp_path):
    assert len(client.get(f"{API}/articles/").json()["results"]) == 1
    more = tmp_path / "more"
    more.mkdir()
    text = next(seeds_dir.iterdir()).read_text(encoding="utf-8")
    (more / "another.txt").write_text("عنوان تقرير آخر\n" + text.split("\n", 1)[1], "utf-8")
    assert importseeds(more).code == 0

    assert len(client.get(f"{API}/articles/").json()["results"]) == 2


def test_hiding_an_article_takes_it_out_of_cached_answers(client, article):
    client.get(f"{API}/articles/{article.pk}/")
    client.get(f"{API}/articles/")

    article.visibility = Article.Visibility.HIDDEN
    article.save()

    assert client.get(f"{API}/articles/{article.pk}/").status_code == 404
    assert client.get(f"{API}/articles/").json()["results"] == []


def test_staff_and_the_public_never_share_an_answer(client, admin_client, article):
    article.visibility = Article.Visibility.HIDDEN
    article.save()
    url = f"{API}/articles/"

    assert [a["id"] for a in admin_client.get(url).json()["results"]] == [article.pk]
    assert client.get(url).json()["results"] == []
    assert [a["id"] for a in admin_client.get(url).json()["results"]] == [article.pk]


def test_a_cached_answer_still_revalidates(client, article):
    url = f"{API}/articles/{article.pk}/"
    first = client.get(url)
    client.get(url)

    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304


def test_each_format_and_address_gets_its_own_answer(client, article):
    url = f"{API}/articles/{article.pk}/"
    client.get(url)

    page = client.get(url, HTTP_ACCEPT="text/html")
    other_host = client.get(url, HTTP_HOST="127.0.0.1")

    assert page["Content-Type"].startswith("text/html")
    assert other_host.json()["url"] == f"http://127.0.0.1{url}"


def test_throttling_counts_cached_answers_too(client, article, settings):
    settings.NEWSARCHIVE_API_ANON_RATE = "3/min"
    url = f"{API}/articles/"

    codes = [client.get(url).status_code for _ in range(4)]

    assert codes == [200, 200, 200, 429]


def test_the_cache_can_be_turned_off(client, article, settings, django_assert_num_queries):
    settings.NEWSARCHIVE_API_CACHE_ENTRIES = 0
    url = f"{API}/articles/{article.pk}/"
    client.get(url)

    with django_assert_num_queries(1) as queries:  # the article itself, read again
        client.get(url)

    assert "articles_article" in queries.captured_queries[0]["sql"]


# Every kind of API answer: lists (filtered, searched, a second page), details, the exports
# and the schema. "{claim}" is a claim an editor reviewed (its history names the editor).
EVERY_KIND_OF_ANSWER = [
    "articles/",
    "articles/?ordering=-updated_at&page_size=1",
    "articles/?search=الحسكة",
    "articles/?source=عربي-بوست&has_claims=true",
    "articles/{article}/",
    "claims/",
    "claims/?ordering=stated_on&page_size=2",
    "claims/{claim}/",
    "speakers/",
    "speakers/{speaker}/",
    "sources/",
    "sources/عربي-بوست/",
    "images/",
    "articles/export.ndjson",
    "articles/export.csv",
    "claims/export.ndjson",
    "claims/export.csv",
    "articles/counts/?search=الحسكة&split=source&tz=Asia/Riyadh",
    "articles/counts.csv?interval=year",
    "articles/words/?search=الحسكة",
    "articles/speakers/",
    "claims/counts/?split=verdict",
    "schema/",
]


def answers(client, urls) -> dict[str, tuple]:
    """What a client is sent for each address, next pages included: the bytes and the
    headers a cache would keep."""
    sent = {}
    pending = list(urls)
    while pending:
        url = pending.pop(0)
        response = client.get(url)
        assert response.status_code == 200, (url, response.content)
        content = b"".join(response.streaming_content) if response.streaming else response.content
        headers = [response.get(name) for name in ("Content-Type", "Last-Modified", "Vary")]
        sent[url] = (content, headers)
        paged = response["Content-Type"] == "application/json" and "page_size=" in url
        if paged and (next_page := json.loads(content)["next"]):
            pending.append(next_page.removeprefix("http://localhost"))
    return sent


def test_an_answer_depends_on_nothing_its_cache_key_leaves_out(
    client, article, django_user_model, settings
):
    """The rule of ReadOnlyViewSet: an answer may depend only on the database snapshot,
    scheme, host, path, query string and language. With the cache off, the same addresses
    asked by another user (signed in, staff), from another address and browser, seconds
    later, with the time zone setting changed, must give the same bytes."""
    settings.NEWSARCHIVE_API_CACHE_ENTRIES = 0
    settings.NEWSARCHIVE_API_ANON_RATE = ""
    editor = django_user_model.objects.create_user("editor", is_staff=True)
    claim = article.claims.order_by("id").first()
    publish(claim, "verified", _history_user=editor)
    urls = [
        f"{API}/{path}".format(article=article.pk, claim=claim.pk, speaker=claim.speaker_id)
        for path in EVERY_KIND_OF_ANSWER
    ]
    reader = django_user_model.objects.create_user("reader")
    signed_in = Client(HTTP_HOST="localhost", REMOTE_ADDR="10.1.2.3", HTTP_USER_AGENT="other")
    signed_in.force_login(reader)
    staff = Client(HTTP_HOST="localhost", REMOTE_ADDR="10.9.8.7", HTTP_REFERER="http://x/")
    staff.force_login(editor)

    first_asked = timezone.now()
    anonymous = answers(client, urls)
    time.sleep(1.1)  # HTTP dates and ISO times to the second: a clock read would show
    with override_settings(TIME_ZONE="Asia/Riyadh"):
        by_a_reader = answers(signed_in, urls)
    time.sleep(1.1)
    by_staff = answers(staff, urls)

    assert (timezone.now() - first_asked).total_seconds() > 2
    assert len(anonymous) > len(urls)  # the next pages were followed too
    for url, sent in anonymous.items():
        assert by_a_reader[url] == sent, url
        assert by_staff[url] == sent, url
