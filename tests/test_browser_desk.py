"""The articles side of the editorial desk in a real headless Chromium: blocks, history,
pages that fit a laptop's and a desktop's screen."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests import test_browser

# The reading site's browser tests' fixtures: one Chromium, a page in Arabic, the archive.
browser = test_browser.browser
page = test_browser.page
archive = test_browser.archive
static_files_from_the_apps = test_browser.static_files_from_the_apps

SHOTS = Path(os.environ.get("NEWSARCHIVE_DESK_SCREENSHOTS", "/tmp/shots-e"))
WIDTHS = (1366, 1920)

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page, live_server, django_user_model, next_url: str) -> None:
    django_user_model.objects.create_superuser("editor", password="a long test password")
    page.goto(f"{live_server.url}/admin/login/?next={next_url}")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a long test password")
    page.locator("input[type=submit]").click()


def fits_the_screen(page, name: str) -> None:
    """At each width: no horizontal scrolling, and a screenshot to look at."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 1000})
        page.wait_for_function(f"window.innerWidth === {width}")
        page.evaluate("new Promise(requestAnimationFrame)")  # laid out at the new width
        page.screenshot(path=SHOTS / f"{name}-{width}.png", full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} at {width} px is {overflow} px too wide"


def test_editor_edits_and_moves_blocks_then_reads_the_change_word_by_word_in_the_history(
    live_server, page, archive, django_user_model
):
    seed = archive.get(external_id="4ec7ee0256ef7471")
    first, second, third = seed.body[:3]
    words = third["text"].split()
    change = f"/admin/articles/article/{seed.pk}/change/"
    log_in(page, live_server, django_user_model, change)
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
    log_in(page, live_server, django_user_model, "/admin/articles/article/")
    expect(page.locator("#result_list")).to_be_visible()
    fits_the_screen(page, "article-list")


def test_hiding_from_the_list_asks_for_a_reason(live_server, page, archive, django_user_model):
    seed = archive.get(external_id="4ec7ee0256ef7471")
    log_in(page, live_server, django_user_model, "/admin/articles/article/")
    page.locator(f"input[name=_selected_action][value='{seed.pk}']").check()
    page.locator("select[name=action]").select_option("hide_articles")
    page.locator("button[name=index]").click()
    page.locator("textarea[name=reason]").fill("نسخة مكررة")
    fits_the_screen(page, "article-hide")
    page.locator(".desk-hide input[type=submit]").click()

    expect(page.locator("#result_list")).to_contain_text("نسخة مكررة")
    seed.refresh_from_db()
    assert (seed.visibility, seed.visibility_reason) == ("hidden", "نسخة مكررة")
