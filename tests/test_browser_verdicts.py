"""Verdicts in a real headless Chromium: each in its row's colour on the site and at the
desk, the public explanation shown, nothing wider than the screen."""

import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from articles.models import Claim, Verdict
from tests.site_factories import make_article, make_claim

SHOTS = Path(os.environ.get("NEWSARCHIVE_VERDICT_SCREENSHOTS", "/tmp/shots-h"))
PASSWORD = "a long test password"

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("desk_roles", "plain_static_files"),
]


def shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def rgb(hex_colour: str) -> str:
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({red}, {green}, {blue})"


@pytest.fixture
def published():
    verdict = Verdict.objects.create(
        slug="exaggerated",
        label="مبالغ فيه",
        colour="#7b3fa0",
        symbol="↑",
        rating_value=2,
        alternate_name="Exaggerated",
        description="الادعاء يضخم رقماً صحيحاً.",
        position=35,
    )
    claim = make_claim(
        make_article(),
        verdict_slug="exaggerated",
        verdict_explanation="السد سيخزن نصف هذه الكمية وفق بيانات الوزارة المنشورة.",
    )
    return verdict, claim


@pytest.mark.parametrize("width", [375, 1366])
def test_a_published_verdict_shows_in_its_rows_colour_with_its_explanation(
    live_server, browser, published, width
):
    verdict, claim = published
    context = browser.new_context(locale="ar", viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/claims/{claim.pk}/")
        badge = page.locator(".fact-check .verdict .badge")
        expect(badge).to_contain_text("مبالغ فيه")
        expect(badge).to_have_css("background-color", rgb(verdict.colour))
        expect(page.locator(".verdict-explanation")).to_contain_text("نصف هذه الكمية")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        shoot(page, f"site-claim-verdict-{width}")

        page.goto(live_server.url + claim.article.get_absolute_url())
        mark = page.locator(f'a[href="/claims/{claim.pk}/"]').first
        mark.focus()
        details = page.locator(f"#claim-{claim.pk}-details")
        expect(details).to_contain_text("نصف هذه الكمية")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        shoot(page, f"site-article-verdict-popover-{width}")
    finally:
        context.close()


def test_the_claim_form_offers_the_verdicts_in_their_colours(live_server, browser, published):
    verdict, claim = published
    get_user_model().objects.create_superuser("chief", password=PASSWORD)
    Claim.objects.filter(pk=claim.pk).update(review_state=Claim.ReviewState.IN_REVIEW)
    context = browser.new_context(locale="ar", viewport={"width": 1366, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("#id_username", "chief")
        page.fill("#id_password", PASSWORD)
        page.locator("input[type=submit]").click()
        page.goto(f"{live_server.url}/admin/articles/claim/{claim.pk}/change/")
        option = page.locator(f'#id_verdict option[value="{verdict.pk}"]')
        expect(option).to_have_css("color", rgb(verdict.colour))
        expect(page.locator("#id_verdict")).to_have_value(str(verdict.pk))
        expect(page.locator("#id_review_state")).to_have_value("in_review")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        shoot(page, "admin-claim-verdict-1366")

        page.goto(f"{live_server.url}/admin/articles/claim/")
        badge = page.locator(f"#result_list .verdict-badge.{verdict.css_class}").first
        expect(badge).to_have_css("background-color", rgb(verdict.colour))
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        shoot(page, "admin-claim-list-verdicts-1366")

        page.goto(f"{live_server.url}/admin/articles/verdict/")
        shoot(page, "admin-verdicts-1366")
    finally:
        context.close()
