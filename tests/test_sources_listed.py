"""A source is named to the public only while it has an article the public may see."""

import pytest

from articles.models import Article, Source

pytestmark = pytest.mark.django_db

API = "/api/v1"


def hide(article):
    article.visibility = Article.Visibility.HIDDEN
    article.visibility_reason = "legal"
    article.save()


def slugs(client) -> list[str]:
    return [source["slug"] for source in client.get(f"{API}/sources/").json()["results"]]


def test_a_source_whose_only_article_is_hidden_is_not_listed(client, article):
    source = article.source
    Source.objects.create(name="صحيفة بلا مقالات", slug="صحيفة-بلا-مقالات")
    assert slugs(client) == [source.slug]

    hide(article)

    assert slugs(client) == []
    assert client.get(f"{API}/sources/{source.slug}/").status_code == 404
    assert client.get(f"/sources/{source.slug}/").status_code == 404
    assert client.get(f"/sources/{source.slug}/feed/").status_code == 404
    search_page = client.get("/articles/").content.decode()
    assert source.name not in search_page
    assert client.get("/articles/", {"source": source.slug}).status_code == 400


def test_staff_still_see_a_source_of_hidden_articles(admin_client, article):
    hide(article)

    assert slugs(admin_client) == [article.source.slug]
    assert admin_client.get(f"/sources/{article.source.slug}/").status_code == 200


def test_a_source_is_listed_again_when_an_article_is_shown_again(client, article):
    hide(article)
    article.visibility = Article.Visibility.PUBLIC
    article.visibility_reason = ""
    article.save()

    assert slugs(client) == [article.source.slug]
    assert client.get(f"/sources/{article.source.slug}/").status_code == 200
