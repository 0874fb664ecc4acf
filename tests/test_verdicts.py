"""Verdicts as a vocabulary editors manage, and a review whose state is apart from its
verdict: the public sees a verdict only once the claim is published."""

import json
import re

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from articles.models import Claim, Verdict
from articles.reviewing import claim_review, claims_set_state
from tests.site_factories import make_article, make_claim, publish
from tests.test_admin_claims import post_action, save_claim, verdict_id
from tests.test_admin_roles import change_url, client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("desk_roles")]

API = "/api/v1"


def test_the_default_verdicts_are_seeded_in_arabic_with_their_claimreview_ratings():
    rows = list(
        Verdict.objects.values_list("slug", "label", "rating_value", "alternate_name", "is_active")
    )

    assert rows == [
        ("verified", "صحيح", 5, "True", True),
        ("partly-true", "صحيح جزئياً", 4, "Half true", True),
        ("misleading", "مضلل", 2, "Misleading", True),
        ("disputed", "موضع خلاف", 3, "Disputed", True),
        ("false", "زائف", 1, "False", True),
        ("unverifiable", "لا يمكن التحقق منه", None, "Unverifiable", True),
    ]
    for verdict in Verdict.objects.all():
        assert re.fullmatch(r"#[0-9a-f]{6}", verdict.colour)
        assert verdict.description
        assert verdict.symbol


def test_the_editor_in_chief_adds_a_verdict_that_the_desk_can_then_give(claim_of_article):
    chief = client_for("editor-in-chief")
    response = chief.post(
        reverse("admin:articles_verdict_add"),
        {
            "label": "مبالغ فيه",
            "slug": "exaggerated",
            "colour": "#7b3fa0",
            "symbol": "↑",
            "description": "الادعاء يضخم رقماً صحيحاً.",
            "rating_value": "2",
            "alternate_name": "Exaggerated",
            "position": "35",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    exaggerated = Verdict.objects.get(slug="exaggerated")

    checker = client_for("fact-checker")
    form = checker.get(change_url(claim_of_article)).content.decode()
    options = re.findall(r'<option value="(\d+)" class="verdict-([\w-]+)"', form)
    assert (str(exaggerated.pk), "exaggerated") in options
    changelist = checker.get(reverse("admin:articles_claim_changelist")).content.decode()
    assert 'value="verdict_exaggerated"' in changelist
    # Its colour reaches the desk and the site through the verdicts' stylesheet.
    styles = checker.get(reverse("articles:verdict_styles")).content.decode()
    assert ".verdict-exaggerated { --verdict: #7b3fa0;" in styles

    post_action(checker, "verdict_exaggerated", [claim_of_article])
    claim_of_article.refresh_from_db()
    assert claim_of_article.verdict == exaggerated


def test_only_the_editor_in_chief_manages_verdicts():
    verdict = Verdict.objects.get(slug="false")
    for role in ("editor", "fact-checker", "viewer"):
        client = client_for(role)
        assert client.get(reverse("admin:articles_verdict_changelist")).status_code == 200
        assert client.post(change_url(verdict), {"label": "x"}).status_code == 403
    assert Verdict.objects.get(slug="false").label == "زائف"


def test_a_verdict_colour_must_be_a_hex_colour():
    chief = client_for("editor-in-chief")
    response = chief.post(
        reverse("admin:articles_verdict_add"),
        {"label": "س", "slug": "bad", "colour": "red;}", "position": "1"},
    )
    assert response.status_code == 200
    assert "colour" in response.context["adminform"].form.errors


@pytest.fixture
def claim_of_article(article):
    return Claim.objects.filter(article=article).order_by("pk").first()


def test_a_fact_checker_gives_a_verdict_and_explanation_stamped_with_who_and_when(
    claim_of_article,
):
    checker = client_for("fact-checker")

    response = save_claim(
        checker,
        claim_of_article,
        verdict=verdict_id("misleading"),
        review_state="in_review",
        verdict_explanation="الرقم صحيح لكنه يخص عاماً آخر.",
        reviewer="",  # never typed: ignored
    )

    assert response.status_code == 302
    claim = Claim.objects.get(pk=claim_of_article.pk)
    assert (claim.verdict.slug, claim.review_state) == ("misleading", "in_review")
    assert claim.verdict_explanation == "الرقم صحيح لكنه يخص عاماً آخر."
    assert claim.reviewer == checker.user
    assert claim.reviewed_at is not None
    latest = claim.history.latest()
    assert (latest.verdict_id, latest.review_state, latest.history_user) == (
        claim.verdict_id,
        "in_review",
        checker.user,
    )


def test_moving_the_state_alone_keeps_the_reviewer_and_time(claim_of_article):
    checker = client_for("fact-checker")
    claim = claim_review(
        claim=claim_of_article, user=checker.user, verdict=Verdict.objects.get(slug="false")
    )
    reviewed_at = claim.reviewed_at
    chief = client_for("editor-in-chief")

    assert claims_set_state(
        claims=Claim.objects.filter(pk=claim.pk), review_state="published", user=chief.user
    )

    claim.refresh_from_db()
    assert (claim.review_state, claim.reviewer, claim.reviewed_at) == (
        "published",
        checker.user,
        reviewed_at,
    )
    assert claim.history.latest().history_user == chief.user


def test_bulk_state_changes_are_recorded_per_claim(claim_of_article):
    checker = client_for("fact-checker")
    chosen = list(Claim.objects.order_by("pk")[:3])

    post_action(checker, "state_in_review", chosen)

    for claim in chosen:
        latest = claim.history.latest()
        assert (latest.review_state, latest.history_user) == ("in_review", checker.user)


# -- what the public sees ------------------------------------------------------------------------


@pytest.fixture
def in_review(db):
    """A claim with a verdict and an explanation that is not published yet."""
    article = make_article()
    return make_claim(
        article,
        verdict_slug="misleading",
        review_state=Claim.ReviewState.IN_REVIEW,
        verdict_explanation="شرح لم ينشر بعد.",
    )


def test_an_unpublished_verdict_is_invisible_on_the_site(client, in_review):
    article_page = client.get(in_review.article.get_absolute_url()).content.decode()

    assert in_review.statement in article_page  # the text, unmarked
    assert f"/claims/{in_review.pk}/" not in article_page
    assert "مضلل" not in article_page
    assert client.get(f"/claims/{in_review.pk}/").status_code == 404
    assert f"/claims/{in_review.pk}/" not in client.get("/claims/").content.decode()
    assert client.get("/claims/verdict/misleading/").status_code == 200
    assert f"/claims/{in_review.pk}/" not in client.get("/claims/feed/").content.decode()
    assert f"/claims/{in_review.pk}/" not in client.get("/sitemap-claims.xml").content.decode()


def test_an_unpublished_verdict_is_invisible_in_the_api(client, in_review):
    data = client.get(f"{API}/claims/{in_review.pk}/").json()

    assert (data["status"], data["verdict"], data["verdict_explanation"]) == (
        "unreviewed",
        None,
        "",
    )
    assert data["reviewed_at"] is None
    assert [change["status"] for change in data["status_history"]] == ["unreviewed"]
    filtered = client.get(f"{API}/claims/", {"status": "misleading"}).json()
    assert filtered["results"] == []
    detail = client.get(f"{API}/articles/{in_review.article_id}/").json()
    assert [claim["status"] for claim in detail["claims"]] == ["unreviewed"]


def test_publishing_shows_the_rows_label_colour_and_explanation(client, in_review):
    publish(in_review, "misleading")
    verdict = Verdict.objects.get(slug="misleading")

    page = client.get(f"/claims/{in_review.pk}/").content.decode()

    assert 'class="fact-check verdict-misleading"' in page
    assert "مضلل" in page
    assert "شرح لم ينشر بعد." in page
    styles_url = reverse("articles:verdict_styles")
    assert f'href="{styles_url}"' in page
    assert f".verdict-misleading {{ --verdict: {verdict.colour};" in client.get(
        styles_url
    ).content.decode("utf-8")
    json_ld = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    )
    review = json_ld if json_ld.get("@type") == "ClaimReview" else json_ld["@graph"][0]
    assert review["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 2,
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": "Misleading",
        "ratingExplanation": "شرح لم ينشر بعد.",
    }
    # The mark in the article carries the explanation in its popover.
    article_page = client.get(in_review.article.get_absolute_url()).content.decode()
    popover = re.search(rf'id="claim-{in_review.pk}-details">(.*?)</span></span>', article_page)
    assert "شرح لم ينشر بعد." in popover.group(1)


def test_a_published_verdict_reaches_the_api_feeds_and_sitemap(client, in_review):
    publish(in_review, "misleading")

    data = client.get(f"{API}/claims/{in_review.pk}/").json()

    assert data["status"] == "misleading"
    assert data["verdict"] == {
        "slug": "misleading",
        "label": "مضلل",
        "rating_value": 2,
        "alternate_name": "Misleading",
    }
    assert data["verdict_explanation"] == "شرح لم ينشر بعد."
    assert [change["status"] for change in data["status_history"]] == [
        "unreviewed",
        "misleading",
    ]
    ids = [
        row["id"]
        for row in client.get(f"{API}/claims/", {"status": "misleading"}).json()["results"]
    ]
    assert ids == [in_review.pk]
    assert f"/claims/{in_review.pk}/" in client.get("/claims/feed/").content.decode()
    assert f"/claims/{in_review.pk}/" in client.get("/sitemap-claims.xml").content.decode()


def test_a_verdict_without_a_rating_names_itself_only_in_claimreview(client):
    claim = make_claim(make_article(), verdict_slug="unverifiable")

    page = client.get(f"/claims/{claim.pk}/").content.decode()

    assert '"alternateName": "Unverifiable"' in page
    assert '"ratingValue"' not in page


def test_the_api_status_filter_takes_the_vocabulary_and_refuses_anything_else(client, in_review):
    Verdict.objects.create(slug="new-one", label="جديد", colour="#123456", position=99)

    assert client.get(f"{API}/claims/", {"status": "new-one"}).status_code == 200
    refused = client.get(f"{API}/claims/", {"status": "nonsense"})
    assert refused.status_code == 400
    assert "status" in refused.json()
    schema = client.get(f"{API}/schema/", HTTP_ACCEPT="application/json").json()
    claim_schema = schema["components"]["schemas"]["Claim"]["properties"]
    assert {"verdict", "verdict_explanation", "status"} <= set(claim_schema)


# -- the migration -------------------------------------------------------------------------------


def migrate(target: str) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate([("articles", target)])


def test_the_migration_maps_each_old_status_to_a_verdict_and_state():
    # All inside the test's transaction, rolled back afterwards.
    migrate("0011_article_visibility_reason")
    old = (
        MigrationExecutor(connection)
        .loader.project_state(("articles", "0011_article_visibility_reason"))
        .apps
    )
    OldArticle, OldClaim = old.get_model("articles", "Article"), old.get_model("articles", "Claim")
    article = OldArticle.objects.create(title="مقال قديم", sha256="1" * 64, fingerprint="old")
    statuses = ["unreviewed", "verified", "disputed", "false", "unverifiable"]
    for number, status in enumerate(statuses):
        OldClaim.objects.create(
            article=article,
            paragraph=1,
            statement=f"ادعاء قديم رقم {number}",
            statement_key=f"old-{number}",
            status=status,
            reviewed_at=None if status == "unreviewed" else "2024-02-01T10:00Z",
        )

    with connection.cursor() as cursor:
        # The foreign keys are checked at commit; ALTER TABLE wants them checked now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    migrate("0013_verdict_vocabulary_review_state")

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT claim.statement_key, verdict.slug, claim.review_state, claim.reviewed_at "
            "FROM articles_claim claim LEFT JOIN articles_verdict verdict "
            "ON verdict.id = claim.verdict_id WHERE claim.statement_key LIKE 'old-%%' "
            "ORDER BY claim.statement_key"
        )
        rows = [(key, slug, state, reviewed is not None) for key, slug, state, reviewed in cursor]
    assert rows == [
        ("old-0", None, "new", False),
        ("old-1", "verified", "published", True),
        ("old-2", "disputed", "published", True),
        ("old-3", "false", "published", True),
        ("old-4", "unverifiable", "published", True),
    ]


# -- re-imports ----------------------------------------------------------------------------------

UNICEF_STATEMENT_START = "القتال أجبر 45 ألف شخص"


def test_a_reimport_keeps_an_editors_verdict_state_and_explanation(
    seeds_dir, seed_text, importseeds
):
    importseeds(seeds_dir)
    claim = Claim.objects.get(statement__startswith=UNICEF_STATEMENT_START)
    claim.verdict = Verdict.objects.get(slug="partly-true")
    claim.review_state = Claim.ReviewState.IN_REVIEW
    claim.verdict_explanation = "الرقم تقريبي."
    claim.reviewed_at = claim.created_at
    claim.save()
    changed = seed_text.replace("حيث أطلقت القوات", "فقرة تغيرت، حيث أطلقت القوات", 1)
    next(seeds_dir.iterdir()).write_text(changed, encoding="utf-8")

    importseeds(seeds_dir)

    claim.refresh_from_db()
    assert (claim.verdict.slug, claim.review_state, claim.verdict_explanation) == (
        "partly-true",
        "in_review",
        "الرقم تقريبي.",
    )


def test_a_claim_only_moved_to_in_review_is_kept_when_its_sentence_disappears(
    seeds_dir, seed_text, importseeds
):
    importseeds(seeds_dir)
    claim = Claim.objects.get(statement__startswith=UNICEF_STATEMENT_START)
    claims_set_state(claims=Claim.objects.filter(pk=claim.pk), review_state="in_review", user=None)
    paragraph = next(line for line in seed_text.split("\n") if UNICEF_STATEMENT_START in line)
    next(seeds_dir.iterdir()).write_text(
        seed_text.replace(paragraph + "\n\n", ""), encoding="utf-8"
    )

    importseeds(seeds_dir)

    claim.refresh_from_db()
    assert (claim.review_state, claim.in_current_text) == ("in_review", False)
