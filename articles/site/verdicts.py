"""How a claim's review reads to the public: one place, swapped when editors manage verdicts.

A claim is *checked* once its status is anything but ``unreviewed``; only checked claims are
shown as fact-checks. Each verdict has a label, a colour (a CSS class), a symbol so the mark
does not rely on colour alone, and its schema.org ``Rating`` for ClaimReview.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from articles.models import Claim

# ClaimReview ratings on a 1 (false) to 5 (accurate) scale; the label travels as
# ``alternateName``, which is what search engines show.
BEST_RATING = 5
WORST_RATING = 1


@dataclass(frozen=True)
class Verdict:
    status: str
    label: "str | Promise"
    css_class: str
    symbol: str
    rating: int

    def as_rating(self) -> dict:
        return {
            "@type": "Rating",
            "ratingValue": self.rating,
            "bestRating": BEST_RATING,
            "worstRating": WORST_RATING,
            "alternateName": str(self.label),
        }


VERDICTS = {
    verdict.status: verdict
    for verdict in (
        Verdict(Claim.Status.VERIFIED, _("Accurate"), "verdict-accurate", "✓", 5),
        Verdict(Claim.Status.DISPUTED, _("Disputed"), "verdict-disputed", "⚠", 3),
        # Neither true nor false: the middle of the scale, named by its label.
        Verdict(Claim.Status.UNVERIFIABLE, _("Unverifiable"), "verdict-unverifiable", "?", 2),
        Verdict(Claim.Status.FALSE, _("False"), "verdict-false", "✗", 1),
    )
}

CHECKED_STATUSES = tuple(VERDICTS)


def verdict_of(claim) -> Verdict | None:
    """The claim's public verdict; None while it is unreviewed (never shown as checked)."""
    return VERDICTS.get(claim.status)


def is_checked(claim) -> bool:
    return claim.status in VERDICTS
