"""`reextract_claims`: archived articles of an older parser get the current rules' claims,
and the desk's work stays as it was.

The seed is imported with the current parser, then made to look as an older parser
left it: its version set back and its claims altered as that parser might have
written them (a speaker with the role in its name, a claim missed, a claim too
many, a date and medium not read), beside claims the desk worked on.
"""

import datetime as dt
import shutil
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.importing.reextract import is_older, version_key
from articles.importing.values import claim_values_of, digests, statement_key
from articles.models import Article, Claim, ClaimRelation, Speaker, SpeakerAlias, Verdict
from articles.parsing import PARSER_VERSION
from articles.parsing.disagreement import comparison_keys
from tests.conftest import ROOT

pytestmark = pytest.mark.django_db

OLD_VERSION = "0.9"
ROLE_IN_NAME = "المتحدث باسم قوات سوريا الديمقراطية فرهاد الشامي"
PLAIN_PARAGRAPH = 5  # "حيث أطلقت القوات…": no one is quoted in it
OTHER_ARTICLE = ROOT / "evaluation" / "claims" / "dev" / "articles" / "001_central_bank.txt"


def reextract(*args: str, **options) -> str:
    stdout = StringIO()
    call_command("reextract_claims", *args, stdout=stdout, stderr=StringIO(), **options)
    return stdout.getvalue()


def claim_in(article: Article, paragraph: int) -> Claim:
    return article.claims.filter(paragraph=paragraph).order_by("span_start")[0]


def as_if_imported(claim: Claim, **values) -> Claim:
    """Change the claim and its ``as_imported`` alike: what an importer wrote, not an editor."""
    for name, value in values.items():
        setattr(claim, name, value)
    claim.as_imported = digests(claim_values_of(claim))
    claim.save()
    return claim


def new_claim(article: Article, paragraph: int, statement: str, **values) -> Claim:
    text = article.paragraphs[paragraph - 1]
    start = text.index(statement)
    claim = Claim(
        article=article,
        paragraph=paragraph,
        statement=statement,
        statement_key=statement_key(statement),
        span_start=start,
        span_end=start + len(statement),
        **values,
    )
    claim.save()
    return claim


def snapshot() -> dict:
    """Everything re-extraction could change, as values."""
    claims = {row["id"]: row for row in Claim.objects.values()}
    return {
        "claims": claims,
        "claim_revisions": Claim.history.count(),
        "speakers": sorted(Speaker.objects.values_list("pk", "name")),
        "aliases": sorted(SpeakerAlias.objects.values_list("speaker_id", "name")),
        "relations": sorted(ClaimRelation.objects.values_list("pk", "status", "note")),
        "articles": sorted(Article.objects.values_list("pk", "parser_version", "modified_at")),
        "article_revisions": Article.history.count(),
    }


@pytest.fixture
def archive(seeds_dir, importseeds, django_user_model):
    """The seed as an older parser left it, the desk's work on it, and a current article."""
    shutil.copy(OTHER_ARTICLE, seeds_dir / OTHER_ARTICLE.name)
    assert importseeds(seeds_dir).code == 0
    article = Article.objects.get(file_name__startswith="000_")
    current = Article.objects.get(file_name=OTHER_ARTICLE.name)
    Article.objects.filter(pk=article.pk).update(parser_version=OLD_VERSION)
    fresh = {row.paragraph: row.statement for row in article.claims.all()}
    editor = django_user_model.objects.create_user("desk", password="not-used")
    verdict = Verdict.objects.order_by("position").first()

    # What the older parser wrote: a role inside the speaker's name ...
    spokesman = claim_in(article, 2)
    role_named = Speaker.objects.create(name=ROLE_IN_NAME)
    as_if_imported(spokesman, speaker=role_named, speaker_role="")
    # ... a statement missed ...
    missed = claim_in(article, 3)
    missed_statement = missed.statement
    missed.delete()
    # ... a statement that was none ...
    plain = article.paragraphs[PLAIN_PARAGRAPH - 1]
    wrong = new_claim(article, PLAIN_PARAGRAPH, plain[:60], speaker=role_named)
    as_if_imported(wrong)
    # ... and a date and medium not read, with a proposal the comparer made then.
    report = as_if_imported(claim_in(article, 1), medium="", stated_on=None)
    stale = ClaimRelation.objects.create(
        from_claim=report,
        to_claim=claim_in(article, 4),
        kind=ClaimRelation.Kind.CONTRADICTS,
        status=ClaimRelation.Status.PROPOSED,
        note="proposed by the older comparer",
    )

    # The desk's work: a published verdict on a claim the rules still find (an older medium) ...
    reviewed = as_if_imported(claim_in(article, 14), medium="statement")
    reviewed.verdict = verdict
    reviewed.review_state = Claim.ReviewState.PUBLISHED
    reviewed.reviewer, reviewed.reviewed_at = editor, timezone.now()
    reviewed.save()
    # ... a claim in review the rules no longer find ...
    in_review = new_claim(
        article, PLAIN_PARAGRAPH, plain[60:140], review_state=Claim.ReviewState.IN_REVIEW
    )
    # ... a claim an editor added ...
    added = new_claim(article, 16, "ليس لدينا مكان آخر", origin=Claim.Origin.EDITOR)
    # ... and two claims joined by a relation an editor confirmed (one with an older medium).
    confirmed_from = as_if_imported(claim_in(article, 6), medium="radio")
    ClaimRelation.objects.create(
        from_claim=confirmed_from,
        to_claim=claim_in(article, 11),
        kind=ClaimRelation.Kind.SUPPORTS,
        status=ClaimRelation.Status.CONFIRMED,
        created_by=editor,
    )
    desk = [reviewed.pk, in_review.pk, added.pk, confirmed_from.pk, claim_in(article, 11).pk]
    return {
        "article": article,
        "current": current,
        "fresh": fresh,
        "missed": missed_statement,
        "spokesman": spokesman.pk,
        "wrong": wrong.pk,
        "report": report.pk,
        "stale": stale.pk,
        "desk": desk,
    }


def test_versions_compare_by_their_numbers():
    assert version_key("1.10") > version_key("1.9")
    assert is_older("0.9", "1.0")
    assert is_older("1.9", "1.10")
    assert not is_older("1.10", "1.9")
    assert not is_older("1.0", "1.0")
    assert not is_older("", "1.0")  # an article an editor wrote: no parser read it


def test_an_article_of_an_older_parser_gets_the_current_claims(archive):
    article = archive["article"]
    output = reextract()

    article.refresh_from_db()
    assert article.parser_version == PARSER_VERSION
    assert "1 article(s) from older parsers" in output
    unreviewed = article.claims.filter(origin=Claim.Origin.IMPORTED, review_state="new")
    by_paragraph = {claim.paragraph: claim for claim in unreviewed}
    # The speaker without the role, the role in its field.
    spokesman = Claim.objects.get(pk=archive["spokesman"])
    assert spokesman.speaker.name == "فرهاد الشامي"
    assert spokesman.speaker_role == "المتحدث باسم قوات سوريا الديمقراطية"
    # The missed statement found, the statement that was none gone, date and medium read.
    assert by_paragraph[3].statement == archive["missed"]
    assert by_paragraph[3].speaker.name == "مسؤولون"
    assert not Claim.objects.filter(pk=archive["wrong"]).exists()
    report = Claim.objects.get(pk=archive["report"])
    assert (report.medium, report.stated_on) == ("report", dt.date(2022, 1, 27))
    # Every statement the current rules find is there once.
    statements = list(article.claims.values_list("statement", flat=True))
    assert set(archive["fresh"].values()) <= set(statements)
    assert len(statements) == len(set(statements))


def test_the_claims_it_writes_are_keyed_for_the_contradiction_pass(archive):
    article = archive["article"]
    article.claims.update(compare_units=[], compare_negated=False, compare_words=[])

    reextract()

    updated = Claim.objects.get(pk=archive["report"])
    added = article.claims.get(statement=archive["missed"])
    for claim in (updated, added):
        assert [claim.compare_units, claim.compare_negated, claim.compare_words] == list(
            comparison_keys(claim.statement, claim.figures)
        )
        assert claim.compare_words


def test_each_change_is_a_revision_with_its_reason(archive):
    reextract()

    reason = f"re-extracted (parser {OLD_VERSION} → {PARSER_VERSION})"
    updated = Claim.history.filter(id=archive["report"]).latest("history_id")
    assert (updated.history_type, updated.history_change_reason) == ("~", reason)
    removed = Claim.history.filter(id=archive["wrong"]).latest("history_id")
    assert removed.history_type == "-"
    assert removed.history_change_reason.startswith(reason)
    article = Article.history.filter(id=archive["article"].pk).latest("history_id")
    assert (article.parser_version, article.history_change_reason) == (PARSER_VERSION, reason)
    added = Claim.history.filter(article_id=archive["article"].pk, history_type="+").latest(
        "history_id"
    )
    assert added.history_change_reason == reason


def test_claims_the_desk_worked_on_are_untouched(archive):
    before = snapshot()
    revisions = {pk: Claim.history.filter(id=pk).count() for pk in archive["desk"]}
    reextract()
    after = snapshot()

    for pk in archive["desk"]:
        assert after["claims"][pk] == before["claims"][pk]
        assert Claim.history.filter(id=pk).count() == revisions[pk]  # no new revision
    # The rules find the reviewed claim's statement: it is not added a second time.
    reviewed = Claim.objects.get(pk=archive["desk"][0])
    assert Claim.objects.filter(statement_key=reviewed.statement_key).count() == 1
    assert ClaimRelation.objects.filter(status="confirmed").count() == 1


def test_a_speaker_named_with_its_role_is_merged_not_duplicated(archive):
    output = reextract(verbosity=2)

    speaker = Speaker.objects.get(name="فرهاد الشامي")
    assert not Speaker.objects.filter(name=ROLE_IN_NAME).exists()
    assert ROLE_IN_NAME in speaker.aliases.values_list("name", flat=True)
    assert Claim.objects.get(pk=archive["spokesman"]).speaker == speaker
    assert f"speaker {ROLE_IN_NAME} merged into فرهاد الشامي" in output
    # The next article that names him so is filed under him.
    assert SpeakerAlias.objects.get(name=ROLE_IN_NAME).speaker == speaker


def test_a_speaker_an_editors_claim_still_names_is_not_merged(archive):
    role_named = Speaker.objects.get(name=ROLE_IN_NAME)
    Claim.objects.filter(origin=Claim.Origin.EDITOR).update(speaker=role_named)
    reextract()

    assert Speaker.objects.filter(name=ROLE_IN_NAME).exists()
    assert Speaker.objects.filter(name="فرهاد الشامي").count() == 1
    assert Claim.objects.get(pk=archive["spokesman"]).speaker.name == "فرهاد الشامي"


def test_stale_proposals_of_changed_claims_are_refreshed(archive):
    reextract()

    assert not ClaimRelation.objects.filter(pk=archive["stale"]).exists()
    removed = ClaimRelation.history.filter(id=archive["stale"]).latest("history_id")
    assert removed.history_type == "-"


def test_a_second_run_changes_nothing(archive):
    reextract()
    before = snapshot()
    output = reextract()

    assert snapshot() == before
    assert output.startswith("Nothing to do")


def test_articles_of_the_current_parser_are_left_alone(archive):
    current = archive["current"]
    claims = sorted(current.claims.values_list("pk", "statement", "speaker_id"))
    revisions = current.history.count()
    reextract()

    current.refresh_from_db()
    assert current.parser_version == PARSER_VERSION
    assert current.history.count() == revisions
    assert sorted(current.claims.values_list("pk", "statement", "speaker_id")) == claims


def test_a_dry_run_prints_the_changes_and_writes_nothing(archive):
    before = snapshot()
    output = reextract("--dry-run")

    assert snapshot() == before
    assert output.splitlines()[-1].startswith("Dry run, nothing written: 1 article(s)")
    assert f"article {archive['article'].pk} ({OLD_VERSION})" in output
    assert f"+ p3 مسؤولون: {archive['missed'][:40]}" in output
    assert "- p5 " in output
    assert "~ p1 New York Times" in output
    # Run for real afterwards: the dry run left no speaker ids behind in its caches.
    reextract()
    assert Article.objects.get(pk=archive["article"].pk).parser_version == PARSER_VERSION


def test_an_older_article_whose_claims_are_right_gets_only_its_version(archive):
    current = archive["current"]
    Article.objects.filter(pk=current.pk).update(parser_version=OLD_VERSION)
    claims = sorted(Claim.objects.filter(article=current).values_list())
    revisions = (current.history.count(), Claim.history.filter(article_id=current.pk).count())
    output = reextract()

    article = Article.objects.get(pk=current.pk)
    assert article.parser_version == PARSER_VERSION
    assert article.modified_at == current.modified_at
    assert sorted(Claim.objects.filter(article=current).values_list()) == claims
    assert (article.history.count(), Claim.history.filter(article_id=current.pk).count()) == (
        revisions
    )
    assert "2 article(s) from older parsers" in output
    assert "1 changed" in output
