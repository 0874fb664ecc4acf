"""First-pass claim extraction: reporting verb, speaker, statement, medium, date.

The sentences below are written for these tests; the seed is only used to check
that its main attributed statements are found.
"""

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from articles.parsing import Medium, ParsedClaim, extract_claims, parse_seed

ROOT = Path(__file__).resolve().parent.parent

SEED = ROOT / "seeds" / "000_4ec7ee0256ef7471.txt"
# A Wednesday.
PUBLISHED = dt.datetime(2023, 5, 17, 9, 0, tzinfo=dt.UTC)


def only_claim(text: str, **kwargs) -> ParsedClaim:
    [claim] = extract_claims([text], **kwargs)
    assert text[claim.start : claim.end] == claim.statement
    return claim


def test_verb_then_speaker_then_in():
    claim = only_claim("قال وزير الخارجية إن المفاوضات ستستأنف الأسبوع المقبل.")
    assert (claim.paragraph, claim.speaker, claim.speaker_role) == (1, "وزير الخارجية", "")
    assert claim.statement == "المفاوضات ستستأنف الأسبوع المقبل"
    assert not claim.is_direct_quote
    assert claim.medium is Medium.UNKNOWN


def test_fronted_subject_with_role_statement_and_weekday():
    claim = only_claim(
        "كان سامر الحداد المتحدث باسم البلدية قد قال في بيان يوم الاثنين إن المياه ستعود غداً.",
        published_at=PUBLISHED,
    )
    assert claim.speaker == "سامر الحداد"
    assert claim.speaker_role == "المتحدث باسم البلدية"
    assert claim.statement == "المياه ستعود غداً"
    assert claim.medium is Medium.STATEMENT
    assert claim.stated_on == dt.date(2023, 5, 15)  # the Monday before publication


def test_direct_quote_after_colon():
    claim = only_claim("وقالت المديرة في مقابلة: «لن نغلق أي مدرسة هذا العام».")
    assert claim.speaker == "المديرة"
    assert claim.statement == "لن نغلق أي مدرسة هذا العام"
    assert claim.is_direct_quote
    assert claim.medium is Medium.INTERVIEW


def test_tweet_with_explicit_date():
    claim = only_claim(
        "أكد اللاعب في تغريدة على تويتر يوم 3 مارس/آذار 2021 أنه سيعتزل نهاية الموسم.",
        published_at=PUBLISHED,
    )
    assert claim.speaker == "اللاعب"
    assert claim.statement == "سيعتزل نهاية الموسم"
    assert claim.medium is Medium.TWEET
    assert claim.stated_on == dt.date(2021, 3, 3)  # the explicit date wins


def test_press_conference():
    claim = only_claim("أعلن المدير خلال مؤتمر صحفي أن الشركة ستوظف مئة عامل جديد.")
    assert claim.speaker == "المدير"
    assert claim.medium is Medium.PRESS_CONFERENCE


def test_continuation_keeps_the_previous_speaker():
    claims = extract_claims(
        ["قالت الطبيبة إن عدد الحالات تراجع.", "وأضافت أن المستشفى استقبل عشرين مريضاً فقط."]
    )
    assert [(c.paragraph, c.speaker, c.statement) for c in claims] == [
        (1, "الطبيبة", "عدد الحالات تراجع"),
        (2, "الطبيبة", "المستشفى استقبل عشرين مريضاً فقط"),
    ]


def test_offsets_survive_tashkeel():
    claim = only_claim("قالَ المُدرّسُ إنّ الامتحانَ كان سهلاً جداً.")
    assert claim.speaker == "المُدرّسُ"
    assert claim.statement == "الامتحانَ كان سهلاً جداً"


@pytest.mark.parametrize(
    "text",
    [
        "ذهب الطلاب إلى المدرسة صباحاً.",
        "رغم تأكيدات الحكومة أن الأسعار ستنخفض، ارتفعت مرة أخرى.",  # a noun, not a verb
        "وقال إن الطقس سيكون حاراً.",  # no speaker anywhere before
    ],
)
def test_no_claim_without_a_reporting_verb_and_speaker(text):
    assert extract_claims([text]) == ()


def test_seed_statements_are_found():
    article = parse_seed(SEED.read_bytes(), filename=SEED.name)
    claims = extract_claims(article.paragraphs, published_at=article.published_at)
    for claim in claims:
        assert article.paragraphs[claim.paragraph - 1][claim.start : claim.end] == claim.statement
    by_paragraph = {}
    for claim in claims:
        by_paragraph.setdefault(claim.paragraph, []).append(claim)

    assert any("فرهاد الشامي" in c.speaker for c in by_paragraph[2])
    assert any(c.speaker == "مسؤولون" for c in by_paragraph[3])
    assert any(
        "يونيسيف" in c.speaker or "الأمم المتحدة للطفولة" in c.speaker for c in by_paragraph[14]
    )
    [quote] = [c for c in by_paragraph[16] if c.is_direct_quote]
    assert quote.statement == "ليس لدينا مكان آخر نذهب إليه"


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(["قال", "قالت", "إن", "أن", ":", '"', "«", "»", "،", ".", "في", "بيان"])
        | st.text(alphabet="ابتثجحخدذرسشصعغفقكلمنهوي ًٌٍَُِّْـ0123456789", max_size=8),
        max_size=30,
    )
)
def test_offsets_always_match_the_paragraph(words):
    text = " ".join(words)
    for claim in extract_claims([text], published_at=PUBLISHED):
        assert text[claim.start : claim.end] == claim.statement
        assert claim.statement.strip() == claim.statement
