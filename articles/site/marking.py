"""A paragraph's text with the checked claims in it marked, as safe HTML.

Pure string work: every piece of text is escaped; the marks are the only markup. Span
offsets index the paragraph's text (Python characters). A mark whose span does not fit the
text, or overlaps one already placed, is skipped rather than guessed at.
"""

from collections.abc import Callable, Iterable
from typing import Any

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


def paragraph_pieces(text: str, claims: Iterable) -> list[tuple[int, str, Any]]:
    """``text`` cut at the fitting claims' spans: (offset, piece of text, claim or None).

    The pieces, joined, are ``text`` again; each knows where it starts, so a page that
    renders them can map a reader's selection back to offsets in the stored text.
    """
    pieces: list[tuple[int, str, Any]] = []
    position = 0
    for claim in fitting_spans(text, claims):
        if claim.span_start > position:
            pieces.append((position, text[position : claim.span_start], None))
        pieces.append((claim.span_start, text[claim.span_start : claim.span_end], claim))
        position = claim.span_end
    if position < len(text) or not pieces:
        pieces.append((position, text[position:], None))
    return pieces


def mark_paragraph(
    text: str, claims: Iterable, render_mark: Callable[[object, str], str]
) -> SafeString:
    """``text`` escaped, each fitting claim's span replaced by ``render_mark(claim, escaped)``.

    ``render_mark`` receives the claim and its span's text already escaped and must escape
    anything else it writes (``format_html`` does).
    """
    pieces = [
        escape(piece) if claim is None else render_mark(claim, escape(piece))
        for _, piece, claim in paragraph_pieces(text, claims)
    ]
    # Safe: every piece above is escaped, the marks render through autoescaping templates.
    return mark_safe("".join(pieces))
