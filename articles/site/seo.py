"""What a page tells search engines and link previews: canonical address, description,
schema.org JSON-LD (NewsArticle, ClaimReview)."""

import json

from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from articles.site.verdicts import review_rating, verdict_of

SITE_NAME = _("News archive")
DESCRIPTION_LENGTH = 160

# As Django's json_script: nothing in the data can close the script element.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_ld(data: dict) -> SafeString:
    text = json.dumps(data, ensure_ascii=False, default=str).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', SafeString(text))


def describe(text: str) -> str:
    """A meta description: the text's first words, one line, at most 160 characters."""
    return Truncator(" ".join(text.split())).chars(DESCRIPTION_LENGTH)


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _without_empty(data: dict) -> dict:
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def publisher() -> dict:
    return {"@type": "Organization", "name": str(SITE_NAME)}


def article_json_ld(article, url: str, image_url: str | None) -> dict:
    return _without_empty(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": article.title,
            "url": url,
            "mainEntityOfPage": url,
            "inLanguage": article.language,
            "datePublished": _iso(article.published_at),
            "dateModified": _iso(article.updated_at or article.published_at),
            "publisher": (
                {"@type": "Organization", "name": article.source.name}
                if article.source
                else publisher()
            ),
            "image": [image_url] if image_url else None,
        }
    )


def claim_review_json_ld(claim, url: str, article_url: str) -> dict:
    verdict = verdict_of(claim)
    if verdict is None:
        raise ValueError("an unpublished claim has no review to describe")
    speaker = claim.speaker
    author = None
    if speaker:
        kind = "Organization" if speaker.kind == speaker.Kind.ORGANISATION else "Person"
        author = {"@type": kind, "name": speaker.name}
    return _without_empty(
        {
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "url": url,
            "claimReviewed": claim.statement,
            "datePublished": _iso(claim.reviewed_at),
            "inLanguage": claim.article.language,
            "author": publisher(),
            "reviewRating": review_rating(verdict, claim.verdict_explanation),
            "itemReviewed": _without_empty(
                {
                    "@type": "Claim",
                    "author": author,
                    "datePublished": _iso(claim.stated_on),
                    "appearance": {
                        "@type": "NewsArticle",
                        "url": article_url,
                        "headline": claim.article.title,
                    },
                }
            ),
        }
    )
