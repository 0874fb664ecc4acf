"""The reading site as a reader (and a signed-in editor) gets it, page by page."""

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from articles.models import Article, Claim, ClaimRelation, SpeakerAlias
from articles.site.verdicts import verdict_of
from articles.site.views import RELATION_PHRASES
from newsarchive.urls import server_error
from tests.site_factories import make_article, make_claim, make_source, make_speaker, relate

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def json_ld(html: str) -> list[dict]:
    return [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]


def text_of(response) -> str:
    return response.content.decode()


@pytest.fixture
def checked(db):
    """A public article with a false claim, an accurate one and an unreviewed one."""
    article = make_article()
    false = make_claim(article, verdict_slug="false")
    accurate = make_claim(
        article,
        paragraph=2,
        statement="المشروع لن يرفع أسعار الكهرباء على الأسر",
        verdict_slug="verified",
    )
    unreviewed = make_claim(
        article,
        paragraph=3,
        statement="الحركة طبيعية",
        verdict_slug=None,
        speaker=make_speaker("المتحدث باسم البلدية"),
    )
    return article, false, accurate, unreviewed


def test_article_marks_each_checked_claim_at_its_words_with_its_verdict(client, checked):
    article, false, accurate, _ = checked
    html = text_of(client.get(article.get_absolute_url()))

    marked = re.findall(r'<a href="/claims/(\d+)/"[^>]*><mark>(.*?)</mark>', html)
    assert marked == [(str(false.pk), false.statement), (str(accurate.pk), accurate.statement)]
    # The verdict is written out next to the mark, not told by colour alone.
    # (The label and the medium as the page computes them, in Arabic.)
    with translation.override("ar"):
        false_label = str(verdict_of(false).label)
        medium = str(false.get_medium_display())
    assert re.search(rf'</mark> <span class="badge">.*?{re.escape(false_label)}</span>', html)
    # The details a reader gets on hover or focus: speaker, role, date stated, medium.
    popover = re.search(rf'id="claim-{false.pk}-details">(.*?)</span></span>', html).group(1)
    assert "وزير المياه" in popover
    assert "9 يناير 2022" in popover
    assert medium in popover
    # And a list of the article's fact-checks after the text.
    assert html.index('class="checked-claims"') > html.index("</article>")


def test_an_unreviewed_claim_is_never_presented_as_checked(client, checked):
    article, *_, unreviewed = checked
    html = text_of(client.get(article.get_absolute_url()))
    assert "الحركة طبيعية" in html  # the text is there ...
    assert f"/claims/{unreviewed.pk}/" not in html  # ... unmarked, with no verdict
    assert "<mark>الحركة طبيعية" not in html
    assert client.get(f"/claims/{unreviewed.pk}/").status_code == 404


def test_the_editors_internal_review_note_is_never_shown(client, checked):
    article, false, *_ = checked
    for url in (article.get_absolute_url(), f"/claims/{false.pk}/", "/claims/", "/claims/feed/"):
        assert "ملاحظة داخلية" not in text_of(client.get(url)), url


def test_hidden_articles_and_their_fact_checks_never_reach_the_public(client):
    hidden = make_article(title="مقال مخفي عن الجمهور", hidden=True)
    claim = make_claim(hidden, speaker=make_speaker("متحدث المقال المخفي"))
    shown = make_article(title="مقال منشور للجمهور")

    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get(f"/claims/{claim.pk}/").status_code == 404
    assert client.get(f"/speakers/{claim.speaker_id}/").status_code == 404
    for url in ("/", "/articles/", "/claims/", "/archive/2022/", "/archive/2022/01/"):
        html = text_of(client.get(url))
        assert "مقال منشور للجمهور" in html or url == "/claims/", url
        assert "مقال مخفي" not in html, url
        assert claim.statement not in html, url
    for url in ("/feed/", "/feed/atom/", "/claims/feed/", "/archive/", *sitemap_pages(client)):
        body = text_of(client.get(url))
        assert "مقال مخفي" not in body, url
        assert f"/claims/{claim.pk}/" not in body, url
        assert hidden.get_absolute_url() not in body, url
    assert f"http://localhost{shown.get_absolute_url()}" in sitemap_entries(client)


def test_an_editor_sees_a_hidden_article_with_a_banner_saying_so(admin_client):
    hidden = make_article(title="مقال أخفاه محرر", hidden=True)
    make_claim(hidden)
    html = text_of(admin_client.get(hidden.get_absolute_url()))
    assert 'class="banner-hidden"' in html
    assert "مقال أخفاه محرر" in html
    assert 'class="hidden-flag"' in text_of(admin_client.get("/articles/"))
    public = make_article(title="مقال ظاهر")
    assert 'class="banner-hidden"' not in text_of(admin_client.get(public.get_absolute_url()))


def test_claim_page_shows_the_check_and_its_claim_review_for_search_engines(
    client, checked, django_user_model
):
    article, false, *_ = checked
    editor = django_user_model.objects.create_user(
        "desk", first_name="سلمى", last_name="حداد", is_staff=True
    )
    Claim.objects.filter(pk=false.pk).update(reviewer=editor)
    response = client.get(f"/claims/{false.pk}/")
    html = text_of(response)

    assert response.status_code == 200
    assert f'<a href="/speakers/{false.speaker_id}/">وزير المياه</a>' in html
    assert "سلمى حداد" in html
    assert "desk" not in html  # the reviewer's login name stays private
    assert f'<a href="{article.get_absolute_url()}">{article.title}</a>' in html
    assert f"<mark>{false.statement}</mark>" in html  # its paragraph, the statement marked

    (review,) = json_ld(html)
    # Google's ClaimReview: required claimReviewed, reviewRating (+ alternateName), url;
    # recommended author, datePublished, itemReviewed with its author, date and appearance.
    assert review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == false.statement
    assert review["url"] == f"http://localhost/claims/{false.pk}/"
    assert review["datePublished"] == false.reviewed_at.isoformat()
    assert review["author"]["@type"] == "Organization"
    assert review["author"]["name"]
    rating = review["reviewRating"]
    assert rating["@type"] == "Rating"
    assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
    assert rating["ratingValue"] == rating["worstRating"]  # false: the bottom of the scale
    assert rating["alternateName"]
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"] == {"@type": "Person", "name": "وزير المياه"}
    assert item["datePublished"] == "2022-01-09"
    assert item["appearance"] == {
        "@type": "NewsArticle",
        "url": f"http://localhost{article.get_absolute_url()}",
        "headline": article.title,
    }


def test_claim_page_links_confirmed_relations_in_both_directions_only(client, checked):
    _, false, accurate, unreviewed = checked
    other = make_article()
    incoming = make_claim(other, verdict_slug="disputed")
    proposed = make_claim(make_article(), verdict_slug="verified")
    relate(false, accurate, kind="contradicts")
    relate(incoming, false, kind="repeats")
    relate(false, proposed, kind="supports", status="proposed")
    relate(false, unreviewed, kind="supports")

    html = text_of(client.get(f"/claims/{false.pk}/"))
    related = html[html.index('class="related"') :]
    # Each linked claim follows the phrase for its direction, in Arabic.
    with translation.override("ar"):
        contradicts = str(RELATION_PHRASES[ClaimRelation.Kind.CONTRADICTS, True])
        repeated_by = str(RELATION_PHRASES[ClaimRelation.Kind.REPEATS, False])
    assert f'{contradicts}: <a href="/claims/{accurate.pk}/">' in related
    assert f'{repeated_by}: <a href="/claims/{incoming.pk}/">' in related
    assert f"/claims/{proposed.pk}/" not in related
    assert f"/claims/{unreviewed.pk}/" not in related


def test_claim_page_looks_up_only_the_claims_its_own_relations_name(client, checked):
    _, false, accurate, _ = checked
    hidden = make_claim(make_article(hidden=True), verdict_slug="verified")
    relate(false, accurate, kind="contradicts")
    relate(hidden, false, kind="repeats")

    with CaptureQueriesContext(connection) as queries:
        html = text_of(client.get(f"/claims/{false.pk}/"))

    related = html[html.index('class="related"') :]
    assert f"/claims/{accurate.pk}/" in related
    assert f"/claims/{hidden.pk}/" not in related
    # Not "… IN (SELECT … every checked claim …)", which PostgreSQL hashed whole per view.
    assert not any(
        re.search(r'"(from|to)_claim_id" IN \(SELECT', query["sql"])
        for query in queries.captured_queries
    )


def test_article_page_tells_search_engines_and_link_previews_what_it_is(client, checked):
    article, *_ = checked
    html = text_of(client.get(article.get_absolute_url()))
    url = f"http://localhost{article.get_absolute_url()}"
    assert f'<link rel="canonical" href="{url}">' in html
    assert '<meta name="description" content="قال وزير المياه' in html
    assert f'<meta property="og:url" content="{url}">' in html
    assert f'<meta property="og:title" content="{article.title}">' in html
    assert '<meta property="og:type" content="article">' in html
    (news,) = json_ld(html)
    assert news["@type"] == "NewsArticle"
    assert news["headline"] == article.title
    assert news["datePublished"] == "2022-01-10T09:30:00+00:00"
    assert news["dateModified"] == "2022-01-10T09:30:00+00:00"
    assert news["publisher"] == {"@type": "Organization", "name": "صحيفة الاختبار"}


def test_json_ld_cannot_close_its_script_element(client):
    article = make_article(title="عنوان </script><script>alert(1)</script>")
    html = text_of(client.get(article.get_absolute_url()))
    assert "<script>alert(1)" not in html
    assert json_ld(html)[0]["headline"] == article.title


def test_feeds_are_valid_xml_with_only_public_items(client, checked):
    article, false, accurate, _ = checked
    make_article(title="مقال مخفي لا يظهر في الخلاصات", hidden=True)

    rss = ET.fromstring(client.get("/feed/").content)
    assert [item.findtext("title") for item in rss.iter("item")] == [article.title]
    assert rss.find("channel/item/link").text == f"http://localhost{article.get_absolute_url()}"

    atom = ET.fromstring(client.get("/feed/atom/").content)
    assert [entry.findtext(f"{ATOM}title") for entry in atom.iter(f"{ATOM}entry")] == [
        article.title
    ]

    checks = ET.fromstring(client.get("/claims/feed/").content)
    links = {item.findtext("link") for item in checks.iter("item")}
    assert links == {f"http://localhost/claims/{claim.pk}/" for claim in (false, accurate)}

    source = ET.fromstring(client.get(f"/sources/{article.source.slug}/feed/").content)
    assert [item.findtext("title") for item in source.iter("item")] == [article.title]
    assert client.get("/sources/no-such-source/feed/").status_code == 404


def sitemap_pages(client) -> list[str]:
    """The paths of the pages the sitemap index lists."""
    root = ET.fromstring(client.get("/sitemap.xml").content)
    return [
        entry.findtext(f"{SITEMAP}loc", "").removeprefix("http://localhost")
        for entry in root.iter(f"{SITEMAP}sitemap")
    ]


def sitemap_entries(client) -> dict[str, str]:
    """Every address in the sitemap's pages, with its lastmod."""
    entries = {}
    for page in sitemap_pages(client):
        root = ET.fromstring(client.get(page).content)
        for url in root.iter(f"{SITEMAP}url"):
            entries[url.findtext(f"{SITEMAP}loc", "")] = url.findtext(f"{SITEMAP}lastmod", "")
    return entries


def test_sitemap_lists_public_articles_and_fact_checks_with_their_last_change(client, checked):
    article, false, accurate, _ = checked
    hidden = make_article(hidden=True)
    make_claim(hidden)
    assert sitemap_pages(client) == ["/sitemap-articles.xml", "/sitemap-claims.xml"]
    index = ET.fromstring(client.get("/sitemap.xml").content)
    assert all(entry.findtext(f"{SITEMAP}lastmod") for entry in index.iter(f"{SITEMAP}sitemap"))
    entries = sitemap_entries(client)
    assert set(entries) == {
        f"http://localhost{article.get_absolute_url()}",
        f"http://localhost/claims/{false.pk}/",
        f"http://localhost/claims/{accurate.pk}/",
    }
    assert all(dt.date.fromisoformat(lastmod[:10]) for lastmod in entries.values())


def test_sitemap_entries_give_the_day_each_page_last_changed(client, checked):
    article, false, accurate, _ = checked
    Article.objects.filter(pk=article.pk).update(
        modified_at=dt.datetime(2023, 5, 6, 23, 30, tzinfo=dt.UTC)
    )
    Claim.objects.filter(pk=false.pk).update(
        reviewed_at=dt.datetime(2023, 7, 1, 0, 5, tzinfo=dt.UTC)
    )
    entries = sitemap_entries(client)
    assert entries[f"http://localhost/articles/{article.pk}/"] == "2023-05-06"
    assert entries[f"http://localhost/claims/{false.pk}/"] == "2023-07-01"
    accurate.refresh_from_db()
    assert entries[f"http://localhost/claims/{accurate.pk}/"] == str(accurate.reviewed_at.date())


def test_sitemap_pages_are_for_crawlers_only_and_unknown_ones_are_not_found(client, checked):
    response = client.get("/sitemap-claims.xml")
    assert response["Content-Type"] == "application/xml"
    assert "noindex" in response["X-Robots-Tag"]
    url = ET.fromstring(response.content).find(f"{SITEMAP}url")
    assert url is not None
    assert url.findtext(f"{SITEMAP}changefreq") == "monthly"
    assert client.get("/sitemap-speakers.xml").status_code == 404
    assert client.get("/sitemap-claims.xml", {"p": 2}).status_code == 404
    assert client.get("/sitemap-claims.xml", {"p": "two"}).status_code == 404


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_the_admin(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    lines = text_of(response).splitlines()
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://localhost/sitemap.xml" in lines


def test_a_missing_page_is_arabic_in_the_sites_layout_and_the_api_still_answers_json(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = text_of(response)
    assert '<html lang="ar" dir="rtl">' in html
    assert 'role="search"' in html
    api = client.get("/api/v1/no-such-thing/")
    assert api.status_code == 404
    assert api.json() == {"detail": "Not found."}


def test_a_server_error_page_is_arabic_in_the_sites_layout_and_json_for_the_api():
    page = server_error(RequestFactory().get("/articles/1/"))
    assert page.status_code == 500
    assert '<html lang="ar" dir="rtl">' in page.content.decode()
    api = server_error(RequestFactory().get("/api/v1/articles/"))
    assert api.status_code == 500
    assert json.loads(api.content) == {"detail": "Server error."}


@pytest.mark.parametrize(
    "url",
    [
        "/?q=%00",
        "/articles/?q=%00",
        "/articles/?q=" + "ب" * 201,
        "/articles/?cursor=%00",
        "/articles/?cursor=garbage",
        "/articles/?cursor=99999999999999999999999_1",
        "/articles/?cursor=١٢٣_١",
        "/articles/?q=سد&cursor=nan_0_1",
        "/claims/?cursor=1_2_3",
        "/sources/sahifat-alikhtibar/?cursor=x",
    ],
)
def test_a_bad_query_string_is_a_bad_request_never_a_server_error(client, url):
    make_article()
    response = client.get(url, follow=True)
    assert response.status_code == 400
    assert '<html lang="ar" dir="rtl">' in text_of(response)


@pytest.mark.parametrize("url", ["/sources/%00/", "/sources/%00/feed/", "/claims/verdict/%00/"])
def test_a_nul_byte_in_an_address_is_not_found_never_a_server_error(client, url):
    assert client.get(url).status_code == 404


def test_the_old_search_address_leads_to_the_search(client):
    make_article(title="مقال عن السدود")
    response = client.get("/?q=السدود", follow=True)
    assert response.redirect_chain[-1][0].startswith("/articles/?q=")
    assert "مقال عن السدود" in text_of(response)


def walk(client, url):
    """Every title a list shows, following its "next page" links."""
    titles = []
    while url:
        html = text_of(client.get(url))
        titles += re.findall(r'<h2><a href="/articles/\d+/">(.*?)</a></h2>', html)
        following = re.search(r'<a rel="next" href="(.*?)">', html)
        url = following and "/articles/" + following.group(1).replace("&amp;", "&")
        assert len(titles) < 200
    return titles


def test_lists_page_by_cursor_without_repeating_or_skipping_an_article(client):
    same_time = dt.datetime(2021, 5, 1, 12, tzinfo=dt.UTC)
    expected = []
    for number in range(45):
        when = same_time if number % 3 == 0 else same_time - dt.timedelta(days=number)
        expected.append(make_article(title=f"مقال رقم {number}", published_at=when))
    undated = make_article(title="مقال بلا تاريخ")
    undated.published_at = None
    undated.save()

    titles = walk(client, "/articles/")
    assert len(titles) == 46
    assert len(set(titles)) == 46
    assert titles[0] == "مقال بلا تاريخ"  # undated first, as the index has them
    html = text_of(client.get("/articles/"))
    assert "?cursor=" in html
    assert "page=" not in html


def test_search_results_page_by_cursor_best_match_first(client):
    for number in range(25):
        make_article(title=f"تقرير السدود رقم {number}")
    make_article(title="مقال لا يطابق", paragraphs=["نص عن الزراعة والقمح فقط."])
    titles = walk(client, "/articles/?q=السد")
    assert len(titles) == 25
    assert len(set(titles)) == 25


def test_speaker_page_counts_verdicts_and_names_aliases(client, checked):
    _, false, *_ = checked
    SpeakerAlias.objects.create(speaker=false.speaker, name="الوزير")
    make_claim(make_article(), verdict_slug="false")
    html = text_of(client.get(f"/speakers/{false.speaker_id}/"))
    assert "الوزير" in html
    counts = re.findall(r'<li class="verdict-(\w+)">.*?</span> (\d+)</li>', html)
    assert counts == [("verified", "1"), ("false", "2")]


def test_fact_checks_by_verdict_show_that_verdict_only(client, checked):
    _, false, accurate, _ = checked
    html = text_of(client.get("/claims/verdict/false/"))
    assert f"/claims/{false.pk}/" in html
    assert f"/claims/{accurate.pk}/" not in html
    assert client.get("/claims/verdict/unreviewed/").status_code == 404


def test_archive_by_year_and_month(client):
    make_article(title="مقال يناير", published_at=dt.datetime(2022, 1, 5, tzinfo=dt.UTC))
    make_article(title="مقال مارس", published_at=dt.datetime(2022, 3, 5, tzinfo=dt.UTC))
    year = text_of(client.get("/archive/2022/"))
    assert "مقال يناير" in year
    assert "مقال مارس" in year
    assert 'href="/archive/2022/03/">مارس</a>' in year
    march = text_of(client.get("/archive/2022/03/"))
    assert "مقال مارس" in march
    assert "مقال يناير" not in march
    article = make_article(published_at=dt.datetime(2022, 3, 9, tzinfo=dt.UTC))
    assert 'href="/archive/2022/03/"' in text_of(client.get(article.get_absolute_url()))
    assert client.get("/archive/2023/").status_code == 404
    assert client.get("/archive/2022/13/").status_code == 404


def test_source_page_lists_its_articles(client):
    mine = make_article(title="مقال المصدر الأول")
    make_article(title="مقال مصدر آخر", source=make_source("مصدر آخر", "masdar-akhar"))
    html = text_of(client.get(f"/sources/{mine.source.slug}/"))
    assert "مقال المصدر الأول" in html
    assert "مقال مصدر آخر" not in html


def test_home_shows_the_latest_fact_checks_and_articles(client, checked):
    article, false, *_ = checked
    html = text_of(client.get("/"))
    assert f"/claims/{false.pk}/" in html
    assert article.get_absolute_url() in html


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # Pages that answer conditional requests spend one query on when they last changed.
        ("/", 3),
        ("/articles/", 3),
        # The search's results, then its snippets: the query's lexemes, then which words match.
        # + the attention chart's counts: matching, all and hidden articles by month
        # + once per process every ten minutes, where the search's windows begin (pg_stats)
        ("/articles/?q=السد", 9),
        ("/articles/?q=السد&sort=date&checked=on&published_from=2022-01-01", 9),
        ("/articles/?source=sahifat-alikhtibar&published_to=2022-12-31", 3),
        ("{article}", 4),
        ("{claim}", 3),
        ("/claims/", 3),  # the claims; the verdicts to browse by
        ("/claims/verdict/false/", 3),
        ("{speaker}", 7),  # its verdicts counted, then their rows; the claims over time by verdict
        ("/sources/sahifat-alikhtibar/", 3),
        ("/archive/", 3),
        ("/archive/2022/", 3),
        ("/archive/2022/01/", 2),
        ("/feed/", 2),
        ("/claims/feed/", 2),
        # A section's count is taken once per change of the archive (test_site_plans.py).
        ("/sitemap.xml", 7),
        ("/sitemap-articles.xml", 5),
    ],
)
def test_a_page_costs_the_same_few_queries_however_much_it_shows(
    client, django_assert_max_num_queries, url, queries
):
    previous = None
    for number in range(30):
        article = make_article(published_at=dt.datetime(2022, 1, 1 + number % 28, tzinfo=dt.UTC))
        claim = make_claim(article, speaker=make_speaker(f"متحدث {number % 4}"))
        make_claim(article, paragraph=2, statement="المشروع لن يرفع", verdict_slug="disputed")
        if previous:
            relate(claim, previous)
        previous = claim
    Claim.objects.update(reviewed_at=timezone.now())
    url = url.format(
        article=article.get_absolute_url(),
        claim=f"/claims/{claim.pk}/",
        speaker=f"/speakers/{claim.speaker_id}/",
    )
    with django_assert_max_num_queries(queries):
        assert client.get(url).status_code == 200


def test_lists_print_dates_in_arabic_in_utc_and_link_each_article_and_source(client):
    riyadh = dt.timezone(dt.timedelta(hours=3))
    source = make_source()
    article = make_article(
        title="مقال الساعة",
        source=source,
        published_at=dt.datetime(2023, 12, 1, 1, 5, tzinfo=riyadh),
    )
    html = text_of(client.get("/articles/"))
    # 01:05 in Riyadh on 1 December is 22:05 UTC the day before, and the page says UTC.
    assert '<time datetime="2023-11-30T22:05:00+00:00">30 نوفمبر 2023 22:05 UTC</time>' in html
    assert f'<a href="/articles/{article.pk}/">مقال الساعة</a>' in html
    assert f'<a href="/sources/{source.slug}/">{source.name}</a>' in html
