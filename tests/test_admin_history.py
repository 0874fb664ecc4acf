"""History people can read and undo: each revision says what it changed, word by word."""

import pytest
from django.urls import reverse

from articles.admin.history import block_changes, word_diff
from articles.models import Claim
from tests.test_admin_articles import change_form_data, change_url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("old", "new", "marked"),
    [
        (
            "قال المتحدث إن القوات تقدمت",
            "قال المتحدث إن القوات انسحبت",
            "القوات <del>تقدمت</del><ins>انسحبت</ins>",
        ),
        ("مقتل العشرات", "مقتل العشرات في السجن", "العشرات<ins> في السجن</ins>"),
        ("أعلنت الوزارة اليوم", "أعلنت اليوم", "أعلنت <del>الوزارة </del>اليوم"),
        ("نص", "<script>نص</script>", "<del>نص</del><ins>&lt;script&gt;نص&lt;/script&gt;</ins>"),
        ("كما هو", "كما هو", "كما هو"),
    ],
)
def test_word_diff_marks_the_words_taken_out_and_put_in(old, new, marked):
    assert marked in word_diff(old, new)


def test_block_changes_name_blocks_added_removed_and_changed():
    old = [
        {"type": "heading", "text": "عنوان"},
        {"type": "paragraph", "text": "الفقرة الأولى كما كانت"},
        {"type": "paragraph", "text": "فقرة ستحذف"},
    ]
    new = [
        {"type": "heading", "text": "عنوان"},
        {"type": "paragraph", "text": "الفقرة الأولى كما صارت"},
        {"type": "paragraph", "text": "فقرة جديدة تماما"},
        {"type": "paragraph", "text": "وفقرة أخرى"},
    ]

    changes = block_changes(old, new)

    assert [(change["kind"], change["number"]) for change in changes] == [
        ("changed", 2),
        ("added", 3),
        ("removed", 3),
        ("added", 4),
    ]
    assert "<del>كانت</del><ins>صارت</ins>" in changes[0]["html"]
    assert [change["kind"] for change in block_changes(old, old[:1])] == ["removed", "removed"]


def test_a_block_moved_and_one_edited_are_told_apart():
    old = [
        {"type": "paragraph", "text": "الأولى في مكانها"},
        {"type": "paragraph", "text": "الثانية تنتقل إلى الأعلى"},
        {"type": "paragraph", "text": "قال المتحدث إن القوات تقدمت نحو المدينة"},
    ]
    new = [old[1], old[0], {**old[2], "text": "قال المتحدث إن القوات انسحبت من المدينة"}]

    changes = block_changes(old, new)

    assert [(change["kind"], change["number"]) for change in changes] == [
        ("moved", 1),
        ("changed", 3),
    ]
    assert "<del>تقدمت نحو</del><ins>انسحبت من</ins>" in changes[1]["html"]


def history(client, article) -> str:
    return client.get(reverse("admin:articles_article_history", args=[article.pk])).content.decode()


def test_the_history_shows_a_changed_paragraph_word_by_word(admin_client, article):
    url = change_url(article)
    data = change_form_data(admin_client.get(url))
    words = article.body[2]["text"].split()
    data["body-text"][2] = " ".join([*words[:3], "كلمةجديدة", *words[4:]])

    assert admin_client.post(url, data).status_code == 302

    page = history(admin_client, article)
    assert f"<del>{words[3]}</del><ins>كلمةجديدة</ins>" in page
    # Only the changed block is shown, not the whole body as a shortened repr.
    assert article.body[0]["text"][:30] not in page
    assert "chars]" not in page


def test_the_history_shows_other_fields_and_the_editor(admin_client, admin_user, article):
    url = change_url(article)
    data = change_form_data(admin_client.get(url))
    data |= {"visibility": "hidden", "visibility_reason": "صور مسيئة", "title": "عنوان مصحح"}

    admin_client.post(url, data)

    page = history(admin_client, article)
    assert "صور مسيئة" in page
    assert "<ins>عنوان مصحح</ins>" in page
    assert admin_user.username in page


def test_an_old_revision_can_be_reverted_body_included(admin_client, article):
    original_body, original_title = list(article.body), article.title
    url = change_url(article)
    data = change_form_data(admin_client.get(url))
    data["body-text"][0] = "فقرة كتبها محرر بالخطأ"
    data["title"] = "عنوان خاطئ"
    admin_client.post(url, data)
    article.refresh_from_db()
    assert article.body[0]["text"] == "فقرة كتبها محرر بالخطأ"

    first = article.history.earliest()
    revert_url = reverse("admin:articles_article_simple_history", args=[article.pk, first.pk])
    revert_page = admin_client.get(revert_url)
    assert revert_page.status_code == 200
    revert_data = change_form_data(revert_page)
    response = admin_client.post(revert_url, revert_data)

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body == original_body
    assert article.title == original_title
    assert article.history.count() == 3


def test_claims_and_images_have_readable_histories_too(admin_client, article):
    claim = article.claims.first()
    claim.review_note = "راجعها فريق التحقق"
    claim.save()
    image = article.images.first()
    image.caption = image.caption + " (معدلة)"
    image.save()

    claim_page = admin_client.get(reverse("admin:articles_claim_history", args=[claim.pk]))
    image_page = admin_client.get(reverse("admin:articles_image_history", args=[image.pk]))

    assert "<ins>راجعها فريق التحقق</ins>" in claim_page.content.decode()
    assert "(معدلة)</ins>" in image_page.content.decode()


def test_the_history_page_reads_its_revisions_in_a_fixed_number_of_queries(
    admin_client, article, django_assert_max_num_queries
):
    claim = Claim.objects.filter(article=article).first()
    for number in range(3):
        claim.review_note = f"ملاحظة {number}"
        claim.save()
    url = reverse("admin:articles_claim_history", args=[claim.pk])
    with django_assert_max_num_queries(8):
        assert admin_client.get(url).status_code == 200
    for number in range(20):
        claim.review_note = f"ملاحظة أخرى {number}"
        claim.save()
    with django_assert_max_num_queries(8):
        assert admin_client.get(url).status_code == 200
