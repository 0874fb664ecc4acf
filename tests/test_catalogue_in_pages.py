"""No English left of ours: the desk's and the site's main pages read in Arabic throughout.

A guard for words added later and not yet translated: every msgid of the catalogue that is
a phrase (two words or more) is looked for, in English, in each page as rendered for an
Arabic reader. ``./scripts/messages`` then translating the new msgids makes it pass again.
"""

import html
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from articles.models import Article, Claim, ClaimRelation, Speaker, Verdict
from tests.test_admin import change_form_data
from tests.test_catalogue import CATALOGUE, read_po

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("desk_roles")]

PLACEHOLDER = re.compile(r"%\([a-z_]+\)[a-z0-9]+|%[sd]|\{[a-z_0-9]*\}")


def english_phrases() -> set[str]:
    """The catalogue's English phrases, cut at their placeholders, of two words or more."""
    phrases = set()
    for entry in read_po((CATALOGUE / "django.po").read_text(encoding="utf-8")):
        for msgid in (entry.msgid, entry.msgid_plural):
            for part in PLACEHOLDER.split(msgid or ""):
                part = part.strip(" .,:;()“”\"'")
                if len(re.findall(r"[A-Za-z]+", part)) >= 2:
                    phrases.add(part)
    return phrases


def untranslated(response) -> list[str]:
    assert response.status_code in (200, 404, 429), response.status_code
    text = html.unescape(response.content.decode())
    return sorted(phrase for phrase in english_phrases() if phrase in text)


@pytest.fixture
def desk(article):
    """The seed article with its claims checked, related, assigned and edited once."""
    claims = list(Claim.objects.filter(article=article).order_by("pk"))
    reviewed = {"reviewed_at": "2024-01-01T00:00Z", "review_state": Claim.ReviewState.PUBLISHED}
    Claim.objects.filter(pk=claims[0].pk).update(
        verdict=Verdict.objects.get(slug="false"), **reviewed
    )
    Claim.objects.filter(pk__in=[c.pk for c in claims[1:]]).update(
        verdict=Verdict.objects.get(slug="verified"), **reviewed
    )
    ClaimRelation.objects.create(
        from_claim=claims[0], to_claim=claims[1], kind="contradicts", status="confirmed"
    )
    proposed = ClaimRelation.objects.create(
        from_claim=claims[1], to_claim=claims[0], kind="corrects", status="proposed"
    )
    Speaker.objects.create(name="متحدث آخر للدمج", kind=Speaker.Kind.PERSON)
    return article, claims, proposed


@pytest.fixture
def chief(db):
    user = get_user_model().objects.create_user("chief", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="editor-in-chief"))
    client = Client(HTTP_HOST="localhost", HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def admin_pages(client, article, claims, proposed) -> dict[str, object]:
    # An edit of the article's text, so its history has a diff to show.
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = change_form_data(client.get(url))
    data["title"] = article.title + " (معدّل)"
    assert client.post(url, data).status_code == 302
    claim = claims[0]
    speakers = list(Speaker.objects.order_by("pk").values_list("pk", flat=True)[:2])
    return {
        "index": client.get(reverse("admin:index")),
        "articles": client.get(reverse("admin:articles_article_changelist")),
        "article": client.get(url),
        "article history": client.get(reverse("admin:articles_article_history", args=[article.pk])),
        "hide articles": client.post(
            reverse("admin:articles_article_changelist"),
            {"action": "hide_articles", "_selected_action": [article.pk]},
        ),
        "claims": client.get(reverse("admin:articles_claim_changelist")),
        "claim": client.get(reverse("admin:articles_claim_change", args=[claim.pk])),
        "claim history": client.get(reverse("admin:articles_claim_history", args=[claim.pk])),
        "my queue": client.get(reverse("admin:articles_claim_my_queue"), follow=True),
        "assign claims": client.post(
            reverse("admin:articles_claim_changelist"),
            {"action": "assign_to_user", "_selected_action": [c.pk for c in claims]},
        ),
        "review": client.get(reverse("admin:articles_article_review", args=[article.pk])),
        "relations": client.get(reverse("admin:articles_claimrelation_changelist")),
        "relations to decide": client.get(
            reverse("admin:articles_claimrelation_changelist") + "?decision=to-decide"
        ),
        "compare": client.get(reverse("admin:articles_claimrelation_compare", args=[proposed.pk])),
        "verdicts": client.get(reverse("admin:articles_verdict_changelist")),
        "verdict": client.get(
            reverse("admin:articles_verdict_change", args=[Verdict.objects.get(slug="false").pk])
        ),
        "speakers": client.get(reverse("admin:articles_speaker_changelist")),
        "speaker": client.get(reverse("admin:articles_speaker_change", args=[claim.speaker_id])),
        "merge speakers": client.post(
            reverse("admin:articles_speaker_changelist"),
            {"action": "merge_speakers", "_selected_action": speakers},
        ),
        "sources": client.get(reverse("admin:articles_source_changelist")),
        "images": client.get(reverse("admin:articles_image_changelist")),
    }


def test_the_desks_pages_show_no_english_phrase_of_ours(chief, desk):
    for name, response in admin_pages(chief, *desk).items():
        assert untranslated(response) == [], name


def test_the_desks_messages_after_its_actions_are_arabic(chief, desk):
    article, claims, _proposed = desk
    changelist = reverse("admin:articles_claim_changelist")
    actions = ("verdict_verified", "verdict_none", "state_in_review", "state_published")
    for action in (*actions, "assign_to_me", "unassign"):
        response = chief.post(
            changelist,
            {"action": action, "_selected_action": [c.pk for c in claims]},
            follow=True,
        )
        assert untranslated(response) == [], action
    response = chief.post(
        reverse("admin:articles_article_changelist"),
        {
            "action": "hide_articles",
            "_selected_action": [article.pk],
            "apply": "1",
            "reason": "بانتظار التدقيق",
        },
        follow=True,
    )
    assert Article.objects.get(pk=article.pk).visibility == Article.Visibility.HIDDEN
    assert untranslated(response) == []


def test_the_login_and_lockout_pages_show_no_english_phrase_of_ours(settings):
    get_user_model().objects.create_user("guarded", password="right", is_staff=True)
    client = Client(HTTP_HOST="localhost", HTTP_ACCEPT_LANGUAGE="en")
    login = reverse("admin:login")
    assert untranslated(client.get(login)) == []
    for _attempt in range(settings.AXES_FAILURE_LIMIT + 1):
        response = client.post(login, {"username": "guarded", "password": "wrong"})
    assert response.status_code == 429
    assert untranslated(response) == []


def test_the_reading_sites_pages_show_no_english_phrase_of_ours(desk):
    article, claims, _proposed = desk
    client = Client(HTTP_HOST="localhost", HTTP_ACCEPT_LANGUAGE="en")
    year = article.published_at.year
    pages = {
        "home": "/",
        "articles": reverse("articles:list"),
        "article": article.get_absolute_url(),
        "search": reverse("articles:list") + "?q=الوزير",
        "no results": reverse("articles:list") + "?q=كلمةغيرموجودةأبدا",
        "search with filters": reverse("articles:list")
        + f"?q=الوزير&published_from={year}-01-01&published_to={year}-12-31&checked=on&sort=date",
        "no results with filters": reverse("articles:list")
        + f"?q=كلمةغيرموجودةأبدا&published_from={year}-01-01&published_to={year}-12-31&checked=on",
        "archive": reverse("articles:archive"),
        "fact-checks": reverse("articles:claims"),
        "verdict": reverse("articles:claims_by_verdict", args=["false"]),
        "claim": reverse("articles:claim", args=[claims[0].pk]),
        "speaker": reverse("articles:speaker", args=[claims[0].speaker_id]),
        "year": reverse("articles:archive_year", args=[year]),
        "not found": "/no-such-page/",
    }
    if article.source_id:
        pages["source"] = reverse("articles:source", args=[article.source.slug])
    for name, url in pages.items():
        assert untranslated(client.get(url)) == [], name


def test_the_guard_sees_english_when_there_is_some(chief, desk):
    # The English desk shows the catalogue's phrases: the check finds what it looks for.
    chief.post(reverse("set_language"), {"language": "en", "next": "/admin/"})
    response = chief.get(reverse("admin:articles_claim_changelist"))
    assert "Publish selected claims" in untranslated(response)
