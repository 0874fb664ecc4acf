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
            "ووفق بيان للنيابة العامة، أمر القاضي بحبس المتهمين 15 يوماً.",
            "النيابة العامة",
            "أمر القاضي بحبس المتهمين 15 يوماً",
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
        ("وقال مسؤول في وزارة النقل إن القطار تأخر.", "مسؤول في وزارة النقل", ""),
        ("وقال مستخدمون على مواقع التواصل إن الخدمة توقفت.", "مستخدمون", ""),
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
        ("في 11 آذار", dt.date(2024, 3, 11)),  # yearless: the publish year
        ("في 11 نيسان", dt.date(2023, 4, 11)),  # yearless, after publication: the year before
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
    # The parser now leaves such a publish time empty (far future, before 1600), so the
    # extractor is given the time itself, as any caller may.
    day, _, clock = published.partition(" الساعة ")
    published_at = dt.datetime.strptime(f"{day} {clock}", "%Y/%m/%d %H:%M").replace(tzinfo=dt.UTC)
    paragraph = f"وقال رئيس البلدية {when} إن الطريق الساحلي سيفتح بعد الصيانة."
    [claim] = extract_claims([paragraph], published_at=published_at)
    assert (claim.speaker, claim.statement) == (
        "رئيس البلدية",
        "الطريق الساحلي سيفتح بعد الصيانة",
    )
    assert claim.stated_on == stated_on


# -- wire-copy constructions (issue 18) -------------------------------------------------
# Each table: a sentence of our own → every claim it holds, as
# (speaker, role, statement, date, medium). Published on FRIDAY (2024-03-15).
NO_MEDIUM = Medium.UNKNOWN


def described(*paragraphs: str) -> list[tuple]:
    return [
        (c.speaker, c.speaker_role, c.statement, c.stated_on, c.medium)
        for c in claims_of(*paragraphs)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "وقال وزير الصحة إن المستشفيات مستعدة، مشيراً إلى أن مخزون الأدوية يكفي ثلاثة أشهر.",
            [
                ("وزير الصحة", "", "المستشفيات مستعدة", None, NO_MEDIUM),
                ("وزير الصحة", "", "مخزون الأدوية يكفي ثلاثة أشهر", None, NO_MEDIUM),
            ],
        ),
        (
            "وأكدت المتحدثة باسم البلدية رنا خوري أن أعمال الصيانة ستنتهي قريباً، موضحةً أن "
            "الطرق ستفتح تباعاً.",
            [
                (
                    "رنا خوري",
                    "المتحدثة باسم البلدية",
                    "أعمال الصيانة ستنتهي قريباً",
                    None,
                    NO_MEDIUM,
                ),
                ("رنا خوري", "المتحدثة باسم البلدية", "الطرق ستفتح تباعاً", None, NO_MEDIUM),
            ],
        ),
        (
            "أعلن الجيش أنه استعاد السيطرة على التلة، مضيفاً أن خسائره كانت محدودة.",
            [
                ("الجيش", "", "استعاد السيطرة على التلة", None, NO_MEDIUM),
                ("الجيش", "", "خسائره كانت محدودة", None, NO_MEDIUM),
            ],
        ),
        (
            "وذكر المحافظ في مؤتمر صحفي يوم الأربعاء أن المياه عادت إلى معظم الأحياء، "
            "مؤكداً أن الأزمة انتهت.",
            [
                (
                    "المحافظ",
                    "",
                    "المياه عادت إلى معظم الأحياء",
                    dt.date(2024, 3, 13),
                    Medium.PRESS_CONFERENCE,
                ),
                ("المحافظ", "", "الأزمة انتهت", dt.date(2024, 3, 13), Medium.PRESS_CONFERENCE),
            ],
        ),
        (
            "وقال رئيس الاتحاد إن المنتخب جاهز للبطولة، لافتاً إلى أن ثلاثة لاعبين مصابون.",
            [
                ("رئيس الاتحاد", "", "المنتخب جاهز للبطولة", None, NO_MEDIUM),
                ("رئيس الاتحاد", "", "ثلاثة لاعبين مصابون", None, NO_MEDIUM),
            ],
        ),
        (
            "وقالت الشركة إن أرباحها ارتفعت، قائلةً: «هذا أفضل عام في تاريخنا».",
            [
                ("الشركة", "", "أرباحها ارتفعت", None, NO_MEDIUM),
                ("الشركة", "", "هذا أفضل عام في تاريخنا", None, NO_MEDIUM),
            ],
        ),
        (
            "ونفت الوزارة أن تكون الأسعار قد ارتفعت، معتبرةً أن التقارير مبالغ فيها.",
            [
                ("الوزارة", "", "تكون الأسعار قد ارتفعت", None, NO_MEDIUM),
                ("الوزارة", "", "التقارير مبالغ فيها", None, NO_MEDIUM),
            ],
        ),
        ("بات مؤكداً أن الانتخابات ستؤجل إلى الخريف.", []),
        ("وصل الوفد إلى العاصمة مساء الخميس، مؤكداً حضوره في القمة.", []),
    ],
)
def test_participle_clauses_are_claims_of_their_own(text, expected):
    assert described(text) == expected


@pytest.mark.parametrize(
    ("text", "speaker", "statement"),
    [
        ('وأضاف المتحدث "لن نسمح بتكرار ذلك".', "المتحدث", "لن نسمح بتكرار ذلك"),
        (
            "وقال الوزير، «الحكومة لن تتراجع عن الإصلاحات».",
            "الوزير",
            "الحكومة لن تتراجع عن الإصلاحات",
        ),
        ("وتابع المدرب قائلاً «الفريق قدم كل ما لديه»", "المدرب", "الفريق قدم كل ما لديه"),
        (
            "وأضافت الممرضة «لم ننم منذ يومين، والمرضى يتزايدون».",
            "الممرضة",
            "لم ننم منذ يومين، والمرضى يتزايدون",
        ),
        ("وقال أحد السكان “الماء مقطوع منذ أسبوع”", "أحد السكان", "الماء مقطوع منذ أسبوع"),
    ],
)
def test_quotes_without_a_colon(text, speaker, statement):
    [claim] = claims_of(text)
    assert (claim.speaker, claim.statement, claim.is_direct_quote) == (speaker, statement, True)


def test_a_short_quotation_before_the_complementiser_is_part_of_the_speaker():
    [claim] = claims_of('وقال رئيس نادي "الشباب" إن الصفقة لم تكتمل بعد.')
    assert (claim.statement, claim.is_direct_quote) == ("الصفقة لم تكتمل بعد", False)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "وبيّن المهندس أن الجسر يحتاج إلى ترميم عاجل.",
            ("المهندس", "", "الجسر يحتاج إلى ترميم عاجل"),
        ),
        (
            "وقدّرت المنظمة أن عدد النازحين تجاوز مئة ألف.",
            ("المنظمة", "", "عدد النازحين تجاوز مئة ألف"),
        ),
        ("وأقر الوزير بأن الخطة تأخرت عن موعدها.", ("الوزير", "", "الخطة تأخرت عن موعدها")),
        (
            "ويرى الخبير الاقتصادي سامي فارس أن التضخم سيتراجع.",
            ("سامي فارس", "الخبير الاقتصادي", "التضخم سيتراجع"),
        ),
        ("وترى النقابة أن الأجور لا تكفي.", ("النقابة", "", "الأجور لا تكفي")),
        ("وزاد المتحدث أن التحقيقات ما زالت جارية.", ("المتحدث", "", "التحقيقات ما زالت جارية")),
        ("وختم المدير بالقول إن الشركة ستتوسع.", ("المدير", "", "الشركة ستتوسع")),
        (
            "واقترحت اللجنة أن تخفض الرسوم الجامعية.",
            ("اللجنة", "", "تخفض الرسوم الجامعية"),
        ),
        ("ونوّه المدير بأن التسجيل يغلق الخميس.", ("المدير", "", "التسجيل يغلق الخميس")),
        (
            "ورجّح المحلل أن تستمر الأسعار في الارتفاع.",
            ("المحلل", "", "تستمر الأسعار في الارتفاع"),
        ),
        (
            "وتوقع البنك المركزي أن ينمو الاقتصاد بنسبة 3%.",
            ("البنك المركزي", "", "ينمو الاقتصاد بنسبة 3%"),
        ),
        (
            "وطالبت النقابة بأن تصرف الرواتب فوراً.",
            ("النقابة", "", "تصرف الرواتب فوراً"),
        ),
        (
            "واعترف المدرب بأن الفريق لم يكن في أفضل حالاته.",
            ("المدرب", "", "الفريق لم يكن في أفضل حالاته"),
        ),
        (
            "وأفصح المسؤول عن أن الصفقة تشمل عشر طائرات.",
            ("المسؤول", "", "الصفقة تشمل عشر طائرات"),
        ),
        ("ويتوقع خبراء أن ترتفع البطالة.", ("خبراء", "", "ترتفع البطالة")),
        ("وقال طالب إن الامتحان كان صعباً.", ("طالب", "", "الامتحان كان صعباً")),
        ('وتساءل النائب: "من سيدفع ثمن هذا الفشل؟"', ("النائب", "", "من سيدفع ثمن هذا الفشل؟")),
        ("وعلّق المدرب بأن الفريق يحتاج إلى وقت.", ("المدرب", "", "الفريق يحتاج إلى وقت")),
        (
            "اقتصادياً، توقع صندوق النقد في تقريره الأخير أن يتباطأ النمو.",
            ("صندوق النقد", "", "يتباطأ النمو"),
        ),
        ("قدّرت الأمم المتحدة أن مليون شخص نزحوا.", ("الأمم المتحدة", "", "مليون شخص نزحوا")),
        (
            "ولفتت الطبيبة إلى أن الإصابات تراجعت.",
            ("الطبيبة", "", "الإصابات تراجعت"),
        ),
    ],
)
def test_more_reporting_verbs(text, expected):
    assert [(c.speaker, c.speaker_role, c.statement) for c in claims_of(text)] == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "ويتوقع أن يصل الوفد غداً.",  # impersonal: it is expected
        "زاد عدد الزوار بعد أن افتتح المتحف.",
        "وتبين أن المبنى كان مهجوراً.",
        "وبين المدينتين طريق طويل.",
        "بين المدينتين طريق طويل، ويتوقع أن يفتح قريباً.",
        "ويرى البعض أن القرار متسرع.",
        "وكتب الطلاب أسماءهم على اللوح.",
        "واستقال المدير قبل أن يعلن المجلس أن الميزانية أقرت.",
    ],
)
def test_new_verbs_do_not_fire_on_other_senses(text):
    assert claims_of(text) == []


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        (
            ["وقال المدير إن المصنع سيغلق. لكنه أوضح أن العمال سيحصلون على تعويضات."],
            [("المدير", "المصنع سيغلق"), ("المدير", "العمال سيحصلون على تعويضات")],
        ),
        (
            ["وقالت المحامية إن الحكم قاس، غير أنها أقرت بأن الاستئناف صعب."],
            [("المحامية", "الحكم قاس"), ("المحامية", "الاستئناف صعب")],
        ),
        (
            ["قالت الوزيرة إن الميزانية أقرت.", "ومن جهته قال النائب إن التصويت كان متسرعاً."],
            [("الوزيرة", "الميزانية أقرت"), ("النائب", "التصويت كان متسرعاً")],
        ),
        (
            ['وقال مسؤول أمني، طلب عدم الكشف عن هويته، اليوم (الجمعة): "لن نتهاون مع أي تهديد".'],
            [("مسؤول أمني", "لن نتهاون مع أي تهديد")],
        ),
        (
            ["وقال مصدر طلب عدم ذكر اسمه إن المفاوضات متوقفة."],
            [("مصدر", "المفاوضات متوقفة")],
        ),
        (
            ["وأضاف ضابط في الشرطة فضّل عدم الكشف عن اسمه أن الدورية تعرضت لكمين."],
            [("ضابط في الشرطة", "الدورية تعرضت لكمين")],
        ),
        (
            ["وقال محامي الجماعة في القاهرة، أحمد علي، إن الدعوى رفعت أمس."],
            [("أحمد علي", "الدعوى رفعت أمس")],
        ),
        (
            ["وقال رئيس بلدية صيدا، مروان الحاج، إن النفايات سترفع خلال أيام."],
            [("مروان الحاج", "النفايات سترفع خلال أيام")],
        ),
        (
            ["وقالت مراسلة القناة في بيروت، لينا حداد، إن الطرق مقطوعة."],
            [("لينا حداد", "الطرق مقطوعة")],
        ),
        (
            ["وقال الوزير، في مؤتمر عقده بالعاصمة، إن الاتفاق وشيك."],
            [("الوزير", "الاتفاق وشيك")],
        ),
        (
            ["وكان الوزير قد صرّح الشهر الماضي بأن الوضع تحت السيطرة."],
            [("الوزير", "الوضع تحت السيطرة")],
        ),
    ],
)
def test_the_speaker_is_taken_from_the_right_words(paragraphs, expected):
    assert [(c.speaker, c.statement) for c in claims_of(*paragraphs)] == expected


def test_the_role_of_an_apposed_name_keeps_its_place():
    [claim] = claims_of("وقال رئيس بلدية صيدا، مروان الحاج، إن النفايات سترفع خلال أيام.")
    assert claim.speaker_role == "رئيس بلدية صيدا"
    [claim] = claims_of('وقال مسؤول أمني، طلب عدم الكشف عن هويته، اليوم (الجمعة): "لن نتهاون".')
    assert claim.speaker_kind is SpeakerKind.UNNAMED


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        (
            ["بحسب تصريحات نقلتها الوكالة الرسمية، قالت وزيرة المالية إن العجز تقلص."],
            [("وزيرة المالية", "", "العجز تقلص", None, Medium.REPORT)],
        ),
        (
            [
                "ونقلاً عن مصادر محلية، قال الناشط حسن زيدان إن القصف استمر طوال الليل.",
                "وأضاف أن السكان نزحوا نحو الجبال.",
            ],
            [
                ("حسن زيدان", "الناشط", "القصف استمر طوال الليل", None, NO_MEDIUM),
                ("حسن زيدان", "الناشط", "السكان نزحوا نحو الجبال", None, NO_MEDIUM),
            ],
        ),
        (
            ["وبحسب الإذاعة الرسمية، أكد رئيس الحكومة أن الانتخابات ستجري في موعدها."],
            [("رئيس الحكومة", "", "الانتخابات ستجري في موعدها", None, Medium.RADIO)],
        ),
    ],
)
def test_a_nominal_phrase_framing_a_verb_is_its_medium_not_its_speaker(paragraphs, expected):
    assert described(*paragraphs) == expected


@pytest.mark.parametrize(
    ("text", "speaker", "role"),
    [
        ("وأكد محامي اللاعب أن موكله بريء.", "محامي اللاعب", ""),
        ("وقال محامي المتهم سامي ناصر إن موكله تعرض لضغوط.", "محامي المتهم سامي ناصر", ""),
        ("وقال شقيق الضحية إن العائلة تطالب بالعدالة.", "شقيق الضحية", ""),
        ("وقالت والدة الطفلة منى إن ابنتها خرجت ولم تعد.", "والدة الطفلة منى", ""),
        ("وأوضح مدرب الحراس أن الحارس الأساسي جاهز.", "مدرب الحراس", ""),
        ("وقال وزير الداخلية كمال يوسف إن الحدود آمنة.", "كمال يوسف", "وزير الداخلية"),
        ("وقال مستشار الرئيس سامر حداد إن القمة ستعقد.", "سامر حداد", "مستشار الرئيس"),
    ],
)
def test_a_relative_or_representative_is_the_speaker(text, speaker, role):
    [claim] = claims_of(text)
    assert (claim.speaker, claim.speaker_role) == (speaker, role)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "وقال الناطق باسم الشرطة إن الحريق أخمد، فيما ذكر مدير الدفاع المدني أن الفرق "
            "ما زالت تعمل.",
            [("الناطق باسم الشرطة", "الحريق أخمد"), ("مدير الدفاع المدني", "الفرق ما زالت تعمل")],
        ),
        (
            "وأعلنت الوزارة أن 12 شخصاً أصيبوا، بينما قال شهود إن العدد أكبر.",
            [("الوزارة", "12 شخصاً أصيبوا"), ("شهود", "العدد أكبر")],
        ),
        (
            "وقال الأمين العام إن التمويل غير كاف، وأضاف أن الدول المانحة تأخرت.",
            [("الأمين العام", "التمويل غير كاف"), ("الأمين العام", "الدول المانحة تأخرت")],
        ),
        (
            "وأكد المحافظ أن المدارس ستبقى مغلقة حتى الأحد، وفق ما نقلت الإذاعة المحلية.",
            [("المحافظ", "المدارس ستبقى مغلقة حتى الأحد")],
        ),
        (
            "وقالت النقابة إن الإضراب مستمر، في حين أكدت الإدارة أن المفاوضات قائمة.",
            [("النقابة", "الإضراب مستمر"), ("الإدارة", "المفاوضات قائمة")],
        ),
        (
            "وأفادت مصادر محلية بأن اشتباكات اندلعت قرب المعبر، فيما نفى الجيش وقوع أي اشتباك.",
            [("مصادر محلية", "اشتباكات اندلعت قرب المعبر"), ("الجيش", "وقوع أي اشتباك")],
        ),
    ],
)
def test_a_second_speaker_in_the_sentence_gets_a_claim_of_its_own(text, expected):
    assert [(c.speaker, c.statement) for c in claims_of(text)] == expected


def test_a_trailing_relay_gives_the_medium():
    [claim] = claims_of("وأكد المحافظ أن المدارس ستبقى مغلقة، وفق ما نقلت الإذاعة المحلية.")
    assert claim.medium is Medium.RADIO


@pytest.mark.parametrize(
    ("text", "speaker", "statement"),
    [
        ("وحسب المصدر فإن الهجوم وقع قرابة منتصف الليل.", "المصدر", "الهجوم وقع قرابة منتصف الليل"),
        (
            "وبحسب ما أعلنته الوزارة فإن الامتحانات ستبدأ في موعدها.",
            "الوزارة",
            "الامتحانات ستبدأ في موعدها",
        ),
        (
            "وحسبما أفادت مصادر طبية، فإن حالة المصابين مستقرة.",
            "مصادر طبية",
            "حالة المصابين مستقرة",
        ),
        (
            "ووفقاً للبنك الدولي فإن النمو سيتباطأ هذا العام.",
            "البنك الدولي",
            "النمو سيتباطأ هذا العام",
        ),
        ("وطبقاً لمصادر قضائية فإنه سيمثل أمام المحكمة.", "مصادر قضائية", "سيمثل أمام المحكمة"),
    ],
)
def test_according_to_then_fa_inna(text, speaker, statement):
    [claim] = claims_of(text)
    assert (claim.speaker, claim.statement) == (speaker, statement)


@pytest.mark.parametrize(
    ("text", "stated_on", "medium"),
    [
        ('وقال الوزير في برنامج "العالم اليوم" إن الضرائب ستخفض.', None, NO_MEDIUM),
        ("وقال المتحدث لقناة روسيا اليوم إن المحادثات مستمرة.", None, Medium.TELEVISION),
        ("وقال المدير لصحيفة المصري اليوم إن المصنع سيفتح.", None, Medium.INTERVIEW),
        ("وقال الوزير في المؤتمر الصحفي إن الميزانية أقرت.", None, Medium.PRESS_CONFERENCE),
        ("وقالت النائبة على فضائية محلية إن القانون سيعدل.", None, Medium.TELEVISION),
        ("وكتب الرئيس عبر حسابه على إكس أن الاتفاق بات قريباً.", None, Medium.TWEET),
        ("وقالت الشركة في بيان نشرته على موقعها إن الخدمة ستعود.", None, Medium.STATEMENT),
        ("وغرّد السفير قائلاً إن العلاقات متينة.", None, Medium.TWEET),
        ("وقال المتحدث اليوم (الجمعة) إن الجسر سيفتح.", dt.date(2024, 3, 15), NO_MEDIUM),
        (
            "وقالت الوزيرة في حديث لإذاعة محلية أمس إن الدعم مستمر.",
            dt.date(2024, 3, 14),
            Medium.INTERVIEW,
        ),
    ],
)
def test_dates_and_media_in_wire_copy(text, stated_on, medium):
    [claim] = claims_of(text)
    assert (claim.stated_on, claim.medium) == (stated_on, medium)


@pytest.mark.parametrize(
    ("text", "speaker", "statement"),
    [
        (
            "كشف مصدر أمني توقيفَ ثلاثة مشتبه بهم في التفجير.",
            "مصدر أمني",
            "توقيفَ ثلاثة مشتبه بهم في التفجير",
        ),
        ("أعلنت الوزارة إغلاقَ المعبر حتى إشعار آخر.", "الوزارة", "إغلاقَ المعبر حتى إشعار آخر"),
        (
            "وأعلن الاتحاد تأجيل المباراة إلى الأسبوع المقبل.",
            "الاتحاد",
            "تأجيل المباراة إلى الأسبوع المقبل",
        ),
        ("ونفت الشركة تسريح أي من موظفيها.", "الشركة", "تسريح أي من موظفيها"),
        ("وأكد وزير الخارجية استعداد بلاده للوساطة.", "وزير الخارجية", "استعداد بلاده للوساطة"),
        ("وكشفت الشرطة عن اعتقال شبكة لتهريب الآثار.", "الشرطة", "اعتقال شبكة لتهريب الآثار"),
        ("وتوقع البنك ارتفاع الأسعار خلال الصيف.", "البنك", "ارتفاع الأسعار خلال الصيف"),
        ("وأعلن الجيش مقتل ثلاثة من جنوده في الهجوم.", "الجيش", "مقتل ثلاثة من جنوده في الهجوم"),
        ("وطالبت النقابة بإغلاق المصنع الملوث.", "النقابة", "إغلاق المصنع الملوث"),
    ],
)
def test_a_verbal_noun_object_is_the_statement(text, speaker, statement):
    [claim] = claims_of(text)
    assert (claim.speaker, claim.statement) == (speaker, statement)


@pytest.mark.parametrize(
    "text",
    ["أعلنت الحكومة الحداد ثلاثة أيام.", "وأكد الفريق جاهزيته للموسم.", "أعلن المذيع النتائج."],
)
def test_a_verb_without_a_verbal_noun_or_complementiser_is_no_claim(text):
    assert claims_of(text) == []


@pytest.mark.parametrize(
    ("text", "speaker", "role"),
    [
        (
            "وقال محمد العلي القيادي في الإدارة الذاتية إن الانتخابات ستجري في موعدها.",
            "محمد العلي",
            "القيادي في الإدارة الذاتية",
        ),
        (
            "وأكدت سلمى حداد الناشطة في مجال حقوق المرأة أن القانون خطوة للأمام.",
            "سلمى حداد",
            "الناشطة في مجال حقوق المرأة",
        ),
        (
            "وقال يوسف سالم الكاتب والمحلل السياسي إن الانتخابات المبكرة واردة.",
            "يوسف سالم",
            "الكاتب والمحلل السياسي",
        ),
        (
            "وقال خالد منصور الصحفي المتخصص في الشؤون البرلمانية إن المشروع سيمر.",
            "خالد منصور",
            "الصحفي المتخصص في الشؤون البرلمانية",
        ),
        ("وقال المكتب السياسي للحركة إن الهدنة صامدة.", "المكتب السياسي للحركة", ""),
    ],
)
def test_a_role_after_a_name_is_split_from_it(text, speaker, role):
    [claim] = claims_of(text)
    assert (claim.speaker, claim.speaker_role) == (speaker, role)


def test_one_person_with_and_without_a_role_is_one_speaker():
    claims = claims_of(
        "وقال محمد العلي القيادي في الإدارة الذاتية إن الانتخابات ستجري في موعدها.",
        "وأكد محمد العلي أن المراقبين مرحب بهم.",
    )
    assert {c.speaker for c in claims} == {"محمد العلي"}


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        (
            ["«لن نسمح بتكرار ما حدث»، قال المتحدث باسم الجيش."],
            [(1, "المتحدث باسم الجيش", "لن نسمح بتكرار ما حدث", True)],
        ),
        (
            ['"الوضع صعب جداً هنا" قالت الممرضة لوكالة الأنباء.'],
            [(1, "الممرضة", "الوضع صعب جداً هنا", True)],
        ),
        (
            [
                "وفي ختام الاجتماع، قال رئيس الوزراء:",
                "«سنعيد بناء كل ما تهدم، ولن نترك أحداً».",
                "وأضاف:",
                '"الحكومة ستدعم المتضررين بكل ما تملك".',
            ],
            [
                (2, "رئيس الوزراء", "سنعيد بناء كل ما تهدم، ولن نترك أحداً", True),
                (4, "رئيس الوزراء", "الحكومة ستدعم المتضررين بكل ما تملك", True),
            ],
        ),
        (["وقال الناطق:", "لم يصدر أي بيان بعد."], []),  # no quotation opens the next one
        (
            ["رفعوا لافتات كتب عليها «لا للغلاء»، وقال أحد السكان إن الأسعار تضاعفت."],
            [(1, "أحد السكان", "الأسعار تضاعفت", False)],
        ),
    ],
)
def test_a_quotation_before_the_verb_or_in_the_next_paragraph(paragraphs, expected):
    claims = claims_of(*paragraphs)
    assert [(c.paragraph, c.speaker, c.statement, c.is_direct_quote) for c in claims] == expected


# A role phrase followed by a person's name: the name is the speaker, the rest the
# role. Names and roles that merely look alike stay whole (issue 18).
@pytest.mark.parametrize(
    ("sentence", "speaker", "role"),
    [
        # The name starts after a definite word or a title and has two words.
        ("وقالت وزيرة السياحة رنا المصري إن عدد الزوار ارتفع هذا الموسم.",
         "رنا المصري", "وزيرة السياحة"),
        ("وقالت رئيسة الوزراء لينا الخوري إن الحكومة ستعرض خطتها الأسبوع المقبل.",
         "لينا الخوري", "رئيسة الوزراء"),
        ("وأكد نقيب الأطباء حسام الزعبي أن المستشفيات تعاني نقصاً في الكوادر.",
         "حسام الزعبي", "نقيب الأطباء"),
        ("وقال مدير المبيعات في المصنع كريم الشامي إن الطلب تضاعف.",
         "كريم الشامي", "مدير المبيعات في المصنع"),
        ("وأوضح قائد الشرطة في المدينة العقيد مازن الخطيب أن الطريق أعيد فتحه.",
         "مازن الخطيب", "قائد الشرطة في المدينة"),
        ("وقال مدير برنامج مكافحة التدخين الدكتور هاني الأيوبي إن حملات التوعية نجحت.",
         "هاني الأيوبي", "مدير برنامج مكافحة التدخين"),
        ("ورأى رئيس كتلة النهضة البرلمانية طارق البزاز أن الموازنة غير واقعية.",
         "طارق البزاز", "رئيس كتلة النهضة البرلمانية"),
        ("وقال خبير أمن الشبكات رامي الصباغ إن الهجوم استغل ثغرة قديمة.",
         "رامي الصباغ", "خبير أمن الشبكات"),
        ("وأكد رئيس جمعية تجار السوق منير العطار أن المبيعات تراجعت.",
         "منير العطار", "رئيس جمعية تجار السوق"),
        ("وقال رئيس نادي الفجر باسل الحوراني إن الفريق سيحافظ على لاعبيه.",
         "باسل الحوراني", "رئيس نادي الفجر"),
        ("وأكد الأمين العام لاتحاد عمال النسيج ماجد الحلبي أن الإضراب مستمر.",
         "ماجد الحلبي", "الأمين العام لاتحاد عمال النسيج"),
        ("وقال الناطق باسمه سمير الدوري إن الحزب سيشارك في الانتخابات.",
         "سمير الدوري", "الناطق باسمه"),
        ("وقالت ولية أمر تدعى هالة إن المدرسة أغلقت أبوابها.", "هالة", "ولية أمر"),
        # No name: organisations, places, a one-word name, complements, descriptions.
        ("وقالت وزارة الصحة بغزة إن المستشفيات بحاجة إلى الوقود.", "وزارة الصحة بغزة", ""),
        ("وقالت وزارة الصحة بقطاع غزة إن عدد المصابين ارتفع.", "وزارة الصحة بقطاع غزة", ""),
        ("وقالت وكالة الأنباء الرسمية سانا إن الطريق الدولي أعيد فتحه.",
         "وكالة الأنباء الرسمية سانا", ""),
        ("وقالت صحيفة نيويورك تايمز إن المفاوضات تعثرت.", "نيويورك تايمز", ""),
        ("وقال الأمين العام للأمم المتحدة إن الوضع الإنساني خطير.",
         "الأمين العام للأمم المتحدة", ""),
        ("وقال المفوض السامي لشؤون اللاجئين إن التمويل لا يكفي.",
         "المفوض السامي لشؤون اللاجئين", ""),
        ("وقالت المديرة التنفيذية لمنظمة أطباء بلا حدود إن الفرق وصلت.",
         "المديرة التنفيذية لمنظمة أطباء بلا حدود", ""),
        ("وقال مدير الوكالة الرسمية سانا إن البث سيستمر.", "مدير الوكالة الرسمية سانا", ""),
        ("وقال مدير برنامج مكافحة الأمراض المعدية إن الإصابات تراجعت.",
         "مدير برنامج مكافحة الأمراض المعدية", ""),
        ("وقال مدير المستشفى الميداني في خان يونس إن الأسرّة امتلأت.",
         "مدير المستشفى الميداني في خان يونس", ""),
        ("وقال رئيس بلدية المدينة القديمة إن الأعمال ستنتهي قريباً.",
         "رئيس بلدية المدينة القديمة", ""),
        ("وقال سائق شاحنة يعبر الجسر يومياً إن التشققات ظاهرة منذ أشهر.",
         "سائق شاحنة", ""),
        ("وقال مصدر في إدارة الميناء إن السفن تنتظر في عرض البحر.",
         "مصدر في إدارة الميناء", ""),
        ("وقال مصدر مقرب من رئيس الوزراء حازم العبيدي إن اللقاء سيعقد قريباً.",
         "مصدر مقرب من رئيس الوزراء حازم العبيدي", ""),
    ],
)  # fmt: skip
def test_a_name_after_a_role_is_the_speaker(sentence, speaker, role):
    claim = only_claim(sentence)
    assert (claim.speaker, claim.speaker_role) == (speaker, role)


@pytest.mark.parametrize(
    ("sentence", "speaker", "role"),
    [
        ("وقال المتحدث باسم المديرية، الرائد عادل الفرا، إن الفرق انتشلت جثتين.",
         "عادل الفرا", "المتحدث باسم المديرية"),
        ("وقال المدير الرياضي للنادي، وائل بن عمر، إن الفريق يحتاج إلى مدرب.",
         "وائل بن عمر", "المدير الرياضي للنادي"),
        ("وقال رامي الحلبي، محامي المتهم، إن موكله بريء.", "رامي الحلبي", "محامي المتهم"),
        ("وقال أحد سكان الحي، ويدعى أبو مروان، إن الصهاريج لا تصل.", "أبو مروان", ""),
        ("وقال أحدهم، ويُكنى أبو خليل، إنه خسر مدخراته.", "أبو خليل", ""),
        ("وقالت أم ياسين، وهي من سكان القرية، إن المياه دخلت البيوت.", "أم ياسين", ""),
    ],
)  # fmt: skip
def test_a_name_between_commas_is_the_speaker(sentence, speaker, role):
    claim = only_claim(sentence)
    assert (claim.speaker, claim.speaker_role) == (speaker, role)


def test_a_speaker_keeps_the_role_given_beside_the_name_on_later_claims():
    claims = claims_of(
        "وقال المدير الرياضي للنادي، وائل بن عمر، إن الفريق يحتاج إلى مدرب.",
        "وأضاف بن عمر أن المفاوضات في مراحلها الأخيرة.",
        "وأكد وائل بن عمر أن الميزانية تكفي.",
    )
    assert [(c.speaker, c.speaker_role) for c in claims] == [
        ("وائل بن عمر", "المدير الرياضي للنادي")
    ] * 3


@pytest.mark.parametrize(
    ("sentence", "statement", "direct"),
    [
        ('وقال الخبير مراد الجزائري إن "الجدول الزمني متفائل جداً".',
         "الجدول الزمني متفائل جداً", True),
        ('قال المدرب إن "الفريق قدم مباراة كبيرة"، مضيفاً أن الجمهور كان رائعاً.',
         "الفريق قدم مباراة كبيرة", True),
        ("«لن نسمح بتكرار ما حدث في الميناء»، بحسب المتحدث باسم الوزارة.",
         "لن نسمح بتكرار ما حدث في الميناء", True),
        ('وقال الوزير إن الانتقال "سيرفع المستوى" في الموسم المقبل.',
         'الانتقال "سيرفع المستوى" في الموسم المقبل', False),
    ],
)  # fmt: skip
def test_a_statement_quoted_from_its_first_word_to_its_end_is_a_direct_quote(
    sentence, statement, direct
):
    claim = claims_of(sentence)[0]
    assert (claim.statement, claim.is_direct_quote) == (statement, direct)


@pytest.mark.parametrize(
    ("sentence", "speaker", "statement"),
    [
        ("من جانبها، بيّنت وزارة التجارة أن الأسعار سترتفع.", "وزارة التجارة", "الأسعار سترتفع"),
        ("وكانت هيئة الأوراق المالية قد حذرت العام الماضي من أن الشركة بلا ترخيص.",
         "هيئة الأوراق المالية", "الشركة بلا ترخيص"),
        ("ووفقاً لتقديرات صندوق النقد الدولي، سيبلغ النمو 2.6% العام المقبل.",
         "صندوق النقد الدولي", "سيبلغ النمو 2.6% العام المقبل"),
        ("وقعت اشتباكات، بين القوات والمسلحين قرب الحدود.", None, None),
    ],
)  # fmt: skip
def test_the_verb_or_the_marker_opens_a_clause_and_the_speaker_is_not_a_time(
    sentence, speaker, statement
):
    claims = claims_of(sentence)
    if speaker is None:
        assert claims == []
    else:
        assert [(c.speaker, c.statement) for c in claims] == [(speaker, statement)]


@pytest.mark.parametrize(
    ("sentence", "speaker", "role"),
    [
        ("وقال المتحدث باسم حركة النهضة الشعبية سامي الأحمر إن الحركة تدرس المقترح.",
         "سامي الأحمر", "المتحدث باسم حركة النهضة الشعبية"),
        ("وقال المتحدث باسم حركة صمود حازم قاسم إن الحركة تدرس المقترح.",
         "حازم قاسم", "المتحدث باسم حركة صمود"),
        ("وقال المتحدث باسم حركة صمود عبد الفتاح دولة إن الاجتماع تأجل.",
         "عبد الفتاح دولة", "المتحدث باسم حركة صمود"),
        ("وقال رئيس بلدية صيدا مروان الحاج إن النفايات سترفع.", "مروان الحاج", "رئيس بلدية صيدا"),
        ("وقال شاهد عيان يدعى محمد إن الانفجار هز المنطقة.", "محمد", "شاهد عيان"),
    ],
)  # fmt: skip
def test_a_name_after_an_organisation_of_one_word_is_the_speaker(sentence, speaker, role):
    claim = only_claim(sentence)
    assert (claim.speaker, claim.speaker_role) == (speaker, role)


def test_what_a_correspondent_reported_is_the_correspondents():
    [claim] = claims_of("ووفق ما أفاد به مراسلنا، فإن الاشتباكات تجددت صباح اليوم.")
    assert (claim.speaker, claim.statement) == ("مراسلنا", "الاشتباكات تجددت صباح اليوم")


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("ونفت إدارة المستشفى ذلك في بيان، مؤكدة أن أنظمة السلامة خضعت للفحص.",
         [("إدارة المستشفى", "أنظمة السلامة خضعت للفحص")]),
        ("وانتقد معماريون في مقالات تصميم الواجهة، معتبرين أنه لا ينسجم مع المدينة.",
         [("معماريون", "لا ينسجم مع المدينة")]),
        ('وردت النقابة على الانتقادات قائلة إن "الإضراب سيستمر حتى تلبية المطالب".',
         [("النقابة", "الإضراب سيستمر حتى تلبية المطالب")]),
        ("وقال رئيس البلدية إن السيول جرفت جسراً، فيما عُزلت ثلاث قرى أخرى، وفق مصادر محلية.",
         [("رئيس البلدية", "السيول جرفت جسراً"), ("مصادر محلية", "عُزلت ثلاث قرى أخرى")]),
        ("وقال شهود إن إطلاق النار استمر ساعة، وفق ما نقلت وكالة الأنباء المحلية.",
         [("شهود", "إطلاق النار استمر ساعة")]),
        ("وقال رئيس الاتحاد للصحفيين عقب الاجتماع إن القرار نهائي.",
         [("رئيس الاتحاد", "القرار نهائي")]),
    ],
)  # fmt: skip
def test_a_participle_or_a_trailing_source_finds_its_own_speaker(paragraph, expected):
    assert [(c.speaker, c.statement) for c in claims_of(paragraph)] == expected


@pytest.mark.parametrize(
    ("sentence", "speaker", "role"),
    [
        ("وقال الأمين العام لحلف الشمال (الحلف) مارك روته إن الحلف موحد.",
         "مارك روته", "الأمين العام لحلف الشمال"),
        ("وقال عضو المكتب السياسي لحركة صمود سامي نعمان إن الوفد غادر.",
         "سامي نعمان", "عضو المكتب السياسي لحركة صمود"),
        ("وقال دبلوماسيون لوكالة الأنباء إن الاتفاق قريب.", "دبلوماسيون", ""),
        ("وقال دبلوماسيون لرويترز إن الاتفاق قريب.", "دبلوماسيون", ""),
    ],
)  # fmt: skip
def test_an_aside_or_an_addressee_is_no_part_of_the_speaker(sentence, speaker, role):
    claim = only_claim(sentence)
    assert (claim.speaker, claim.speaker_role) == (speaker, role)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("أعلنت الشرطة القبض على ثلاثة مشتبه بهم في سرقة البنك.",
         [("الشرطة", "القبض على ثلاثة مشتبه بهم في سرقة البنك")]),
        ("ونفى المتحدث وجود أي مفاوضات سرية مع الطرف الآخر.",
         [("المتحدث", "وجود أي مفاوضات سرية مع الطرف الآخر")]),
        ("وتوقع البنك الدولي نمو الاقتصاد بنسبة 3% العام المقبل.",
         [("البنك الدولي", "نمو الاقتصاد بنسبة 3% العام المقبل")]),
        ("وأعلنت وزارة الصحة تسجيل 120 إصابة جديدة بالكوليرا.",
         [("وزارة الصحة", "تسجيل 120 إصابة جديدة بالكوليرا")]),
        ("وأعلن الرئيس الحداد ثلاثة أيام على أرواح الضحايا.", []),
    ],
)  # fmt: skip
def test_a_verbal_noun_object_is_the_claim_and_a_plural_is_not_one(sentence, expected):
    assert [(c.speaker, c.statement) for c in claims_of(sentence)] == expected


def test_the_source_named_again_with_the_article_is_the_same_source():
    claims = claims_of(
        "ونقلت صحيفة الشرق عن مسؤول في الوزارة قوله إن الحصيلة مرشحة للارتفاع.",
        "وأضاف المسؤول أن المستشفيات تعاني نقصاً في وحدات الدم.",
    )
    assert [c.speaker for c in claims] == ["مسؤول في الوزارة"] * 2
    assert "المسؤول" in claims[1].speaker_aliases


def test_a_saying_participle_after_a_bare_continuation_verb_keeps_the_speaker():
    claims = claims_of(
        "وقال مدير الدفاع المدني إن فرق الإنقاذ انتشلت 12 جثة.",
        "وتابع قائلاً إن البحث سيستمر طوال الليل.",
    )
    assert [(c.speaker, c.statement) for c in claims][1] == (
        "مدير الدفاع المدني",
        "البحث سيستمر طوال الليل",
    )


def test_a_mufaala_verbal_noun_is_the_object_but_a_province_is_not():
    [claim] = claims_of("وطالبت جمعيات بيئية بمحاسبة الشركة المالكة للناقلة.")
    assert (claim.speaker, claim.statement) == ("جمعيات بيئية", "محاسبة الشركة المالكة للناقلة")
    assert claims_of("وأعلن المحافظ محافظة الشمال منطقة منكوبة.") == []


def test_a_title_alone_before_a_name_is_no_role():
    claim = only_claim("وقال الدكتور سامي حداد إن الوضع مستقر.")
    assert (claim.speaker, claim.speaker_role) == ("سامي حداد", "")


@pytest.mark.parametrize(
    ("sentence", "speaker", "role"),
    [
        ("وقال أحمد علي إن الوضع مستقر.", "أحمد علي", ""),
        ("قال أبو علي، البالغ من العمر 60 عاماً، إن بيته دُمّر بالكامل.", "أبو علي", ""),
        ("وقال وزير الخارجية علي باقري إن المفاوضات مستمرة.", "علي باقري", "وزير الخارجية"),
        ("وقال المتحدث باسم الوزارة، علي النجار، إن الوضع مستقر.",
         "علي النجار", "المتحدث باسم الوزارة"),
        ("وقال المدير على هامش المؤتمر إن الخطة جاهزة.", "المدير", ""),
        ("وقال الوزير أثناء زيارته للمدينة إن الخطة جاهزة.", "الوزير", ""),
    ],
)  # fmt: skip
def test_the_name_ali_is_no_preposition(sentence, speaker, role):
    claim = only_claim(sentence)
    assert (claim.speaker, claim.speaker_role) == (speaker, role)


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ("وقالت صباح الأحمد إن الوضع مستقر.", "صباح الأحمد"),
        ("وقال الوزير صباح اليوم إن الوضع مستقر.", "الوزير"),
        ("وقال الوزير مساء إن الوضع مستقر.", "الوزير"),
    ],
)
def test_a_part_of_the_day_may_be_a_name(sentence, speaker):
    assert only_claim(sentence).speaker == speaker


@pytest.mark.parametrize(
    ("sentence", "speaker", "role"),
    [
        ("وقال أحمد القاضي إن الوضع مستقر.", "أحمد القاضي", ""),
        ("وقال خليل الوزير إن الوضع مستقر.", "خليل الوزير", ""),
        ("وقال فرهاد الشامي المتحدث باسم القوات إن الوضع مستقر.",
         "فرهاد الشامي", "المتحدث باسم القوات"),
    ],
)  # fmt: skip
def test_a_family_name_that_is_also_a_role_stays_in_the_name(sentence, speaker, role):
    claim = only_claim(sentence)
    assert (claim.speaker, claim.speaker_role) == (speaker, role)


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ("وقالت طالبة جامعية إن الامتحانات صعبة.", "طالبة جامعية"),
        ("وقال فضل شاكر إن الحفل ألغي.", "فضل شاكر"),
        ("وقالت ممرضة، طالبة عدم الكشف عن اسمها، إن الأدوية نفدت.", "ممرضة"),
    ],
)
def test_a_student_speaks_and_a_request_for_anonymity_does_not(sentence, speaker):
    assert only_claim(sentence).speaker == speaker


@pytest.mark.parametrize(
    ("sentence", "speaker", "role"),
    [
        ("وقال محمد بن سلمان ولي العهد إن المملكة ماضية في الإصلاحات.",
         "محمد بن سلمان", "ولي العهد"),
        ("وقال المدير الفني للمنتخب، البرتغالي جورجي جيسوس، إن الفريق جاهز.",
         "جورجي جيسوس", "المدير الفني للمنتخب"),
        ("وقال اللاعب سامي حداد لشبكة الملاعب إن الفريق جاهز.", "سامي حداد", "اللاعب"),
        ("وذكر بيان صادر عن الرئاسة أن الرئيس استقبل الوفد.", "الرئاسة", ""),
        ("وقالت منظمة الصحة العالمية على لسان مديرها إن الجائحة لم تنته.",
         "منظمة الصحة العالمية", ""),
    ],
)  # fmt: skip
def test_a_nationality_a_document_or_a_mouthpiece_is_no_part_of_the_speaker(
    sentence, speaker, role
):
    claim = only_claim(sentence)
    assert (claim.speaker, claim.speaker_role) == (speaker, role)


@pytest.mark.parametrize(
    ("sentence", "speaker", "role"),
    [
        ("وقال رئيس رابطة المشجعين إلياس قاسم إن الرابطة ستقاطع المباراة.",
         "إلياس قاسم", "رئيس رابطة المشجعين"),
        ("وقالت طبيبة الأطفال إلهام سالم إن الحملة نجحت.", "إلهام سالم", "طبيبة الأطفال"),
        ("وكتب مهاجم الفريق كريم بوزيد، صاحب هدفين، على فيسبوك أن الحلم يقترب.",
         "كريم بوزيد", "مهاجم الفريق"),
        ("أما مدرب الفريق سامي عبد النور فقال إن الحكم أخطأ.", "سامي عبد النور", "مدرب الفريق"),
        # between commas after أما
        ("أما المرشح الخاسر، وليد قاسم، فقال إن النتيجة مزورة.", "وليد قاسم", "المرشح الخاسر"),
        # one who acts for another, named after the comma
        ("وقال وكيل الوزارة لشؤون الحج، مهند السقا، إن البعثة جاهزة.",
         "مهند السقا", "وكيل الوزارة لشؤون الحج"),
        ("وأظهرت بيانات سلطة المياه أن الفاقد بلغ 41%.", "سلطة المياه", ""),
        ("وبحسب بيان لوزارة الصحة صدر في الأول من أكتوبر، فإن الحملة ستستمر.", "وزارة الصحة", ""),
    ],
)  # fmt: skip
def test_names_that_look_like_words_and_speakers_behind_openers_or_documents(
    sentence, speaker, role
):
    claim = only_claim(sentence)
    assert (claim.speaker, claim.speaker_role) == (speaker, role)


@pytest.mark.parametrize(
    "sentence",
    [
        "وأظهرت الصور أن المياه غمرت الشارع.",
        "وطالب الاتحاد الحكومةَ بتزويد القوارب بأجهزة تحديد المواقع.",
        "ودعا الوزير المواطنين إلى ترشيد الاستهلاك، وحثّ البلديات على إصلاح الشبكات.",
        "ووقّع الوزير كريم صباح اتفاقية قرض مع البنك.",
    ],
)
def test_appeals_demands_of_someone_actions_and_pictures_are_no_claims(sentence):
    assert claims_of(sentence) == []


def test_a_participle_after_a_subject_fronted_by_kana_keeps_that_subject():
    claims = claims_of(
        "وقال المحامي توفيق الساحلي إن القضية سياسية.",
        "وكان الساحلي قد نفى التهم في رسالة إلى الرأي العام، قائلاً إنه ضحية تصفية حسابات.",
    )
    assert [(claim.speaker, claim.statement) for claim in claims][-1] == (
        "توفيق الساحلي",
        "ضحية تصفية حسابات",
    )


@pytest.mark.parametrize(
    ("paragraphs", "speaker"),
    [
        # the subject of a verb of criticism is the earlier speaker named again, not its object
        (("وقال رئيس النقابة فادي الحداد إن الأجور متدنية.",
          "وهاجم الحداد وزير العمل سامي الأحمد، معتبراً أن وعوده لم تُنفذ."), "فادي الحداد"),
        (("وقالت الفنانة رنا سليم إن المسرح يحتضر.",
          "وانتقدت سليم غياب الرعاة، قائلة إن العروض تُلغى."), "رنا سليم"),
        # after a role, a second family name is the verb's object
        (("وانتقد قائد الفريق هاني السيد الحكام الذين أداروا المباراة، قائلاً إن الأخطاء تكررت.",),
         "هاني السيد"),
        # "قالت فيه": the author of the statement the clause before published
        (("وأصدرت رابطة المستأجرين بياناً أمس قالت فيه إن الإيجارات تضاعفت.",),
         "رابطة المستأجرين"),
        (("وأشاد وزير الخارجية بالاتفاق، معتبراً أنه خطوة تاريخية.",), "وزير الخارجية"),
        (("وبحسب ما قاله الوزير للصحيفة، فإن الاتفاق سيوقع قريباً.",), "الوزير"),
        # whom the words answer is no part of the speaker
        (("وقال الوزير سامي حداد إن الخطة جاهزة.",
          'ورد عليه النائب كريم فارس قائلاً: "الخطة ولدت ميتة".'), "كريم فارس"),
        (("وقال له الطبيب إن حالته مستقرة.",), "الطبيب"),
        # a newspaper citing its sources passes on their words
        (("وذكرت صحيفة الأيام نقلاً عن مصادر مطلعة أن الوزير سيستقيل.",), "مصادر مطلعة"),
        # a circumstantial participle between commas is no name
        (("وقال الوزير، مخاطباً المحتجين، إن مطالبهم مشروعة.",), "الوزير"),
        # a source's condition between its description and the verb
        (("وقال رئيس البلدية مروان خليل إن المشروع يسير.",
          "لكن موظفاً في البلدية، طلب عدم نشر اسمه، قال إن المشروع متوقف."),
         "موظفاً في البلدية"),
        # a description ends where the clause describing it begins
        (("وقالت معلمة تعمل في مدرسة القرية منذ سنوات إن الصفوف مكتظة.",), "معلمة"),
    ],
)  # fmt: skip
def test_the_subject_of_wire_copy_clauses_is_the_speaker(paragraphs, speaker):
    assert claims_of(*paragraphs)[-1].speaker == speaker


@pytest.mark.parametrize(
    ("sentence", "speaker", "role"),
    [
        ("وقال مدرب الفريق أمين حداد إن اللاعبين جاهزون.", "أمين حداد", "مدرب الفريق"),
        ("وقال حارس الفريق باسم يونس إن المباراة صعبة.", "باسم يونس", "حارس الفريق"),
        ("وقال أمين سالم، عضو المجلس البلدي، إن الطريق سيفتح.", "أمين سالم", "عضو المجلس البلدي"),
        ("وقال أمين عام الحزب خالد عمر إن الحزب سيشارك.", "خالد عمر", "أمين عام الحزب"),
        ("وقال المتحدث باسم الشرطة إن الطريق مغلق.", "المتحدث باسم الشرطة", ""),
        ("وقال المتحدث العسكري باسم المتمردين إن الهجوم فشل.",
         "المتحدث العسكري باسم المتمردين", ""),
        ("وقال رئيس المحكمة القاضي ناجي فرح إن الجلسة علنية.", "ناجي فرح", "رئيس المحكمة"),
    ],
)  # fmt: skip
def test_given_names_that_are_also_words_after_a_role(sentence, speaker, role):
    claim = only_claim(sentence)
    assert (claim.speaker, claim.speaker_role) == (speaker, role)


def test_the_letters_of_cnn_are_no_complementiser():
    claim = only_claim("وقال مسؤولون أمريكيون لشبكة سي إن إن إن الصفقة باتت قريبة.")
    assert (claim.speaker, claim.statement) == ("مسؤولون أمريكيون", "الصفقة باتت قريبة")
    # but the إن after "بي بي سي" is
    claim = only_claim("وقال المؤسس في مقابلة مع بي بي سي إن المتاجر تجاوزت 30 ألفاً.")
    assert (claim.speaker, claim.statement) == ("المؤسس", "المتاجر تجاوزت 30 ألفاً")
