"""The read API: what the public may read, how it is queried, and nothing it may write."""

import datetime as dt
import hashlib
import itertools
import json
import re
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Claim, ClaimRelation, Image, Source, Speaker
from tests.site_factories import publish

pytestmark = pytest.mark.django_db

API = "/api/v1"
_copies = itertools.count(1)


def copy_article(article, *, with_children=True, **changes) -> Article:
    """Another article with the same text (and images and claims), as if from another file."""
    images, claims = list(article.images.all()), list(article.claims.all())
    copy = Article.objects.get(pk=article.pk)
    number = next(_copies)
    copy.pk = None
    copy._state.adding = True
    copy.sha256 = hashlib.sha256(f"{article.sha256}/{number}".encode()).hexdigest()
    copy.fingerprint = copy.sha256
    copy.external_id = ""
    for name, value in changes.items():
        setattr(copy, name, value)
    copy.save()
    if with_children:
        for child in [*images, *claims]:
            child.pk = None
            child._state.adding = True
            child.article = copy
            child.save()
    return copy


def get(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response.json()


def walk(client, url, **params) -> list[dict]:
    """Every item of a list, following `next` links."""
    items, page = [], get(client, url, **params)
    while True:
        items += page["results"]
        if not page["next"]:
            return items
        page = get(client, page["next"])


def ids(items) -> list[int]:
    return [item["id"] for item in items]


# -- articles ------------------------------------------------------------------------------------


def test_articles_list_and_detail(client, article):
    listing = client.get(f"{API}/articles/").json()
    detail = client.get(f"{API}/articles/{article.pk}/").json()

    assert [item["title"] for item in listing["results"]] == [article.title]
    assert listing["results"][0]["source"]["name"] == "عربي بوست"
    assert listing["results"][0]["published_at"] == "2022-01-28T07:49:00Z"
    assert len([b for b in detail["body"] if b["type"] == "heading"]) == 5


def test_an_article_in_a_list_carries_its_summary(client, article):
    item = get(client, f"{API}/articles/")["results"][0]

    assert item == {
        "id": article.pk,
        "url": f"http://localhost/api/v1/articles/{article.pk}/",
        "html_url": f"http://localhost/articles/{article.pk}/",
        "title": article.title,
        "source": {"id": article.source_id, "name": "عربي بوست", "slug": "عربي-بوست"},
        "published_at": "2022-01-28T07:49:00Z",
        "updated_at": "2022-01-28T07:50:00Z",
        "language": "ar",
        "lead_image": {
            "caption": 'قوات كردية مع قوات تابعة للتحالف تواجه تمرد مقاتلي "داعش" في الحسكة',
            "credit": "Getty Images",
        },
        "claims_count": article.claims.count(),
    }


def test_missing_update_time_and_lead_image_are_null(client, article):
    bare = copy_article(article, updated_at=None, with_children=False)

    item = get(client, f"{API}/articles/", ordering="id")["results"][1]

    assert item["id"] == bare.pk
    assert item["updated_at"] is None
    assert item["lead_image"] is None
    assert item["claims_count"] == 0


def test_a_lead_image_without_a_caption_is_still_shown(client, article):
    article.images.filter(is_lead=True).update(caption="")

    listed = get(client, f"{API}/articles/")["results"][0]["lead_image"]
    detail = get(client, f"{API}/articles/{article.pk}/")["lead_image"]

    assert listed == detail == {"caption": "", "credit": "Getty Images"}


def test_article_detail_reads_top_to_bottom_with_images_where_they_stand(client, article):
    detail = get(client, f"{API}/articles/{article.pk}/")

    images = list(article.images.order_by("position"))
    blocks = detail["body"]
    assert blocks[0] == {"type": "image", "caption": images[0].caption, "credit": "Getty Images"}
    assert [b for b in blocks if b["type"] != "image"] == [
        {"type": block["type"], "text": block["text"]} for block in article.body
    ]
    assert len([b for b in blocks if b["type"] == "image"]) == len(images)
    assert detail["images"][0] == {
        "position": 0,
        "caption": images[0].caption,
        "credit": "Getty Images",
        "is_lead": True,
    }


def test_article_detail_lists_claims_and_provenance(client, article):
    detail = get(client, f"{API}/articles/{article.pk}/")

    farhad = next(c for c in detail["claims"] if c["speaker"]["name"] == "فرهاد الشامي")
    claim = Claim.objects.get(pk=farhad["id"])
    assert farhad["text"] == claim.statement
    assert farhad["speaker"] == {"id": claim.speaker_id, "name": "فرهاد الشامي"}
    assert farhad["medium"] == "tweet"
    assert farhad["stated_on"] == "2022-01-26"
    assert farhad["status"] == "unreviewed"
    assert farhad["paragraph"] == 2
    assert "speaker_role" in farhad
    assert detail["claims_count"] == len(detail["claims"]) == article.claims.count()
    assert detail["provenance"]["file_name"] == "000_4ec7ee0256ef7471.txt"
    assert detail["provenance"]["sha256"] == article.sha256
    assert detail["provenance"]["imported_at"].endswith("Z")
    assert detail["provenance"]["warnings"] == article.warnings


def test_text_comes_back_exactly_as_stored(client, article):
    detail = get(client, f"{API}/articles/{article.pk}/")

    assert detail["title"] == article.title
    # The seed's first paragraph keeps its no-break space and its tashkeel.
    first = next(b for b in detail["body"] if b["type"] == "paragraph")
    assert first["text"] == article.body[0]["text"]
    assert "\xa0" in first["text"]
    assert "يتحصَّنون" in first["text"]


# -- visibility and writes -----------------------------------------------------------------------


def test_hidden_articles_are_absent_for_the_public(client, article):
    article.visibility = Article.Visibility.HIDDEN
    article.save()

    assert client.get(f"{API}/articles/").json()["results"] == []
    assert client.get(f"{API}/articles/{article.pk}/").status_code == 404


def test_hidden_articles_take_their_claims_images_and_counts_with_them(client, article):
    claim = article.claims.first()
    article.visibility = Article.Visibility.HIDDEN
    article.save()

    assert get(client, f"{API}/claims/")["results"] == []
    assert client.get(f"{API}/claims/{claim.pk}/").status_code == 404
    assert get(client, f"{API}/images/")["results"] == []
    assert get(client, f"{API}/speakers/")["results"] == []
    assert get(client, f"{API}/articles/", source=article.source.slug)["results"] == []
    assert get(client, f"{API}/articles/", search="الحسكة")["results"] == []
    assert client.get(f"{API}/articles/export.ndjson").getvalue() == b""


def test_staff_see_hidden_articles(admin_client, article):
    article.visibility = Article.Visibility.HIDDEN
    article.save()

    assert ids(get(admin_client, f"{API}/articles/")["results"]) == [article.pk]
    assert get(admin_client, f"{API}/articles/{article.pk}/")["title"] == article.title
    assert len(get(admin_client, f"{API}/claims/")["results"]) == article.claims.count()


def test_writes_are_refused_and_change_nothing(client, article):
    response = client.delete(f"{API}/articles/{article.pk}/")

    assert response.status_code in (403, 405)
    assert Article.objects.filter(pk=article.pk).exists()


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize(
    "path", ["articles/", "articles/{article}/", "claims/{claim}/", "sources/", "speakers/"]
)
def test_every_write_method_is_refused(client, admin_client, article, method, path):
    claim = article.claims.first()
    url = f"{API}/{path.format(article=article.pk, claim=claim.pk)}"
    before = (Article.objects.count(), Claim.objects.count(), article.title, claim.statement)

    for requester in (client, admin_client):
        response = getattr(requester, method)(
            url, data=json.dumps({"title": "x"}), content_type="application/json"
        )
        assert response.status_code == 405
        assert "detail" in response.json()

    claim.refresh_from_db()
    article.refresh_from_db()
    assert (Article.objects.count(), Claim.objects.count(), article.title, claim.statement) == (
        before
    )


# -- filters -------------------------------------------------------------------------------------


@pytest.fixture
def three_articles(article):
    """The seed (2022, 10 claims); an English one from 2020 of another source without
    claims; a 2023 copy with one claim an editor disputed."""
    other = Source.objects.create(name="Another paper", slug="another-paper", language="en")
    english = copy_article(
        article,
        with_children=False,
        source=other,
        language="en",
        published_at=dt.datetime(2020, 5, 1, tzinfo=dt.UTC),
    )
    later = copy_article(article, published_at=dt.datetime(2023, 3, 1, tzinfo=dt.UTC))
    disputed = later.claims.get(speaker__name="فرهاد الشامي")
    publish(disputed, "disputed")
    return {"seed": article, "english": english, "later": later, "disputed": disputed}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["later", "seed", "english"]),
        ({"source": "another-paper"}, ["english"]),
        ({"source": "عربي-بوست"}, ["later", "seed"]),
        ({"published_after": "2022-01-01T00:00:00Z"}, ["later", "seed"]),
        ({"published_before": "2022-01-01T00:00:00+03:00"}, ["english"]),
        (
            {"published_after": "2021-01-01T00:00:00Z", "published_before": "2023-01-01T00:00Z"},
            ["seed"],
        ),
        ({"language": "en"}, ["english"]),
        ({"claim_status": "disputed"}, ["later"]),
        ({"claim_status": "unreviewed"}, ["later", "seed"]),
        ({"has_claims": "true"}, ["later", "seed"]),
        ({"has_claims": "false"}, ["english"]),
    ],
)
def test_article_filters(client, three_articles, params, expected):
    found = get(client, f"{API}/articles/", **params)["results"]

    assert ids(found) == [three_articles[name].pk for name in expected]


def test_each_article_names_its_own_source_or_none(client, three_articles):
    """List, detail, search and export agree: the article's source, or null without one."""
    unsourced = copy_article(three_articles["seed"], with_children=False, source=None)
    expected = {
        article.pk: None
        if article.source is None
        else {"id": article.source.pk, "name": article.source.name, "slug": article.source.slug}
        for article in [*three_articles.values(), unsourced]
        if isinstance(article, Article)
    }
    assert [source and source["slug"] for source in expected.values()].count(None) == 1

    listed = walk(client, f"{API}/articles/")
    searched = walk(client, f"{API}/articles/", search=three_articles["seed"].title)
    exported = [
        json.loads(line)
        for line in client.get(f"{API}/articles/export.ndjson").getvalue().decode().splitlines()
    ]

    assert {item["id"]: item["source"] for item in listed} == expected
    assert {item["id"]: item["source"] for item in searched} == expected
    for pk, source in expected.items():
        assert get(client, f"{API}/articles/{pk}/")["source"] == source
    assert {
        row["id"]: (row["source_id"], row["source_name"], row["source_slug"]) for row in exported
    } == {
        pk: tuple(source.values()) if source else (None, None, None)
        for pk, source in expected.items()
    }


def test_article_filter_by_speaker(client, three_articles):
    farhad = Speaker.objects.get(name="فرهاد الشامي")

    found = get(client, f"{API}/articles/", speaker=farhad.pk)["results"]

    assert ids(found) == [three_articles["later"].pk, three_articles["seed"].pk]


def test_claim_filters(client, three_articles):
    farhad = Speaker.objects.get(name="فرهاد الشامي")
    seed, later = three_articles["seed"], three_articles["later"]

    def claim_ids(**params):
        return sorted(ids(walk(client, f"{API}/claims/", **params)))

    def expected(queryset):
        return sorted(queryset.values_list("pk", flat=True))

    assert claim_ids(status="disputed") == [three_articles["disputed"].pk]
    assert claim_ids(speaker=farhad.pk) == expected(Claim.objects.filter(speaker=farhad))
    assert claim_ids(medium="tweet") == expected(Claim.objects.filter(medium="tweet"))
    assert claim_ids(medium="tweet")  # the seed has one
    assert claim_ids(stated_after="2022-01-26", stated_before="2022-01-26") == expected(
        Claim.objects.filter(stated_on=dt.date(2022, 1, 26))
    )
    assert claim_ids(stated_after="2022-01-27") == expected(
        Claim.objects.filter(stated_on__gte=dt.date(2022, 1, 27))
    )
    assert claim_ids(article=later.pk) == expected(later.claims.all())
    assert claim_ids(source="عربي-بوست") == expected(Claim.objects.all())
    assert claim_ids(source="another-paper") == []
    assert len(claim_ids(article=seed.pk, status="unreviewed")) == seed.claims.count()


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("articles/?published_after=yesterday", "published_after"),
        ("articles/?published_before=2022-02-30T00:00:00Z", "published_before"),
        ("articles/?published_before=2022-02-01T00:00:00-18:26", "published_before"),
        ("articles/?speaker=farhad", "speaker"),
        ("articles/?speaker=99999999999999999999999", "speaker"),
        ("articles/?claim_status=maybe", "claim_status"),
        ("articles/?has_claims=perhaps", "has_claims"),
        ("articles/?ordering=popularity", "ordering"),
        ("articles/?ordering=-rank", "ordering"),  # rank only with search
        ("articles/?page_size=0", "page_size"),
        ("articles/?cursor=not-a-cursor", "cursor"),
        ("claims/?stated_after=2022-13-01", "stated_after"),
        ("claims/?status=true-ish", "status"),
        ("claims/?article=-1", "article"),
        ("articles/?source=no-such-paper", "source"),
        ("claims/?source=no-such-paper", "source"),
        ("images/?source=no-such-paper", "source"),
        ("claims/export.csv?source=no-such-paper", "source"),
        ("articles/export.ndjson?source=a%00b", "source"),  # PostgreSQL refuses NUL in text
        ("articles/export.csv?published_after=soon", "published_after"),
    ],
)
def test_bad_parameters_are_a_400_naming_the_parameter(client, article, url, parameter):
    response = client.get(f"{API}/{url}")

    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert list(response.json()) == [parameter]
    # Said in the archive's language, Arabic, like every other message.
    message = str(response.json()[parameter])
    assert re.search("[\u0621-\u064a]", message), message


def test_unknown_api_addresses_answer_json(client, article):
    for url in (f"{API}/articles/{article.pk + 1000}/", f"{API}/nothing-here/"):
        response = client.get(url)
        assert response.status_code == 404
        assert response.json() == {"detail": response.json()["detail"]}


# -- search --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "الحَسَكَة",  # diacritics
        "اَلاشتباكات",  # a vowel on the article's alef (it changed the stem: اشتباكا)
        "بِالاشتباكات",  # a vowel on a prefix
        "وَالاِشْتِبَاكَاتُ",  # vowels on و, ال and the word
        "الحسكـــة",  # tatweel
        "أمريكا",  # as printed
        "امريكا",  # bare alef for أ
        "إمريكا",  # another hamza form
        "آمريكا",  # madda
        "اطلاق",  # the text has إطلاق
        "الاخرين",  # the text has بالآخرين
        "الحسكه",  # ه typed for the text's ة
        "الصناعه سجن",
        "الديمقراطيه",
        "مبني",  # ي typed for the text's ى (مبنى)
        "قتلي",
        "الي",  # the text has إلى
    ],
)
def test_search_finds_the_article_whatever_the_spelling(client, article, query):
    assert ids(get(client, f"{API}/articles/", search=query)["results"]) == [article.pk]


@pytest.mark.parametrize(
    ("document_spelling", "query"),
    [
        ("الحسكه", "الحسكة"),  # the text has ه where the reader types ة
        ("مستشفي", "مستشفى"),  # the text has ي where the reader types ى
        ("اطلاق", "إطلاق"),
    ],
)
def test_search_finds_text_spelled_differently_from_the_query(
    client, seeds_dir, seed_text, importseeds, document_spelling, query
):
    """A file whose text uses the variant spelling, imported like any other."""
    headline = seed_text.splitlines()[0]
    variant = seed_text.replace(headline, f"تقرير عن {document_spelling} في سوريا", 1)
    (seeds_dir / "000_4ec7ee0256ef7471.txt").write_text(variant, encoding="utf-8")
    assert importseeds(seeds_dir).code == 0

    found = get(client, f"{API}/articles/", search=query)["results"]

    assert [item["title"] for item in found] == [f"تقرير عن {document_spelling} في سوريا"]


def test_search_finds_vocalised_text_by_its_plain_spelling(
    client, seeds_dir, seed_text, importseeds
):
    """Every الاشتباك(ات) of the file written with a vowel on the article's alef."""
    vocalised = seed_text.replace("الاشتباك", "اَلاشتباك")
    (seeds_dir / "000_4ec7ee0256ef7471.txt").write_text(vocalised, encoding="utf-8")
    assert importseeds(seeds_dir).code == 0

    found = get(client, f"{API}/articles/", search="الاشتباكات")["results"]

    assert [item["title"] for item in found] == [vocalised.splitlines()[0]]


def test_an_excluded_word_excludes_every_spelling(client, article):
    assert get(client, f"{API}/articles/", search="سجن -الحسكه")["results"] == []
    assert ids(get(client, f"{API}/articles/", search="سجن -كرة")["results"]) == [article.pk]


def test_search_ranks_headline_matches_first_and_pages_by_rank(client, article):
    # Ten copies whose headlines mention the prison (rank higher) after the original.
    boosted = [
        copy_article(article, with_children=False, title=f"سجن الصناعة {n}") for n in range(10)
    ]
    # The same words in the body only: equal ranks, which come newest first, undated last.
    undated = copy_article(article, with_children=False, published_at=None)
    later = [
        copy_article(
            article, with_children=False, published_at=article.published_at + dt.timedelta(days=n)
        )
        for n in (3, 1, 2)
    ]

    found = walk(client, f"{API}/articles/", search="سجن الصناعة", page_size=4)

    assert set(ids(found[:10])) == {copy.pk for copy in boosted}
    assert ids(found[10:]) == [later[0].pk, later[2].pk, later[1].pk, article.pk, undated.pk]
    assert len(set(ids(found))) == len(found) == 15


# -- ordering and pagination ---------------------------------------------------------------------


@pytest.fixture
def twenty_five(article):
    """25 articles; 12 share the seed's publish time, 8 have no update time."""
    copies = [copy_article(article, with_children=False) for _ in range(11)]
    for day in range(13):
        copies.append(
            copy_article(
                article,
                with_children=False,
                published_at=article.published_at - dt.timedelta(days=day + 1),
                updated_at=None if day < 8 else article.updated_at,
            )
        )
    return Article.objects.all()


@pytest.mark.parametrize(
    ("ordering", "key"),
    [
        ("-published_at", lambda a: (-a.published_at.timestamp(), -a.pk)),
        ("published_at", lambda a: (a.published_at.timestamp(), a.pk)),
        ("id", lambda a: a.pk),
        ("-id", lambda a: -a.pk),
        ("title", lambda a: (a.title, a.pk)),
        (
            "updated_at",
            lambda a: (a.updated_at is None, a.updated_at and a.updated_at.timestamp(), a.pk),
        ),
        (
            "-updated_at",
            lambda a: (a.updated_at is not None, a.updated_at and -a.updated_at.timestamp(), -a.pk),
        ),
    ],
)
def test_cursor_pagination_walks_every_item_once_in_order(client, twenty_five, ordering, key):
    found = walk(client, f"{API}/articles/", ordering=ordering, page_size=4)

    assert ids(found) == [a.pk for a in sorted(twenty_five, key=key)]


@pytest.mark.parametrize("ordering", ["-published_at", "published_at", "-updated_at"])
def test_times_to_the_microsecond_print_and_page_exactly(client, article, ordering):
    base = article.published_at
    micros = [1, 1, 500_000, 999_999, 0]  # a tie at 1 µs; 0: no fraction printed
    for micro in micros:
        time = base + dt.timedelta(microseconds=micro)
        copy_article(article, with_children=False, published_at=time, updated_at=time)
    field = ordering.removeprefix("-")
    expected = sorted(
        Article.objects.all(),
        key=lambda a: (getattr(a, field), a.pk),
        reverse=ordering.startswith("-"),
    )

    found = walk(client, f"{API}/articles/", ordering=ordering, page_size=1)

    assert ids(found) == [a.pk for a in expected]
    printed = [getattr(a, field).astimezone(dt.UTC).isoformat() for a in expected]
    assert [item[field] for item in found] == [p.replace("+00:00", "Z") for p in printed]
    endings = {item[field][19:] for item in found}
    assert endings == {".000001Z", ".500000Z", ".999999Z", "Z"}


def test_previous_links_walk_back_through_the_same_pages(client, twenty_five):
    forward, page = [], get(client, f"{API}/articles/", page_size=6)
    while True:
        forward.append(ids(page["results"]))
        if not page["next"]:
            break
        page = get(client, page["next"])
    backward = [ids(page["results"])]
    while page["previous"]:
        page = get(client, page["previous"])
        backward.append(ids(page["results"]))

    assert backward[::-1] == forward
    assert [len(ids) for ids in forward] == [6, 6, 6, 6, 1]


def test_page_size_defaults_to_20_and_stops_at_100(client, article):
    for _ in range(104):
        copy_article(article, with_children=False)

    assert len(get(client, f"{API}/articles/")["results"]) == 20
    assert len(get(client, f"{API}/articles/", page_size=7)["results"]) == 7
    assert len(get(client, f"{API}/articles/", page_size=1000)["results"]) == 100


# -- query counts --------------------------------------------------------------------------------


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("articles/", 1),
        ("articles/?search=الحسكة&has_claims=true", 1),
        ("claims/", 3),  # claims, their status histories, their relations
        ("speakers/", 1),
        ("sources/", 1),
        ("images/", 1),
    ],
)
def test_a_list_page_costs_the_same_queries_for_1_or_100_items(client, article, path, expected):
    url = f"{API}/{path}{'&' if '?' in path else '?'}page_size=100"
    one_page_of_few = queries_for(client, url)
    for number in range(10):
        # Each copy from its own source, its claims by a speaker of their own.
        source = Source.objects.create(name=f"Paper {number}", slug=f"paper-{number}")
        copy = copy_article(article, title=f"{article.title} {number}", source=source)
        name = f"متحدث {number}"
        copy.claims.update(speaker=Speaker.objects.create(name=name, normalized_name=name))

    assert queries_for(client, url) == one_page_of_few == expected
    assert len(client.get(url).json()["results"]) > 10


def test_a_list_by_source_costs_one_query_and_an_unknown_slug_is_still_a_400(client, article):
    copy_article(article, with_children=False)
    url = f"{API}/articles/?source={article.source.slug}"

    assert queries_for(client, url) == 1  # the slug is resolved inside the page's query
    assert len(client.get(url).json()["results"]) == 2
    response = client.get(f"{API}/articles/?source={article.source.slug}x")
    assert response.status_code == 400
    assert response.json() == {"source": ["لا يوجد مصدر بهذا المعرّف."]}  # in Arabic


def test_an_article_detail_costs_one_query(client, article, django_assert_num_queries):
    with django_assert_num_queries(1):  # article, source, images, claims and speakers
        response = client.get(f"{API}/articles/{article.pk}/")
    data = response.json()
    assert (len(data["images"]), len(data["claims"])) == (4, article.claims.count())


# -- claims, speakers, sources, images -----------------------------------------------------------


def test_claim_carries_article_speaker_and_collapsed_status_history(
    client, article, django_user_model
):
    editor = django_user_model.objects.create_user("editor", is_staff=True)
    claim = article.claims.get(speaker__name="فرهاد الشامي")
    for status, note in [("verified", ""), ("verified", "source checked"), ("disputed", "")]:
        publish(claim, status, review_note=note, reviewed_at=timezone.now(), _history_user=editor)

    data = get(client, f"{API}/claims/{claim.pk}/")

    assert data["article"] == {
        "id": article.pk,
        "title": article.title,
        "url": f"http://localhost/api/v1/articles/{article.pk}/",
    }
    assert data["speaker"] == {"id": claim.speaker_id, "name": "فرهاد الشامي"}
    assert data["text"] == claim.statement
    assert [(c["status"], c["changed_by"]) for c in data["status_history"]] == [
        ("unreviewed", None),
        ("verified", "editor"),
        ("disputed", "editor"),
    ]
    assert all(c["changed_at"].endswith("Z") for c in data["status_history"])
    # The list shows the same history.
    listed = next(c for c in get(client, f"{API}/claims/")["results"] if c["id"] == claim.pk)
    assert listed["status_history"] == data["status_history"]


def test_claim_relations_show_in_both_directions(client, article):
    first, second = article.claims.all()[:2]
    ClaimRelation.objects.create(from_claim=first, to_claim=second, kind="contradicts")

    outgoing = get(client, f"{API}/claims/{first.pk}/")["relations"]
    incoming = get(client, f"{API}/claims/{second.pk}/")["relations"]

    assert outgoing == [
        {
            "kind": "contradicts",
            "status": "confirmed",
            "direction": "outgoing",
            "claim": {
                "id": second.pk,
                "url": f"http://localhost/api/v1/claims/{second.pk}/",
                "text": second.statement,
            },
        }
    ]
    assert incoming[0]["direction"] == "incoming"
    assert incoming[0]["claim"]["id"] == first.pk


def test_relations_to_claims_of_hidden_articles_are_not_shown(client, article):
    hidden = copy_article(article, visibility=Article.Visibility.HIDDEN)
    ClaimRelation.objects.create(
        from_claim=article.claims.first(), to_claim=hidden.claims.first(), kind="repeats"
    )

    assert get(client, f"{API}/claims/{article.claims.first().pk}/")["relations"] == []


def test_speakers_sources_and_images(client, article):
    farhad = Speaker.objects.get(name="فرهاد الشامي")
    source = article.source

    speakers = walk(client, f"{API}/speakers/")
    speaker = get(client, f"{API}/speakers/{farhad.pk}/")
    sources = get(client, f"{API}/sources/")["results"]
    by_slug = get(client, f"{API}/sources/{quote(source.slug)}/")
    images = get(client, f"{API}/images/", article=article.pk, is_lead="true")["results"]

    assert [s["name"] for s in speakers] == sorted(s["name"] for s in speakers)
    assert speaker["claims_count"] == farhad.claims.count()
    assert speaker["name"] == "فرهاد الشامي"
    assert sources == [by_slug]
    assert by_slug["name"] == "عربي بوست"
    assert by_slug["slug"] == "عربي-بوست"
    assert [i["caption"] for i in images] == [article.images.get(is_lead=True).caption]
    assert images[0]["article"]["id"] == article.pk
    assert len(get(client, f"{API}/images/")["results"]) == Image.objects.count()


# -- conditional requests ------------------------------------------------------------------------


def test_details_can_be_revalidated_with_etag_and_last_modified(client, article):
    url = f"{API}/articles/{article.pk}/"
    first = client.get(url)

    same = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    unchanged_since = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    assert first.status_code == 200
    assert same.status_code == 304
    assert same.content == b""
    assert unchanged_since.status_code == 304


def test_a_changed_claim_changes_the_article_etag(client, article):
    url = f"{API}/articles/{article.pk}/"
    before = client.get(url)
    claim = article.claims.first()
    publish(claim, "verified", reviewed_at=timezone.now() + dt.timedelta(seconds=2))

    after = client.get(url, HTTP_IF_NONE_MATCH=before["ETag"])
    since = client.get(url, HTTP_IF_MODIFIED_SINCE=before["Last-Modified"])

    assert after.status_code == since.status_code == 200
    assert after["ETag"] != before["ETag"]


def test_claim_details_have_an_etag_too(client, article):
    url = f"{API}/claims/{article.claims.first().pk}/"
    first = client.get(url)

    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


# -- exports -------------------------------------------------------------------------------------


def test_articles_export_as_ndjson_streams_the_filtered_list(client, three_articles):
    response = client.get(f"{API}/articles/export.ndjson", {"has_claims": "true"})

    assert response.streaming
    assert response["Content-Type"].startswith("application/x-ndjson")
    rows = [json.loads(line) for line in response.getvalue().decode().splitlines()]
    listed = get(client, f"{API}/articles/", has_claims="true")["results"]
    assert ids(rows) == ids(listed)
    assert rows[0]["title"] == listed[0]["title"]
    assert rows[0]["published_at"] == listed[0]["published_at"]
    assert rows[0]["claims_count"] == listed[0]["claims_count"]
    assert rows[0]["source_slug"] == "عربي-بوست"


def test_articles_export_as_csv(client, article):
    import csv
    import io

    response = client.get(f"{API}/articles/export.csv")

    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode())))
    assert [row["title"] for row in rows] == [article.title]
    assert rows[0]["lead_image_caption"] == article.images.get(is_lead=True).caption
    assert rows[0]["updated_at"] == "2022-01-28T07:50:00Z"


def test_claims_export_takes_the_claim_filters(client, three_articles):
    response = client.get(f"{API}/claims/export.ndjson", {"status": "disputed"})
    csv_response = client.get(f"{API}/claims/export.csv", {"article": three_articles["seed"].pk})

    rows = [json.loads(line) for line in response.getvalue().decode().splitlines()]
    assert ids(rows) == [three_articles["disputed"].pk]
    assert rows[0]["text"] == three_articles["disputed"].statement
    assert rows[0]["speaker_name"] == "فرهاد الشامي"
    lines = csv_response.getvalue().decode().splitlines()
    assert lines[0].startswith("id,article_id,article_title,speaker_id")
    assert len(lines) > three_articles["seed"].claims.count()  # header, rows (some multi-line)


# The objects inside list items, and their keys (for the ones that are null).
NESTED = {"source": ("id", "name", "slug"), "lead_image": ("caption", "credit")}
NESTED |= {"article": ("id", "title", "url"), "speaker": ("id", "name")}


def flattened(item: dict) -> dict:
    """A list item as an export writes it: {"source": {"id": …}} as "source_id", …"""
    flat: dict[str, object] = {}
    for key, value in item.items():
        if key in NESTED:
            parts = value or dict.fromkeys(NESTED[key])
            flat |= {f"{key}_{part}": part_value for part, part_value in parts.items()}
        else:
            flat[key] = value
    return flat


def test_an_export_row_is_the_list_item_flattened_in_both_formats(client, three_articles):
    import csv
    import io

    listed = walk(client, f"{API}/articles/")
    ndjson = client.get(f"{API}/articles/export.ndjson").getvalue().decode().splitlines()
    table = list(
        csv.reader(io.StringIO(client.get(f"{API}/articles/export.csv").getvalue().decode()))
    )

    rows = [json.loads(line) for line in ndjson]
    assert rows == [flattened(item) for item in listed]
    assert table[0] == list(rows[0])
    assert table[1:] == [["" if v is None else str(v) for v in row.values()] for row in rows]


def test_a_claim_export_row_is_the_claim_flattened(client, three_articles):
    listed = walk(client, f"{API}/claims/")
    rows = [
        json.loads(line)
        for line in client.get(f"{API}/claims/export.ndjson").getvalue().decode().splitlines()
    ]

    not_exported = ("url", "article_url", "reviewed_at", "verdict", "status_history", "relations")
    expected = []
    for item in listed:
        flat = flattened(item)
        expected.append({key: value for key, value in flat.items() if key not in not_exported})
    assert rows == expected


# -- throttling, schema, docs --------------------------------------------------------------------


def test_anonymous_clients_are_throttled(client, article, settings):
    settings.NEWSARCHIVE_API_ANON_RATE = "3/min"

    answers = [client.get(f"{API}/articles/").status_code for _ in range(4)]

    assert answers == [200, 200, 200, 429]
    assert "detail" in client.get(f"{API}/articles/").json()


def test_staff_are_not_throttled(admin_client, article, settings):
    settings.NEWSARCHIVE_API_ANON_RATE = "1/min"

    assert [admin_client.get(f"{API}/articles/").status_code for _ in range(3)] == [200] * 3


def test_openapi_schema_describes_every_filter(client):
    schema = client.get(f"{API}/schema/", HTTP_ACCEPT="application/json").json()

    assert schema["openapi"].startswith("3.")
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/articles/"]["get"]["parameters"]}
    for name in [
        "source",
        "published_after",
        "published_before",
        "language",
        "speaker",
        "claim_status",
        "has_claims",
        "search",
        "ordering",
        "cursor",
        "page_size",
    ]:
        assert parameters[name]["description"], name
    claim_parameters = {p["name"] for p in schema["paths"]["/api/v1/claims/"]["get"]["parameters"]}
    claim_filters = {"status", "speaker", "medium", "stated_after", "stated_before", "source"}
    assert claim_filters | {"article"} <= claim_parameters
    assert "/api/v1/articles/export.{export_format}" in schema["paths"]


def test_interactive_docs_are_served_without_a_cdn(client):
    response = client.get(f"{API}/docs/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in page
    assert "cdn" not in page.lower()
