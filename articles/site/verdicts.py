"""How a claim's review reads to the public: the one place that turns ``Verdict`` rows
into what readers see.

A claim is *checked* once it is published with a verdict; only checked claims are shown
as fact-checks (``ClaimQuerySet.checked``). Each verdict row gives its label, a symbol
so the mark does not rely on colour alone, its colour (a class per verdict,
``verdict-<slug>``, coloured by the small stylesheet ``verdict_styles`` writes: no
``style`` attribute, so a Content-Security-Policy need not allow inline styles), and its
schema.org ``Rating`` for ClaimReview.
"""

from articles.models import Verdict

# ClaimReview ratings on a 1 (false) to 5 (accurate) scale; the verdict's alternateName
# is what search engines show.
BEST_RATING = 5
WORST_RATING = 1

# How the mark under a claim is drawn, by rating: a second cue besides the colour.
UNDERLINES = {5: "double", 4: "double", 3: "dashed", 2: "dashed", 1: "solid"}


def verdict_of(claim) -> Verdict | None:
    """The claim's public verdict; None until it is published (never shown as checked)."""
    return claim.public_verdict


def is_checked(claim) -> bool:
    return claim.public_verdict is not None


def review_rating(verdict: Verdict, explanation: str = "") -> dict:
    """ClaimReview's ``reviewRating``; a verdict without a rating value names itself only."""
    rating: dict = {"@type": "Rating"}
    if verdict.rating_value is not None:
        rating |= {
            "ratingValue": verdict.rating_value,
            "bestRating": BEST_RATING,
            "worstRating": WORST_RATING,
        }
    rating["alternateName"] = verdict.alternate_name or verdict.label
    if explanation:
        rating["ratingExplanation"] = explanation
    return rating


def verdict_styles(verdicts) -> str:
    """A stylesheet giving each verdict's class its colours (the rows' own, validated as
    #rrggbb by the model and a check constraint, so nothing else is ever written here)."""
    rules = []
    for verdict in verdicts:
        underline = UNDERLINES.get(verdict.rating_value, "dotted")
        rules.append(
            f".{verdict.css_class} {{ --verdict: {verdict.colour}; "
            f"--verdict-bg: color-mix(in srgb, {verdict.colour} 12%, #fff); "
            f"--underline: {underline}; }}"
        )
    return "\n".join(rules) + "\n"
