"""The articles side of the editorial desk: bodies edited as blocks, hiding with a reason,
search that knows Arabic spelling, uploaded pictures served, pages that stay fast."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from articles.admin.widgets import BlocksWidget
from articles.models import Article, Claim, Image, Source, Speaker
from tests.test_admin import form_data

pytestmark = pytest.mark.django_db

# A 1×1 PNG: the smallest picture an editor could upload.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4"
    "890000000d49444154789c6360f8ffff3f0005fe02fea7d6a4a20000000049454e44ae426082"
)


def change_url(article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def blocks_data(blocks, name="body") -> dict:
    """The body as the block widget posts it."""
    return {
        f"{name}-key": [str(index) for index in range(len(blocks))],
        f"{name}-type": [block["type"] for block in blocks],
        f"{name}-text": [block["text"] for block in blocks],
        f"{name}-extra": ["" for _ in blocks],
    }


def change_form_data(response) -> dict:
    """What a browser posts back for the unchanged article page."""
    form = response.context["adminform"].form
    data = form_data(form)
    data.pop("body", None)
    data |= blocks_data(form["body"].value())
    for inline in response.context.get("inline_admin_formsets", []):  # none when reverting
        data |= form_data(inline.formset.management_form)
        for inline_form in inline.formset.forms:
            data |= form_data(inline_form)
    return data


def make_article(number: int, *, claims: int = 0, images: int = 0, source=None) -> Article:
    article = Article.objects.create(
        title=f"مقال رقم {number}",
        sha256=hashlib.sha256(str(number).encode()).hexdigest(),
        external_id=f"{number:016x}",
        source=source,
        body=[{"type": "paragraph", "text": f"الفقرة الأولى من المقال {number}"}],
    )
    speaker, _ = Speaker.objects.get_or_create(name="متحدث", defaults={"kind": "person"})
    Claim.objects.bulk_create(
        Claim(
            article=article,
            paragraph=1,
            speaker=speaker,
            statement=f"تصريح رقم {index}",
            statement_key=f"{number}-{index}",
        )
        for index in range(claims)
    )
    Image.objects.bulk_create(
        Image(article=article, position=index, caption=f"صورة {index}") for index in range(images)
    )
    return article


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


# Blocks


def test_the_body_is_edited_as_blocks_never_as_json(admin_client, article):
    page = admin_client.get(change_url(article)).content.decode()

    # One right-to-left box per block, an empty one at the end to add a block, and the
    # scripts' template for the blocks they add.
    assert page.count('name="body-text"') == len(article.body) + 2
    assert page.count('dir="rtl" lang="ar"') >= len(article.body)
    assert '[{"type"' not in page
    assert "[{&quot;type&quot;" not in page
    assert "articles/admin/blocks." in page  # the script (its name hashed by the storage)


def test_an_editor_edits_moves_removes_and_adds_blocks(admin_client, article):
    url = change_url(article)
    data = change_form_data(admin_client.get(url))
    first, second, third = article.body[:3]
    data["body-text"][0] = first["text"] + " وأضاف المحرر جملة."
    # The second block now comes first; the third is removed; a heading is added last.
    for key in ("body-key", "body-type", "body-text", "body-extra"):
        data[key][0], data[key][1] = data[key][1], data[key][0]
    data["body-remove"] = ["2"]
    data["body-key"].append("new")
    data["body-type"].append("heading")
    data["body-text"].append("عنوان جديد")
    data["body-extra"].append("")

    response = admin_client.post(url, data)

    assert response.status_code == 302
    before = list(article.body)
    article.refresh_from_db()
    assert article.body[0] == second
    assert article.body[1] == {**first, "text": first["text"] + " وأضاف المحرر جملة."}
    assert third not in article.body
    assert article.body[-1] == {"type": "heading", "text": "عنوان جديد"}
    assert len(article.body) == len(before)  # one removed, one added


def test_other_keys_of_a_block_are_kept(admin_client, article):
    article.body[0]["anchor"] = "مقدمة"
    article.save()
    url = change_url(article)
    page = admin_client.get(url).content.decode()
    assert "anchor" in page  # carried in the block's hidden field
    data = change_form_data(admin_client.get(url))
    data["body-extra"][0] = '{"anchor": "مقدمة"}'
    data["body-text"][0] = "نص جديد للفقرة الأولى"

    admin_client.post(url, data)

    article.refresh_from_db()
    assert article.body[0] == {
        "type": "paragraph",
        "text": "نص جديد للفقرة الأولى",
        "anchor": "مقدمة",
    }


def test_an_unknown_block_type_is_a_form_error_and_nothing_is_lost(admin_client, article):
    url = change_url(article)
    data = change_form_data(admin_client.get(url))
    data["body-type"][1] = "table"
    data["body-text"][0] = "تعديل لم يُحفظ بعد"

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert "Block 2" in response.content.decode() or "2" in str(response.context["errors"])
    # The page comes back with the editor's text still in its box.
    assert "تعديل لم يُحفظ بعد" in response.content.decode()
    assert article.history.count() == 1


def test_the_block_widget_reads_blocks_in_page_order():
    from django.http import QueryDict

    data = QueryDict(mutable=True)
    data.setlist("b-key", ["1", "0", "new"])
    data.setlist("b-type", ["heading", "paragraph", "paragraph"])
    data.setlist("b-text", ["ثانياً", "أولاً", ""])
    data.setlist("b-extra", ["", "", ""])
    data.setlist("b-remove", ["0"])

    blocks = BlocksWidget().value_from_datadict(data, {}, "b")

    assert [(block["type"], block["text"]) for block in blocks] == [
        ("heading", "ثانياً"),
        ("paragraph", ""),
    ]


def test_a_save_that_changes_nothing_writes_no_revision(admin_client, article):
    url = change_url(article)
    revisions = article.history.count()
    modified = article.modified_at

    response = admin_client.post(url, change_form_data(admin_client.get(url)))

    assert response.status_code == 302
    assert article.history.count() == revisions
    article.refresh_from_db()
    assert article.modified_at == modified


# Visibility


def test_hiding_an_article_asks_for_a_reason(admin_client, article):
    url = change_url(article)
    data = change_form_data(admin_client.get(url)) | {"visibility": "hidden"}

    refused = admin_client.post(url, data)
    assert refused.status_code == 200
    assert "visibility_reason" in refused.context["adminform"].form.errors
    article.refresh_from_db()
    assert article.visibility == "public"

    admin_client.post(url, data | {"visibility_reason": "نسخة مكررة من مقال آخر"})
    article.refresh_from_db()
    assert (article.visibility, article.visibility_reason) == ("hidden", "نسخة مكررة من مقال آخر")
    assert article.history.latest().visibility_reason == "نسخة مكررة من مقال آخر"


def test_the_list_shows_why_an_article_is_hidden(admin_client, article):
    Article.objects.filter(pk=article.pk).update(
        visibility="hidden", visibility_reason="حقوق النشر"
    )
    page = admin_client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "حقوق النشر" in page


def test_bulk_hiding_asks_for_a_reason_then_records_each_article_with_the_editor(
    admin_client, admin_user
):
    articles = [make_article(number) for number in range(3)]
    url = reverse("admin:articles_article_changelist")
    selection = {"action": "hide_articles", "_selected_action": [a.pk for a in articles[:2]]}

    asked = admin_client.post(url, selection)
    assert asked.status_code == 200
    assert 'name="reason"' in asked.content.decode()
    assert Article.objects.filter(visibility="hidden").count() == 0
    empty = admin_client.post(url, selection | {"apply": "1", "reason": " "})
    assert empty.status_code == 200
    assert Article.objects.filter(visibility="hidden").count() == 0

    done = admin_client.post(url, selection | {"apply": "1", "reason": "مصدر غير موثوق"})

    assert done.status_code == 302
    for article in articles[:2]:
        article.refresh_from_db()
        assert (article.visibility, article.visibility_reason) == ("hidden", "مصدر غير موثوق")
        latest = article.history.latest()
        assert latest.history_user == admin_user
        assert latest.history_change_reason == "مصدر غير موثوق"
    articles[2].refresh_from_db()
    assert articles[2].visibility == "public"


def test_bulk_publishing_records_each_article_and_clears_its_reason(admin_client, admin_user):
    article = make_article(1)
    article.visibility, article.visibility_reason = "hidden", "قيد المراجعة"
    article.save()
    url = reverse("admin:articles_article_changelist")

    admin_client.post(url, {"action": "publish_articles", "_selected_action": [article.pk]})

    article.refresh_from_db()
    assert (article.visibility, article.visibility_reason) == ("public", "")
    assert article.history.latest().history_user == admin_user
    assert article.history.count() == 3  # created, hidden, published


# Search


def search(client, term) -> str:
    return client.get(reverse("admin:articles_article_changelist"), {"q": term}).content.decode()


def test_search_finds_words_of_the_body_in_any_alef_spelling(admin_client, article):
    make_article(1)
    page = search(admin_client, "الامم المتحدة")  # the text writes الأمم
    assert article.title in page
    assert "مقال رقم 1" not in page


def test_search_matches_ids_file_names_and_digests_exactly(admin_client, article):
    other = make_article(1)
    assert article.title in search(admin_client, article.sha256)
    assert article.title in search(admin_client, article.file_name)
    page = search(admin_client, other.external_id)
    assert other.title in page
    assert article.title not in page


# Images


def test_an_uploaded_picture_is_served_with_its_type(admin_client, article, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    url = change_url(article)
    data = change_form_data(admin_client.get(url))
    image = article.images.order_by("position", "id").first()
    prefix = next(key for key, value in data.items() if value == image.pk).rsplit("-", 1)[0]

    response = admin_client.post(
        url, data | {f"{prefix}-file": SimpleUploadedFile("صورة.png", PNG, "image/png")}
    )

    assert response.status_code == 302
    image.refresh_from_db()
    assert image.file
    served = admin_client.get(image.file.url)
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == PNG
    assert served["Content-Type"] == "image/png"
    assert served["X-Content-Type-Options"] == "nosniff"
    # The change page shows it as a thumbnail.
    assert f'<img src="{image.file.url}"' in admin_client.get(url).content.decode()


def test_a_file_that_is_not_a_picture_is_refused(admin_client, article, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    url = change_url(article)
    data = change_form_data(admin_client.get(url))
    image = article.images.order_by("position", "id").first()
    prefix = next(key for key, value in data.items() if value == image.pk).rsplit("-", 1)[0]
    page = SimpleUploadedFile("page.png", b"<script>alert(1)</script>", "image/png")

    response = admin_client.post(url, data | {f"{prefix}-file": page})

    assert response.status_code == 200
    image.refresh_from_db()
    assert not image.file


@pytest.mark.parametrize(
    "path",
    [
        "../manage.py",
        "images/../../manage.py",
        "%2e%2e/manage.py",
        "notes.html",
        ".hidden.png",
        "missing.png",
        "/etc/passwd",
    ],
)
def test_the_media_route_serves_only_pictures_inside_media_root(client, settings, tmp_path, path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    (settings.MEDIA_ROOT / "notes.html").write_text("<script>alert(1)</script>")
    (settings.MEDIA_ROOT / ".hidden.png").write_bytes(PNG)
    (tmp_path / "outside.png").write_bytes(PNG)

    assert client.get(f"/media/{path}").status_code == 404


def test_the_media_route_does_not_follow_links_out_of_media_root(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    (tmp_path / "outside.png").write_bytes(PNG)
    (settings.MEDIA_ROOT / "link.png").symlink_to(tmp_path / "outside.png")
    (settings.MEDIA_ROOT / "inside.png").write_bytes(PNG)

    assert client.get("/media/link.png").status_code == 404
    assert client.get("/media/inside.png").status_code == 200


# Pages that fit and stay fast


def test_the_claims_are_a_compact_list_linking_to_each_claims_page(admin_client, article):
    page = admin_client.get(change_url(article)).content.decode()
    claim = article.claims.order_by("paragraph", "span_start", "id").first()

    assert reverse("admin:articles_claim_change", args=[claim.pk]) in page
    assert f'<tr class="desk-claim state-{claim.review_state}">' in page
    # Read here, edited on the claim's page: no claim form fields on the article's page.
    assert 'name="claims-0-verdict"' not in page
    assert 'name="claims-0-statement"' not in page


def test_the_article_list_makes_the_same_queries_for_5_or_50_articles(admin_client):
    source = Source.objects.create(name="المصدر", slug="source")
    url = reverse("admin:articles_article_changelist")
    for number in range(5):
        make_article(number, claims=3, source=source)
    few = count_queries(admin_client, url)
    for number in range(5, 50):
        make_article(number, claims=3, source=source)

    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(url)

    assert response.status_code == 200
    assert len(queries) == few
    assert len(queries) <= 6
    sql = " ".join(query["sql"] for query in queries).upper()
    assert "GROUP BY" not in sql


def test_the_article_page_makes_the_same_queries_for_5_or_50_claims(admin_client):
    few = make_article(1, claims=5, images=2)
    many = make_article(2, claims=50, images=12)

    assert count_queries(admin_client, change_url(few)) == count_queries(
        admin_client, change_url(many)
    )


def test_the_source_list_counts_each_sources_articles(admin_client):
    first = Source.objects.create(name="الأولى", slug="first")
    Source.objects.create(name="الثانية", slug="second")
    for number in range(3):
        make_article(number, source=first)

    response = admin_client.get(reverse("admin:articles_source_changelist"))

    counts = {source.name: source.article_count for source in response.context["cl"].result_list}
    assert counts == {"الأولى": 3, "الثانية": 0}
    assert "GROUP BY" not in str(response.context["cl"].queryset.query)


def test_a_long_article_list_is_not_counted_on_every_page(admin_client, monkeypatch):
    monkeypatch.setattr("articles.admin.pagination.EXACT_COUNT_BELOW", 0)
    for number in range(3):
        make_article(number)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_article")
    url = reverse("admin:articles_article_changelist")

    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(url)

    assert response.context["cl"].result_count == 3  # PostgreSQL's estimate, exact here
    assert not [query for query in queries if query["sql"].startswith("SELECT COUNT(*)")]
    # A filtered list is counted: its length is what the editor asked about.
    assert admin_client.get(url, {"q": "0000000000000001"}).context["cl"].result_count == 1


def test_each_image_has_a_page_of_its_own_with_its_history(admin_client, article):
    image = article.images.order_by("position", "id").first()

    page = admin_client.get(reverse("admin:articles_image_change", args=[image.pk]))
    listing = admin_client.get(reverse("admin:articles_image_changelist"))

    assert page.status_code == 200
    assert escape(image.caption) in page.content.decode()
    assert listing.status_code == 200
    assert reverse("admin:articles_image_history", args=[image.pk]) in page.content.decode()
