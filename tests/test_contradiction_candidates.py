"""The contradiction pass reads only the claims that may disagree, and proposes the same.

Each claim stores what the comparison keys on (its units, whether it negates, its
content words); the pass asks the database for the claims around a new article that
could disagree with one of its claims. Nothing is lost by that: the proposals are every
pair of the window that ``disagreement`` finds, as if each had been compared with all.
"""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.db import connection

from articles.importing.contradictions import SAME_STORY_DAYS
from articles.models import Claim, ClaimRelation
from articles.parsing.disagreement import Statement, comparison_keys, disagreement
from bench.generate import generate
from tests.test_admin_claims import save_claim
from tests.test_claims_curation import write_article

pytestmark = pytest.mark.django_db


def every_disagreeing_pair() -> set[tuple[int, int, str]]:
    """Each claim compared with every other of its article or of one published within
    the window, prepared from its text: (newer claim, older claim, reason)."""
    claims = [
        (
            claim.article_id,
            claim.article.published_at,
            (
                claim.article.published_at is not None,
                claim.article.published_at or dt.datetime.min.replace(tzinfo=dt.UTC),
                claim.article.external_id,
                claim.article.fingerprint,
                claim.statement_key,
            ),
            Statement(claim.pk, claim.statement, claim.figures),
        )
        for claim in Claim.objects.select_related("article")
    ]
    window = dt.timedelta(days=SAME_STORY_DAYS)
    pairs = set()
    for index, (article, when, order, statement) in enumerate(claims):
        for other_article, other_when, other_order, other in claims[index + 1 :]:
            near = when is not None and other_when is not None and abs(when - other_when) <= window
            if article != other_article and not near:
                continue
            (newer, _), (older, _) = sorted(
                [(statement, order), (other, other_order)], key=lambda pair: pair[1], reverse=True
            )
            reason = disagreement(newer, older)
            if reason:
                pairs.add((newer.id, older.id, reason))
    return pairs


def proposals() -> set[tuple[int, int, str]]:
    return set(ClaimRelation.objects.values_list("from_claim_id", "to_claim_id", "note"))


def test_the_proposals_are_every_disagreeing_pair_of_the_window(tmp_path, importseeds):
    # Generated stories of a few weeks: the same subjects told with other figures, some
    # negated, many articles a day; and two handwritten pairs, one of each kind. In two
    # runs, each with half of every pair and of every day's stories: the claims an
    # article is compared with are then mostly in the database already, as in an archive
    # that grows, not in the same batch.
    runs = (tmp_path / "first", tmp_path / "second")
    for folder in runs:
        folder.mkdir()
    for index, path in enumerate(generate(tmp_path / "generated", 90, seed=3, days=20)):
        path.rename(runs[index % 2] / path.name)
    first, second = runs
    write_article(first, "901_a.txt", "قالت الوزارة إن 120 شخصاً قتلوا في الفيضانات.", day=10)
    write_article(second, "902_b.txt", "وقال الدفاع المدني إن 80 شخصاً قتلوا في الفيضانات.")
    write_article(first, "903_c.txt", "قال الجيش إن القوات انسحبت من المدينة بالكامل.", day=11)
    write_article(second, "904_d.txt", "وقال سكان إن القوات لم تنسحب من المدينة بالكامل.")

    importseeds("--jobs", "1", first)
    importseeds("--jobs", "1", second)

    expected = every_disagreeing_pair()
    assert proposals() == expected
    reasons = {note for _, _, note in expected}
    assert "one statement negates the other" in reasons
    assert any(note.startswith("different figures for") for note in reasons)


def test_the_database_leaves_out_claims_that_cannot_disagree(tmp_path, importseeds):
    write_article(tmp_path, "911_a.txt", "قالت الوزارة إن 120 شخصاً قتلوا في الفيضانات.")
    write_article(tmp_path, "912_b.txt", "وقال المحافظ إن المدارس ستفتح أبوابها الأحد المقبل.")

    importseeds("--jobs", "1", tmp_path)

    flood = Claim.objects.get(statement="120 شخصاً قتلوا في الفيضانات")
    schools = Claim.objects.get(statement="المدارس ستفتح أبوابها الأحد المقبل")
    for claim in (flood, schools):
        assert [claim.compare_units, claim.compare_negated, claim.compare_words] == list(
            comparison_keys(claim.statement, claim.figures)
        )
    assert (flood.compare_units, schools.compare_units) == (["شخصا"], [])
    # Nothing in common: neither is read when the other's article is compared.
    assert not set(flood.compare_words) & set(schools.compare_words)
    assert not ClaimRelation.objects.exists()


def test_an_editor_changing_a_statement_or_figures_in_the_admin_updates_its_keys(
    admin_client, article
):
    claim = article.claims.order_by("pk").first()

    response = save_claim(
        admin_client,
        claim,
        statement="الجيش لم ينسحب من المدينة",
        figures='[{"value": 3, "text": "3 آلاف", "qualifier": "", "unit": "الجنود"}]',
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    claim.refresh_from_db()
    units, negated, words = comparison_keys(claim.statement, claim.figures)
    assert (claim.compare_units, claim.compare_negated, claim.compare_words) == (
        units,
        negated,
        words,
    )
    assert (units, negated) == (["جنود"], True)


def test_saving_only_the_figures_updates_the_units(article):
    claim = article.claims.order_by("pk").first()
    claim.figures = [{"value": 7, "text": "7", "qualifier": "", "unit": "قتيلاً"}]

    claim.save(update_fields=["figures"])

    claim.refresh_from_db()
    assert claim.compare_units == comparison_keys(claim.statement, claim.figures)[0]
    assert claim.compare_units


def test_the_migration_keys_the_claims_an_archive_already_has(article):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE articles_claim SET compare_units = '{}', compare_negated = false,"
            " compare_words = '{}'"
        )
    migration = importlib.import_module("articles.migrations.0019_claim_comparison_keys")

    with connection.schema_editor() as editor:
        migration.fill_comparison_keys(apps, editor)

    claims = list(article.claims.all())
    assert claims
    for claim in claims:
        assert [claim.compare_units, claim.compare_negated, claim.compare_words] == list(
            comparison_keys(claim.statement, claim.figures)
        )
