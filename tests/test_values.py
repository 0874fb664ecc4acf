"""The three-way merge that lets editors win, and the digests it compares (no database)."""

import pytest

from articles.importing.values import digests, merge_three_way


def base(**values):
    """``as_imported`` as the last import left it: the digests of the file's values."""
    return digests(values)


@pytest.mark.parametrize(
    ("last_imported", "current", "new", "updates", "conflicts"),
    [
        # Nobody edited the row: it follows the file.
        (base(title="أ"), {"title": "أ"}, {"title": "ب"}, {"title": "ب"}, {}),
        (base(title="أ"), {"title": "أ"}, {"title": "أ"}, {}, {}),
        # An editor changed it and the file did not: the editor's value stays, quietly.
        (base(title="أ"), {"title": "تحرير"}, {"title": "أ"}, {}, {}),
        # Both changed it: the editor's value stays, and it is a conflict.
        (base(title="أ"), {"title": "تحرير"}, {"title": "ب"}, {}, {"title": "ب"}),
        # Both made the same change: nothing to do, nothing to report.
        (base(title="أ"), {"title": "ب"}, {"title": "ب"}, {}, {}),
        # A field the last import did not record takes the file's value.
        ({}, {"title": "تحرير"}, {"title": "ب"}, {"title": "ب"}, {}),
        ({}, {"title": "ب"}, {"title": "ب"}, {}, {}),
        # A field missing from the row counts as None.
        (base(credit=None), {}, {"credit": "رويترز"}, {"credit": "رويترز"}, {}),
        # None and "" are different values: an editor emptying a field changed it.
        (base(credit=None), {"credit": ""}, {"credit": "رويترز"}, {}, {"credit": "رويترز"}),
        # Values that are not text: flags, numbers, JSON bodies.
        (base(is_lead=True), {"is_lead": True}, {"is_lead": False}, {"is_lead": False}, {}),
        (base(position=1), {"position": 4}, {"position": 2}, {}, {"position": 2}),
        (
            base(body=[{"type": "paragraph", "text": "نص"}]),
            {"body": [{"text": "نص", "type": "paragraph"}]},  # key order is not a change
            {"body": [{"type": "paragraph", "text": "نص جديد"}]},
            {"body": [{"type": "paragraph", "text": "نص جديد"}]},
            {},
        ),
        # Fields are merged one by one.
        (
            base(title="أ", slug="a", language="ar"),
            {"title": "تحرير", "slug": "a", "language": "ar"},
            {"title": "ب", "slug": "b", "language": "ar"},
            {"slug": "b"},
            {"title": "ب"},
        ),
    ],
)
def test_merge_three_way_keeps_editors_changes(last_imported, current, new, updates, conflicts):
    assert merge_three_way(last_imported, current, new) == (updates, conflicts)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("1", 1),
        (1, 1.0),
        (1, True),
        (0, False),
        (None, ""),
        (None, "null"),
        (None, False),
        ("true", True),
        ("أحمد", "احمد"),  # digests compare what was written, not a normalised copy
        ([], {}),
        ([1, 2], [2, 1]),
        ({"a": 1}, {"a": "1"}),
    ],
)
def test_different_values_digest_differently(first, second):
    assert digests({"field": first}) != digests({"field": second})


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ({"text": "نص", "type": "heading"}, {"type": "heading", "text": "نص"}),
        ([{"a": None, "b": [1, 2]}], [{"b": [1, 2], "a": None}]),
        (3, 3),
        ("", ""),
    ],
)
def test_equal_values_digest_alike(first, second):
    assert digests({"field": first}) == digests({"field": second})


def test_digests_stay_what_earlier_imports_stored():
    # Stored in every row's as_imported: a change here would read every field as edited.
    assert digests(
        {
            "title": "عنوان",
            "is_lead": True,
            "position": 3,
            "credit": None,
            "body": [{"type": "paragraph", "text": "نص"}],
        }
    ) == {
        "title": "7002b46a1a6f9a18",
        "is_lead": "f56975c80364f63f",
        "position": "9e251905a6d98e01",
        "credit": "7376b2cbfa0ad26e",
        "body": "4457876371221bc9",
    }
