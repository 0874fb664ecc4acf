"""Relations side by side in a real headless Chromium: a fact-checker works the queue."""

import os
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from articles.models import ClaimRelation
from tests.test_browser_claims import PASSWORD, fits_the_window, log_in
from tests.test_claims_curation import write_article

SHOTS = Path(os.environ.get("NEWSARCHIVE_RELATION_SCREENSHOTS", "/tmp/shots-j"))

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("desk_roles", "plain_static_files"),
]


@pytest.fixture
def proposed(tmp_path, importseeds):
    """Two reports of one earthquake whose tolls disagree, proposed by the importer."""
    write_article(
        tmp_path,
        "701_a.txt",
        "ضرب زلزال بقوة ست درجات القرى الجبلية فجر الثلاثاء. "
        "وقال محافظ الإقليم إن 35 شخصاً لقوا حتفهم في زلزال القرى الجبلية.",
        day=10,
    )
    write_article(
        tmp_path,
        "702_b.txt",
        "وقال الهلال الأحمر إن 52 شخصاً لقوا حتفهم في زلزال القرى الجبلية. "
        "وأضاف أن فرق الإنقاذ ما زالت تبحث تحت الأنقاض.",
        day=11,
    )
    importseeds(tmp_path)
    checker = get_user_model().objects.create_user("checker", password=PASSWORD, is_staff=True)
    checker.groups.add(Group.objects.get(name="fact-checker"))
    return ClaimRelation.objects.get()


def test_a_fact_checker_confirms_a_proposed_contradiction_side_by_side(
    live_server, browser, proposed
):
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(locale="ar", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    log_in(page, live_server, "checker")

    page.goto(f"{live_server.url}/admin/")
    assert fits_the_window(page)
    page.screenshot(path=SHOTS / "admin-index-1366.png", full_page=True)
    page.locator("#desk-relations-to-decide").click()
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(1)
    assert fits_the_window(page)
    page.screenshot(path=SHOTS / "relation-queue-1366.png", full_page=True)
    rows.first.locator("td.field-relation a").click()

    differences = page.locator("mark.relation-difference")
    expect(differences).to_have_count(2)
    assert sorted(differences.all_inner_texts()) == ["35", "52"]
    expect(page.locator(".relation-side")).to_have_count(2)
    first, second = page.locator(".relation-side").all()
    # Right to left: the first claim stands to the right of the second, at the same height.
    first_box, second_box = first.bounding_box(), second.bounding_box()
    assert first_box
    assert second_box
    assert first_box["x"] > second_box["x"]
    assert first_box["y"] == second_box["y"]
    assert fits_the_window(page)
    page.screenshot(path=SHOTS / "relation-compare-1366.png", full_page=True)

    page.fill("#id_note", "الحصيلة تغيرت بين اليومين")
    page.locator("#relation-confirm").click()

    expect(page.locator(".messagelist")).to_be_visible()
    expect(page.locator("#relation-decided-by")).to_contain_text("checker")
    expect(page.locator("#relation-decided-by time")).to_have_attribute(
        "datetime", re.compile(r"^\d{4}-\d\d-\d\dT")
    )
    proposed.refresh_from_db()
    assert (proposed.status, proposed.decided_by.username) == ("confirmed", "checker")
    expect(page.locator("#relation-note")).to_have_text("الحصيلة تغيرت بين اليومين")
    expect(page.locator("#relation-queue-empty")).to_be_visible()
    page.screenshot(path=SHOTS / "relation-decided-1366.png", full_page=True)
    context.close()


def test_the_keys_confirm_reject_and_go_to_the_next_relation(live_server, browser, proposed):
    other = ClaimRelation.objects.create(
        from_claim=proposed.to_claim,
        to_claim=proposed.from_claim,
        kind="repeats",
        status="proposed",
    )
    context = browser.new_context(locale="ar", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    log_in(page, live_server, "checker")
    page.goto(f"{live_server.url}/admin/articles/claimrelation/{proposed.pk}/compare/")

    page.keyboard.press("r")
    expect(page.locator(".messagelist")).to_be_visible()
    proposed.refresh_from_db()
    assert proposed.status == "rejected"

    page.keyboard.press("n")
    expect(page).to_have_url(f"{live_server.url}/admin/articles/claimrelation/{other.pk}/compare/")
    page.keyboard.press("c")
    expect(page.locator(".messagelist")).to_be_visible()
    other.refresh_from_db()
    assert other.status == "confirmed"
    context.close()


@pytest.mark.parametrize("width", [1366, 1920, 375])
def test_the_comparison_fits_the_screen_and_stacks_on_a_phone(
    live_server, browser, proposed, width
):
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(locale="ar", viewport={"width": width, "height": 900})
    page = context.new_page()
    log_in(page, live_server, "checker")
    page.goto(f"{live_server.url}/admin/articles/claimrelation/{proposed.pk}/compare/")

    first, second = page.locator(".relation-side").all()
    first_box, second_box = first.bounding_box(), second.bounding_box()
    assert first_box
    assert second_box
    if width < 900:
        assert second_box["y"] >= first_box["y"] + first_box["height"]  # stacked
    else:
        assert first_box["y"] == second_box["y"]  # side by side
        assert fits_the_window(page)
    page.screenshot(path=SHOTS / f"relation-compare-{width}.png", full_page=True)
    page.goto(f"{live_server.url}/admin/articles/claimrelation/")
    if width >= 900:
        assert fits_the_window(page)
    page.screenshot(path=SHOTS / f"relation-list-{width}.png", full_page=True)
    context.close()
