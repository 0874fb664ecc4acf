"""Arabic full-text search over the archive, whatever spelling the reader types."""

import pytest

from articles.models import Article

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed_article(seeds_dir, importseeds):
    importseeds(seeds_dir)
    return Article.objects.get()


@pytest.mark.parametrize(
    "query",
    [
        "الأطفال",  # the text has والأطفال: the و must not hide the word
        "الاطفال",  # bare alef
        "الأَطْفَال",  # with tashkeel
        "الأطفـــال",  # with tatweel
        "٤٥ ألف",  # Arabic-Indic digits for the text's 45
        "مستشفى OR الحسكة",  # web-search syntax
    ],
)
def test_search_finds_the_article_whatever_the_spelling(seed_article, query):
    assert list(Article.objects.search(query)) == [seed_article]


def test_search_for_a_word_not_in_the_archive_finds_nothing(seed_article):
    assert not Article.objects.search("كرة القدم").exists()


def test_headline_matches_rank_above_body_matches(seeds_dir, seed_text, importseeds):
    headline = seed_text.splitlines()[0]
    (seeds_dir / "another.txt").write_text(
        seed_text.replace(headline, "تقرير عن سجن الصناعة", 1), encoding="utf-8"
    )
    importseeds(seeds_dir)

    # Both bodies mention the prison; only one headline does.
    titles = [article.title for article in Article.objects.search("سجن الصناعة")]
    assert titles == ["تقرير عن سجن الصناعة", headline]
