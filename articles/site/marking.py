"""A paragraph's text with the checked claims in it marked, as safe HTML.

Pure string work: every piece of text is escaped; the marks are the only markup. Span
offsets index the paragraph's text (Python characters). A mark whose span does not fit the
text, or overlaps one already placed, is skipped rather than guessed at.
"""

from collections.abc import Callable, Iterable

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def fitting_spans(text: str, claims: Iterable) -> list:
    """The claims whose span lies inside ``text`` and overlaps no earlier one, in text order."""
    placed = []
    candidates = sorted(
        (claim for claim in claims if claim.span_start is not None and claim.span_end is not None),
        key=lambda claim: (claim.span_start, claim.span_end, claim.pk or 0),
    )
    end_of_last = 0
    for claim in candidates:
        if not (0 <= claim.span_start < claim.span_end <= len(text)):
            continue
        if claim.span_start < end_of_last:
            continue
        placed.append(claim)
        end_of_last = claim.span_end
    return placed


def mark_paragraph(
    text: str, claims: Iterable, render_mark: Callable[[object, str], str]
) -> SafeString:
    """``text`` escaped, each fitting claim's span replaced by ``render_mark(claim, escaped)``.

    ``render_mark`` receives the claim and its span's text already escaped and must escape
    anything else it writes (``format_html`` does).
    """
    pieces: list[str] = []
    position = 0
    for claim in fitting_spans(text, claims):
        pieces.append(escape(text[position : claim.span_start]))
        pieces.append(render_mark(claim, escape(text[claim.span_start : claim.span_end])))
        position = claim.span_end
    pieces.append(escape(text[position:]))
    # Safe: every piece above is escaped, the marks render through autoescaping templates.
    return mark_safe("".join(pieces))
