"""Fact-checkers at the claim desk: verdicts, queues, bulk actions, relations, search."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from articles.admin import pagination
from articles.models import Article, Claim, ClaimRelation, Speaker, Verdict
from tests.test_admin import change_form_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("desk_roles")]


def staff_client(user) -> Client:
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    return client


@pytest.fixture
def fact_checker():
    user = get_user_model().objects.create_user("checker", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="fact-checker"))
    return user


@pytest.fixture
def checker_client(fact_checker) -> Client:
    return staff_client(fact_checker)


@pytest.fixture
def claims(article):
    return Claim.objects.filter(article=article).order_by("pk")


@pytest.fixture
def bare_article():
    """An article with no claims of its own."""
    return Article.objects.create(title="مقال للاختبار", sha256="0" * 64, fingerprint="test")


def make_claims(article, count: int, *, speaker=None, text="قال المتحدث إن الأمم المتحدة") -> list:
    speaker = speaker or Speaker.objects.create(name="متحدث الاختبار")
    return Claim.objects.bulk_create(
        Claim(
            article=article,
            paragraph=1,
            speaker=speaker,
            statement=f"{text} رقم {n}",
            statement_key=f"test-{speaker.pk}-{n}",
        )
        for n in range(count)
    )


def claim_url(claim) -> str:
    return reverse("admin:articles_claim_change", args=[claim.pk])


def verdict_id(slug: str) -> str:
    """A verdict as the claim form's select sends it."""
    return str(Verdict.objects.get(slug=slug).pk)


def save_claim(client, claim, **changes):
    data = change_form_data(client.get(claim_url(claim)))
    data.update(changes)
    return client.post(claim_url(claim), data)


def test_a_verdict_is_saved_with_its_reviewer_and_time(checker_client, fact_checker, claims):
    claim = claims.first()

    response = save_claim(
        checker_client, claim, verdict=verdict_id("disputed"), review_note="أرقام متضاربة"
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    claim.refresh_from_db()
    assert (claim.verdict.slug, claim.reviewer) == ("disputed", fact_checker)
    assert claim.reviewed_at is not None
    assert claim.history.latest().history_user == fact_checker


def test_reviewer_and_review_time_cannot_be_typed_in(checker_client, claims):
    page = checker_client.get(claim_url(claims.first())).content.decode()
    assert 'name="reviewer"' not in page
    assert 'name="reviewed_at_0"' not in page


def test_changing_a_verdict_renews_the_review_time_and_unreviewed_clears_it(checker_client, claims):
    claim = claims.first()
    save_claim(checker_client, claim, verdict=verdict_id("disputed"))
    claim.refresh_from_db()
    first_review = claim.reviewed_at

    save_claim(checker_client, claim, verdict=verdict_id("false"))
    claim.refresh_from_db()
    assert claim.reviewed_at > first_review

    save_claim(checker_client, claim, verdict="")
    claim.refresh_from_db()
    assert (claim.verdict, claim.reviewer, claim.reviewed_at) == (None, None, None)


def test_saving_a_note_alone_keeps_the_verdict_and_its_time(checker_client, claims):
    claim = claims.first()
    save_claim(checker_client, claim, verdict=verdict_id("verified"))
    claim.refresh_from_db()
    reviewed_at = claim.reviewed_at

    save_claim(checker_client, claim, review_note="مصدر إضافي")

    claim.refresh_from_db()
    assert (claim.verdict.slug, claim.reviewed_at, claim.review_note) == (
        "verified",
        reviewed_at,
        "مصدر إضافي",
    )


def test_the_claim_page_shows_its_status_history(checker_client, fact_checker, claims):
    claim = claims.first()
    save_claim(checker_client, claim, verdict=verdict_id("disputed"))
    save_claim(checker_client, claim, verdict=verdict_id("verified"))
    save_claim(checker_client, claim, review_state="published")

    page = checker_client.get(claim_url(claim)).content.decode()

    history = page[page.index('class="status-history"') :]
    rows = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td>", history)
    with translation.override("ar"):
        new, published = str(Claim.ReviewState.NEW.label), str(Claim.ReviewState.PUBLISHED.label)
    # Newest first: each change of verdict or state, with who made it.
    assert rows == [
        ("صحيح", published, fact_checker.username),
        ("صحيح", new, fact_checker.username),
        ("موضع خلاف", new, fact_checker.username),
        ("–", new, "–"),
    ]


def test_my_queue_lists_the_unpublished_claims_assigned_to_me(
    checker_client, fact_checker, admin_user, claims
):
    mine, reviewed, theirs, in_review = claims[:4]
    Claim.objects.filter(pk__in=[mine.pk, reviewed.pk, in_review.pk]).update(assignee=fact_checker)
    Claim.objects.filter(pk=reviewed.pk).update(
        verdict=Verdict.objects.get(slug="verified"),
        review_state="published",
        reviewed_at="2024-01-01T00:00Z",
    )
    Claim.objects.filter(pk=in_review.pk).update(review_state="in_review")
    Claim.objects.filter(pk=theirs.pk).update(assignee=admin_user)

    response = checker_client.get(reverse("admin:articles_claim_my_queue"), follow=True)

    assert list(response.context["cl"].result_list) == [in_review, mine]
    assert (
        reverse("admin:articles_claim_my_queue")
        in checker_client.get(reverse("admin:articles_claim_changelist")).content.decode()
    )


def test_unassigned_filter_shows_claims_nobody_has(checker_client, fact_checker, claims):
    Claim.objects.filter(pk=claims.first().pk).update(assignee=fact_checker)
    url = reverse("admin:articles_claim_changelist")

    shown = checker_client.get(url, {"assignee": "none"}).context["cl"].result_list

    assert claims.first() not in shown
    assert len(shown) == claims.count() - 1


def test_a_fact_checker_assigns_a_claim_from_a_list_of_reviewers(
    checker_client, fact_checker, admin_user, claims
):
    get_user_model().objects.create_user("reader", is_staff=False)
    claim = claims.first()
    form = checker_client.get(claim_url(claim)).context["adminform"].form
    offered = set(form.fields["assignee"].queryset.values_list("username", flat=True))
    assert offered == {"checker", "admin"}

    response = save_claim(checker_client, claim, assignee=admin_user.pk)

    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.assignee == admin_user


def post_action(client, action, claims, **extra):
    return client.post(
        reverse("admin:articles_claim_changelist"),
        {"action": action, "_selected_action": [c.pk for c in claims], **extra},
        follow=True,
    )


@pytest.mark.parametrize(
    "slug", ["verified", "partly-true", "misleading", "disputed", "false", "unverifiable"]
)
def test_bulk_verdict_stamps_each_claim_and_its_history(checker_client, fact_checker, claims, slug):
    chosen = list(claims[:3])
    verdict = Verdict.objects.get(slug=slug)

    response = post_action(checker_client, f"verdict_{slug}", chosen)

    assert response.status_code == 200
    for claim in chosen:
        claim.refresh_from_db()
        assert (claim.verdict, claim.reviewer) == (verdict, fact_checker)
        assert claim.reviewed_at is not None
        latest = claim.history.latest()
        assert (latest.verdict_id, latest.history_user) == (verdict.pk, fact_checker)
    assert claims[3].verdict is None


def test_bulk_back_to_unreviewed_clears_the_verdict(checker_client, claims):
    chosen = list(claims[:2])
    post_action(checker_client, "verdict_false", chosen)

    post_action(checker_client, "verdict_none", chosen)

    assert set(
        Claim.objects.filter(pk__in=[c.pk for c in chosen]).values_list(
            "verdict", "reviewer", "reviewed_at"
        )
    ) == {(None, None, None)}


def test_bulk_assign_to_me_and_unassign(checker_client, fact_checker, claims):
    chosen = list(claims[:2])

    post_action(checker_client, "assign_to_me", chosen)
    assert {c.assignee for c in Claim.objects.filter(pk__in=[c.pk for c in chosen])} == {
        fact_checker
    }
    assert chosen[0].history.latest().history_user == fact_checker

    post_action(checker_client, "unassign", chosen)
    assert not Claim.objects.filter(assignee__isnull=False).exists()


def test_bulk_assign_to_a_chosen_user_asks_whom_first(checker_client, admin_user, claims):
    chosen = list(claims[:2])

    asked = post_action(checker_client, "assign_to_user", chosen)
    assert asked.templates[0].name == "admin/articles/claim/assign.html"
    assert Claim.objects.filter(assignee__isnull=False).count() == 0

    post_action(checker_client, "assign_to_user", chosen, apply="1", assignee=admin_user.pk)
    assert set(Claim.objects.filter(assignee=admin_user)) == set(chosen)


@pytest.fixture
def relation(claims, admin_user):
    return ClaimRelation.objects.create(
        from_claim=claims[0],
        to_claim=claims[1],
        kind="contradicts",
        status="proposed",
        created_by=admin_user,
    )


def test_relation_list_names_each_claim_by_speaker_statement_and_article(checker_client, relation):
    page = checker_client.get(reverse("admin:articles_claimrelation_changelist")).content.decode()
    for claim in (relation.from_claim, relation.to_claim):
        assert claim.statement[:100] in page.replace("&quot;", '"')
        assert claim.article.title in page
    if relation.from_claim.speaker:
        assert relation.from_claim.speaker.name in page


def test_the_claim_page_shows_relations_in_both_directions(checker_client, relation):
    outgoing = checker_client.get(claim_url(relation.from_claim)).content.decode()
    incoming = checker_client.get(claim_url(relation.to_claim)).content.decode()

    assert relation.to_claim.statement[:60] in outgoing.replace("&quot;", '"')
    assert relation.from_claim.statement[:60] in incoming.replace("&quot;", '"')


def test_bulk_confirm_records_who_decided_and_keeps_the_creator(
    checker_client, fact_checker, admin_user, relation
):
    checker_client.post(
        reverse("admin:articles_claimrelation_changelist"),
        {"action": "confirm_relations", "_selected_action": [relation.pk]},
    )

    relation.refresh_from_db()
    assert (relation.status, relation.created_by, relation.decided_by) == (
        "confirmed",
        admin_user,
        fact_checker,
    )
    assert relation.decided_at is not None
    assert relation.history.latest().history_user == fact_checker


def test_judging_an_incoming_relation_on_the_claim_page_records_the_decision(
    checker_client, fact_checker, relation
):
    claim = relation.to_claim
    data = change_form_data(checker_client.get(claim_url(claim)))
    data["relations_to-0-status"] = "rejected"

    response = checker_client.post(claim_url(claim), data)

    assert response.status_code == 302
    relation.refresh_from_db()
    assert (relation.status, relation.decided_by) == ("rejected", fact_checker)


@pytest.mark.parametrize(
    ("query", "stored"),
    [
        ("الامم المتحدة", "الأمم المتحدة"),
        ("الأمم المتحدة", "الامم المتحدة"),
        ("الأُمَم المتّحدة", "الأمم المتـحدة"),
        ("٤٥ ألف", "45 الف"),
    ],
)
def test_claim_search_finds_arabic_spelling_variants(checker_client, bare_article, query, stored):
    article = bare_article
    [found] = make_claims(article, 1, text=f"قالت إن {stored} تدعو")
    make_claims(article, 1, speaker=Speaker.objects.create(name="آخر"), text="كلام آخر تماما")

    response = checker_client.get(reverse("admin:articles_claim_changelist"), {"q": query})

    assert list(response.context["cl"].result_list) == [found]


def test_claim_search_matches_the_speaker_name_in_any_spelling(checker_client, bare_article):
    article = bare_article
    speaker = Speaker.objects.create(name="أحمد إبراهيم")
    [found] = make_claims(article, 1, speaker=speaker, text="تصريح")

    response = checker_client.get(reverse("admin:articles_claim_changelist"), {"q": "احمد ابراهيم"})

    assert list(response.context["cl"].result_list) == [found]


def test_speaker_search_finds_names_and_aliases_in_any_spelling(admin_client):
    speaker = Speaker.objects.create(name="الأمم المتحدة")
    speaker.aliases.create(name="الأُمم")
    Speaker.objects.create(name="اليونيسف")
    url = reverse("admin:articles_speaker_changelist")

    assert list(admin_client.get(url, {"q": "الامم المتحدة"}).context["cl"].result_list) == [
        speaker
    ]
    assert list(admin_client.get(url, {"q": "الامم"}).context["cl"].result_list) == [speaker]


@pytest.mark.parametrize("rows", [3, 30])
def test_claim_list_queries_do_not_grow_with_rows(
    checker_client, fact_checker, article, rows, django_assert_max_num_queries
):
    made = make_claims(article, rows)
    Claim.objects.filter(pk__in=[c.pk for c in made]).update(assignee=fact_checker)

    # Session, user, permissions (2), estimate, count, the verdicts (actions, filter), claims.
    with django_assert_max_num_queries(8):
        response = checker_client.get(reverse("admin:articles_claim_changelist"))
    assert len(response.context["cl"].result_list) >= rows


@pytest.mark.parametrize("rows", [2, 20])
def test_relation_list_queries_do_not_grow_with_rows(
    checker_client, article, admin_user, rows, django_assert_max_num_queries
):
    made = make_claims(article, rows + 1)
    ClaimRelation.objects.bulk_create(
        ClaimRelation(from_claim=made[0], to_claim=other, kind="supports", created_by=admin_user)
        for other in made[1:]
    )
    ClaimRelation.objects.update(decided_by=admin_user, decided_at="2024-01-01T00:00Z")

    with django_assert_max_num_queries(7):
        response = checker_client.get(reverse("admin:articles_claimrelation_changelist"))
    assert len(response.context["cl"].result_list) == rows


@pytest.mark.parametrize("rows", [2, 20])
def test_claim_page_queries_do_not_grow_with_relations(
    checker_client, article, admin_user, rows, django_assert_max_num_queries
):
    made = make_claims(article, 2 * rows + 1)
    hub, others = made[0], made[1:]
    ClaimRelation.objects.bulk_create(
        [
            *(ClaimRelation(from_claim=hub, to_claim=c, kind="supports") for c in others[:rows]),
            *(ClaimRelation(from_claim=c, to_claim=hub, kind="repeats") for c in others[rows:]),
        ]
    )
    ClaimRelation.objects.update(
        created_by=admin_user, decided_by=admin_user, decided_at="2024-01-01T00:00Z"
    )

    with django_assert_max_num_queries(13):
        response = checker_client.get(claim_url(hub))
    assert response.status_code == 200
    assert response.content.decode().count('class="claim-summary"') == 2 * rows


def test_the_unfiltered_claim_list_does_not_count_the_whole_table(
    checker_client, claims, monkeypatch
):
    monkeypatch.setattr(pagination, "EXACT_COUNT_BELOW", 1)  # as if the table were large
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_claim")
    url = reverse("admin:articles_claim_changelist")

    with CaptureQueriesContext(connection) as unfiltered:
        listed = checker_client.get(url)
    with CaptureQueriesContext(connection) as filtered:
        checker_client.get(url, {"review_state__exact": "new"})

    assert listed.context["cl"].result_count >= 1
    assert not any("COUNT(" in query["sql"] for query in unfiltered.captured_queries)
    assert any("COUNT(" in query["sql"] for query in filtered.captured_queries)


def test_a_queue_the_planner_expects_to_be_long_is_not_counted(checker_client, claims, monkeypatch):
    # As if most of a million claims waited for review: counting them would read the table.
    monkeypatch.setattr(pagination, "FILTERED_EXACT_COUNT_BELOW", 1)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_claim")
    waiting = claims.filter(review_state=Claim.ReviewState.NEW)
    url = reverse("admin:articles_claim_changelist")

    with CaptureQueriesContext(connection) as queries:
        response = checker_client.get(url, {"review_state__exact": "new"})

    assert response.status_code == 200
    assert not any("COUNT(" in query["sql"] for query in queries.captured_queries)
    assert response.context["cl"].result_count >= 1  # the planner's estimate
    assert sorted(claim.pk for claim in response.context["cl"].result_list) == sorted(
        waiting.values_list("pk", flat=True)
    )
    for claim in waiting:
        assert reverse("admin:articles_claim_change", args=[claim.pk]) in response.content.decode()
