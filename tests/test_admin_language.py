"""The admin is an Arabic, right-to-left desk whatever the browser asks for; staff who
prefer English switch to it; the reading site stays Arabic; the API speaks the client's
language."""

import html
import re

import pytest
from django.conf import settings
from django.contrib import admin
from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from playwright.sync_api import expect

from articles.models import Claim, Verdict
from tests.test_browser import screenshot

ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}
ARABIC_PLURALS = {
    "article": "المقالات",
    "claim": "الادعاءات",
    "claimrelation": "العلاقات بين الادعاءات",
    "source": "المصادر",
    "speaker": "المتحدثون",
}
ENGLISH_PLURALS = ["Articles", "Claims", "Claim relations", "Sources", "Speakers"]
ARABIC = translation.get_language_info("ar")["name_local"]  # what the switch back reads


def visible_text(response) -> str:
    page = response.content.decode()
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def model_layer_words() -> set[str]:
    """Every English word the model layer gives the admin: names, labels, help, choices."""
    words = []
    for model in admin.site._registry:
        words += [model._meta.verbose_name, model._meta.verbose_name_plural]
        for field in model._meta.get_fields():
            if isinstance(field, models.Field):
                words += [field.verbose_name, field.help_text]
                words += [label for value, label in field.flatchoices if value]
    english = set()
    for word in words:
        # As the admin shows them; read in each language now (they are lazy).
        with translation.override("en"):
            in_english = capfirst(str(word))
        with translation.override("ar"):
            in_arabic = capfirst(str(word))
        if in_english and in_english != in_arabic:  # SHA-256 reads the same in both
            english.add(in_english)
    return english


def english_words_in(text: str, words: set[str]) -> list[str]:
    return sorted(word for word in words if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text))


def opening_tag(response) -> str:
    tag = re.search(r"<html[^>]*>", response.content.decode())
    assert tag, "no <html> tag"
    return tag.group()


def switch_language(client, code: str, next_url: str):
    return client.post(reverse("set_language"), {"language": code, "next": next_url})


@pytest.mark.django_db
def test_an_english_browser_gets_the_arabic_right_to_left_admin(
    admin_client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        response = admin_client.get(reverse("admin:index"), **ENGLISH_BROWSER)

    assert opening_tag(response) == '<html lang="ar" dir="rtl">'
    text = visible_text(response)
    assert "أرشيف الأخبار" in text  # the header names the archive, not Django
    assert "مكتب التحرير" in text
    assert "جانغو" not in text
    for plural in ARABIC_PLURALS.values():
        assert plural in text
    assert english_words_in(text, set(ENGLISH_PLURALS)) == []
    assert "Accept-Language" not in response.get("Vary", "")


@pytest.mark.django_db
def test_the_login_page_is_arabic_for_an_english_browser(client):
    response = client.get(reverse("admin:login"), **ENGLISH_BROWSER)

    assert opening_tag(response) == '<html lang="ar" dir="rtl">'
    assert "أرشيف الأخبار" in visible_text(response)


@pytest.mark.django_db
def test_the_switch_gives_staff_english_and_back_arabic(admin_client):
    index = reverse("admin:index")

    response = switch_language(admin_client, "en", index)
    assert response.status_code == 302
    assert response["Location"] == index
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en"
    assert cookie["max-age"] >= 365 * 24 * 3600  # remembered, not lost with the browser session
    response = admin_client.get(index, **ENGLISH_BROWSER)
    assert opening_tag(response) == '<html lang="en" dir="ltr">'
    text = visible_text(response)
    for words in ("News archive", "Editorial desk", *ENGLISH_PLURALS):
        assert words in text
    assert ARABIC in text  # the way back, named in its own language

    switch_language(admin_client, "ar", index)
    response = admin_client.get(index, **ENGLISH_BROWSER)
    assert opening_tag(response) == '<html lang="ar" dir="rtl">'
    assert "المقالات" in visible_text(response)


@pytest.mark.django_db
def test_the_switch_is_in_the_header_and_returns_to_the_same_page(admin_client, article):
    url = reverse("admin:articles_claim_changelist") + "?review_state__exact=new"
    response = admin_client.get(url)

    form = re.search(r'<form id="language-switch".*?</form>', response.content.decode(), re.S)
    assert form is not None
    assert f'action="{reverse("set_language")}"' in form.group()
    assert 'value="en"' in form.group()
    assert html.escape(url) in form.group()
    assert switch_language(admin_client, "en", url)["Location"] == url


@pytest.mark.django_db
def test_the_index_changelist_and_change_form_carry_no_english_words_of_the_model_layer(
    admin_client, article
):
    words = model_layer_words()
    claim = Claim.objects.filter(article=article).first()
    pages = {
        reverse("admin:index"): [],
        # The column "Statement" is articles/admin/claims.py's own, not the model layer's.
        reverse("admin:articles_claim_changelist"): ["Statement"],
        reverse("admin:articles_claim_change", args=[claim.pk]): [],
        reverse("admin:articles_speaker_change", args=[claim.speaker_id]): [],
    }
    # "New" (a review state) also begins a speaker's name of the seed, "New York Times":
    # the archive's words, which no catalogue translates.
    archive_words = {"New"}
    for url, theirs in pages.items():
        response = admin_client.get(url, **ENGLISH_BROWSER)
        assert response.status_code == 200
        unexpected = words - set(theirs) - archive_words
        assert english_words_in(visible_text(response), unexpected) == [], url

    # The same look at the English desk finds them: the check sees what it looks for.
    switch_language(admin_client, "en", reverse("admin:index"))
    english = visible_text(admin_client.get(reverse("admin:articles_claim_changelist")))
    # A column, a review state in the filters, a medium and an origin filter choice.
    expected = {"Verdict", "In review", "Press conference", "Found by the importer"}
    assert expected <= set(english_words_in(english, words))
    switch_language(admin_client, "ar", reverse("admin:index"))

    text = visible_text(admin_client.get(reverse("admin:articles_claim_changelist")))
    # The verdict column, the review states and the vocabulary's verdicts as filters.
    with translation.override("ar"):
        states = [str(state.label) for state in Claim.ReviewState]
    verdicts = list(Verdict.objects.filter(is_active=True).values_list("label", flat=True))
    for word in ["الحكم", *states, *verdicts]:
        assert word in text, word
    change_form = visible_text(
        admin_client.get(reverse("admin:articles_claim_change", args=[claim.pk]))
    )
    for label in ("نص الادعاء", "المتحدث", "صفة المتحدث", "تاريخ التصريح", "الوسيلة"):
        assert label in change_form


@pytest.mark.django_db
def test_the_reading_site_stays_arabic_for_english_cookie_and_browser(client, article):
    client.cookies["django_language"] = "en"

    for url in (reverse("articles:list"), article.get_absolute_url()):
        response = client.get(url, **ENGLISH_BROWSER)
        assert opening_tag(response) == '<html lang="ar" dir="rtl">'
        text = visible_text(response)
        assert "أرشيف الأخبار" in text
        assert "News archive" not in text
    assert "نُشر" in text
    assert "28 يناير 2022" in text


@pytest.mark.django_db
def test_the_api_answers_in_the_language_the_client_asks_for(client):
    url = "/api/v1/articles/"
    english = client.get(url, {"published_after": "soon"}, **ENGLISH_BROWSER)
    arabic = client.get(url, {"published_after": "soon"}, HTTP_ACCEPT_LANGUAGE="ar")

    assert english.json() == {"published_after": ["Enter a valid date/time."]}
    assert arabic.json() == {"published_after": ["أدخل تاريخاً/وقتاً صحيحاً."]}
    assert "Accept-Language" in english["Vary"]


# -- in Chromium -------------------------------------------------------------------------------

SIZES = {"1366": {"width": 1366, "height": 768}, "1920": {"width": 1920, "height": 1080}}


@pytest.fixture
def english_browser(browser):
    """Chromium as an English-speaking editor's: locale en-US, Accept-Language en."""
    context = browser.new_context(
        locale="en-US",
        extra_http_headers={"Accept-Language": "en-US,en;q=0.9"},
        viewport=SIZES["1366"],
    )
    yield context.new_page()
    context.close()


def sign_in(page, live_server, django_user_model):
    django_user_model.objects.create_superuser("editor", password="a long test password")
    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a long test password")
    page.locator("input[type=submit]").click()


def shoot(page, name: str) -> None:
    for size, viewport in SIZES.items():
        page.set_viewport_size(viewport)
        screenshot(page, f"{name}-{size}")
    page.set_viewport_size(SIZES["1366"])


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("plain_static_files")
def test_an_english_browser_gets_arabic_switches_to_english_and_back(
    live_server, english_browser, article, django_user_model
):
    page = english_browser
    sign_in(page, live_server, django_user_model)

    html_element = page.locator("html")
    expect(html_element).to_have_attribute("lang", "ar")
    expect(html_element).to_have_attribute("dir", "rtl")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    expect(page.locator("#site-name")).to_have_text("أرشيف الأخبار")
    expect(page.locator("h1")).to_have_text("مكتب التحرير")
    for plural in ARABIC_PLURALS.values():
        expect(page.get_by_role("link", name=plural, exact=True)).to_be_visible()
    shoot(page, "admin-index-ar")

    page.get_by_role("link", name="المقالات", exact=True).first.click()
    expect(page.locator("h1")).to_have_text("اختر مقال لتغييره")
    shoot(page, "admin-article-changelist-ar")
    page.get_by_role("link", name=article.title).click()
    expect(page.locator("label[for=id_title]")).to_have_text("العنوان:")
    shoot(page, "admin-article-change-ar")
    claim = Claim.objects.filter(article=article).first()
    page.goto(f"{live_server.url}{reverse('admin:articles_claim_change', args=[claim.pk])}")
    expect(page.locator("label[for=id_verdict]")).to_have_text("الحكم:")
    shoot(page, "admin-claim-change-ar")

    page.goto(f"{live_server.url}/admin/")
    page.locator("#language-switch").get_by_role("button", name="English").click()
    expect(html_element).to_have_attribute("lang", "en")
    expect(html_element).to_have_attribute("dir", "ltr")
    expect(page.locator("#site-name")).to_have_text("News archive")
    expect(page.locator("h1")).to_have_text("Editorial desk")
    expect(page.get_by_role("link", name="Articles", exact=True)).to_be_visible()
    assert page.evaluate("getComputedStyle(document.body).direction") == "ltr"
    shoot(page, "admin-index-en")

    # The reader's pages stay Arabic for an editor who chose the English desk.
    page.goto(live_server.url + article.get_absolute_url())
    expect(html_element).to_have_attribute("dir", "rtl")
    expect(page.locator("header.site .home")).to_have_text("أرشيف الأخبار")

    page.goto(f"{live_server.url}/admin/")
    page.locator("#language-switch").get_by_role("button", name=ARABIC).click()
    expect(html_element).to_have_attribute("dir", "rtl")
    expect(page.locator("#site-name")).to_have_text("أرشيف الأخبار")
