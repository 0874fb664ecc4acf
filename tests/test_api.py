"""The read API's first slice: what the public may read, and nothing it may write."""

import pytest

from articles.models import Article

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(seeds_dir, importseeds):
    importseeds(seeds_dir)
    return Article.objects.get()


def test_articles_list_and_detail(client, article):
    listing = client.get("/api/v1/articles/").json()
    detail = client.get(f"/api/v1/articles/{article.pk}/").json()

    assert [item["title"] for item in listing["results"]] == [article.title]
    assert listing["results"][0]["source"]["name"] == "عربي بوست"
    assert listing["results"][0]["published_at"] == "2022-01-28T07:49:00Z"
    assert len([b for b in detail["body"] if b["type"] == "heading"]) == 5


def test_hidden_articles_are_absent_for_the_public(client, article):
    article.visibility = Article.Visibility.HIDDEN
    article.save()

    assert client.get("/api/v1/articles/").json()["results"] == []
    assert client.get(f"/api/v1/articles/{article.pk}/").status_code == 404


def test_writes_are_refused_and_change_nothing(client, article):
    response = client.delete(f"/api/v1/articles/{article.pk}/")

    assert response.status_code in (403, 405)
    assert Article.objects.filter(pk=article.pk).exists()
