"""Which statements disagree: the comparison behind contradiction proposals (no database)."""

import pytest

from articles.parsing.disagreement import (
    Statement,
    content_words,
    disagreeing_spans,
    disagreement,
    figures_disagree,
    overlaps,
    unit_key,
)
from articles.parsing.text import normalize_arabic


def figure(value, qualifier="", unit="شخص", text=""):
    return {"value": value, "text": text or str(value), "qualifier": qualifier, "unit": unit}


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        (figure(200, "at_least"), figure(150), True),  # "at least 200" rules out 150
        (figure(200, "at_least"), figure(200), False),
        (figure(200, "at_least"), figure(250), False),
        (figure(200, "more_than"), figure(200), True),
        (figure(200, "more_than"), figure(201), False),
        (figure(100, "up_to"), figure(50), False),
        (figure(100, "up_to"), figure(101), True),
        (figure(100, "less_than"), figure(150), True),
        (figure(40, "about"), figure(42), False),  # "about 40" allows 42
        (figure(100, "about"), figure(125), True),  # but not 25% more
        (figure(100, "about"), figure(79), True),
        (figure(5), figure(5), False),
        (figure(5), figure(6), True),
        (figure(2.5), figure(2.5), False),
        (figure(200, "at_least"), figure(100, "up_to"), True),
        (figure(200, "at_least"), figure(300, "up_to"), False),
    ],
)
def test_figures_disagree_when_both_cannot_be_true(first, second, expected):
    assert figures_disagree(first, second) is expected
    assert figures_disagree(second, first) is expected


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        ("في من على الذي إلى", set()),  # stop words say nothing about the subject
        ("لم ليس ولا", set()),  # nor do negations
        ("2021 ٣٣", set()),  # nor bare numbers, in either digits
        ("المدينة", {"مدينة"}),  # the article goes from long words
        ("والأطفال", {"اطفال"}),  # and a leading و before it
        ("وزير قتل", {"وزير", "قتل"}),  # four letters or fewer: all of it is the word
        ("هو يا ال", set()),  # two letters or fewer: dropped
    ],
)
def test_content_words_are_what_a_statement_is_about(statement, expected):
    assert content_words(normalize_arabic(statement).split()) == expected


@pytest.mark.parametrize(
    ("first", "second", "share", "expected"),
    [
        ({"a", "b", "c", "d"}, {"a", "b", "c", "e"}, 0.5, True),  # 3 of 5
        ({"a", "b", "c", "d"}, {"a", "e", "f", "g"}, 0.2, False),  # 1 of 7
        ({"a", "b"}, {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"}, 0.2, False),
        ({"a"}, {"a"}, 1.0, True),
        (set(), {"a"}, 0.2, False),
        (set(), set(), 0.0, False),
    ],
)
def test_overlaps_is_a_share_of_the_words_of_both(first, second, share, expected):
    assert overlaps(first, second, share) is expected
    assert overlaps(second, first, share) is expected


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ({"unit": "شخص"}, "شخص"),
        ({"unit": "الأشخاص"}, "اشخاص"),  # normalised, without the article
        ({"unit": "قتيلاً"}, "قتيلا"),
        ({"unit": ""}, ""),
        ({"unit": None}, ""),
        ({}, ""),
    ],
)
def test_unit_key_matches_spellings_of_one_unit(given, expected):
    assert unit_key(given) == expected


@pytest.mark.parametrize(
    ("statement", "negated"),
    [
        ("الجيش دخل المدينة", False),
        ("الجيش لم يدخل المدينة", True),
        ("ولن نسمح بذلك", True),
        ("الوضع ليس مستقرا", True),
        ("لستُ متأكدا", False),  # not in the list: not taken for a negation
    ],
)
def test_statement_knows_when_it_negates(statement, negated):
    assert Statement(1, statement, []).negated is negated


ATTACK = "قتل 200 شخص على الأقل في الهجوم على السوق"
ATTACK_FEWER = "قتل 150 شخصا في الهجوم على السوق"
FLOODS = "غمرت الفيضانات 150 منزلا وشردت سكان القرية"


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        (
            Statement(1, ATTACK, [figure(200, "at_least", text="200 شخص على الأقل")]),
            Statement(2, ATTACK_FEWER, [figure(150, text="150 شخصا")]),
            "different figures for شخص: 200 شخص على الأقل / 150 شخصا",
        ),
        (  # figures that can both be true
            Statement(1, ATTACK, [figure(200, "at_least")]),
            Statement(2, ATTACK_FEWER, [figure(250)]),
            "",
        ),
        (  # figures for different units never compare
            Statement(1, ATTACK, [figure(200, unit="منزل")]),
            Statement(2, ATTACK_FEWER, [figure(150)]),
            "",
        ),
        (  # the same unit, another story
            Statement(1, ATTACK, [figure(200, "at_least")]),
            Statement(2, FLOODS, [figure(150)]),
            "",
        ),
        (
            Statement(1, "الجيش دخل المدينة صباح اليوم", []),
            Statement(2, "الجيش لم يدخل المدينة صباح اليوم", []),
            "one statement negates the other",
        ),
        (  # both negate: they agree
            Statement(1, "الجيش لم يدخل المدينة صباح اليوم", []),
            Statement(2, "الجيش لم يدخل المدينة صباح اليوم", []),
            "",
        ),
        (  # a negation about something else
            Statement(1, "الجيش دخل المدينة صباح اليوم", []),
            Statement(2, "الوزير لم يحضر اجتماع الحكومة أمس", []),
            "",
        ),
    ],
)
def test_disagreement_names_why_two_statements_contradict(first, second, expected):
    assert disagreement(first, second) == expected


def marked(statement: Statement, spans) -> list[str]:
    return [statement.statement[start:end] for start, end in spans]


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        (  # the figures that count the same unit differently, on both sides
            Statement(1, "قتل 120 شخصاً في الفيضانات", [figure(120, text="120 شخصاً")]),
            Statement(2, "قتل 80 شخصاً في الفيضانات", [figure(80, text="80 شخصاً")]),
            (["120 شخصاً"], ["80 شخصاً"]),
        ),
        (  # a figure that agrees is not marked
            Statement(
                1,
                "نزح 300 شخص وتضرر 40 منزلاً",
                [figure(300, text="300 شخص"), figure(40, unit="منزل", text="40 منزلاً")],
            ),
            Statement(
                2,
                "نزح 500 شخص وتضرر 40 منزلاً",
                [figure(500, text="500 شخص"), figure(40, unit="منزل", text="40 منزلاً")],
            ),
            (["300 شخص"], ["500 شخص"]),
        ),
        (  # the negation, on the side that negates
            Statement(1, "الجيش دخل المدينة صباح اليوم", []),
            Statement(2, "الجيش لم يدخل المدينة صباح اليوم", []),
            ([], ["لم"]),
        ),
        (  # both negate: nothing to mark
            Statement(1, "الجيش لم يدخل المدينة", []),
            Statement(2, "الجيش لم يدخل المدينة", []),
            ([], []),
        ),
        (  # a figure text the statement no longer contains stays unmarked
            Statement(1, "قتل مئة وعشرون شخصاً", [figure(120, text="120 شخصاً")]),
            Statement(2, "قتل 80 شخصاً", [figure(80, text="80 شخصاً")]),
            ([], ["80 شخصاً"]),
        ),
    ],
)
def test_disagreeing_spans_mark_the_figures_or_the_negation_that_differ(first, second, expected):
    first_spans, second_spans = disagreeing_spans(first, second)
    assert (marked(first, first_spans), marked(second, second_spans)) == expected
