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


def test_a_lead_match_ranks_above_a_later_mention_and_those_come_newest_first(
    seeds_dir, seed_text, importseeds
):
    # The three bodies name the same place; where it stands decides the order.
    headline, lines = seed_text.splitlines()[0], seed_text.splitlines()
    lead = next(i for i, line in enumerate(lines) if line.startswith("قالت صحيفة"))
    last = max(i for i, line in enumerate(lines) if len(line) > 80)

    def variant(name, title, day, where):
        changed = list(lines)
        changed[0] = title
        changed[where] = f"{changed[where]} وزار الوفد بلدة الشدادي."
        text = "\n".join(changed).replace("2022/01/28", f"2022/01/{day}")
        (seeds_dir / name).write_text(text, encoding="utf-8")

    variant("lead.txt", "في المقدمة", 10, lead)
    variant("older.txt", "في الآخر، أقدم", 11, last)
    variant("newer.txt", "في الآخر، أحدث", 12, last)
    importseeds(seeds_dir)

    titles = [article.title for article in Article.objects.search("الشدادي")]
    assert titles == ["في المقدمة", "في الآخر، أحدث", "في الآخر، أقدم"]
    assert headline not in titles
