"""Input a client chooses never makes a 500: each bad value is a 400 that says what is wrong."""

import pytest
from django.utils import translation

from articles.models import Article

pytestmark = pytest.mark.django_db

API = "/api/v1"
NUL_MESSAGE_AR = "يحتوي العنوان على محرف NUL، وهو ما يرفضه الأرشيف."


@pytest.mark.parametrize(
    ("address", "parameter"),
    [
        (f"{API}/articles/?search=%00", "search"),
        (f"{API}/articles/?source=ab%00cd", "source"),
        (f"{API}/claims/export.csv?speaker=%00", "speaker"),
        (f"{API}/claims/?ordering=id%00", "ordering"),
    ],
)
def test_a_nul_byte_in_an_api_parameter_is_a_400_naming_it(client, article, address, parameter):
    response = client.get(address, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert "NUL" in response.json()[parameter][0]


@pytest.mark.parametrize("address", [f"{API}/sources/%00/", f"{API}/articles/%00/"])
def test_a_nul_byte_in_an_api_path_is_not_found(client, article, address):
    response = client.get(address)

    assert response.status_code == 404
    assert "detail" in response.json()


@pytest.mark.parametrize(
    "address", ["/articles/?q=%00", "/articles/?q=سجن%00", "/claims/?cursor=%00"]
)
def test_a_nul_byte_in_a_site_address_is_a_400_page_in_arabic(client, article, address):
    response = client.get(address)

    assert response.status_code == 400
    with translation.override("ar"):
        assert NUL_MESSAGE_AR in response.content.decode()


@pytest.mark.parametrize(
    "address",
    [
        "/admin/articles/article/?source__id__exact=%00",
        "/admin/articles/article/?visibility__exact=%00",
        "/admin/articles/article/?q=%00",
        "/admin/articles/claim/?q=ab%00",
        "/admin/articles/speaker/?kind__exact=%00",
    ],
)
def test_a_nul_byte_in_an_admin_filter_or_search_is_a_400(admin_client, article, address):
    response = admin_client.get(address)

    assert response.status_code == 400
    assert NUL_MESSAGE_AR in response.content.decode()


def test_an_ordinary_address_still_answers(client, admin_client, article):
    assert client.get(f"{API}/sources/").status_code == 200
    assert client.get("/articles/?q=سجن").status_code == 200
    assert admin_client.get("/admin/articles/article/?q=سجن").status_code == 200


def test_a_search_with_150_excluded_words_answers(client, article):
    many = " ".join(["-ab"] * 150)

    api = client.get(f"{API}/articles/", {"search": f"سجن {many}"})

    assert api.status_code == 200
    assert [item["id"] for item in api.json()["results"]] == [article.pk]


def test_the_site_search_takes_as_many_excluded_words_as_fit_and_refuses_longer(client, article):
    fits = "سجن " + " ".join(["-ab"] * 49)
    too_long = fits + " -abcd"

    site = client.get("/articles/", {"q": fits})
    refused = client.get("/articles/", {"q": too_long})

    assert len(fits) <= 200 < len(too_long)
    assert site.status_code == 200
    assert article.title in site.content.decode()
    assert refused.status_code == 400


def test_excluded_words_still_exclude_after_many_others(article):
    words = " ".join(f"-كلمة{n}" for n in range(150))

    assert list(Article.objects.search(f"سجن {words}")) == [article]
    assert not Article.objects.search(f"سجن {words} -الحسكه").exists()
