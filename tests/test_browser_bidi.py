"""A direction control (U+202E) inside imported text cannot reorder what is shown beside it."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.site_factories import make_article, make_source

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("plain_static_files"),
]

RLO = "\u202e"

# Is the "U" of the element's "UTC" left of its "C", as Latin letters read?
UTC_READS_LEFT_TO_RIGHT = """element => {
    const text = [...element.childNodes].find(node => node.data && node.data.includes("UTC"));
    const at = text.data.indexOf("UTC");
    const box = offset => {
        const range = document.createRange();
        range.setStart(text, offset);
        range.setEnd(text, offset + 1);
        return range.getBoundingClientRect().x;
    };
    return box(at) < box(at + 2);
}"""


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="ar", viewport={"width": 1000, "height": 900})
    yield context.new_page()
    context.close()


@pytest.fixture
def hostile_article(db):
    source = make_source(name=f"صحيفة {RLO}الغد", slug="sahifat-alghad")
    return make_article(title=f"عنوان {RLO}مقلوب للاختبار", source=source)


def test_a_source_name_with_a_right_to_left_override_leaves_the_date_beside_it_alone(
    live_server, page, hostile_article
):
    page.goto(f"{live_server.url}/articles/")
    time = page.locator("ol.articles li").first.locator("p.meta time")
    expect(time).to_contain_text("UTC")

    assert time.evaluate(UTC_READS_LEFT_TO_RIGHT)
    # The same page without the isolation: the override runs on into the date.
    page.add_style_tag(content="a, bdi { unicode-bidi: normal !important; }")
    assert not time.evaluate(UTC_READS_LEFT_TO_RIGHT)


def test_imported_text_is_isolated_on_the_site_and_in_the_admin(
    live_server, page, hostile_article, django_user_model
):
    page.goto(f"{live_server.url}{hostile_article.get_absolute_url()}")
    for selector in ["h1", "p.meta a", "p.text"]:
        assert (
            page.locator(selector).first.evaluate("e => getComputedStyle(e).unicodeBidi")
            == "isolate"
        ), selector

    django_user_model.objects.create_superuser("editor", password="a long test password")
    page.goto(f"{live_server.url}/admin/login/?next={reverse('admin:articles_article_changelist')}")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a long test password")
    page.locator("input[type=submit]").click()
    title_link = page.locator("#result_list th a, #result_list td a").filter(has_text="مقلوب")
    expect(title_link.first).to_be_visible()
    assert title_link.first.evaluate("e => getComputedStyle(e).unicodeBidi") == "isolate"

    page.goto(
        f"{live_server.url}{reverse('admin:articles_article_change', args=[hostile_article.pk])}"
    )
    expect(page.locator("textarea").first).to_be_visible()
    assert (
        page.locator("textarea").first.evaluate("e => getComputedStyle(e).unicodeBidi") == "isolate"
    )
