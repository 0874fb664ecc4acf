"""The pages as a reader and an editor see them, in a real headless Chromium."""

import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from articles.models import Article
from tests.conftest import FIXTURES

SCREENSHOTS = Path(os.environ.get("NEWSARCHIVE_SCREENSHOTS", "/tmp/newsarchive-screenshots"))
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Chromium on a closed network: no background calls home, no sandbox as root.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def static_files_from_the_apps(settings):
    # The test server finds static files in the apps by their plain names; the
    # hashed names of production's manifest storage are whitenoise's job under gunicorn.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="ar", viewport={"width": 1000, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def archive(seeds_dir, importseeds):
    shutil.copy(FIXTURES / "parsing" / "markup.txt", seeds_dir / "markup.txt")
    run = importseeds(seeds_dir)
    assert run.code == 0, run.stderr
    return Article.objects.all()


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def test_reader_opens_an_article_from_the_list_and_reads_it_right_to_left(
    live_server, page, archive
):
    seed = archive.get(external_id="4ec7ee0256ef7471")
    page.goto(live_server.url)
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.get_by_role("link", name=seed.title).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(seed.title)
    headings = page.get_by_role("heading", level=2)
    expect(headings).to_have_count(5)
    expect(headings.first).to_have_text("مقتل العشرات في سجن الحسكة")
    figures = page.locator("figure")
    expect(figures).to_have_count(4)
    expect(figures.first.locator(".credit")).to_have_text("Getty Images")
    # The lead photo stands above the first paragraph.
    first_paragraph = page.locator("article p:not(.meta)").first
    assert figures.first.bounding_box()["y"] < first_paragraph.bounding_box()["y"]
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    screenshot(page, "article")


def test_dates_print_in_arabic_for_a_browser_that_asks_for_english(live_server, browser, archive):
    seed = archive.get(external_id="4ec7ee0256ef7471")
    context = browser.new_context(locale="en-US")
    try:
        page = context.new_page()
        page.goto(live_server.url + seed.get_absolute_url())
        expect(page.locator("article .meta time").first).to_have_text("28 يناير 2022 07:49 UTC")
        page.goto(live_server.url)
        expect(page.locator("ol.articles")).to_contain_text("28 يناير 2022 07:49 UTC")
    finally:
        context.close()


def test_markup_in_an_article_is_shown_as_text_never_run(live_server, page, archive):
    article = archive.exclude(external_id="4ec7ee0256ef7471").get()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    page.goto(live_server.url + article.get_absolute_url())

    expect(page.locator("article")).to_contain_text("<script>")
    assert page.locator("article script").count() == 0
    assert dialogs == []


def test_search_box_finds_the_article_by_a_word_in_its_body(live_server, page, archive):
    page.goto(live_server.url)
    page.get_by_role("searchbox").fill("الأطفال")
    page.keyboard.press("Enter")

    expect(page.locator("ol.articles li")).to_have_count(1)
    expect(page.locator("ol.articles li")).to_contain_text("الحسكة")
    screenshot(page, "search")


def test_editor_corrects_a_title_in_the_admin_and_the_history_keeps_both(
    live_server, page, archive, django_user_model
):
    django_user_model.objects.create_superuser("editor", password="a long test password")
    seed = archive.get(external_id="4ec7ee0256ef7471")
    page.goto(f"{live_server.url}/admin/articles/article/{seed.pk}/change/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a long test password")
    page.get_by_role("button").filter(has_text="دخول").or_(
        page.locator("input[type=submit]")
    ).first.click()

    page.fill("#id_title", "عنوان صححه المحرر")
    screenshot(page, "admin-article")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_be_visible()

    seed.refresh_from_db()
    assert seed.title == "عنوان صححه المحرر"
    page.goto(f"{live_server.url}/admin/articles/article/{seed.pk}/history/")
    expect(page.locator("#change-history")).to_contain_text("editor")
    assert seed.history.count() == 2
    assert seed.history.earliest().title != "عنوان صححه المحرر"
