"""The desk's roles: each can do its job and nothing of another's; logins resist guessing."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import ngettext

from articles.models import Claim, ClaimRelation, Speaker, Verdict
from tests.test_admin import change_form_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("desk_roles")]

ROLES = ["editor-in-chief", "editor", "fact-checker", "viewer"]


class RoleClient(Client):
    """A browser signed in as one user, who is at hand for the assertions."""

    def __init__(self, user, **defaults):
        super().__init__(**defaults)
        self.force_login(user)
        self.user = user


def client_for(role: str) -> RoleClient:
    user = get_user_model().objects.create_user(role, password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return RoleClient(user, HTTP_HOST="localhost")


@pytest.fixture
def claim(article):
    return Claim.objects.filter(article=article).order_by("pk").first()


def change_url(obj) -> str:
    return reverse(f"admin:articles_{obj._meta.model_name}_change", args=[obj.pk])


def post_change(client, obj, **changes):
    data = change_form_data(client.get(change_url(obj)))
    data.update(changes)
    return client.post(change_url(obj), data)


def test_the_four_roles_exist_as_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= set(ROLES)


def test_a_fact_checker_sets_verdicts_but_cannot_rewrite_the_statement_or_its_article(
    claim, bare_second_article
):
    client = client_for("fact-checker")
    statement = claim.statement
    page = client.get(change_url(claim)).content.decode()
    assert 'name="statement"' not in page
    assert 'name="article"' not in page

    response = post_change(
        client,
        claim,
        verdict=Verdict.objects.get(slug="false").pk,
        statement="نص مختلف",
        article=bare_second_article.pk,
    )

    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.verdict.slug, claim.statement, claim.article_id) == (
        "false",
        statement,
        claim.article_id,
    )
    assert claim.article_id != bare_second_article.pk


def test_a_fact_checker_may_add_a_claim_with_its_text(claim):
    client = client_for("fact-checker")
    response = client.post(
        reverse("admin:articles_claim_add"),
        {
            "article": claim.article_id,
            "paragraph": 2,
            "statement": "ادعاء أضافه مدقق",
            "span_start": 0,
            "span_end": 10,
            "verdict": "",
            "review_state": "new",
            "origin": "editor",
            "in_current_text": "on",
            "figures": "[]",
            "relations_from-TOTAL_FORMS": 0,
            "relations_from-INITIAL_FORMS": 0,
            "relations_to-TOTAL_FORMS": 0,
            "relations_to-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Claim.objects.filter(statement="ادعاء أضافه مدقق", span_end=10).exists()


def test_a_fact_checker_cannot_change_articles_or_speakers(article, claim):
    client = client_for("fact-checker")
    assert client.get(change_url(article)).status_code == 200  # to read the context
    assert client.post(change_url(article), {"title": "x"}).status_code == 403
    speaker = Speaker.objects.first()
    assert client.post(change_url(speaker), {"name": "x"}).status_code == 403
    assert client.post(reverse("admin:articles_article_add"), {}).status_code == 403


def test_the_editor_in_chief_may_rewrite_a_statement(claim):
    client = client_for("editor-in-chief")
    response = post_change(client, claim, statement="نص صححه رئيس التحرير")
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.statement == "نص صححه رئيس التحرير"


def test_an_editor_hides_an_article_but_only_reads_claims(article, claim):
    client = client_for("editor")
    # Hiding takes a reason (kept with the article and in its history).
    response = post_change(
        client, article, visibility="hidden", visibility_reason="بانتظار تدقيق الأرقام"
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.visibility, article.visibility_reason) == ("hidden", "بانتظار تدقيق الأرقام")

    assert client.get(change_url(claim)).status_code == 200
    false = Verdict.objects.get(slug="false")
    assert client.post(change_url(claim), {"verdict": false.pk}).status_code == 403
    claim.refresh_from_db()
    assert claim.verdict is None


def test_a_viewer_reads_everything_and_changes_nothing(article, claim):
    client = client_for("viewer")
    other = Claim.objects.exclude(pk=claim.pk).first()
    relation = ClaimRelation.objects.create(
        from_claim=claim, to_claim=other, kind="supports", status="proposed"
    )
    for model in ["article", "claim", "claimrelation", "speaker", "source"]:
        assert client.get(reverse(f"admin:articles_{model}_changelist")).status_code == 200
    for obj in [article, claim, relation]:
        assert client.get(change_url(obj)).status_code == 200
        assert client.post(change_url(obj), {}).status_code == 403

    client.post(
        reverse("admin:articles_claimrelation_changelist"),
        {"action": "confirm_relations", "_selected_action": [relation.pk]},
    )
    client.post(
        reverse("admin:articles_claim_changelist"),
        {"action": "mark_false", "_selected_action": [claim.pk]},
    )
    relation.refresh_from_db()
    claim.refresh_from_db()
    assert (relation.status, claim.verdict) == ("proposed", None)


@pytest.fixture
def bare_second_article():
    from articles.models import Article

    return Article.objects.create(title="مقال آخر", sha256="1" * 64, fingerprint="other")


def test_two_editors_saving_the_same_claim_the_second_is_told_what_changed(claim):
    first, second = client_for("fact-checker"), client_for("editor-in-chief")
    first_form = change_form_data(first.get(change_url(claim)))
    second_form = change_form_data(second.get(change_url(claim)))

    verified = Verdict.objects.get(slug="verified")
    assert first.post(change_url(claim), {**first_form, "verdict": verified.pk}).status_code == 302
    refused = second.post(change_url(claim), {**second_form, "review_note": "ملاحظة متأخرة"})

    assert refused.status_code == 200
    form = refused.context["adminform"].form
    assert [error.code for error in form.non_field_errors().as_data()] == ["concurrent_edit"]
    errors = " ".join(form.non_field_errors())
    # What the desk reads, computed as the form computes it, in Arabic.
    with translation.override("ar"):
        who = str(Claim._meta.verbose_name)
        what = translation.gettext("%(field)s is now “%(value)s”") % {
            "field": capfirst(Claim._meta.get_field("verdict").verbose_name),
            "value": Verdict.objects.get(slug="verified").label,
        }
    assert who in errors
    assert what in errors
    claim.refresh_from_db()
    assert (claim.verdict, claim.review_note) == (verified, "")

    # Saving again after reading the message is a deliberate overwrite.
    again = second.post(change_url(claim), change_form_data(refused))
    assert again.status_code == 302
    claim.refresh_from_db()
    assert claim.review_note == "ملاحظة متأخرة"


def test_saving_an_unchanged_claim_twice_in_a_row_is_not_a_conflict(claim):
    client = client_for("fact-checker")
    assert post_change(client, claim, review_note="أولى").status_code == 302
    assert post_change(client, claim, review_note="ثانية").status_code == 302
    claim.refresh_from_db()
    assert claim.review_note == "ثانية"


def login(client, password: str):
    return client.post(
        reverse("admin:login"),
        {"username": "guarded", "password": password, "next": reverse("admin:index")},
    )


def test_the_sixth_wrong_password_locks_the_login_even_with_the_right_one(settings):
    get_user_model().objects.create_user("guarded", password="right-password", is_staff=True)
    client = Client(HTTP_HOST="localhost")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "wrong")

    refused = login(client, "right-password")

    assert refused.status_code == 429
    with translation.override("ar"):
        locked = ngettext(
            "This account is locked after %(limit)s wrong password from this address.",
            "This account is locked after %(limit)s wrong passwords from this address.",
            settings.AXES_FAILURE_LIMIT,
        ) % {"limit": settings.AXES_FAILURE_LIMIT}
    assert f'<p class="errornote">{locked}</p>' in refused.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_few_wrong_passwords_then_the_right_one_logs_in(settings):
    get_user_model().objects.create_user("guarded", password="right-password", is_staff=True)
    client = Client(HTTP_HOST="localhost")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "wrong").status_code == 200

    assert login(client, "right-password").status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200
