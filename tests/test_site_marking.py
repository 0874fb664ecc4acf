"""Checked claims marked at their exact span in a paragraph, a photo's size from its header:
pure functions, no database."""

from types import SimpleNamespace

import pytest

from articles.site.images import size_from_header
from articles.site.marking import fitting_spans, mark_paragraph
from tests.site_factories import png


def claim(start, end, pk=1):
    return SimpleNamespace(span_start=start, span_end=end, pk=pk)


def brackets(claim, text):
    return f"[{text}]"


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        ("قال الوزير إن المطر غزير", [(14, 24)], "قال الوزير إن [المطر غزير]"),
        # Two marks in one paragraph, given out of order.
        ("أ ب ج د", [(4, 5), (0, 1)], "[أ] ب [ج] د"),
        # A span past the end of the text (the text changed): not marked, not guessed.
        ("نص قصير", [(3, 40)], "نص قصير"),
        # An empty or reversed span, a missing one.
        ("نص قصير", [(3, 3), (5, 2), (None, None)], "نص قصير"),
        # Overlapping spans: the first wins, the other is skipped.
        ("واحد اثنان ثلاثة", [(0, 10), (5, 16)], "[واحد اثنان] ثلاثة"),
        # Touching spans are both marked.
        ("واحد اثنان", [(0, 4), (4, 10)], "[واحد][ اثنان]"),
    ],
)
def test_claims_are_marked_at_their_exact_span_or_not_at_all(text, spans, expected):
    claims = [claim(start, end, pk) for pk, (start, end) in enumerate(spans, 1)]
    assert mark_paragraph(text, claims, brackets) == expected


def test_markup_in_the_paragraph_is_escaped_inside_and_outside_the_mark():
    text = 'قال <b>أحد</b> إن "<script>x</script>" & غير ذلك'
    start = text.index('"')
    html = mark_paragraph(text, [claim(start, start + 20)], brackets)
    assert "<script>" not in html
    assert "<b>" not in html
    assert "&lt;b&gt;أحد&lt;/b&gt;" in html
    assert "[&quot;&lt;script&gt;x&lt;/script&gt;&quot;]" in html
    assert html.endswith("&amp; غير ذلك")


def test_offsets_count_characters_not_bytes():
    text = "قالت الوزارة: الميناء مغلق"
    start = text.index("الميناء")
    assert fitting_spans(text, [claim(start, len(text))])[0].span_start == start
    assert mark_paragraph(text, [claim(start, len(text))], brackets).endswith("[الميناء مغلق]")


def test_a_photos_size_is_read_from_its_header():
    assert size_from_header(png(1200, 500)) == (1200, 500)
    assert size_from_header(
        b"GIF89a" + (640).to_bytes(2, "little") + (480).to_bytes(2, "little")
    ) == (640, 480)
    jpeg = (
        b"\xff\xd8"
        + b"\xff\xe0\x00\x04ab"
        + b"\xff\xc0\x00\x11\x08"
        + (300).to_bytes(2, "big")
        + (400).to_bytes(2, "big")
        + b"\x03"
    )
    assert size_from_header(jpeg) == (400, 300)
    assert size_from_header(b"not an image") is None
