"""The research charts in a real headless Chromium: drawn without script, right to left,
the numbers in a table beside them, within the screen at a laptop's and a phone's width,
and clean for axe-core."""

import datetime as dt
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.site_factories import make_article, make_claim, make_source, make_speaker
from tests.test_browser import DESKTOP, PHONE, axe_violations

SHOTS = Path(os.environ.get("NEWSARCHIVE_SCREENSHOTS", "/tmp/newsarchive-screenshots"))

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("plain_static_files"),
]


@pytest.fixture
def research_archive():
    """Floods over two years in two sources; a speaker's checked claims in three months."""
    sources = [make_source(), make_source("جريدة الساحل اليومية", "jarida-alsahil")]
    speaker = make_speaker()
    for month in range(1, 25):
        year, month_of_year = 2021 + (month - 1) // 12, (month - 1) % 12 + 1
        for number in range(month % 4 + 1):
            article = make_article(
                title=f"فيضان في الوادي رقم {month}-{number}" if number % 2 == 0 else None,
                source=sources[number % 2],
                published_at=dt.datetime(year, month_of_year, 3 + number, 8, tzinfo=dt.UTC),
            )
            if number == 0 and month % 5 == 0:
                slug = ("false", "verified", "misleading")[month % 3]
                made = dt.date(year, month_of_year, 2)
                make_claim(article, speaker=speaker, verdict_slug=slug, stated_on=made)
    return speaker


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_the_search_and_speaker_charts_draw_without_script_and_fit_the_screen(
    live_server, browser, research_archive, width
):
    context = browser.new_context(
        locale="ar", java_script_enabled=False, viewport={"width": width, "height": 900}
    )
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/articles/?q=فيضان")
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        chart = page.locator("figure.chart")
        drawing = chart.locator("svg.chart-drawing")
        expect(drawing).to_be_visible()
        assert drawing.locator("rect.chart-bar").count() == 24
        box = drawing.bounding_box()
        assert box["width"] > 200
        # The first month is drawn at the right.
        first = drawing.locator("rect.chart-bar").first.bounding_box()
        last = drawing.locator("rect.chart-bar").last.bounding_box()
        assert first["x"] > last["x"]
        chart.locator("summary").click()
        rows = chart.locator("details table tbody tr")
        expect(rows).to_have_count(24)
        expect(rows.first.locator("th")).to_have_text("يناير 2021")
        expect(rows.first.locator("td").first).to_have_text("1")
        expect(page.locator("table.share-bars tbody tr")).to_have_count(1)
        fits(page, f"research-search-{width}")
        chart.screenshot(path=SHOTS / f"research-search-chart-{width}.png")

        page.goto(f"{live_server.url}/speakers/{research_archive.pk}/")
        stacked = page.locator("figure.chart svg rect")
        assert stacked.count() == 4
        assert "verdict-" in stacked.first.get_attribute("class")
        colour = stacked.first.evaluate("rect => getComputedStyle(rect).fill")
        assert colour not in ("", "none", "rgb(0, 0, 0)")
        fits(page, f"research-speaker-{width}")
        page.locator("figure.chart").screenshot(path=SHOTS / f"research-speaker-chart-{width}.png")
    finally:
        context.close()


def fits(page, name: str) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name} is {overflow}px too wide"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png", full_page=True)


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_the_charts_pass_axe(live_server, browser, research_archive, width):
    # axe-core is injected as an inline script, which the site's CSP refuses.
    context = browser.new_context(
        locale="ar", viewport={"width": width, "height": 900}, bypass_csp=True
    )
    try:
        page = context.new_page()
        for path in ("/articles/?q=فيضان", f"/speakers/{research_archive.pk}/"):
            page.goto(live_server.url + path)
            page.locator("figure.chart summary").click()  # the table open, checked too
            assert axe_violations(page) == [], f"{path} at {width}px"
    finally:
        context.close()
