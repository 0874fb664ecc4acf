"""The site's starting points: what a reader (or an editor, signed in) may see."""

from articles.models import Article, Claim

# Never read by a page: the search vectors (kilobytes a row) and the import digests.
HEAVY_ARTICLE_FIELDS = ("search_vector", "rank_vector", "as_imported")


def visible_articles(user):
    return Article.objects.visible_to(user).select_related("source").defer(*HEAVY_ARTICLE_FIELDS)


def article_list_rows(user):
    """Articles as a list shows them: no body either."""
    return visible_articles(user).defer("body", "parse_warnings", "merge_warnings")


def checked_claims(user):
    """Fact-checks: published verdicts on claims of articles the user may see."""
    return (
        Claim.objects.visible_to(user)
        .checked()
        .select_related("speaker", "article", "verdict")
        .defer(
            "as_imported",
            "figures",
            *(f"article__{field}" for field in HEAVY_ARTICLE_FIELDS),
            "article__body",
            "article__parse_warnings",
            "article__merge_warnings",
        )
    )
