"""Counts for researchers (/api/v1/articles/counts/, words/, speakers/, claims/counts/):
exact against a plain SQL count written here, in several intervals and time zones, with
hidden articles left out for the public; top words of a small archive whose counts are
known by construction; the API's rules (400s, CSV, cache, throttling, schema)."""

import csv
import datetime as dt
import io
import itertools
import re

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.api.caching import CACHE_ALIAS
from articles.models import Article
from articles.research import speakers, words
from tests.site_factories import make_article, make_claim, make_source, make_speaker

pytestmark = pytest.mark.django_db

API = "/api/v1"
WORD = "الزلزال"  # in the titles of the matching articles, and nowhere else
UTC = dt.UTC


def at(year: int, month: int, day: int, hour: int, minute: int) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=UTC)


# Times chosen near midnight, the end of a month, of a year and of an ISO week, so that
# UTC, Riyadh (+3) and New York (-5/-4) put them in different buckets.
MATCHING_TIMES = [
    at(2021, 12, 31, 22, 30),  # Riyadh: 1 January 2022; New York: 31 December
    at(2022, 1, 2, 22, 0),  # a Sunday in UTC; Monday 3 January in Riyadh (the next week)
    at(2022, 1, 31, 23, 10),  # Riyadh: 1 February
    at(2022, 3, 1, 2, 0),  # New York: 28 February
    at(2022, 3, 1, 2, 30),
    at(2022, 5, 15, 12, 0),
]
OTHER_TIMES = [
    at(2021, 12, 31, 23, 59),
    at(2022, 1, 3, 0, 30),  # New York: Sunday 2 January
    at(2022, 2, 14, 9, 0),
    at(2022, 3, 1, 3, 59),  # New York: 28 February
    at(2022, 4, 30, 21, 30),  # Riyadh: 1 May
    at(2022, 5, 16, 1, 0),
    at(2022, 6, 1, 0, 0),
]
HIDDEN_TIMES = [at(2022, 1, 10, 12, 0), at(2022, 4, 2, 4, 0)]  # one matching, one not


@pytest.fixture
def archive():
    first = make_source()
    second = make_source("جريدة أخرى", "jarida-ukhra")
    for index, when in enumerate(MATCHING_TIMES):
        make_article(
            title=f"{WORD} يضرب المدينة رقم {index}",
            source=first if index % 2 else second,
            published_at=when,
        )
    for index, when in enumerate(OTHER_TIMES):
        make_article(title=f"أخبار الطقس رقم {index}", source=second, published_at=when)
    make_article(title=f"{WORD} المخفي", source=first, published_at=HIDDEN_TIMES[0], hidden=True)
    make_article(title="خبر مخفي آخر", source=first, published_at=HIDDEN_TIMES[1], hidden=True)


def sql_counts(interval: str, zone: str, *, with_hidden: bool = False) -> dict:
    """{bucket's first day: (matching, total)} by a plain SQL count, only non-empty buckets."""
    visibility = "" if with_hidden else "WHERE visibility = 'public'"
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT date_trunc(%s, published_at AT TIME ZONE %s)::date,
                   count(*) FILTER (WHERE title LIKE %s), count(*)
            FROM articles_article {visibility} GROUP BY 1
            """,
            [interval, zone, f"%{WORD}%"],
        )
        return {day: (matching, total) for day, matching, total in cursor.fetchall()}


def step(day: dt.date, interval: str) -> dt.date:
    if interval == "day":
        return day + dt.timedelta(days=1)
    if interval == "week":
        return day + dt.timedelta(days=7)
    if interval == "month":
        return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return day.replace(year=day.year + 1)


def check_series(answer: dict, expected: dict, interval: str) -> None:
    counts = answer["counts"]
    days = [dt.date.fromisoformat(point["date"]) for point in counts]
    # every bucket from the first to the last, in order, none skipped
    assert days[0] == min(expected)
    assert days[-1] == max(expected)
    assert all(step(a, interval) == b for a, b in itertools.pairwise(days))
    found = {
        dt.date.fromisoformat(point["date"]): (point["matching"], point["total"])
        for point in counts
        if point["total"]
    }
    assert found == expected
    assert all(point["matching"] == 0 for point in counts if not point["total"])
    assert answer["matching"] == sum(matching for matching, _ in expected.values())
    assert answer["total"] == sum(total for _, total in expected.values())


@pytest.mark.parametrize("interval", ["day", "week", "month", "year"])
@pytest.mark.parametrize("zone", ["UTC", "Asia/Riyadh", "America/New_York"])
def test_counts_equal_a_plain_sql_count_in_every_interval_and_time_zone(
    client, archive, interval, zone
):
    answer = client.get(
        f"{API}/articles/counts/", {"search": WORD, "interval": interval, "tz": zone}
    ).json()
    assert (answer["interval"], answer["tz"]) == (interval, zone)
    check_series(answer, sql_counts(interval, zone), interval)


def test_the_time_zone_moves_articles_published_near_midnight_into_other_buckets(client, archive):
    def monthly(zone):
        answer = client.get(f"{API}/articles/counts/", {"search": WORD, "tz": zone}).json()
        return {point["date"]: point["matching"] for point in answer["counts"]}

    assert monthly("UTC")["2022-01-01"] == 2  # 2 and 31 January
    assert monthly("Asia/Riyadh")["2022-01-01"] == 2  # 31 December's and 2 January's
    assert monthly("Asia/Riyadh")["2022-02-01"] == 1
    assert monthly("America/New_York")["2022-02-01"] == 2  # 1 March, 02:00 and 02:30 UTC


def test_hidden_articles_count_for_staff_only(client, admin_client, archive):
    for who, with_hidden in ((client, False), (admin_client, True)):
        answer = who.get(f"{API}/articles/counts/", {"search": WORD, "interval": "month"}).json()
        check_series(answer, sql_counts("month", "UTC", with_hidden=with_hidden), "month")
    public = client.get(f"{API}/articles/counts/", {"search": WORD}).json()
    staff = admin_client.get(f"{API}/articles/counts/", {"search": WORD}).json()
    assert (public["matching"], public["total"]) == (6, 13)
    assert (staff["matching"], staff["total"]) == (7, 15)


def test_counts_split_by_source_add_up_and_keep_the_sources_filter(client, archive):
    answer = client.get(f"{API}/articles/counts/", {"search": WORD, "split": "source"}).json()
    by_slug = {source["slug"]: source for source in answer["sources"]}
    assert {slug: (s["matching"], s["total"]) for slug, s in by_slug.items()} == {
        "sahifat-alikhtibar": (3, 3),
        "jarida-ukhra": (3, 10),
    }
    for index, point in enumerate(answer["counts"]):
        assert point["matching"] == sum(s["counts"][index]["matching"] for s in by_slug.values())
    one = client.get(f"{API}/articles/counts/", {"search": WORD, "source": "jarida-ukhra"}).json()
    assert (one["matching"], one["total"], one["ratio"]) == (3, 10, 0.3)


def test_dates_bound_the_series_with_empty_buckets_as_zeros(client, archive):
    answer = client.get(
        f"{API}/articles/counts/",
        {
            "search": WORD,
            "published_after": "2021-11-01T00:00:00Z",
            "published_before": "2022-08-01T00:00:00Z",
        },
    ).json()
    assert [point["date"] for point in answer["counts"]][::4] == [
        "2021-11-01",
        "2022-03-01",
        "2022-07-01",
    ]
    assert answer["counts"][0] == {"date": "2021-11-01", "matching": 0, "total": 0, "ratio": 0.0}
    assert answer["counts"][-1]["total"] == 0


def test_counts_as_csv_hold_the_json_numbers(client, archive):
    response = client.get(f"{API}/articles/counts.csv", {"search": WORD, "interval": "year"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [
        ["date", "matching", "total", "ratio"],
        ["2021-01-01", "1", "2", "0.5"],
        ["2022-01-01", "5", "11", "0.454545"],
    ]
    split = client.get(f"{API}/articles/counts.csv", {"split": "source", "interval": "year"})
    header, *rows = list(csv.reader(io.StringIO(split.content.decode())))
    assert header == ["date", "source", "matching", "total", "ratio"]
    assert {row[1] for row in rows} == {"sahifat-alikhtibar", "jarida-ukhra"}


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ({"tz": "Mars/Olympus"}, "tz"),
        ({"tz": "+03:00"}, "tz"),
        ({"tz": "UTC\x00"}, "tz"),
        ({"tz": "x" * 500}, "tz"),
        ({"interval": "fortnight"}, "interval"),
        ({"split": "speaker"}, "split"),
        ({"source": "no-such-source"}, "source"),
        ({"published_after": "yesterday"}, "published_after"),
        (
            {
                "interval": "day",
                "published_after": "1900-01-01T00:00:00Z",
                "published_before": "2100-01-01T00:00:00Z",
            },
            "interval",
        ),
    ],
)
def test_a_bad_value_is_a_400_naming_it(client, archive, query, named):
    response = client.get(f"{API}/articles/counts/", query)
    assert response.status_code == 400
    assert list(response.json()) == [named]
    message = str(response.json()[named])
    assert re.search("[\u0621-\u064a]", message), message  # in Arabic, like the site
    assert client.get(f"{API}/articles/counts.csv", query).status_code == 400


def test_an_unknown_time_zone_is_explained(client):
    response = client.get(f"{API}/articles/counts/", {"tz": "Asia/Atlantis"})
    assert response.json() == {
        "tz": ["منطقة زمنية غير معروفة: اكتب اسمًا من قاعدة IANA مثل UTC أو Asia/Riyadh."]
    }


# -- top words: a small archive whose counts are known by construction -------------------------


@pytest.fixture
def olive_archive():
    """Two public articles about olives, a hidden one, one about the weather. Every article's
    body also starts with the heading "المياه والكهرباء" (tests/site_factories.py)."""
    make_article(
        title="الزيتون الأخضر",
        paragraphs=["قطف المزارعون الزيتون في القرية.", "وقال إن الزيتونَ غالٍ هذا العام."],
    )
    make_article(title="أسعار الزيتون", paragraphs=["ارتفعت أسعار الزيتون في القرية."])
    make_article(title="الزيتون", paragraphs=["الزيتون الزيتون الزيتون"], hidden=True)
    make_article(title="الطقس", paragraphs=["أمطار غزيرة على الساحل."])


def test_top_words_are_counted_normalised_without_stop_words(client, olive_archive):
    answer = client.get(f"{API}/articles/words/", {"search": "الزيتون"}).json()
    assert (answer["matching"], answer["articles_read"], answer["sampled"]) == (2, 2, False)
    # في، وقال، إن، هذا، العام are stop words; أ is written ا, tashkeel dropped; the و of
    # والكهرباء is split off.
    assert [(w["word"], w["count"], w["articles"], w["share"]) for w in answer["words"]] == [
        ("الزيتون", 5, 2, 1.0),
        ("القرية", 2, 2, 1.0),
        ("الكهرباء", 2, 2, 1.0),
        ("المياه", 2, 2, 1.0),
        ("اسعار", 2, 1, 0.5),
        ("ارتفعت", 1, 1, 0.5),
        ("الاخضر", 1, 1, 0.5),
        ("المزارعون", 1, 1, 0.5),
        ("غال", 1, 1, 0.5),
        ("قطف", 1, 1, 0.5),
    ]


def test_top_words_read_hidden_articles_for_staff_only(client, admin_client, olive_archive):
    public = client.get(f"{API}/articles/words/", {"search": "الزيتون", "limit": 1}).json()
    staff = admin_client.get(f"{API}/articles/words/", {"search": "الزيتون", "limit": 1}).json()
    assert public["words"][0]["count"] == 5
    assert staff["words"][0] == {"word": "الزيتون", "count": 9, "articles": 3, "share": 1.0}


def test_top_words_beyond_the_sample_size_read_a_sample_and_say_so(olive_archive):
    matching = Article.objects.published()
    found = words.top_words(matching, sample_size=2)
    assert (found.matching, found.read, found.sampled) == (3, 2, True)
    assert found.words[0].share <= 1.0
    again = words.top_words(matching, sample_size=2)
    assert again == found  # the same sample each time


def test_top_words_as_csv(client, olive_archive):
    response = client.get(f"{API}/articles/words.csv", {"search": "الزيتون", "limit": 2})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [
        ["word", "count", "articles", "share"],
        ["الزيتون", "5", "2", "1.0"],
        ["القرية", "2", "2", "1.0"],
    ]


# -- quoted speakers and claims over time -------------------------------------------------------


@pytest.fixture
def quoted_archive(olive_archive):
    green, prices, hidden, weather = Article.objects.order_by("id")
    farmer = make_speaker("رئيس الجمعية الزراعية")
    minister = make_speaker("وزير الزراعة")
    statement = "ارتفعت أسعار الزيتون"
    make_claim(prices, statement=statement, speaker=farmer, verdict_slug="false")
    make_claim(green, statement="قطف المزارعون الزيتون", speaker=farmer, verdict_slug="verified")
    make_claim(
        green,
        paragraph=2,
        statement="الزيتونَ غالٍ",
        speaker=farmer,
        verdict_slug=None,
        stated_on=dt.date(2022, 3, 5),
    )
    make_claim(prices, statement="أسعار الزيتون", speaker=minister, verdict_slug="false")
    make_claim(hidden, statement="الزيتون الزيتون", speaker=minister, verdict_slug="false")
    make_claim(weather, statement="أمطار غزيرة", speaker=minister, medium="tweet")
    return farmer, minister


def test_most_quoted_speakers_with_the_verdicts_their_claims_received(client, quoted_archive):
    farmer, minister = quoted_archive
    answer = client.get(f"{API}/articles/speakers/", {"search": "الزيتون"}).json()
    assert (answer["matching"], answer["articles_read"], answer["sampled"]) == (2, 2, False)
    assert answer["speakers"] == [
        {
            "id": farmer.pk,
            "name": "رئيس الجمعية الزراعية",
            "claims": 3,
            "articles": 2,
            "verdicts": [
                {"slug": "verified", "label": "صحيح", "count": 1},
                {"slug": "false", "label": "زائف", "count": 1},
            ],
            "unreviewed": 1,
        },
        {
            "id": minister.pk,
            "name": "وزير الزراعة",
            "claims": 1,  # the hidden article's claim is not the public's
            "articles": 1,
            "verdicts": [{"slug": "false", "label": "زائف", "count": 1}],
            "unreviewed": 0,
        },
    ]


def sql_claim_counts(split_column: str) -> dict:
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT date_trunc('month', c.stated_on)::date, {split_column}, count(*)
            FROM articles_claim c JOIN articles_article a ON a.id = c.article_id
            LEFT JOIN articles_verdict v ON v.id = c.verdict_id
            WHERE a.visibility = 'public' AND c.stated_on IS NOT NULL GROUP BY 1, 2
            """
        )
        return {(day, key): count for day, key, count in cursor.fetchall()}


@pytest.mark.parametrize(
    ("split", "column"),
    [
        ("verdict", "CASE WHEN c.review_state = 'published' THEN v.slug ELSE 'unreviewed' END"),
        ("medium", "c.medium"),
    ],
)
def test_claims_over_time_equal_a_plain_sql_count(client, quoted_archive, split, column):
    answer = client.get(f"{API}/claims/counts/", {"split": split}).json()
    found = {
        (dt.date.fromisoformat(point["date"]), series["key"]): point["count"]
        for series in answer["series"]
        for point in series["counts"]
        if point["count"]
    }
    assert found == sql_claim_counts(column)
    assert answer["count"] == sum(found.values()) == 5
    assert [point["date"] for point in answer["counts"]] == [
        "2022-01-01",
        "2022-02-01",
        "2022-03-01",
    ]


def test_claims_over_time_by_speaker_and_as_csv(client, quoted_archive):
    farmer, minister = quoted_archive
    answer = client.get(f"{API}/claims/counts/", {"split": "speaker", "limit": 1}).json()
    assert [(s["key"], s["label"], s["count"]) for s in answer["series"]] == [
        (str(farmer.pk), "رئيس الجمعية الزراعية", 3)
    ]
    response = client.get(f"{API}/claims/counts.csv", {"speaker": minister.pk})
    assert list(csv.reader(io.StringIO(response.content.decode()))) == [
        ["date", "count"],
        ["2022-01-01", "2"],
    ]


# -- the API's rules ---------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)  # the cache keys on committed snapshots
def test_a_repeated_anonymous_count_is_answered_from_the_cache(client, archive):
    caches[CACHE_ALIAS].clear()
    url = f"{API}/articles/counts/?search={WORD}&interval=week"
    # A commit anywhere on the server (another database's too) starts new keys: a few tries.
    for _ in range(5):
        first = client.get(url)
        with CaptureQueriesContext(connection) as queries:
            second = client.get(url)
        if not [q for q in queries.captured_queries if "articles_" in q["sql"]]:
            break
    else:
        pytest.fail("never answered from the cache")
    assert second.content == first.content


def test_research_addresses_are_throttled_like_the_rest(client, settings):
    settings.NEWSARCHIVE_API_ANON_RATE = "2/min"
    caches["default"].clear()
    answers = [client.get(f"{API}/articles/words/").status_code for _ in range(3)]
    assert answers == [200, 200, 429]


def test_the_schema_documents_the_research_addresses(client):
    schema = client.get(f"{API}/schema/", HTTP_ACCEPT="application/json").json()
    counts = schema["paths"]["/api/v1/articles/counts/"]["get"]
    names = {parameter["name"] for parameter in counts["parameters"]}
    assert {"search", "source", "speaker", "claim_status", "interval", "tz", "split"} <= names
    assert "/api/v1/articles/words/" in schema["paths"]
    assert "/api/v1/articles/speakers/" in schema["paths"]
    assert "/api/v1/claims/counts/" in schema["paths"]
    claim_names = {
        p["name"] for p in schema["paths"]["/api/v1/claims/counts/"]["get"]["parameters"]
    }
    assert {"status", "speaker", "medium", "stated_after", "split"} <= claim_names


@pytest.mark.django_db(transaction=True)  # totals are kept per committed snapshot
def test_totals_kept_between_searches_follow_every_commit(client, archive):
    caches["default"].clear()
    before = client.get(f"{API}/articles/counts/", {"search": WORD}).json()
    other = client.get(f"{API}/articles/counts/", {"search": "الطقس"}).json()
    assert other["total"] == before["total"] == 13
    make_article(title="أخبار الطقس الجديدة", published_at=at(2022, 2, 1, 12, 0))
    after = client.get(f"{API}/articles/counts/", {"search": "الطقس"}).json()
    assert (after["matching"], after["total"]) == (other["matching"] + 1, 14)
    Article.objects.filter(title="أخبار الطقس الجديدة").update(visibility="hidden")
    hidden = client.get(f"{API}/articles/counts/", {"search": WORD}).json()
    assert hidden["total"] == 13
    check_series(hidden, sql_counts("month", "UTC"), "month")


def test_quoted_speakers_beyond_the_sample_size_count_a_sample_and_say_so(quoted_archive):
    everything = Article.objects.all()
    found = speakers.quoted_speakers(everything, None, sample_size=2)
    assert (found.matching, found.read, found.sampled) == (4, 2, True)
    assert sum(speaker.claims for speaker in found.speakers) < 6
    assert speakers.quoted_speakers(everything, None, sample_size=2) == found
