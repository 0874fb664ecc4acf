"""The reading site's search: marked snippets, filters, sort and the page without results;
and what lets browsers and proxies keep its pages: Last-Modified, ETag, 304."""

import datetime as dt
import re
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from django.contrib.auth import get_user_model
from django.contrib.staticfiles import finders
from django.utils.http import http_date

from articles.admin.articles import articles_set_visibility
from articles.models import Article, Claim, ClaimRelation, Source, Speaker, SpeakerAlias
from tests.site_factories import make_article, make_claim, make_source, publish

pytestmark = pytest.mark.django_db

# Our own sentences: tashkeel, a hamza on alef, a final ة, و and ب before ال.
RAIN = [
    "قالت هيئة الأرصاد إن الطقس سيكون معتدلاً في الصباح.",
    "وأكَّدَ المهندسُ أنَّ الأمطارَ الغزيرة أغرقت الشوارعَ، وأن بالأمطار خيراً كثيراً للمزارعين.",
    "وحذّرت البلدية السكان من القيادة ليلاً لمدة ٣٠ يوماً.",
]


def text_of(response) -> str:
    return response.content.decode()


def marked_words(html: str) -> list[str]:
    return re.findall(r"<mark>(.*?)</mark>", html)


def snippets_of(html: str) -> list[str]:
    return re.findall(r'<p class="snippet">(.*?)</p>', html, re.S)


@pytest.mark.parametrize(
    ("query", "marked"),
    [
        # as written, with the article's tashkeel and prefixes kept on the marked words
        ("الأمطار", ["الأمطارَ", "بالأمطار"]),
        ("امطار", ["الأمطارَ", "بالأمطار"]),  # bare alef, no ال
        ("الأَمْطار", ["الأمطارَ", "بالأمطار"]),  # tashkeel typed
        ("الأمطـــار", ["الأمطارَ", "بالأمطار"]),  # tatweel typed
        ("الغزيره", ["الغزيرة"]),  # ه typed for the text's ة
        ("المهندس الشوارع", ["المهندسُ", "الشوارعَ"]),
        ("30", ["٣٠"]),  # ASCII digits for the text's Arabic-Indic ones
    ],
)
def test_search_marks_the_matched_words_as_the_article_wrote_them(client, query, marked):
    make_article(title="تقرير عن الطقس", paragraphs=RAIN)
    html = text_of(client.get("/articles/", {"q": query}))
    [snippet] = snippets_of(html)
    assert marked_words(snippet) == marked
    # The snippet is the paragraph that matched, not the article's first one.
    assert "هيئة الأرصاد" not in snippet


def test_a_snippet_shows_the_paragraph_with_the_most_matches(client):
    make_article(
        paragraphs=[
            "ذكر التقرير القمح مرة واحدة.",
            "وارتفع سعر القمح، فقلّ القمح في الأسواق.",
            "وانتهى الاجتماع.",
        ]
    )
    [snippet] = snippets_of(text_of(client.get("/articles/", {"q": "القمح"})))
    assert "ارتفع سعر" in snippet
    assert len(marked_words(snippet)) == 2


def test_a_snippet_escapes_the_text_and_marks_only_words(client):
    make_article(paragraphs=["كتب أحدهم <script>alert(1)</script> عن السدود في التعليقات."])
    [snippet] = snippets_of(text_of(client.get("/articles/", {"q": "السدود"})))
    assert "&lt;script&gt;" in snippet
    assert "<script>" not in snippet
    assert marked_words(snippet) == ["السدود"]


def test_a_long_paragraph_is_cut_around_its_first_match(client):
    words = [f"كلمة{number}" for number in range(120)]
    words[80] = "الزلزال"
    make_article(paragraphs=[" ".join(words)])
    [snippet] = snippets_of(text_of(client.get("/articles/", {"q": "الزلزال"})))
    assert snippet.startswith("… ")
    assert snippet.endswith(" …")
    assert "كلمة70" in snippet
    assert "كلمة5 " not in snippet
    assert marked_words(snippet) == ["الزلزال"]


@pytest.fixture
def three_sources(db):
    first, second = make_source(), make_source("جريدة المساء", "jaridat-almasa")
    old = make_article(
        title="السدود القديمة", source=first, published_at=dt.datetime(2020, 3, 1, tzinfo=dt.UTC)
    )
    checked = make_article(
        title="السدود والتحقق", source=first, published_at=dt.datetime(2022, 6, 1, tzinfo=dt.UTC)
    )
    make_claim(checked, verdict_slug="false")
    unchecked = make_article(title="السدود بلا تحقق", source=first)
    make_claim(unchecked, verdict_slug=None)
    other = make_article(
        title="السدود في جريدة أخرى",
        source=second,
        published_at=dt.datetime(2023, 1, 1, tzinfo=dt.UTC),
    )
    return old, checked, unchecked, other


def titles(html: str) -> list[str]:
    return re.findall(r'<h2><a href="/articles/\d+/">(.*?)</a></h2>', html)


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"source": "jaridat-almasa"}, {"السدود في جريدة أخرى"}),
        ({"published_from": "2022-06-01"}, {"السدود والتحقق", "السدود في جريدة أخرى"}),
        ({"published_to": "2022-06-01"}, {"السدود القديمة", "السدود والتحقق", "السدود بلا تحقق"}),
        (
            {"published_from": "2021-01-01", "published_to": "2022-12-31"},
            {"السدود والتحقق", "السدود بلا تحقق"},
        ),
        ({"checked": "on"}, {"السدود والتحقق"}),
    ],
)
def test_search_narrows_by_source_dates_and_checked_claims(
    client, three_sources, filters, expected
):
    found = titles(text_of(client.get("/articles/", {"q": "السدود", **filters})))
    assert set(found) == expected
    # The same filters without words: the list, narrowed.
    assert set(titles(text_of(client.get("/articles/", filters)))) == expected


def test_the_filters_keep_what_was_chosen(client, three_sources):
    html = text_of(
        client.get("/articles/", {"q": "السدود", "source": "jaridat-almasa", "checked": "on"})
    )
    assert re.search(r'<option value="jaridat-almasa" selected>', html)
    assert re.search(r'<input type="checkbox" name="checked"[^>]*checked', html)
    assert re.search(r'<label for="id_source">', html)


def test_search_sorts_newest_first_when_asked(client, three_sources):
    found = titles(text_of(client.get("/articles/", {"q": "السدود", "sort": "date"})))
    assert found == ["السدود في جريدة أخرى", "السدود والتحقق", "السدود بلا تحقق", "السدود القديمة"]


def walk(client, url: str | None) -> tuple[list[str], list[dict]]:
    """Every title a list shows, following "next page"; and each next link's parameters."""
    found, links = [], []
    while url:
        html = text_of(client.get(url))
        found += titles(html)
        following = re.search(r'<a rel="next" href="(.*?)">', html)
        url = following and "/articles/" + following.group(1).replace("&amp;", "&")
        if url:
            links.append(parse_qs(urlparse(url).query))
        assert len(found) < 200
    return found, links


def test_paging_keeps_the_filters_and_the_sort(client):
    source = make_source("جريدة المساء", "jaridat-almasa")
    for number in range(45):
        make_article(
            title=f"السدود رقم {number}",
            source=source if number % 2 else None,
            published_at=dt.datetime(2021, 1, 1, tzinfo=dt.UTC) + dt.timedelta(days=number),
        )
    found, links = walk(client, "/articles/?q=السدود&source=jaridat-almasa&sort=date")
    assert found == [f"السدود رقم {number}" for number in range(43, 0, -2)]
    assert links
    assert all(link["source"] == ["jaridat-almasa"] and link["sort"] == ["date"] for link in links)


def test_no_results_suggest_what_to_try(client, three_sources):
    html = text_of(client.get("/articles/", {"q": "البراكين الثائرة", "source": "jaridat-almasa"}))
    assert titles(html) == []
    section = html[html.index('id="no-results"') :]
    for suggestion in ("fewer-words", "spelling", "unfilter", "archive", "sources", "fact-checks"):
        assert f'class="suggest-{suggestion}"' in section
    # Search again without the filters, the words kept; browse by date, by source, the checks.
    assert 'href="/articles/?q=%D8%A7%D9%84%D8%A8%D8%B1%D8%A7%D9%83%D9%8A%D9%86' in section
    assert 'href="/archive/"' in section
    assert 'href="/sources/jaridat-almasa/">جريدة المساء</a>' in section
    assert 'href="/claims/"' in section


def test_no_results_without_filters_does_not_offer_to_remove_them(client, three_sources):
    html = text_of(client.get("/articles/", {"q": "البراكين"}))
    assert 'class="suggest-fewer-words"' in html
    assert 'class="suggest-unfilter"' not in html


@pytest.mark.parametrize(
    "query",
    [
        "published_from=2022-13-01",
        "published_to=yesterday",
        "published_from=2023-01-01&published_to=2022-01-01",
        "source=no-such-source",
        "sort=random",
        "q=" + "س" * 201,
        "q=%00",
    ],
)
def test_a_bad_filter_is_a_bad_request_never_a_server_error(client, three_sources, query):
    response = client.get(f"/articles/?{query}")
    assert response.status_code == 400
    assert '<html lang="ar" dir="rtl">' in text_of(response)


def test_archive_index_lists_years_and_months_with_their_counts(client):
    for day in (3, 9):
        make_article(published_at=dt.datetime(2021, 11, day, tzinfo=dt.UTC))
    make_article(published_at=dt.datetime(2022, 1, 10, tzinfo=dt.UTC))
    make_article(published_at=dt.datetime(2022, 2, 10, tzinfo=dt.UTC), hidden=True)
    html = text_of(client.get("/archive/"))
    years = re.findall(r'<h2 id="year-(\d+)"><a href="/archive/\d+/">', html)
    assert years == ["2022", "2021"]
    months = re.findall(
        r'href="/archive/(\d+)/(\d+)/">[^<]+</a> <span class="count" data-count="(\d+)"', html
    )
    # The hidden February article is not counted, nor is its month listed.
    assert months == [("2022", "01", "1"), ("2021", "11", "2")]
    assert 'href="/archive/"' in text_of(client.get("/"))


def test_archive_index_counts_again_once_an_article_is_hidden(client):
    first = make_article(published_at=dt.datetime(2021, 11, 3, tzinfo=dt.UTC))
    make_article(published_at=dt.datetime(2021, 11, 9, tzinfo=dt.UTC))
    age_everything()
    assert 'data-count="2"' in text_of(client.get("/archive/"))
    editor = get_user_model().objects.create_user("editor", is_staff=True)
    articles_set_visibility(
        articles=Article.objects.filter(pk=first.pk), visibility="hidden", reason="", user=editor
    )
    html = text_of(client.get("/archive/"))
    assert 'data-count="1"' in html
    assert 'data-count="2"' not in html


def age_everything(minutes: int = 10) -> None:
    """Move every recorded change back, so a change made now is later by whole seconds
    (HTTP dates have no finer grain)."""
    earlier = dt.timedelta(minutes=minutes)
    for model in (Article, Claim, ClaimRelation, Source, Speaker, SpeakerAlias):
        for record in model.history.all():
            model.history.filter(pk=record.pk).update(history_date=record.history_date - earlier)
    for article in Article.objects.all():
        Article.objects.filter(pk=article.pk).update(modified_at=article.modified_at - earlier)
    for claim in Claim.objects.all():
        Claim.objects.filter(pk=claim.pk).update(
            created_at=claim.created_at - earlier,
            reviewed_at=claim.reviewed_at and claim.reviewed_at - earlier,
        )


@pytest.fixture
def archived(db):
    article = make_article(title="مقال للتخزين المؤقت")
    claim = make_claim(article, verdict_slug="false")
    age_everything()
    return article, claim


def pages_of(article, claim) -> list[str]:
    return [
        "/",
        article.get_absolute_url(),
        f"/claims/{claim.pk}/",
        f"/speakers/{claim.speaker_id}/",
        f"/sources/{article.source.slug}/",
        "/archive/",
        "/archive/2022/",
        "/archive/2022/01/",
        "/feed/",
        "/claims/feed/",
        f"/sources/{article.source.slug}/feed/",
        "/sitemap.xml",
        "/sitemap-articles.xml",
    ]


def test_pages_answer_a_conditional_request_with_not_modified(client, archived):
    for url in pages_of(*archived):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Last-Modified"], url
        assert response.headers["ETag"], url
        # Kept by browsers and proxies, asked about again every time.
        assert set(response.headers["Cache-Control"].split(", ")) == {"public", "no-cache"}, url
        since = client.get(url, HTTP_IF_MODIFIED_SINCE=response.headers["Last-Modified"])
        assert since.status_code == 304, url
        assert since.content == b""
        etag = client.get(url, HTTP_IF_NONE_MATCH=response.headers["ETag"])
        assert etag.status_code == 304, url


def wait_for_the_next_second() -> None:
    """Last-Modified counts whole seconds: a change in the second a copy was sent cannot be
    told from it by date, so a test's change comes in the next second, as a later edit would."""
    time.sleep(1.0 - dt.datetime.now(dt.UTC).microsecond / 1_000_000)


def test_a_new_verdict_makes_the_copies_stale(client, archived):
    _article, claim = archived
    before = {url: client.get(url).headers["Last-Modified"] for url in pages_of(*archived)}
    wait_for_the_next_second()
    publish(claim, "verified")  # the editors' verdict stamping saves the review time too
    Claim.objects.filter(pk=claim.pk).update(reviewed_at=dt.datetime.now(dt.UTC))
    for url, since in before.items():
        response = client.get(url, HTTP_IF_MODIFIED_SINCE=since)
        assert response.status_code == 200, url


def test_hiding_an_article_makes_every_copy_of_it_stale(client, archived):
    article, _claim = archived
    before = {url: client.get(url).headers["Last-Modified"] for url in pages_of(*archived)}
    wait_for_the_next_second()
    editor = get_user_model().objects.create_user("editor", is_staff=True)
    articles_set_visibility(
        articles=Article.objects.filter(pk=article.pk), visibility="hidden", reason="", user=editor
    )
    for url, since in before.items():
        response = client.get(url, HTTP_IF_MODIFIED_SINCE=since)
        assert response.status_code in (200, 404), url
        assert "مقال للتخزين المؤقت" not in text_of(response), url
    assert client.get(article.get_absolute_url()).status_code == 404


def test_an_editors_pages_are_kept_by_the_browser_only(admin_client, archived):
    article, _ = archived
    response = admin_client.get(article.get_absolute_url())
    assert set(response.headers["Cache-Control"].split(", ")) == {"private", "no-cache"}
    assert "Cookie" in response.headers["Vary"]


def test_an_old_copy_is_not_modified_only_when_nothing_changed_since(client, archived):
    article, _ = archived
    old = http_date((dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)).timestamp())
    assert client.get(article.get_absolute_url(), HTTP_IF_MODIFIED_SINCE=old).status_code == 200


def test_a_first_article_view_weighs_under_150_kb(client, article, settings):
    """The HTML, the style sheet and every font it may load, uncompressed: what a first
    visit costs at most."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    html = client.get(article.get_absolute_url()).content
    sizes = {"html": len(html)}
    static = re.findall(rb'<link rel="(?:stylesheet|preload)" href="/static/([^"]+)"', html)
    for name in dict.fromkeys(path.decode() for path in static):
        content = Path(finders.find(name)).read_bytes()
        sizes[name] = len(content)
        if name.endswith(".css"):
            folder = name.rsplit("/", 1)[0]
            for font in re.findall(rb'url\("([^"]+)"\)', content):
                font_name = f"{folder}/{font.decode()}"
                sizes[font_name] = len(Path(finders.find(font_name)).read_bytes())
    assert any(name.endswith(".woff2") for name in sizes)
    assert sum(sizes.values()) < 150_000, sizes
