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
from articles.parsing.types import Qualifier, SpeakerKind

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


# -- pattern families -------------------------------------------------------------------
# A Friday.
FRIDAY = dt.datetime(2024, 3, 15, 12, 0, tzinfo=dt.UTC)


def claims_of(*paragraphs: str, published_at=FRIDAY) -> list[ParsedClaim]:
    claims = extract_claims(list(paragraphs), published_at=published_at)
    for claim in claims:
        assert paragraphs[claim.paragraph - 1][claim.start : claim.end] == claim.statement
    return list(claims)


@pytest.mark.parametrize(
    ("text", "speaker", "statement"),
    [
        # the verb before the speaker, إن / أن / بأن
        ("قال رئيس البلدية إن الطريق سيفتح غداً.", "رئيس البلدية", "الطريق سيفتح غداً"),
        ("أكدت الشركة أن الأسعار لن ترتفع هذا العام.", "الشركة", "الأسعار لن ترتفع هذا العام"),
        ("أفاد السكان بأن المياه عادت إلى الحي.", "السكان", "المياه عادت إلى الحي"),
        ("نفت الوزارة أن تكون قد أغلقت المعبر.", "الوزارة", "تكون قد أغلقت المعبر"),
        # the speaker before the verb
        ("لكن النقابة قالت إن الإضراب مستمر.", "النقابة", "الإضراب مستمر"),
        ("وكانت الشرطة قد أعلنت أن الطريق مغلق.", "الشرطة", "الطريق مغلق"),
        # present tense
        ("وتقول الجمعية إن مئات العائلات بلا مأوى.", "الجمعية", "مئات العائلات بلا مأوى"),
    ],
)
def test_indirect_speech(text, speaker, statement):
    [claim] = claims_of(text)
    assert (claim.speaker, claim.statement, claim.is_direct_quote) == (speaker, statement, False)


@pytest.mark.parametrize(
    ("text", "speaker", "statement"),
    [
        ("وأضاف المدرب: «سنلعب للفوز».", "المدرب", "سنلعب للفوز"),
        ('قالت الطالبة: "لم نتلق أي إشعار من الجامعة".', "الطالبة", "لم نتلق أي إشعار من الجامعة"),
        ("وقال الحارس: “الباب مغلق منذ الصباح”", "الحارس", "الباب مغلق منذ الصباح"),
    ],
)
def test_direct_quotes(text, speaker, statement):
    claim = claims_of(text)[-1]
    assert (claim.speaker, claim.statement, claim.is_direct_quote) == (speaker, statement, True)


@pytest.mark.parametrize(
    ("text", "speaker", "statement"),
    [
        ("قُتل 12 شخصاً في الحادث، بحسب الدفاع المدني.", "الدفاع المدني", "قُتل 12 شخصاً في الحادث"),
        (
            "ووفقاً لمنظمة الهجرة الدولية، فإن آلاف المهاجرين عالقون على الحدود.",
            "منظمة الهجرة الدولية",
            "آلاف المهاجرين عالقون على الحدود",
        ),
        (
            "وبحسب بيان لوزارة الداخلية، جرى توقيف خمسة أشخاص.",
            "وزارة الداخلية",
            "جرى توقيف خمسة أشخاص",
        ),
        (
            "تراجعت الصادرات بنسبة كبيرة، نقلاً عن غرفة التجارة.",
            "غرفة التجارة",
            "تراجعت الصادرات بنسبة كبيرة",
        ),
    ],
)
def test_nominal_attribution(text, speaker, statement):
    [claim] = claims_of(text)
    assert (claim.speaker, claim.statement) == (speaker, statement)


def test_statement_after_a_dated_report_without_a_complementiser():
    [claim] = claims_of(
        "ذكرت مجلة Economist البريطانية في تقرير نشرته يوم 3 آذار/مارس 2024 الأسواق "
        "الناشئة تواجه أصعب عام منذ عقد."
    )
    assert claim.speaker == "Economist"
    assert claim.statement == "الأسواق الناشئة تواجه أصعب عام منذ عقد"
    assert (claim.medium, claim.stated_on) == (Medium.REPORT, dt.date(2024, 3, 3))


def test_alias_given_with_known_as_and_in_parentheses():
    claims = claims_of(
        "قال أحمد سليم المتحدث باسم هيئة النقل العام المعروفة باسم «نقل» إن الحافلات ستعمل ليلاً.",
        "وقالت نقل إن التذاكر لن تتغير.",
        "وأعلنت منظمة العمل الدولية (ILO) أن البطالة تراجعت.",
    )
    assert [(c.speaker, c.speaker_role) for c in claims] == [
        ("أحمد سليم", "المتحدث باسم هيئة النقل العام"),
        ("هيئة النقل العام", ""),  # the alias resolves to the organisation
        ("منظمة العمل الدولية", ""),
    ]
    assert claims[1].speaker_aliases == ("نقل",)
    assert claims[2].speaker_aliases == ("ILO",)


def test_a_definite_description_or_surname_refers_back():
    claims = claims_of(
        "قالت صحيفة Le Monde الفرنسية إن المحادثات توقفت.",
        "وقال وزير المالية كمال داود إن العجز سينخفض.",
        "لكن الصحيفة الفرنسية قالت إن الخلاف عميق.",
        "وأضاف الوزير أن الضرائب لن ترتفع.",
        "وأكد داود أن الرواتب ستصرف في موعدها.",
    )
    assert [c.speaker for c in claims] == [
        "Le Monde",
        "كمال داود",
        "Le Monde",
        "كمال داود",
        "كمال داود",
    ]
    assert claims[1].speaker_role == "وزير المالية"
    assert "صحيفة Le Monde الفرنسية" in claims[2].speaker_aliases


def test_name_after_a_role_or_in_apposition():
    claims = claims_of(
        "وقال الباحث في مركز الدراسات المائية، سمير قاسم، إن المخزون يكفي لعام.",
        "وقالت مديرة المدرسة هدى ناصر إن الدروس ستستأنف الأحد.",
    )
    assert [(c.speaker, c.speaker_role) for c in claims] == [
        ("سمير قاسم", "الباحث في مركز الدراسات المائية"),
        ("هدى ناصر", "مديرة المدرسة"),
    ]


@pytest.mark.parametrize(
    "text",
    ["وقال الوزير، -، إن الوضع مستقر.", "وقال المتحدث باسم الوزارة، «، إن الوضع مستقر."],
)
def test_punctuation_between_commas_is_no_name(text):
    # It raised AttributeError, and one such paragraph stopped the whole import.
    assert [(c.speaker, c.statement) for c in claims_of(text)] == [
        (text.split("،")[0].removeprefix("وقال "), "الوضع مستقر")
    ]


@pytest.mark.parametrize(
    ("text", "speaker", "role"),
    [
        ("قال مسؤولون إن المحادثات فشلت.", "مسؤولون", ""),
        ("قال مصدر مطلع إن الاتفاق جاهز.", "مصدر مطلع", ""),
        ("وقال مسؤول في وزارة النقل إن القطار تأخر.", "مسؤول", "في وزارة النقل"),
        ("ونقلت وكالة الأنباء عن مصدر أمني قوله إن الحدود أغلقت.", "مصدر أمني", ""),
    ],
)
def test_unnamed_sources_are_kept_as_such(text, speaker, role):
    [claim] = claims_of(text)
    assert (claim.speaker, claim.speaker_role) == (speaker, role)
    assert claim.speaker_kind is SpeakerKind.UNNAMED


def test_continuation_follows_the_previous_speaker_of_the_same_gender():
    claims = claims_of(
        "قالت المعلمة إن الصفوف مكتظة.",
        "وقال المدير إن المبنى قديم.",
        "وأضافت أن الكتب لم تصل بعد.",
        "وأضاف أن الميزانية لا تكفي.",
    )
    assert [c.speaker for c in claims] == ["المعلمة", "المدير", "المعلمة", "المدير"]


@pytest.mark.parametrize(
    "text",
    [
        "ولم يرد مسؤولو الشركة على استفسارات بشأن تصريحاتهم أن الأسعار ستنخفض.",
        "لم يقل الوزير إن الاتفاق انتهى.",
        "ولا تؤكد الأرقام أن الوضع تحسن.",
        "ويعتبر القرار أقوى إشارة حتى الآن إلى أن الحكومة غيرت سياستها.",
        "ويرى كثيرون أن الأزمة باتت مزمنة.",
        "وتشير التقديرات إلى أن السوق سيتضاعف.",
        "ولم يتسن التحقق بشكل مستقل من هذه الأرقام.",
    ],
)
def test_sentences_that_look_like_claims_but_are_not(text):
    assert claims_of(text) == []


def test_a_contrast_reporting_someone_else_ends_the_statement():
    [claim] = claims_of("وقالت الحكومة إن الكهرباء عادت، لكن سكاناً اشتكوا من انقطاعات متكررة.")
    assert claim.statement == "الكهرباء عادت"


@pytest.mark.parametrize(
    ("attribution", "stated_on"),
    [
        ("يوم الأربعاء", dt.date(2024, 3, 13)),  # the latest Wednesday on or before Friday
        ("يوم الجمعة", dt.date(2024, 3, 15)),  # same weekday = the publish date
        ("الجمعة الماضي", dt.date(2024, 3, 8)),
        ("الثلاثاء الماضي", dt.date(2024, 3, 12)),
        ("أمس", dt.date(2024, 3, 14)),
        ("اليوم", dt.date(2024, 3, 15)),
        ("في 2 شباط/فبراير 2023", dt.date(2023, 2, 2)),
        ("يوم 7 جويلية 2022", dt.date(2022, 7, 7)),
        ("في 9 غشت 2021", dt.date(2021, 8, 9)),
        ("في 11 نيسان", dt.date(2024, 4, 11)),  # yearless: the publish year
        ("في وقت سابق", None),
    ],
)
def test_date_of_the_statement(attribution, stated_on):
    [claim] = claims_of(f"وقال المتحدث {attribution} إن الحدود ستفتح قريباً.")
    assert claim.stated_on == stated_on


@pytest.mark.parametrize(
    ("attribution", "medium"),
    [
        ("في تغريدة على إكس", Medium.TWEET),
        ("في منشور على فيسبوك", Medium.SOCIAL_POST),
        ("في بيان", Medium.STATEMENT),
        ("في بلاغ رسمي", Medium.STATEMENT),
        ("في تقرير", Medium.REPORT),
        ("خلال مؤتمر صحفي", Medium.PRESS_CONFERENCE),
        ("في مقابلة مع قناة محلية", Medium.INTERVIEW),
        ("في حديث لقناة الجزيرة", Medium.INTERVIEW),
        ("في تصريحات إذاعية", Medium.RADIO),
        ("في كلمة أمام البرلمان", Medium.SPEECH),
        ("في رسالة إلى الأمين العام", Medium.LETTER),
        ("", Medium.UNKNOWN),
    ],
)
def test_medium_of_the_statement(attribution, medium):
    [claim] = claims_of(f"وقال المتحدث {attribution} إن الحدود ستفتح قريباً.")
    assert claim.medium is medium


@pytest.mark.parametrize(
    ("statement", "figures"),
    [
        ("قتل 200 على الأقل", [(200, Qualifier.AT_LEAST, "")]),
        ("نزح 45 ألف شخص", [(45_000, Qualifier.EXACT, "شخص")]),
        ("يسكنها مليون نسمة", [(1_000_000, Qualifier.EXACT, "نسمة")]),
        ("ارتفعت الأسعار 30%", [(30, Qualifier.EXACT, "%")]),
        ("تراجع بنحو ١٢ في المئة", [(12, Qualifier.ABOUT, "%")]),
        ("وصل أكثر من ٣٠٠ مريض", [(300, Qualifier.MORE_THAN, "مريض")]),
        ("بلغت 1.5 مليار دولار", [(1_500_000_000, Qualifier.EXACT, "دولار")]),
        ("سجلت 1,200 إصابة", [(1200, Qualifier.EXACT, "إصابة")]),
        ("قتل ثلاثة جنود على الأقل", [(3, Qualifier.AT_LEAST, "جنود")]),
        ("ما يصل إلى 90 مقاتلاً", [(90, Qualifier.UP_TO, "مقاتلاً")]),
        ("منذ عام 2019 وفي 3 مارس 2021", []),  # dates are not figures
        ("قتل عشرات المدنيين", []),  # vague plurals are not figures
    ],
)
def test_figures(statement, figures):
    [claim] = claims_of(f"قال المسؤول إن {statement} هذا الأسبوع.")
    assert [(f.value, f.qualifier, f.unit) for f in claim.figures] == figures


def test_matching_ignores_tashkeel_tatweel_and_hamza_spelling():
    [claim] = claims_of("وأكّـدَ المتحدثُ بإسم الجيش أنّ القوات انسحبت.")
    assert claim.statement == "القوات انسحبت"


@pytest.mark.parametrize(
    ("published", "when", "stated_on"),
    [
        # 9999-12-31 is a Friday: the Saturday after it is beyond the calendar.
        ("9999/12/31 الساعة 23:00", "السبت المقبل", None),
        ("9999/12/31 الساعة 23:00", "أمس", dt.date(9999, 12, 30)),
        ("9999/12/31 الساعة 23:00", "يوم الاثنين", dt.date(9999, 12, 27)),
        # 0001-01-01 is a Monday: nothing before it.
        ("0001/01/01 الساعة 01:00", "أمس", None),
        ("0001/01/01 الساعة 01:00", "الأحد الماضي", None),
        ("0001/01/01 الساعة 01:00", "السبت المقبل", dt.date(1, 1, 6)),
    ],
)
def test_a_relative_day_beyond_the_calendar_is_no_date(published, when, stated_on):
    # A file dated at the edge of the calendar raised OverflowError and stopped its import.
    data = (
        "عنوان الخبر\n\nصحيفة المدينة\n"
        f"تم النشر: {published} بتوقيت غرينتش\n\n"
        f"وقال رئيس البلدية {when} إن الطريق الساحلي سيفتح بعد الصيانة.\n"
    ).encode()
    article = parse_seed(data, filename="edge.txt")
    [claim] = extract_claims(article.paragraphs, published_at=article.published_at)
    assert (claim.speaker, claim.statement) == (
        "رئيس البلدية",
        "الطريق الساحلي سيفتح بعد الصيانة",
    )
    assert claim.stated_on == stated_on
