"""The site's research charts: a search's attention over time and its split by source, a
speaker's checked claims over time by verdict; drawn on the server as SVG, time running
right to left, the numbers in a table beside them."""

import datetime as dt
import re

import pytest
from django.db import connection

from articles.models import Claim, Verdict
from tests.site_factories import make_article, make_claim, make_source, make_speaker

pytestmark = pytest.mark.django_db

UTC = dt.UTC


@pytest.fixture
def floods():
    """Floods in January (two) and March 2022, none in February; a hidden one in March."""
    first = make_source()
    second = make_source("جريدة أخرى", "jarida-ukhra")
    make_article(
        title="فيضان في الوادي", source=first, published_at=dt.datetime(2022, 1, 5, tzinfo=UTC)
    )
    make_article(
        title="فيضان ثان", source=second, published_at=dt.datetime(2022, 1, 20, tzinfo=UTC)
    )
    make_article(
        title="أخبار الطقس", source=second, published_at=dt.datetime(2022, 2, 7, tzinfo=UTC)
    )
    make_article(
        title="فيضان الربيع", source=first, published_at=dt.datetime(2022, 3, 9, tzinfo=UTC)
    )
    make_article(
        title="فيضان مخفي",
        source=first,
        published_at=dt.datetime(2022, 3, 10, tzinfo=UTC),
        hidden=True,
    )


def section(html: str, element_id: str) -> str:
    start = html.index(f'aria-labelledby="{element_id}"')
    return html[start : html.index("</section>", start)]


def table_rows(html: str) -> list[list[str]]:
    rows = re.findall(r"<tr>(.*?)</tr>", html, re.S)
    return [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S) for row in rows]


def test_a_search_opens_with_its_attention_over_time_and_the_numbers(client, floods):
    html = client.get("/articles/", {"q": "فيضان"}).content.decode()
    chart = section(html, "attention-title")
    assert "الاهتمام عبر الزمن" in chart
    assert html.index("attention-title") < html.index('class="articles results"')
    assert '<svg class="chart-drawing"' in chart
    assert 'role="img"' in chart
    numbers = chart[chart.index("<details") : chart.index("</details>")]
    # February is there with zeros; the hidden March flood is not counted.
    assert table_rows(numbers)[1:] == [
        ["يناير 2022", "2", "2", "100.0%"],
        ["فبراير 2022", "0", "1", "0.0%"],
        ["مارس 2022", "1", "1", "100.0%"],
    ]
    by_source = chart[chart.index('<table class="share-bars"') :]
    assert [row[:4] for row in table_rows(by_source)[1:]] == [
        ["صحيفة الاختبار", "2", "2", "100.0%"],
        ["جريدة أخرى", "1", "2", "50.0%"],
    ]


def test_time_runs_right_to_left_in_the_drawing(client, floods):
    html = client.get("/articles/", {"q": "فيضان"}).content.decode()
    drawing = section(html, "attention-title")
    bars = re.findall(r'<rect class="chart-bar" x="([0-9.]+)"[^>]*><title>([^<]*)</title>', drawing)
    assert [title for _, title in bars] == [
        "يناير 2022: المقالات المطابقة 2",
        "مارس 2022: المقالات المطابقة 1",
    ]
    january, march = (float(x) for x, _ in bars)
    assert january > march  # the first month at the right
    labels = re.findall(r'<text class="chart-period" x="([0-9.]+)"[^>]*>([^<]*)</text>', drawing)
    assert [text for _, text in labels] == ["يناير 2022", "فبراير 2022", "مارس 2022"]
    assert float(labels[0][0]) > float(labels[1][0]) > float(labels[2][0])
    # Western digits, as on the rest of the site; no decimal comma in the geometry.
    assert not re.search("[٠-٩]", drawing)
    assert not re.search(r'="\d+,\d', drawing)


def test_staff_see_hidden_articles_counted(admin_client, floods):
    html = admin_client.get("/articles/", {"q": "فيضان"}).content.decode()
    numbers = section(html, "attention-title")
    assert ["مارس 2022", "2", "2", "100.0%"] in table_rows(numbers)


def test_the_chart_heads_the_first_page_of_a_search_only(client, floods):
    assert "attention-title" not in client.get("/articles/").content.decode()
    assert "attention-title" not in client.get("/articles/", {"q": "بركان"}).content.decode()
    second_page = client.get("/articles/", {"q": "فيضان", "cursor": "bad"})
    assert "attention-title" not in second_page.content.decode()


def test_a_long_span_is_counted_by_year(client):
    for year in (2012, 2016, 2020):
        make_article(title="فيضان", published_at=dt.datetime(year, 6, 1, tzinfo=UTC))
    html = client.get("/articles/", {"q": "فيضان"}).content.decode()
    numbers = section(html, "attention-title").split("<details")[1].split("</details>")[0]
    rows = table_rows(numbers)
    assert rows[0][0] == "السنة"
    assert [row[0] for row in rows[1:]] == [str(year) for year in range(2012, 2021)]


def test_a_speakers_page_shows_their_checked_claims_over_time_by_verdict(client):
    speaker = make_speaker()
    january = make_article(published_at=dt.datetime(2022, 1, 10, tzinfo=UTC))
    march = make_article(published_at=dt.datetime(2022, 3, 10, tzinfo=UTC))
    make_claim(january, speaker=speaker, verdict_slug="false", stated_on=dt.date(2022, 1, 9))
    make_claim(march, speaker=speaker, verdict_slug="false", stated_on=dt.date(2022, 3, 2))
    make_claim(
        march,
        paragraph=2,
        statement="لن يرفع أسعار الكهرباء",
        speaker=speaker,
        verdict_slug="verified",
        stated_on=dt.date(2022, 3, 3),
    )
    make_claim(
        march, paragraph=4, statement="ارتفع ثلاثة أمتار", speaker=speaker, verdict_slug=None
    )  # not checked: not counted
    html = client.get(f"/speakers/{speaker.pk}/").content.decode()
    chart = section(html, "over-time-title")
    assert "الادعاءات عبر الزمن" in chart
    assert re.findall(r'<rect class="(verdict-[a-z-]+)"', chart) == [
        "verdict-false",  # January
        "verdict-verified",  # March, stacked in the vocabulary's order
        "verdict-false",
    ]
    legend = chart[chart.index('class="chart-legend"') : chart.index("</ul>")]
    assert "صحيح" in legend
    assert "زائف" in legend
    rows = table_rows(chart[chart.index("<details") :])
    assert rows == [
        ["الشهر", "صحيح", "زائف", "الكل"],
        ["يناير 2022", "0", "1", "1"],
        ["فبراير 2022", "0", "0", "0"],
        ["مارس 2022", "1", "1", "2"],
    ]


ARABIC_MONTHS = {"يناير": 1, "فبراير": 2, "مارس": 3, "إبريل": 4, "مايو": 5, "يونيو": 6}


def plain_sql_counts(speaker, *, public_only: bool) -> tuple[dict, dict]:
    """({(month, verdict slug): count}, {verdict slug: count}) of the speaker's published
    verdicts, counted in SQL written out here, apart from the site's queries."""
    public = "AND a.visibility = 'public'" if public_only else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT c.stated_on, v.slug FROM articles_claim c
              JOIN articles_article a ON a.id = c.article_id
              JOIN articles_verdict v ON v.id = c.verdict_id
             WHERE c.speaker_id = %s AND c.review_state = 'published' {public}
            """,
            [speaker.pk],
        )
        rows = cursor.fetchall()
    by_month: dict = {}
    by_verdict: dict = {}
    for stated_on, slug in rows:
        by_verdict[slug] = by_verdict.get(slug, 0) + 1
        if stated_on is not None:
            key = (stated_on.replace(day=1), slug)
            by_month[key] = by_month.get(key, 0) + 1
    return by_month, by_verdict


@pytest.mark.parametrize("who", ["public", "staff"])
def test_a_speakers_chart_and_verdict_counts_equal_a_plain_count(client, admin_client, who):
    speaker = make_speaker("متحدث كثير الادعاءات")
    others = make_speaker("متحدث آخر")
    slugs = ["false", "verified", "disputed", "false", "unverifiable"]
    for number in range(40):
        article = make_article(
            published_at=dt.datetime(2023, 1, 1, tzinfo=UTC), hidden=number % 9 == 0
        )
        stated_on = None if number % 11 == 0 else dt.date(2023, 1 + number % 6, 1 + number % 27)
        make_claim(
            article,
            speaker=speaker,
            verdict_slug=slugs[number % len(slugs)],
            stated_on=stated_on,
        )
        # Not counted: a verdict still in review, an unreviewed claim, another speaker.
        make_claim(
            article,
            paragraph=2,
            statement="لن يرفع أسعار الكهرباء",
            speaker=speaker,
            verdict_slug=None if number % 2 else "false",
            review_state=Claim.ReviewState.IN_REVIEW if number % 2 == 0 else None,
        )
        make_claim(article, paragraph=4, statement="ارتفع ثلاثة أمتار", speaker=others)
    by_month, by_verdict = plain_sql_counts(speaker, public_only=who == "public")
    reader = client if who == "public" else admin_client
    html = reader.get(f"/speakers/{speaker.pk}/").content.decode()

    labels = dict(Verdict.objects.values_list("label", "slug"))
    shown = re.findall(r'<li class="verdict-([\w-]+)">.*?</span> (\d+)</li>', html)
    assert {slug: int(count) for slug, count in shown} == by_verdict

    chart = section(html, "over-time-title")
    header, *rows = table_rows(chart[chart.index("<details") :])
    columns = [labels[label] for label in header[1:-1]]
    counted = {}
    for label, *values, total in rows:
        month_name, year = label.split()
        month = dt.date(int(year), ARABIC_MONTHS[month_name], 1)
        assert int(total) == sum(int(value) for value in values)
        for slug, value in zip(columns, values, strict=True):
            if int(value):
                counted[month, slug] = int(value)
    assert counted == by_month
    undated = sum(by_verdict.values()) - sum(by_month.values())
    assert undated
    assert f"{undated} " in chart[chart.index("</details>") :]
