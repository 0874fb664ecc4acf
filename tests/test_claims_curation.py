"""Claims in the archive: shared speakers, editors' curation kept, contradictions, merges.

Runs on PostgreSQL through `importseeds`, as an editor's archive would be built.
"""

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from articles.models import Claim, ClaimRelation, Speaker, SpeakerAlias
from articles.speaker_merge import speaker_merge
from tests.conftest import SEED
from tests.site_factories import publish

pytestmark = pytest.mark.django_db

UNICEF_STATEMENT_START = "القتال أجبر 45 ألف شخص"
UNRELATED_PARAGRAPH_START = "حيث أطلقت القوات التي يقودها الأكراد"


def write_article(folder: Path, name: str, *paragraphs: str, day: int = 10) -> Path:
    """A file in the seed's format: headline, publisher, publish line, paragraphs."""
    text = "\n\n".join(
        [
            f"عنوان تجريبي رقم {name}",
            f"صحيفة الاختبار\nتم النشر: 2024/04/{day:02d} الساعة 08:00 بتوقيت غرينتش",
            *paragraphs,
        ]
    )
    path = folder / name
    path.write_text(text + "\n", encoding="utf-8")
    return path


@pytest.fixture
def editor():
    return get_user_model().objects.create_user("editor", password="x", is_staff=True)


def test_import_files_claims_under_shared_speakers_with_kind_aliases_and_figures(
    seeds_dir, importseeds
):
    importseeds(seeds_dir)

    sdf = Speaker.objects.get(name="قوات سوريا الديمقراطية")
    assert sdf.kind == Speaker.Kind.ORGANISATION
    assert "قسد" in set(sdf.aliases.values_list("name", flat=True))
    assert Speaker.objects.get(name="مسؤولون").kind == Speaker.Kind.UNNAMED
    assert Speaker.objects.get(name="نسرين").kind == Speaker.Kind.PERSON
    # "الصحيفة الأمريكية" is the New York Times of paragraph 1: one speaker, two claims.
    assert Speaker.objects.get(name="New York Times").claims.count() == 2
    unicef = Claim.objects.get(statement__startswith=UNICEF_STATEMENT_START)
    assert [figure["value"] for figure in unicef.figures] == [45000, 1000000]


def test_a_later_article_naming_an_alias_files_its_claim_under_the_speaker(
    seeds_dir, importseeds, tmp_path
):
    importseeds(seeds_dir)
    folder = tmp_path / "more"
    folder.mkdir()
    write_article(folder, "101_a.txt", "وقالت قسد إن دورياتها عادت إلى المدينة.")

    importseeds(folder)

    claim = Claim.objects.get(statement="دورياتها عادت إلى المدينة")
    assert claim.speaker.name == "قوات سوريا الديمقراطية"


def test_reimport_keeps_status_note_and_relations_of_an_unchanged_claim(
    seeds_dir, seed_text, importseeds, editor
):
    importseeds(seeds_dir)
    claim = Claim.objects.get(statement__startswith=UNICEF_STATEMENT_START)
    other = Claim.objects.exclude(pk=claim.pk).first()
    publish(claim, "verified", review_note="UNICEF PR")
    relation = ClaimRelation.objects.create(
        from_claim=claim, to_claim=other, kind="supports", created_by=editor
    )
    new_text = seed_text.replace(
        UNRELATED_PARAGRAPH_START, "فقرة تغيرت في المصدر، " + UNRELATED_PARAGRAPH_START
    )
    (seeds_dir / SEED.name).write_text(new_text, encoding="utf-8")

    run = importseeds("--json", seeds_dir)

    assert run.statuses() == ["updated"]
    claim.refresh_from_db()
    assert (claim.verdict.slug, claim.review_note, claim.in_current_text) == (
        "verified",
        "UNICEF PR",
        True,
    )
    relation.refresh_from_db()
    assert (relation.status, relation.created_by, relation.to_claim_id) == (
        "confirmed",
        editor,
        other.pk,
    )


def test_a_reviewed_claim_whose_sentence_disappeared_keeps_its_relations(
    seeds_dir, seed_text, importseeds, editor
):
    importseeds(seeds_dir)
    claim = Claim.objects.get(statement__startswith=UNICEF_STATEMENT_START)
    publish(claim, "disputed")
    other = Claim.objects.exclude(pk=claim.pk).first()
    ClaimRelation.objects.create(
        from_claim=other, to_claim=claim, kind="contradicts", created_by=editor
    )
    paragraph = next(line for line in seed_text.split("\n") if UNICEF_STATEMENT_START in line)
    (seeds_dir / SEED.name).write_text(seed_text.replace(paragraph + "\n\n", ""), encoding="utf-8")

    importseeds(seeds_dir)

    claim.refresh_from_db()
    assert (claim.verdict.slug, claim.in_current_text) == ("disputed", False)
    assert ClaimRelation.objects.filter(to_claim=claim, kind="contradicts").exists()


def test_importer_proposes_contradictions_and_never_confirms_them(tmp_path, importseeds, editor):
    write_article(
        tmp_path,
        "201_a.txt",
        "قالت وزارة الصحة إن 120 شخصاً قتلوا في فيضانات المدينة الساحلية.",
        day=10,
    )
    write_article(
        tmp_path,
        "202_b.txt",
        "وقال الدفاع المدني إن 80 شخصاً قتلوا في فيضانات المدينة الساحلية.",
        day=11,
    )
    write_article(
        tmp_path,
        "203_c.txt",
        "وقال الدفاع المدني إن 80 شخصاً أصيبوا في حادث سير على الطريق الدولي.",
        day=12,
    )

    importseeds(tmp_path)

    [relation] = ClaimRelation.objects.all()
    assert (relation.kind, relation.status, relation.created_by) == (
        "contradicts",
        "proposed",
        None,
    )
    assert {relation.from_claim.statement, relation.to_claim.statement} == {
        "120 شخصاً قتلوا في فيضانات المدينة الساحلية",
        "80 شخصاً قتلوا في فيضانات المدينة الساحلية",
    }
    assert "120" in relation.note
    assert "80" in relation.note

    relation.status = ClaimRelation.Status.REJECTED
    relation.save()
    write_article(
        tmp_path,
        "202_b.txt",
        "وقال الدفاع المدني إن 80 شخصاً قتلوا في فيضانات المدينة الساحلية. وأضاف أن البحث مستمر.",
        day=11,
    )
    importseeds(tmp_path)

    [relation] = ClaimRelation.objects.all()
    assert relation.status == "rejected"  # a rejected pair is not proposed again


def test_importer_proposes_a_negation_of_the_same_statement(tmp_path, importseeds):
    write_article(tmp_path, "301_a.txt", "قال الجيش إن القوات انسحبت من المدينة بالكامل.", day=10)
    write_article(tmp_path, "302_b.txt", "وقال سكان إن القوات لم تنسحب من المدينة بالكامل.", day=11)

    importseeds(tmp_path)

    [relation] = ClaimRelation.objects.all()
    assert (relation.status, relation.note) == ("proposed", "one statement negates the other")


def test_merging_speakers_moves_claims_and_aliases_and_keeps_the_names(
    tmp_path, importseeds, editor
):
    write_article(
        tmp_path, "401_a.txt", "قالت منظمة أطباء العالم إن العيادة أغلقت أبوابها.", day=10
    )
    write_article(
        tmp_path, "402_b.txt", "وقالت أطباء العالم (MDM) إن الأدوية نفدت من المخازن.", day=11
    )
    importseeds(tmp_path)
    kept = Speaker.objects.get(name="منظمة أطباء العالم")
    duplicate = Speaker.objects.get(name="أطباء العالم")
    assert list(duplicate.aliases.values_list("name", flat=True)) == ["MDM"]

    speaker_merge(into=kept, others=[duplicate], user=editor)

    assert not Speaker.objects.filter(pk=duplicate.pk).exists()
    assert set(Claim.objects.values_list("speaker__name", flat=True)) == {"منظمة أطباء العالم"}
    assert set(kept.aliases.values_list("name", flat=True)) == {"MDM", "أطباء العالم"}
    deletion = Speaker.history.get(id=duplicate.pk, history_type="-")
    assert deletion.history_user == editor
    assert "merged into منظمة أطباء العالم" in deletion.history_change_reason
    moved = Claim.history.filter(speaker_id=kept.pk, history_type="~").latest()
    assert moved.history_user == editor

    write_article(tmp_path, "403_c.txt", "وقالت أطباء العالم إن فرقها وصلت إلى القرى.", day=12)
    importseeds(tmp_path)
    assert Claim.objects.get(statement="فرقها وصلت إلى القرى").speaker == kept


def test_admin_merge_action_asks_which_speaker_to_keep_then_merges(admin_client):
    first = Speaker.objects.create(name="وكالة الطاقة الذرية", kind="organisation")
    second = Speaker.objects.create(name="الوكالة الدولية للطاقة الذرية", kind="organisation")
    url = reverse("admin:articles_speaker_changelist")
    selection = {"action": "merge_speakers", "_selected_action": [first.pk, second.pk]}

    confirm = admin_client.post(url, selection)

    assert confirm.status_code == 200
    assert "وكالة الطاقة الذرية" in confirm.content.decode()
    done = admin_client.post(url, {**selection, "apply": "1", "into": second.pk}, follow=True)
    assert done.status_code == 200
    assert list(Speaker.objects.values_list("name", flat=True)) == ["الوكالة الدولية للطاقة الذرية"]
    assert SpeakerAlias.objects.get().name == "وكالة الطاقة الذرية"


def test_an_editor_adding_a_relation_in_the_admin_is_recorded_as_its_author(
    seeds_dir, importseeds, admin_client, admin_user
):
    importseeds(seeds_dir)
    first, second = Claim.objects.order_by("pk")[:2]
    url = reverse("admin:articles_claimrelation_add")

    admin_client.post(
        url,
        {
            "from_claim": first.pk,
            "to_claim": second.pk,
            "kind": "contradicts",
            "status": "confirmed",
            "note": "",
        },
    )

    relation = ClaimRelation.objects.get()
    assert (relation.created_by, relation.status) == (admin_user, "confirmed")
