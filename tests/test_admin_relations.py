"""Relations side by side: the comparison page, deciding from it, the queue of proposals."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from articles.models import ClaimRelation
from tests.test_admin_claims import make_claims
from tests.test_admin_roles import client_for
from tests.test_claims_curation import write_article

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("desk_roles")]

FLOOD_DEATHS = "قالت وزارة الصحة إن 120 شخصاً قتلوا في فيضانات الوادي الشرقي."
FLOOD_DEATHS_FEWER = "وقال الدفاع المدني إن 80 شخصاً قتلوا في فيضانات الوادي الشرقي."
BRIDGE_OPEN = "قالت البلدية إن الجسر الجديد افتتح أمام السيارات صباح الأحد."
BRIDGE_NOT_OPEN = "وقال سائقون إن الجسر الجديد لم يفتتح أمام السيارات صباح الأحد."


@pytest.fixture
def checker():
    return client_for("fact-checker")


@pytest.fixture
def figures_relation(tmp_path, importseeds):
    """Two newspapers' death tolls for one flood, proposed as a contradiction by the importer."""
    write_article(tmp_path, "501_a.txt", "بدأت الأمطار مساء الجمعة. " + FLOOD_DEATHS, day=10)
    write_article(tmp_path, "502_b.txt", FLOOD_DEATHS_FEWER, day=11)
    importseeds(tmp_path)
    return ClaimRelation.objects.get()


@pytest.fixture
def negation_relation(tmp_path, importseeds):
    write_article(tmp_path, "601_a.txt", BRIDGE_OPEN, day=10)
    write_article(tmp_path, "602_b.txt", BRIDGE_NOT_OPEN, day=11)
    importseeds(tmp_path)
    return ClaimRelation.objects.get()


def compare_url(relation) -> str:
    return reverse("admin:articles_claimrelation_compare", args=[relation.pk])


def marks(page: str, kind: str) -> list[str]:
    """The texts marked with ``relation-<kind>``, innermost marks only."""
    return re.findall(rf'<mark class="relation-{kind}">([^<]*)</mark>', page)


def test_the_comparison_shows_both_claims_in_their_paragraphs_with_the_figures_marked(
    checker, figures_relation
):
    page = checker.get(compare_url(figures_relation)).content.decode()

    sides = re.findall(r'<section class="relation-side module" data-claim="(\d+)"', page)
    assert sides == [str(figures_relation.from_claim_id), str(figures_relation.to_claim_id)]
    # The whole paragraph, the statement marked within it, the figures within the statement.
    assert "بدأت الأمطار مساء الجمعة." in page
    assert sorted(marks(page, "difference")) == ["120", "80"]
    assert page.count('<mark class="relation-statement">') == 2
    assert "وزارة الصحة" in page
    assert "الدفاع المدني" in page
    assert "صحيفة الاختبار" in page  # the source
    assert "2024-04-10" in page
    assert "2024-04-11" in page
    for claim in (figures_relation.from_claim, figures_relation.to_claim):
        assert reverse("admin:articles_claim_change", args=[claim.pk]) in page
        assert reverse("admin:articles_article_change", args=[claim.article_id]) in page
    with translation.override("ar"):
        assert str(ClaimRelation.Kind.CONTRADICTS.label) in page
        assert str(ClaimRelation.Status.PROPOSED.label) in page
    assert figures_relation.note in page  # the importer's reason


def test_the_comparison_marks_the_negation_on_the_side_that_negates(checker, negation_relation):
    page = checker.get(compare_url(negation_relation)).content.decode()

    assert marks(page, "difference") == ["لم"]
    negating = negation_relation.from_claim
    if "لم" not in negating.statement:
        negating = negation_relation.to_claim
    section = page.split(f'data-claim="{negating.pk}"')[1].split("</section>")[0]
    assert '<mark class="relation-difference">لم</mark>' in section


def test_a_fact_checker_confirms_with_a_note_and_is_named_with_the_time(checker, figures_relation):
    response = checker.post(
        compare_url(figures_relation),
        {"decision": "confirm", "kind": "contradicts", "note": "الحصيلة الرسمية 120"},
        follow=True,
    )

    figures_relation.refresh_from_db()
    assert figures_relation.status == ClaimRelation.Status.CONFIRMED
    assert figures_relation.note == "الحصيلة الرسمية 120"
    assert figures_relation.decided_by == checker.user
    assert figures_relation.decided_at is not None
    revision = figures_relation.history.latest()
    assert (revision.history_user, revision.status) == (checker.user, "confirmed")
    page = response.content.decode()
    decided = re.search(r'id="relation-decided-by">([^<]*)<time', page)
    assert decided
    assert decided.group(1).strip() == "fact-checker"
    assert "الحصيلة الرسمية 120" in page


def test_a_fact_checker_rejects_a_proposal(checker, figures_relation):
    checker.post(compare_url(figures_relation), {"decision": "reject", "kind": "contradicts"})

    figures_relation.refresh_from_db()
    assert (figures_relation.status, figures_relation.decided_by) == ("rejected", checker.user)


def test_a_fact_checker_changes_the_type_of_a_relation(checker, figures_relation):
    checker.post(
        compare_url(figures_relation),
        {"decision": "confirm", "kind": "corrects", "note": "البيان الثاني صحح الأول"},
    )

    figures_relation.refresh_from_db()
    assert (figures_relation.kind, figures_relation.status) == ("corrects", "confirmed")
    assert figures_relation.history.latest().history_user == checker.user


def test_a_type_the_two_claims_already_have_is_refused(checker, figures_relation):
    ClaimRelation.objects.create(
        from_claim=figures_relation.from_claim,
        to_claim=figures_relation.to_claim,
        kind="corrects",
    )

    response = checker.post(
        compare_url(figures_relation), {"decision": "confirm", "kind": "corrects", "note": ""}
    )

    assert response.status_code == 200
    assert 'class="errorlist nonfield"' in response.content.decode()
    figures_relation.refresh_from_db()
    assert (figures_relation.kind, figures_relation.status) == ("contradicts", "proposed")


def test_next_is_the_oldest_relation_still_proposed(checker, figures_relation, tmp_path):
    claims = [figures_relation.from_claim, figures_relation.to_claim]
    decided = ClaimRelation.objects.create(
        from_claim=claims[1], to_claim=claims[0], kind="supports", status="confirmed"
    )
    older = ClaimRelation.objects.create(
        from_claim=claims[0], to_claim=claims[1], kind="repeats", status="proposed"
    )
    newer = ClaimRelation.objects.create(
        from_claim=claims[1], to_claim=claims[0], kind="repeats", status="proposed"
    )

    page = checker.get(compare_url(newer)).content.decode()
    assert f'id="relation-next" href="{compare_url(figures_relation)}"' in page

    checker.post(compare_url(figures_relation), {"decision": "reject", "kind": "contradicts"})
    page = checker.get(compare_url(decided)).content.decode()
    assert f'id="relation-next" href="{compare_url(older)}"' in page


@pytest.mark.parametrize("role", ["editor", "viewer"])
def test_editors_and_viewers_see_the_comparison_but_cannot_decide(role, figures_relation):
    client = client_for(role)

    page = client.get(compare_url(figures_relation))
    assert page.status_code == 200
    assert sorted(marks(page.content.decode(), "difference")) == ["120", "80"]
    assert 'id="relation-decision"' not in page.content.decode()

    refused = client.post(
        compare_url(figures_relation), {"decision": "confirm", "kind": "supports"}
    )
    assert refused.status_code == 403
    figures_relation.refresh_from_db()
    assert figures_relation.status == "proposed"


def test_the_editor_in_chief_decides_too(figures_relation):
    chief = client_for("editor-in-chief")
    assert 'id="relation-decision"' in chief.get(compare_url(figures_relation)).content.decode()
    chief.post(compare_url(figures_relation), {"decision": "confirm", "kind": "contradicts"})
    figures_relation.refresh_from_db()
    assert figures_relation.decided_by == chief.user


def test_the_comparison_page_costs_a_handful_of_queries(
    checker, figures_relation, django_assert_max_num_queries
):
    for kind in ("supports", "repeats"):
        ClaimRelation.objects.create(
            from_claim=figures_relation.from_claim,
            to_claim=figures_relation.to_claim,
            kind=kind,
            status="proposed",
        )
    with django_assert_max_num_queries(6):
        response = checker.get(compare_url(figures_relation))
    assert response.status_code == 200


def test_the_queue_lists_only_proposed_relations_oldest_first_linked_to_their_comparison(
    checker, figures_relation
):
    claims = [figures_relation.from_claim, figures_relation.to_claim]
    decided = ClaimRelation.objects.create(
        from_claim=claims[1], to_claim=claims[0], kind="supports", status="confirmed"
    )
    later = ClaimRelation.objects.create(
        from_claim=claims[0], to_claim=claims[1], kind="repeats", status="proposed"
    )

    queue = checker.get(
        reverse("admin:articles_claimrelation_changelist"), {"decision": "to-decide"}
    )

    rows = [relation.pk for relation in queue.context["cl"].result_list]
    assert rows == [figures_relation.pk, later.pk]
    page = queue.content.decode()
    assert f'<a href="{compare_url(figures_relation)}">{figures_relation.pk}</a>' in page
    everything = checker.get(reverse("admin:articles_claimrelation_changelist")).content.decode()
    change = reverse("admin:articles_claimrelation_change", args=[decided.pk])
    assert f'<a href="{change}">{decided.pk}</a>' in everything  # decided: its form
    assert f'class="relation-compare-link" href="{compare_url(decided)}"' in everything


def test_the_queue_is_one_click_from_the_claim_list_and_the_index(checker):
    queue = reverse("admin:articles_claimrelation_changelist") + "?decision=to-decide"
    assert (
        f'href="{queue}"'
        in checker.get(reverse("admin:articles_claim_changelist")).content.decode()
    )
    assert f'href="{queue}"' in checker.get(reverse("admin:index")).content.decode()


def test_the_claim_page_links_each_relation_to_its_comparison(checker, figures_relation):
    for claim in (figures_relation.from_claim, figures_relation.to_claim):
        page = checker.get(reverse("admin:articles_claim_change", args=[claim.pk]))
        assert f'href="{compare_url(figures_relation)}"' in page.content.decode()


@pytest.mark.parametrize("rows", [2, 20])
def test_the_queue_costs_the_same_queries_for_more_relations(
    checker, figures_relation, rows, django_assert_max_num_queries
):
    made = make_claims(figures_relation.from_claim.article, rows)
    ClaimRelation.objects.bulk_create(
        ClaimRelation(
            from_claim=claim, to_claim=figures_relation.to_claim, kind="repeats", status="proposed"
        )
        for claim in made
    )

    with django_assert_max_num_queries(7):
        response = checker.get(
            reverse("admin:articles_claimrelation_changelist"), {"decision": "to-decide"}
        )
    assert len(response.context["cl"].result_list) == rows + 1
