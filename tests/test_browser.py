"""The pages as a reader and an editor see them, in a real headless Chromium."""

import os
import shutil
import time
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from articles.models import Article, ClaimRelation
from tests.conftest import FIXTURES
from tests.site_factories import png, publish

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

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("plain_static_files"),
]


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


# The reading site's page kinds, at a desktop's width and a phone's.

PHONE, DESKTOP = 375, 1366


@pytest.fixture
def checked_archive(archive, settings, tmp_path):
    """The seed with three of its claims checked, one relation confirmed and a wide photo."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ROOT_URLCONF = "tests.site_media_urls"
    seed = archive.get(external_id="4ec7ee0256ef7471")
    claims = list(seed.claims.order_by("paragraph", "span_start"))
    for claim, status in zip(
        claims, ["false", "verified", "disputed", "unverifiable"], strict=False
    ):
        publish(claim, status)
    ClaimRelation.objects.create(
        from_claim=claims[0], to_claim=claims[1], kind="contradicts", status="confirmed"
    )
    lead = seed.images.get(is_lead=True)
    lead.file.save("wide.png", ContentFile(png(1200, 500)))
    lead.alt_text = "صورة رمادية للاختبار"
    lead.save()
    return seed, claims


def site_pages(seed, claims):
    source = seed.source.slug
    return {
        "home": "/",
        "articles": "/articles/",
        "search": "/articles/?q=الأطفال",
        "article": seed.get_absolute_url(),
        "claim": f"/claims/{claims[0].pk}/",
        "claims": "/claims/",
        "claims-false": "/claims/verdict/false/",
        "speaker": f"/speakers/{claims[0].speaker_id}/",
        "source": f"/sources/{source}/",
        "archive-year": "/archive/2022/",
        "archive-month": "/archive/2022/01/",
        "not-found": "/no-such-page/",
        "bad-request": "/articles/?q=%00",
    }


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_every_page_kind_fits_the_screen_right_to_left(
    live_server, browser, checked_archive, width
):
    seed, claims = checked_archive
    context = browser.new_context(locale="ar", viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        for name, path in site_pages(seed, claims).items():
            page.goto(live_server.url + path)
            expect(page.locator("html")).to_have_attribute("lang", "ar")
            assert page.evaluate("getComputedStyle(document.body).direction") == "rtl", name
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{name} is {overflow}px too wide at {width}px"
            screenshot(page, f"site-{name}-{width}")
    finally:
        context.close()


def test_a_wide_photo_fits_a_phone_and_loads_lazily(live_server, browser, checked_archive):
    seed, _ = checked_archive
    context = browser.new_context(locale="ar", viewport={"width": PHONE, "height": 800})
    try:
        page = context.new_page()
        page.goto(live_server.url + seed.get_absolute_url())
        photo = page.get_by_role("img", name="صورة رمادية للاختبار")
        expect(photo).to_have_attribute("loading", "lazy")
        # Its size is in the page, so the text does not jump when it arrives.
        expect(photo).to_have_attribute("width", "1200")
        expect(photo).to_have_attribute("height", "500")
        photo.scroll_into_view_if_needed()
        wait_until(page, "document.querySelector('figure img').complete")
        assert page.evaluate("document.querySelector('figure img').naturalWidth") == 1200
        assert photo.bounding_box()["width"] < PHONE
    finally:
        context.close()


def test_focusing_a_marked_claim_shows_who_said_it_and_the_verdict_without_script(
    live_server, browser, checked_archive
):
    seed, claims = checked_archive
    context = browser.new_context(
        locale="ar", java_script_enabled=False, viewport={"width": PHONE, "height": 900}
    )
    try:
        page = context.new_page()
        page.goto(live_server.url + seed.get_absolute_url())
        mark = page.locator(f'a[href="/claims/{claims[0].pk}/"]').first
        details = page.locator(f"#claim-{claims[0].pk}-details")
        expect(details).to_be_hidden()
        expect(mark.locator("mark")).to_have_text(claims[0].statement)
        mark.focus()
        expect(details).to_be_visible()
        expect(details).to_contain_text(claims[0].speaker.name)
        expect(details).to_contain_text("27 يناير 2022")
        screenshot(page, "site-claim-focused-375")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0
        # An unreviewed claim of the article is plain text: no mark, no link.
        assert page.locator("article mark").count() == 4
        mark.click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(claims[0].statement[:30])
    finally:
        context.close()


def test_the_arabic_font_is_served_from_the_sites_own_static_files(live_server, page, archive):
    fonts = []
    page.on(
        "response",
        lambda response: fonts.append(response.url) if ".woff2" in response.url else None,
    )
    page.goto(live_server.url)
    page.evaluate("document.fonts.ready")
    assert page.evaluate("""document.fonts.check('18px "Noto Naskh Arabic"', 'أرشيف')""")
    assert fonts
    assert all(url.startswith(live_server.url + "/static/site/fonts/") for url in fonts)


# The articles side of the editorial desk: blocks, history, pages that fit a laptop's and
# a desktop's screen (1366 and 1920 px), with screenshots to look at.

DESK_WIDTHS = (1366, 1920)


def log_in_as_editor(page, live_server, django_user_model, next_url: str) -> None:
    django_user_model.objects.create_superuser("editor", password="a long test password")
    page.goto(f"{live_server.url}/admin/login/?next={next_url}")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a long test password")
    page.locator("input[type=submit]").click()


def wait_until(page, expression: str, seconds: float = 10) -> None:
    """Poll ``expression`` in the page until it is true. Playwright's own wait_for_function
    evaluates its predicate with eval(), which the pages' Content-Security-Policy refuses."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"still false after {seconds} s: {expression}"
        page.wait_for_timeout(50)


def fits_the_screen(page, name: str) -> None:
    """At each width: no horizontal scrolling, and a screenshot to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in DESK_WIDTHS:
        page.set_viewport_size({"width": width, "height": 1000})
        wait_until(page, f"window.innerWidth === {width}")
        page.evaluate("new Promise(requestAnimationFrame)")  # laid out at the new width
        page.screenshot(path=SCREENSHOTS / f"{name}-{width}.png", full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} at {width} px is {overflow} px too wide"


def test_editor_edits_and_moves_blocks_then_reads_the_change_word_by_word_in_the_history(
    live_server, page, archive, django_user_model
):
    seed = archive.get(external_id="4ec7ee0256ef7471")
    first, second, third = seed.body[:3]
    words = third["text"].split()
    change = f"/admin/articles/article/{seed.pk}/change/"
    log_in_as_editor(page, live_server, django_user_model, change)
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    fits_the_screen(page, "article-change")

    blocks = page.locator(".body-block")
    expect(blocks).to_have_count(len(seed.body))  # the script took the empty one away
    textarea = blocks.nth(2).locator("textarea")
    assert textarea.evaluate("t => getComputedStyle(t).direction") == "rtl"
    # The box grew to show its whole paragraph: no scrolling inside it.
    assert textarea.evaluate("t => t.scrollHeight <= t.clientHeight + 2")
    textarea.fill(" ".join([*words[:3], "كلمةجديدة", *words[4:]]))
    blocks.nth(0).get_by_role("button", name="Down").or_(
        blocks.nth(0).locator(".body-block-down")
    ).first.click()
    expect(page.locator(".body-block").nth(1).locator("textarea")).to_have_value(first["text"])
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist")).to_be_visible()

    seed.refresh_from_db()
    assert seed.body[:3] == [
        second,
        first,
        {**third, "text": " ".join([*words[:3], "كلمةجديدة", *words[4:]])},
    ]

    page.goto(f"{live_server.url}/admin/articles/article/{seed.pk}/history/")
    expect(page.locator(".body-diff ins").first).to_have_text("كلمةجديدة")
    expect(page.locator(".body-diff del").first).to_have_text(words[3])
    expect(page.locator("#change-history")).to_contain_text("editor")
    fits_the_screen(page, "article-history")


def test_the_article_list_fits_the_screen(live_server, page, archive, django_user_model):
    log_in_as_editor(page, live_server, django_user_model, "/admin/articles/article/")
    expect(page.locator("#result_list")).to_be_visible()
    fits_the_screen(page, "article-list")


def test_hiding_from_the_list_asks_for_a_reason(live_server, page, archive, django_user_model):
    seed = archive.get(external_id="4ec7ee0256ef7471")
    log_in_as_editor(page, live_server, django_user_model, "/admin/articles/article/")
    page.locator(f"input[name=_selected_action][value='{seed.pk}']").check()
    page.locator("select[name=action]").select_option("hide_articles")
    page.locator("button[name=index]").click()
    page.locator("textarea[name=reason]").fill("نسخة مكررة")
    fits_the_screen(page, "article-hide")
    page.locator(".desk-hide input[type=submit]").click()

    expect(page.locator("#result_list")).to_contain_text("نسخة مكررة")
    seed.refresh_from_db()
    assert (seed.visibility, seed.visibility_reason) == ("hidden", "نسخة مكررة")


# Accessibility: axe-core (a test dependency, vendored under tests/vendor/, never served
# to readers) run in the page, at a laptop's and a phone's width.

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"


def axe_violations(page) -> list[str]:
    """What axe-core finds wrong in the page, one line per rule and element."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{violation['id']} ({violation['impact']}): {node['target']} {node['failureSummary']}"
        for violation in result["violations"]
        for node in violation["nodes"]
    ]


def accessibility_pages(seed, claims):
    pages = site_pages(seed, claims)
    return {
        "home": pages["home"],
        "article": pages["article"],
        "claim": pages["claim"],
        "claims": pages["claims"],
        "speaker": pages["speaker"],
        "source": pages["source"],
        "search": pages["search"],
        "search-filtered": "/articles/?q=الأطفال&sort=date&checked=on",
        "no-results": "/articles/?q=البراكين&published_from=2020-01-01",
        "archive": "/archive/",
        "archive-year": pages["archive-year"],
        "archive-month": pages["archive-month"],
        "not-found": pages["not-found"],
    }


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_every_page_passes_axe_with_one_h1_a_skip_link_and_a_labelled_search(
    live_server, browser, checked_archive, width
):
    seed, claims = checked_archive
    # axe-core goes into each page as an inline script, which the site's CSP rightly
    # refuses: this context alone sets the policy aside (the other tests keep it).
    context = browser.new_context(
        locale="ar", viewport={"width": width, "height": 900}, bypass_csp=True
    )
    try:
        page = context.new_page()
        for name, path in accessibility_pages(seed, claims).items():
            page.goto(live_server.url + path)
            assert page.locator("h1").count() == 1, name
            skip = page.locator("a.skip-link")
            expect(skip).to_have_attribute("href", "#content")
            assert page.locator("main#content").count() == 1, name
            expect(page.get_by_role("search").get_by_role("searchbox")).to_have_accessible_name(
                page.locator("label[for=site-search]").inner_text()
            )
            assert axe_violations(page) == [], f"{name} at {width}px"
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{name} is {overflow}px too wide at {width}px"
            screenshot(page, f"axe-{name}-{width}")
    finally:
        context.close()


def test_the_skip_link_is_the_first_stop_and_moves_focus_to_the_content(
    live_server, page, checked_archive
):
    seed, _ = checked_archive
    page.goto(live_server.url + seed.get_absolute_url())
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#content"
    assert page.evaluate("document.activeElement.id") == "content"
