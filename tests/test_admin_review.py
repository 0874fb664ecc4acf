"""The review screen: an article's text with its claims marked, reviewed on one page."""

import itertools
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import translation

from articles.models import Article, Claim, ClaimRelation, Speaker, Verdict
from tests.test_admin_roles import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("desk_roles")]

PARAGRAPH = (
    "قال الوزير في مؤتمر صحفي إن الميناء سيفتح غدا أمام السفن التجارية، وأضاف أن الطرق آمنة."
)


def review_url(article) -> str:
    return reverse("admin:articles_article_review", args=[article.pk])


def page_text(response) -> str:
    return response.content.decode()


def paragraph_pieces(page: str, number: int) -> list[tuple[int, str]]:
    """(data-offset, text) of each piece of paragraph ``number`` as the page renders it."""
    body = re.search(rf'data-paragraph="{number}">(.*?)</p>', page, re.S)
    assert body is not None
    return [
        (int(offset), unescape(text))
        for offset, text in re.findall(r'data-offset="(\d+)"[^>]*>([^<]*)</', body.group(1))
    ]


@pytest.fixture
def short_article():
    article = Article.objects.create(
        title="مقال قصير",
        sha256="2" * 64,
        fingerprint="short",
        body=[{"type": "heading", "text": "الميناء"}, {"type": "paragraph", "text": PARAGRAPH}],
    )
    return article


def make_claim(article, start: int, end: int, **fields) -> Claim:
    statement = PARAGRAPH[start:end] if end <= len(PARAGRAPH) else "جملة لا تجدها"
    return Claim.objects.create(
        article=article,
        paragraph=fields.pop("paragraph", 1),
        statement=statement,
        statement_key=f"key-{start}-{end}",
        span_start=start,
        span_end=end,
        **fields,
    )


def test_every_claim_is_marked_at_its_span_numbered_in_reading_order(article):
    client = client_for("fact-checker")
    page = page_text(client.get(review_url(article)))
    claims = list(Claim.objects.filter(article=article).order_by("paragraph", "span_start"))
    for number, claim in enumerate(claims, start=1):
        mark = re.search(
            rf'<mark class="review-mark verdict-none" id="mark-{claim.pk}" '
            rf'data-claim="{claim.pk}" data-number="(\d+)" data-offset="(\d+)"[^>]*>([^<]*)</mark>',
            page,
        )
        assert mark is not None
        assert int(mark.group(1)) == number
        assert int(mark.group(2)) == claim.span_start
        assert unescape(mark.group(3)) == claim.statement


def test_the_rendered_pieces_give_back_the_stored_paragraph_and_its_offsets(article):
    page = page_text(client_for("viewer").get(review_url(article)))
    for number, text in enumerate(article.paragraphs, start=1):
        pieces = paragraph_pieces(page, number)
        assert "".join(piece for _, piece in pieces) == text
        for offset, piece in pieces:
            assert text[offset : offset + len(piece)] == piece


def test_a_claim_whose_span_does_not_fit_is_listed_with_a_warning(short_article):
    fits = make_claim(short_article, 0, 8)
    too_long = make_claim(short_article, 30, 500)
    page = page_text(client_for("fact-checker").get(review_url(short_article)))
    assert f'id="mark-{fits.pk}"' in page
    assert f'id="mark-{too_long.pk}"' not in page
    assert f'class="review-misfit" data-claim="{too_long.pk}"' in page
    assert "review-warning" in page


def test_choosing_a_claim_by_link_shows_its_details_without_script(short_article):
    speaker = Speaker.objects.create(name="وزير النقل")
    chosen = make_claim(short_article, 26, 65, speaker=speaker, speaker_role="وزير")
    other = make_claim(short_article, 72, 88)
    ClaimRelation.objects.create(from_claim=other, to_claim=chosen, kind="supports")
    page = page_text(client_for("viewer").get(review_url(short_article), {"claim": chosen.pk}))

    section = re.search(rf'<section[^>]*id="claim-{chosen.pk}"[^>]*>', page).group(0)
    assert "hidden" not in section
    assert "hidden" in re.search(rf'<section[^>]*id="claim-{other.pk}"[^>]*>', page).group(0)
    assert reverse("admin:articles_speaker_change", args=[speaker.pk]) in page
    assert f'data-claim-link="{other.pk}"' in page  # its relation, from the other claim


def test_a_fact_checker_saves_a_verdict_with_reviewer_time_note_and_history(short_article):
    claim = make_claim(short_article, 26, 65)
    client = client_for("fact-checker")
    page = page_text(client.get(review_url(short_article)))
    token = re.search(r'name="version_token" value="([^"]+)"', page).group(1)

    response = client.post(
        review_url(short_article),
        {
            "action": "verdict",
            "claim": claim.pk,
            "version_token": token,
            "verdict": "verified",
            "review_note": "أكدته الهيئة",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"?claim={claim.pk}#claim-{claim.pk}")
    claim.refresh_from_db()
    assert (claim.verdict.slug, claim.reviewer, claim.review_note) == (
        "verified",
        client.user,
        "أكدته الهيئة",
    )
    assert claim.reviewed_at is not None
    assert claim.history.latest().history_user == client.user
    shown = page_text(client.get(response["Location"]))
    with translation.override("ar"):
        assert Verdict.objects.get(slug="verified").label in shown
    assert 'class="review-mark verdict-verified"' in shown


def test_a_verdict_on_a_claim_changed_since_the_page_loaded_is_refused(short_article):
    claim = make_claim(short_article, 26, 65)
    first, second = client_for("fact-checker"), client_for("editor-in-chief")
    token = re.search(
        r'name="version_token" value="([^"]+)"', page_text(second.get(review_url(short_article)))
    ).group(1)
    first_token = re.search(
        r'name="version_token" value="([^"]+)"', page_text(first.get(review_url(short_article)))
    ).group(1)
    first.post(
        review_url(short_article),
        {"action": "verdict", "claim": claim.pk, "version_token": first_token, "verdict": "false"},
    )

    response = second.post(
        review_url(short_article),
        {"action": "verdict", "claim": claim.pk, "version_token": token, "verdict": "verified"},
        follow=True,
    )
    claim.refresh_from_db()
    assert (claim.verdict.slug, claim.reviewer) == ("false", first.user)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


@pytest.mark.parametrize("role", ["editor", "viewer"])
def test_editors_and_viewers_read_the_screen_without_controls(short_article, role):
    claim = make_claim(short_article, 26, 65)
    client = client_for(role)
    page = page_text(client.get(review_url(short_article)))
    assert f'id="mark-{claim.pk}"' in page
    assert "review-verdict" not in page
    assert 'id="review-selection"' not in page
    refused = client.post(
        review_url(short_article), {"action": "verdict", "claim": claim.pk, "verdict": "false"}
    )
    assert refused.status_code == 403
    claim.refresh_from_db()
    assert claim.verdict is None


def test_selected_words_become_a_claim_by_an_editor_with_the_exact_span(short_article):
    speaker = Speaker.objects.create(name="وزير النقل")
    client = client_for("fact-checker")
    start, end = PARAGRAPH.index("الطرق"), PARAGRAPH.index("آمنة") + len("آمنة")
    response = client.post(
        review_url(short_article),
        {
            "action": "add",
            "paragraph": 1,
            "span_start": start,
            "span_end": end,
            "statement": PARAGRAPH[start:end],
            "speaker": speaker.pk,
            "speaker_role": "وزير",
        },
    )
    claim = Claim.objects.get(article=short_article)
    assert response["Location"].endswith(f"?claim={claim.pk}#claim-{claim.pk}")
    assert (claim.paragraph, claim.span_start, claim.span_end) == (1, start, end)
    assert (claim.statement, claim.speaker, claim.origin) == ("الطرق آمنة", speaker, "editor")
    assert claim.history.latest().history_user == client.user


@pytest.mark.parametrize(
    ("paragraph", "start", "end", "statement"),
    [
        (1, 0, 3, "شيء آخر"),  # the words do not match the paragraph's text there
        (1, 10, 500, PARAGRAPH[10:]),  # past the paragraph's end
        (2, 0, 3, PARAGRAPH[0:3]),  # no such paragraph
    ],
)
def test_a_selection_that_does_not_fit_the_paragraph_is_refused(
    short_article, paragraph, start, end, statement
):
    client = client_for("fact-checker")
    response = client.post(
        review_url(short_article),
        {
            "action": "add",
            "paragraph": paragraph,
            "span_start": start,
            "span_end": end,
            "statement": statement,
            "speaker_name": "وزير النقل",
        },
        follow=True,
    )
    assert not Claim.objects.exists()
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_a_fact_checker_cannot_create_speakers_an_editor_in_chief_can(short_article):
    data = {
        "action": "add",
        "paragraph": 1,
        "span_start": 0,
        "span_end": 3,
        "statement": PARAGRAPH[0:3],
        "speaker_name": "متحدث جديد",
    }
    client_for("fact-checker").post(review_url(short_article), data)
    assert not Claim.objects.exists()
    client_for("editor-in-chief").post(review_url(short_article), data)
    assert Claim.objects.get().speaker.name == "متحدث جديد"


def test_selecting_new_words_corrects_the_chosen_claims_span(short_article):
    claim = make_claim(short_article, 0, 8)
    start = PARAGRAPH.index("الميناء")
    end = PARAGRAPH.index("غدا") + len("غدا")
    client_for("fact-checker").post(
        review_url(short_article),
        {
            "action": "span",
            "claim": claim.pk,
            "paragraph": 1,
            "span_start": start,
            "span_end": end,
            "statement": PARAGRAPH[start:end],
        },
    )
    claim.refresh_from_db()
    assert (claim.span_start, claim.span_end) == (start, end)


def test_the_article_page_and_each_claim_row_link_to_the_review_screen(article):
    client = client_for("fact-checker")
    url = review_url(article)
    assert url in page_text(client.get(reverse("admin:articles_article_change", args=[article.pk])))
    claim_list = page_text(client.get(reverse("admin:articles_claim_changelist")))
    assert claim_list.count(f"{url}?claim=") == Claim.objects.filter(article=article).count()


@pytest.mark.parametrize("count", [5, 50])
def test_review_screen_queries_do_not_grow_with_claims(
    short_article, count, django_assert_max_num_queries
):
    speaker = Speaker.objects.create(name="وزير النقل")
    claims = [make_claim(short_article, n, n + 1, speaker=speaker) for n in range(count)]
    for first, second in itertools.pairwise(claims):
        ClaimRelation.objects.create(from_claim=first, to_claim=second, kind="repeats")
    client = client_for("fact-checker")
    with django_assert_max_num_queries(9):
        response = client.get(review_url(short_article))
    assert page_text(response).count('class="review-mark') == count
