"""The claim desk in a real headless Chromium: a fact-checker's queue, verdicts, layout."""

import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import translation
from playwright.sync_api import expect

from articles.admin.relations import ClaimRelationAdmin
from articles.models import Claim, ClaimRelation

SHOTS = Path(os.environ.get("NEWSARCHIVE_CLAIM_SCREENSHOTS", "/tmp/shots-d"))
PASSWORD = "a long test password"

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("desk_roles", "plain_static_files"),
]


@pytest.fixture
def desk(article):
    """The seed's claims, two assigned to a fact-checker, related to each other."""
    checker = get_user_model().objects.create_user("checker", password=PASSWORD, is_staff=True)
    checker.groups.add(Group.objects.get(name="fact-checker"))
    claims = list(Claim.objects.filter(article=article).order_by("pk"))
    Claim.objects.filter(pk__in=[claims[0].pk, claims[1].pk]).update(assignee=checker)
    ClaimRelation.objects.create(
        from_claim=claims[0], to_claim=claims[1], kind="contradicts", status="proposed"
    )
    ClaimRelation.objects.create(
        from_claim=claims[2], to_claim=claims[0], kind="supports", status="confirmed"
    )
    return claims


def log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("input[type=submit]").click()


def fits_the_window(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_fact_checker_opens_her_queue_and_gives_a_verdict(live_server, browser, desk):
    context = browser.new_context(locale="ar", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    log_in(page, live_server, "checker")

    page.goto(f"{live_server.url}/admin/articles/claim/")
    page.locator("a[href$='/claim/my-queue/']").click()
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(2)
    rows.first.locator("th a, td a").first.click()

    expect(page.locator("#id_statement")).to_have_count(0)  # read-only for a fact-checker
    page.select_option("#id_verdict", label="موضع خلاف")
    page.fill("#id_review_note", "أرقام المصدرين مختلفة")
    page.locator("input[name=_continue]").click()

    expect(page.locator(".messagelist")).to_be_visible()
    expect(page.locator(".fieldBox.field-reviewer .readonly")).to_have_text("checker")
    expect(page.locator(".fieldBox.field-reviewed_at .readonly")).not_to_have_text("-")
    expect(page.locator(".status-history tbody tr")).to_have_count(2)
    context.close()


@pytest.mark.parametrize("width", [1366, 1920])
def test_claim_desk_pages_fit_the_screen(live_server, browser, desk, width):
    get_user_model().objects.create_superuser("chief", password=PASSWORD)
    context = browser.new_context(locale="ar", viewport={"width": width, "height": 900})
    page = context.new_page()
    log_in(page, live_server, "chief")
    SHOTS.mkdir(parents=True, exist_ok=True)
    pages = {
        "claim-list": "/admin/articles/claim/",
        "claim-page": f"/admin/articles/claim/{desk[0].pk}/change/",
        "relation-list": "/admin/articles/claimrelation/",
    }
    for name, url in pages.items():
        page.goto(live_server.url + url)
        page.screenshot(path=SHOTS / f"{name}-{width}.png", full_page=True)
        assert fits_the_window(page), f"{name} is wider than {width} px"
    # The relation list's own column, labelled as the Arabic desk labels it.
    with translation.override("ar"):
        to_claim = str(ClaimRelationAdmin.to_summary.short_description)
    expect(page.locator("#result_list thead")).to_contain_text(to_claim)
    context.close()
