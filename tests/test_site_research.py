"""The site's research charts: a search's attention over time and its split by source, a
speaker's checked claims over time by verdict; drawn on the server as SVG, time running
right to left, the numbers in a table beside them."""

import datetime as dt
import re

import pytest

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
