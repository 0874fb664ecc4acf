"""The review screen in a real headless Chromium: a fact-checker reviews an article's claims
from the keyboard and adds one the importer missed by selecting its words."""

import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from articles.admin.review import verdict_options
from articles.models import Claim, ClaimRelation

SHOTS = Path(os.environ.get("NEWSARCHIVE_REVIEW_SCREENSHOTS", "/tmp/shots-i"))
PASSWORD = "a long test password"
MISSED = "لم ترد تقارير عن إصابة مدنيين"

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("desk_roles", "plain_static_files"),
]


@pytest.fixture
def checker(article):
    user = get_user_model().objects.create_user("checker", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="fact-checker"))
    claims = list(Claim.objects.filter(article=article).order_by("pk"))
    ClaimRelation.objects.create(
        from_claim=claims[0], to_claim=claims[1], kind="contradicts", status="proposed"
    )
    return user


def log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("input[type=submit]").click()


def fits_the_window(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def select_words(page, paragraph: int, words: str) -> None:
    """Select ``words`` in paragraph ``paragraph`` as a mouse would: a range over its text."""
    page.evaluate(
        """([paragraph, words]) => {
            const element = document.getElementById(`paragraph-${paragraph}`);
            const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const at = node.data.indexOf(words);
                if (at < 0) continue;
                const range = document.createRange();
                range.setStart(node, at);
                range.setEnd(node, at + words.length);
                document.getSelection().removeAllRanges();
                document.getSelection().addRange(range);
                return;
            }
            throw new Error("words not in the paragraph");
        }""",
        [paragraph, words],
    )


def test_a_fact_checker_reviews_every_claim_from_the_keyboard_and_adds_a_missed_one(
    live_server, browser, article, checker
):
    context = browser.new_context(locale="ar", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    log_in(page, live_server, "checker")
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    page.locator("a.review-link").click()
    page.wait_for_load_state()  # the keyboard works once the page's script has run
    expect(page.locator("mark.review-mark")).to_have_count(12)

    claims = Claim.objects.filter(article=article)
    actions = 0
    for _ in range(claims.count()):
        page.keyboard.press("j")
        page.keyboard.press("2")  # the second verdict: verified
        with page.expect_navigation():
            page.keyboard.press("Enter")
        actions += 3
        expect(page.locator(".messagelist .success")).to_be_visible()
    assert actions / claims.count() <= 3
    assert {
        (claim.verdict.slug, claim.reviewer_id, claim.reviewed_at is not None) for claim in claims
    } == {("verified", checker.pk, True)}
    expect(page.locator("mark.review-mark.verdict-verified")).to_have_count(12)

    paragraph = article.paragraphs[9]
    select_words(page, 10, MISSED)
    expect(page.locator(".review-selection-text")).to_have_text(MISSED)
    page.fill("#review-speaker-name", "قوات سوريا")
    page.locator(".review-speaker-option").first.click()
    with page.expect_navigation():
        page.locator("button.review-add").click()

    added = Claim.objects.get(article=article, origin="editor")
    start = paragraph.index(MISSED)
    assert (added.paragraph, added.span_start, added.span_end) == (10, start, start + len(MISSED))
    assert added.statement == MISSED
    assert added.speaker.name == "قوات سوريا الديمقراطية"
    expect(page.locator(f"mark#mark-{added.pk}")).to_have_text(MISSED)
    context.close()


def test_the_chosen_claim_is_focused_and_the_numbers_choose_its_verdict(
    live_server, browser, article, checker
):
    context = browser.new_context(locale="ar", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    log_in(page, live_server, "checker")
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/review/")
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("k")
    first = Claim.objects.filter(article=article).order_by("paragraph", "span_start").first()
    expect(page.locator(f"mark#mark-{first.pk}")).to_be_focused()
    expect(page.locator(f"#claim-{first.pk}")).to_be_visible()
    # The n-th verdict button, as the screen numbers them.
    number = [value for value, _label, _css in verdict_options()].index("false") + 1
    page.keyboard.press(str(number))
    expect(page.locator(f"#claim-{first.pk} input[value=false]")).to_be_checked()
    context.close()


@pytest.mark.parametrize("width", [375, 1366, 1920])
def test_the_review_screen_fits_the_screen(live_server, browser, article, checker, width):
    context = browser.new_context(locale="ar", viewport={"width": width, "height": 900})
    page = context.new_page()
    log_in(page, live_server, "checker")
    first = Claim.objects.filter(article=article).order_by("paragraph", "span_start").first()
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/review/?claim={first.pk}")
    expect(page.locator(f"#claim-{first.pk}")).to_be_visible()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"review-{width}.png", full_page=True)
    page.screenshot(path=SHOTS / f"review-{width}-screen.png")
    if width >= 1366:
        assert fits_the_window(page), f"the review screen is wider than {width} px"
    context.close()
