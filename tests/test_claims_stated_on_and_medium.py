"""When and through what a claim was made, as wire copy states it.

The sentences are written for these tests. Articles are published on Friday
15 March 2024, so "أمس" is Thursday the 14th.
"""

import datetime as dt

import pytest

from articles.parsing import Medium, ParsedClaim, extract_claims

FRIDAY = dt.datetime(2024, 3, 15, 9, 0, tzinfo=dt.UTC)
NONE = Medium.UNKNOWN


def claim_of(*paragraphs: str) -> ParsedClaim:
    """The first claim of the paragraphs, its statement checked against the text."""
    claims = extract_claims(list(paragraphs), published_at=FRIDAY)
    assert claims, paragraphs
    claim = claims[0]
    assert paragraphs[claim.paragraph - 1][claim.start : claim.end] == claim.statement
    return claim


@pytest.mark.parametrize(
    ("text", "medium"),
    [
        ('وقال الخبير لـ"الأفق" إن الأسعار سترتفع.', Medium.INTERVIEW),
        ("وقال الخبير لصحيفة المرفأ إن الأسعار سترتفع.", Medium.INTERVIEW),
        ("وقال الوزير لوكالة الأنباء الرسمية إن الأسعار سترتفع.", Medium.INTERVIEW),
        ('وأضاف المحامي في تصريح لـ"النهار الجديد" أن الحكم سيستأنف.', Medium.INTERVIEW),
        ('وقال رئيس الجمعية في اتصال هاتفي مع "الأفق" إن الخسائر كبيرة.', Medium.INTERVIEW),
        ("وأكد المتحدث، في إحاطة صحفية، أن التحقيق مستمر.", Medium.PRESS_CONFERENCE),
        ("وقال الوزير خلال حفل التوقيع إن المصفاة ستتوسع.", Medium.SPEECH),
        ("وقالت النائبة خلال مداخلة على فضائية محلية إن القانون سيعدل.", Medium.TELEVISION),
        ("وكتب اللاعب عبر حسابه على منصة «إكس» أن الموسم انتهى.", Medium.TWEET),
        ("وكتب اللاعب عبر حسابه الرسمي أن الموسم انتهى.", Medium.SOCIAL_POST),
        ("وقالت المغنية في مقطع على تيك توك إن الحفل ألغي.", Medium.SOCIAL_POST),
        ("ونقلت وكالة الأنباء الرسمية عن مسؤول محلي قوله إن العائلات نزحت.", Medium.REPORT),
        ("وذكرت صحيفة الأيام نقلاً عن مصادر مطلعة أن الوزير سيستقيل.", Medium.REPORT),
        # a letter posted on a platform is a post; one sent to someone stays a letter
        ("وقال المدرب في رسالة نشرها عبر حسابه على فيسبوك إنه يغادر النادي.", Medium.SOCIAL_POST),
        ("وقال المدرب في رسالة وجهها إلى اللاعبين إن الموسم انتهى.", Medium.LETTER),
        ("ووفقاً لتقديرات البنك الدولي، سيبلغ النمو 3% العام المقبل.", Medium.REPORT),
    ],
)
def test_the_medium_wire_copy_names(text, medium):
    assert claim_of(text).medium is medium


@pytest.mark.parametrize(
    "text",
    [
        # a title, not an addressee
        "وقال المدير العام لوكالة الطاقة إن الأسعار سترتفع.",
        # a call with a counterpart is no interview
        "وقال الوزير في اتصال هاتفي مع نظيره الفرنسي إن العلاقات متينة.",
        # "للصحفيين": said to reporters, through no channel the text names
        "وقال المحامي للصحفيين عقب الجلسة إن موكله بريء.",
        # a ceremony in a clause about the speaker is not where the words were said
        "وقالت الكاتبة، التي كرّمها المعرض في حفل الافتتاح، إن الرواية تتراجع.",
    ],
)
def test_no_medium_where_the_text_names_none(text):
    assert claim_of(text).medium is NONE


def test_a_programme_named_with_a_medium_word_is_the_programme_s_channel():
    claim = claim_of('وقال رئيس اللجنة في برنامج "حديث اليوم" على إذاعة الرياضة إن الحكم أصاب.')
    assert (claim.stated_on, claim.medium) == (None, Medium.RADIO)


@pytest.mark.parametrize(
    ("when", "stated_on"),
    [
        ("أمس الأول", dt.date(2024, 3, 13)),
        ("اليوم (الجمعة)", dt.date(2024, 3, 15)),
        ("مساء الأربعاء", dt.date(2024, 3, 13)),
        ("الاثنين الفائت", dt.date(2024, 3, 11)),
        ("في الأول من آذار", dt.date(2024, 3, 1)),
        ("في الحادي عشر من الشهر الجاري", dt.date(2024, 3, 11)),
        ("في الـ12 من الشهر الجاري", dt.date(2024, 3, 12)),
        ("في 20 من الشهر الماضي", dt.date(2024, 2, 20)),
        ("في 12 مارس الجاري", dt.date(2024, 3, 12)),
        ("بتاريخ 2024/3/12", dt.date(2024, 3, 12)),
        ("يوم 12-03-2024", dt.date(2024, 3, 12)),
        # no year, and after publication: the year before
        ("في 28 ديسمبر", dt.date(2023, 12, 28)),
        # day and month in digits, the publication's year (or the one before)
        ("في 12/3", dt.date(2024, 3, 12)),
        ("في 28/12", dt.date(2023, 12, 28)),
        ("في ساعة متأخرة من ليل الأربعاء", dt.date(2024, 3, 13)),
        ("أول من أمس", dt.date(2024, 3, 13)),
        ("قبل يومين", dt.date(2024, 3, 13)),
        ("قبل ثلاثة أيام", dt.date(2024, 3, 12)),
    ],
)
def test_the_date_wire_copy_states(when, stated_on):
    assert claim_of(f"وقال الوزير {when} إن الميزانية أقرت.").stated_on == stated_on


@pytest.mark.parametrize(
    ("when", "stated_on"),
    [
        ("في الثاني عشر من مارس", dt.date(2024, 3, 12)),
        ("ليل الأربعاء", dt.date(2024, 3, 13)),
        ("في وقت سابق اليوم", dt.date(2024, 3, 15)),
        ("في الساعات الأولى من صباح اليوم", dt.date(2024, 3, 15)),
        ("مطلع الأسبوع", None),
    ],
)
def test_a_date_after_the_speaker_is_no_part_of_the_name(when, stated_on):
    claim = claim_of(f"وقال الوزير {when} إن الميزانية أقرت.")
    assert (claim.speaker, claim.stated_on) == ("الوزير", stated_on)


@pytest.mark.parametrize(
    "text",
    [
        # a clause about the speaker dates something else
        "وقال مدير المستشفى، الذي افتتح جناحاً للعزل يوم الثلاثاء، إن الحالات تراجعت.",
        # the day of an event told before
        "وفي اليوم نفسه، قال الوزير إن الميزانية أقرت.",
        # a programme's name
        "وقال الوزير في برنامج صباح اليوم على إذاعة محلية إن الميزانية أقرت.",
        # the statement's own date
        "وقال الوزير إن الاجتماع سيعقد مساء الأربعاء.",
        # a long opening clause without a channel: the event's time
        "وفي الحادث الذي وقع قرب السوق المركزي مساء الأربعاء، قال شهود إن النار امتدت.",
        # a day of this month inside the statement
        "وقال الوزير إن الأسعار ستنخفض في 20 الجاري.",
    ],
)
def test_no_date_where_the_text_states_none(text):
    assert claim_of(text).stated_on is None


def test_the_occasion_a_speaker_was_speaking_at_dates_the_claim():
    claim = claim_of("وقال الوزير، الذي كان يتحدث في مؤتمر صحفي الثلاثاء، إن الميزانية أقرت.")
    assert (claim.stated_on, claim.medium) == (dt.date(2024, 3, 12), Medium.PRESS_CONFERENCE)


@pytest.mark.parametrize(
    ("text", "stated_on", "medium"),
    [
        (
            "وفي منشور على صفحتها في فيسبوك أمس الأول، قالت الجمعية إن المياه غمرت الأراضي.",
            dt.date(2024, 3, 13),
            Medium.SOCIAL_POST,
        ),
        (
            "وفي رسالة إلى مديري المدارس في 28 فبراير الماضي، قالت المديرية إن التطعيم إلزامي.",
            dt.date(2024, 2, 28),
            Medium.LETTER,
        ),
        ("ومساء الأربعاء، قال الوزير إن الميزانية أقرت.", dt.date(2024, 3, 13), NONE),
        (
            "وقالت الوزيرة إن الضرائب لن ترتفع، وذلك في مقابلة مع وكالة محلية نشرت أمس.",
            dt.date(2024, 3, 14),
            Medium.INTERVIEW,
        ),
        (
            "وقال الوزير إن الميزانية أقرت. جاء ذلك خلال مؤتمر صحفي عقده مساء الأربعاء.",
            dt.date(2024, 3, 13),
            Medium.PRESS_CONFERENCE,
        ),
        # "وذلك في إطار …" names no channel: part of what was said
        ("وقال الوزير إن المعبر سيفتح يوم الأربعاء، وذلك في إطار خطة الحكومة.", None, NONE),
        # an occasion that is no channel dates the statement, and names no medium
        (
            "وقال الوزير إن المعبر سيفتح. وجاءت تصريحات الوزير خلال زيارة ميدانية أمس.",
            dt.date(2024, 3, 14),
            NONE,
        ),
        (
            "وقال الوزير إن المعبر سيفتح. جاء ذلك على هامش اجتماع وزاري عقد الأربعاء.",
            dt.date(2024, 3, 13),
            NONE,
        ),
        # what "وذلك" refers to is something else, or a plan
        ("وقال الوزير إن المعبر سيفتح، وذلك في إشارة إلى بيان صدر الأربعاء.", None, NONE),
        ("وقال الوزير إن الخطة ستنفذ، وذلك خلال زيارة مرتقبة الأحد المقبل.", None, NONE),
        # the sentence's last clause, a channel after its preposition
        (
            "وقال الوزير إن المعبر سيفتح، في تصريحات لقناة الوطن مساء الأربعاء.",
            dt.date(2024, 3, 13),
            Medium.TELEVISION,
        ),
        # … unless a verb within the statement owns it
        ("وقال الوزير إن الحكومة أعلنت الإغلاق، في بيان صدر الأربعاء.", None, NONE),
    ],
)
def test_a_clause_of_the_same_sentence_states_date_and_medium(text, stated_on, medium):
    claim = claim_of(text)
    assert (claim.stated_on, claim.medium) == (stated_on, medium)


def test_a_participle_clause_shares_its_verb_s_date_and_medium():
    first, second = extract_claims(
        ["وقال الوزير في بيان مساء الأربعاء إن الميزانية أقرت، مشيراً إلى أن العجز تراجع."],
        published_at=FRIDAY,
    )
    assert second.statement == "العجز تراجع"
    assert (second.stated_on, second.medium) == (first.stated_on, first.medium)
    assert (second.stated_on, second.medium) == (dt.date(2024, 3, 13), Medium.STATEMENT)


@pytest.mark.parametrize(
    ("lead", "said", "stated_on"),
    [
        ("فاز النجوم بالكأس في المباراة النهائية مساء الأربعاء.",
         "وقال المدرب في المؤتمر الصحفي عقب المباراة إن اللقب للجماهير.", dt.date(2024, 3, 13)),
        ("وقّعت الوزارة يوم الثلاثاء عقداً لتوسعة المصفاة.",
         "وقال الوزير خلال حفل التوقيع إن المصفاة ستتوسع.", dt.date(2024, 3, 12)),
        # "افتتح" tells of الافتتاح, "اجتمع" of الاجتماع
        ("افتتح معرض الكتاب دورته مساء الاثنين (11 آذار/مارس).",
         "وقالت الوزيرة خلال حفل الافتتاح إن الدعم مستمر.", dt.date(2024, 3, 11)),
        ("اجتمع وزراء المالية العرب في 9 آذار لبحث الديون.",
         "وقال الوزير عقب الاجتماع إن الديون تتراكم.", dt.date(2024, 3, 9)),
        # the lead tells of the match or the session without naming it: its day, relative
        # to publication (the date of the next session is not when anything was said)
        ("فاز الاتحاد على ضيفه 2-1 مساء الأربعاء.",
         "وقال المدرب في المؤتمر الصحفي عقب المباراة إن الفوز مستحق.", dt.date(2024, 3, 13)),
        ("أجّلت المحكمة أمس محاكمة المتهمين إلى 2 أبريل.",
         "وقال المحامي للصحفيين عقب الجلسة إن موكله بريء.", dt.date(2024, 3, 14)),
        # the event is told of, but not its day: no date
        ("فاز النجوم بالكأس في المباراة النهائية.",
         "وقال المدرب في المؤتمر الصحفي عقب المباراة إن اللقب للجماهير.", None),
        # a time is no event
        ("وارتفعت الأسعار يوم الثلاثاء في الأسبوع الثاني من الشهر.",
         "وقال التاجر خلال الأسبوع إن الطلب تراجع.", None),
    ],
)  # fmt: skip
def test_a_statement_after_an_event_the_article_dated_takes_that_day(lead, said, stated_on):
    assert claim_of(lead, said).stated_on == stated_on


@pytest.mark.parametrize(
    ("text", "stated_on", "medium"),
    [
        ("أعلنت وزارة الصحة، الأربعاء، تسجيل 12 إصابة جديدة.", dt.date(2024, 3, 13), NONE),
        ("أعلن الجيش، أمس الخميس، إغلاق المعبر أمام المدنيين.", dt.date(2024, 3, 14), NONE),
        (
            "أعلنت الشرطة، في بيان صدر فجر اليوم، توقيف خمسة أشخاص.",
            dt.date(2024, 3, 15),
            Medium.STATEMENT,
        ),
        ("كشفت مصادر أمنية، الأربعاء، عن توقيف ثلاثة أشخاص.", dt.date(2024, 3, 13), NONE),
        (
            "أعلن الاتحاد، في ساعة متأخرة من مساء الأربعاء، إيقاف اللاعب ثلاث مباريات.",
            dt.date(2024, 3, 13),
            NONE,
        ),
    ],
)
def test_a_verbal_noun_after_a_time_or_channel_between_commas_is_a_claim(text, stated_on, medium):
    claim = claim_of(text)
    assert (claim.stated_on, claim.medium) == (stated_on, medium)
    assert claim.statement.split()[0] in ("تسجيل", "إغلاق", "توقيف", "إيقاف")


def test_a_pluperfect_speaker_between_commas_is_named_and_dated():
    claim = claim_of("وكان رئيس رابطة المصارف، عماد يونس، قد قال في 12/3 إن الكلفة مرتفعة.")
    assert (claim.speaker, claim.speaker_role) == ("عماد يونس", "رئيس رابطة المصارف")
    assert claim.stated_on == dt.date(2024, 3, 12)


def test_a_sermon_is_a_speech_and_ends_the_speaker_phrase():
    claim = claim_of("وكان المفتي عبد الرحمن الزين قد قال في خطبة ألقاها إن التكافل واجب.")
    assert (claim.speaker, claim.medium) == ("عبد الرحمن الزين", Medium.SPEECH)


def test_a_well_informed_source_is_no_time():
    claim = claim_of("وكشف مصدر قضائي مطلع أن النيابة تدرس الملف.")
    assert claim.speaker == "مصدر قضائي مطلع"


def test_the_relayed_speaker_ends_at_his_saying():
    claim = claim_of("ونقلت وكالة الأنباء الرسمية عن الوزير قوله الأربعاء إن المعبر سيفتح.")
    assert (claim.speaker, claim.stated_on) == ("الوزير", dt.date(2024, 3, 13))


@pytest.mark.parametrize(
    ("lead", "later", "stated_on", "medium"),
    [
        (
            "وقال الوزير ظهر اليوم في مؤتمر صحفي إن الامتحانات أجلت.",
            "وأوضح الوزير في المؤتمر ذاته أن الطلاب سيبلغون.",
            dt.date(2024, 3, 15),
            Medium.PRESS_CONFERENCE,
        ),
        (
            'وفي تصريحات أدلى بها الأربعاء لبرنامج "المساء" على القناة الأولى، قال الخبير إن'
            " الأسعار سترتفع.",
            "وتابع الخبير في البرنامج نفسه أن الطلب تراجع.",
            dt.date(2024, 3, 13),
            Medium.TELEVISION,
        ),
        # the conference told of has no day: neither has the statement
        (
            "وقال الوزير خلال مؤتمر صحفي إن الامتحانات أجلت.",
            "وأضاف في المؤتمر ذاته أن الطلاب سيبلغون.",
            None,
            Medium.PRESS_CONFERENCE,
        ),
        # "في الوقت نفسه" is "meanwhile", no occasion
        (
            "وقال الوزير ظهر اليوم في مؤتمر صحفي إن الامتحانات أجلت.",
            "وفي الوقت نفسه، قال النقيب إن المعلمين مستعدون.",
            None,
            NONE,
        ),
    ],
)
def test_the_same_occasion_told_again_shares_its_date_and_medium(lead, later, stated_on, medium):
    claims = extract_claims([lead, later], published_at=FRIDAY)
    assert (claims[-1].paragraph, claims[-1].stated_on, claims[-1].medium) == (2, stated_on, medium)


FILED_ON_THE_14TH = (
    "السهل - 14 آذار - أعلنت الوزارة تأجيل الامتحانات. وقال الوزير أمس الأول إن القرار نهائي."
)


@pytest.mark.parametrize(
    ("lead", "published_at", "stated_on"),
    [
        # filed on the 14th, published in the night after: "اليوم" is the 14th
        (
            "السهل - (الوكالة) - 14 آذار - قال الوزير ظهر اليوم إن الامتحانات أجلت.",
            dt.datetime(2024, 3, 15, 1, 20, tzinfo=dt.UTC),
            dt.date(2024, 3, 14),
        ),
        (
            FILED_ON_THE_14TH,
            dt.datetime(2024, 3, 15, 1, 20, tzinfo=dt.UTC),
            dt.date(2024, 3, 12),
        ),
        (
            "السهل (الوكالة) - 14 آذار - قال الوزير ظهر اليوم إن الامتحانات أجلت.",
            dt.datetime(2024, 3, 15, 1, 20, tzinfo=dt.UTC),
            dt.date(2024, 3, 14),
        ),
        # published late the next morning: written for its readers' day
        (
            FILED_ON_THE_14TH,
            dt.datetime(2024, 3, 15, 9, 10, tzinfo=dt.UTC),
            dt.date(2024, 3, 13),
        ),
    ],
)
def test_a_dateline_s_day_is_the_day_relative_days_count_from(lead, published_at, stated_on):
    claims = extract_claims([lead], published_at=published_at)
    assert claims[-1].stated_on == stated_on


@pytest.mark.parametrize(
    ("text", "statement"),
    [
        (
            "أعلن الطرفان اليوم التوصل إلى اتفاق لوقف إطلاق النار.",
            "التوصل إلى اتفاق لوقف إطلاق النار",
        ),
        ("أعلنت الشرطة صباح اليوم العثور على جثة رجل.", "العثور على جثة رجل"),
        ("أعلنت الوزارة اليوم الانتهاء من صيانة الطريق.", "الانتهاء من صيانة الطريق"),
    ],
)
def test_a_verbal_noun_with_the_article_is_the_whole_object(text, statement):
    claim = claim_of(text)
    assert (claim.statement, claim.stated_on) == (statement, dt.date(2024, 3, 15))


@pytest.mark.parametrize(
    ("when", "stated_on"),
    [
        ("البارحة", dt.date(2024, 3, 14)),
        ("مساء البارحة", dt.date(2024, 3, 14)),
        ("الليلة الماضية", dt.date(2024, 3, 14)),
        ("في 5 الجاري", dt.date(2024, 3, 5)),
        ("في العاشر من الجاري", dt.date(2024, 3, 10)),
        # the day of the month wins over the weekday beside it
        ("الخميس 7 الجاري", dt.date(2024, 3, 7)),
    ],
)
def test_yesterday_and_a_day_of_this_month(when, stated_on):
    claim = claim_of(f"وقال الوزير {when} إن الميزانية أقرت.")
    assert (claim.speaker, claim.stated_on) == ("الوزير", stated_on)


def test_a_day_of_this_month_in_digits_after_the_article_ends_the_speaker():
    claim = claim_of("وكانت البلدية قد أكدت في الـ3 من الشهر الحالي أن الشبكة تعمل.")
    assert (claim.speaker, claim.stated_on) == ("البلدية", dt.date(2024, 3, 3))


@pytest.mark.parametrize(
    ("text", "stated_on", "medium"),
    [
        # "وقت سابق من" is a time, not words of an event
        ("وفي وقت سابق من اليوم، قال الوزير إن الميزانية أقرت.", dt.date(2024, 3, 15), NONE),
        (
            "وفي كلمة ألقاها أمس الأول في ندوة على هامش المعرض، قال الكاتب إن القراء كثر.",
            dt.date(2024, 3, 13),
            Medium.SPEECH,
        ),
        (
            'وفي حلقة من بودكاست "حديث الأرقام" نشرت أمس، قال الخبير إن الصندوق سيعجز.',
            dt.date(2024, 3, 14),
            Medium.INTERVIEW,
        ),
        (
            'وقال المدرب في مداخلة هاتفية مع قناة "الملاعب" إن الفريق جاهز.',
            None,
            Medium.TELEVISION,
        ),
        ("وقال الوزير في حديث متلفز إن الميزانية أقرت.", None, Medium.TELEVISION),
        ("وقال المتحدث في بيان مصور إن التحقيق مستمر.", None, Medium.STATEMENT),
    ],
)
def test_an_opening_clause_or_a_channel_states_date_and_medium(text, stated_on, medium):
    claim = claim_of(text)
    assert (claim.stated_on, claim.medium) == (stated_on, medium)


@pytest.mark.parametrize(
    ("paragraphs", "speaker", "stated_on", "medium"),
    [
        (
            ("وعقد وزير الصحة زياد حمدان اجتماعاً مع مديري المستشفيات صباح الأربعاء."
             " وأكد خلاله أن اللقاحات وصلت.",),
            "زياد حمدان", dt.date(2024, 3, 13), NONE,
        ),
        (
            ("وعقد المحافظ نادر الشمري مؤتمراً صحفياً ظهر اليوم. وقال في المؤتمر إن المساكن"
             " جاهزة.",),
            "نادر الشمري", dt.date(2024, 3, 15), Medium.PRESS_CONFERENCE,
        ),
        # the name ends before the construct that follows it ("مخيم الحجاج")
        (
            ("وزار وزير الأوقاف رشيد العمر مخيم الحجاج صباح أمس. وقال خلال الزيارة إن"
             " التحقيق سيفتح.",),
            "رشيد العمر", dt.date(2024, 3, 14), NONE,
        ),
        # named between commas before "خلالها"
        (
            ("وعقدت لجنة الطاقة جلسة استماع عصر الأربعاء. وقال رئيس اللجنة، غسان مطر، خلالها"
             " إن العقود ستكشف.",),
            "غسان مطر", dt.date(2024, 3, 13), NONE,
        ),
        # "فيه" opening the next paragraph: the occasion of the claim before
        (
            ("وعقد المحافظ نادر الشمري مؤتمراً صحفياً ظهر اليوم. وقال في المؤتمر إن المساكن"
             " جاهزة.", "وأضاف فيه أن الفرق ستفحص المنازل."),
            "نادر الشمري", dt.date(2024, 3, 15), Medium.PRESS_CONFERENCE,
        ),
        # the sentence before tells of no meeting: no day from it
        (
            ("وارتفعت الأسعار يوم الأربعاء. وقال وزير التجارة علي حسن في الاجتماع إن الدعم"
             " مستمر.",),
            "علي حسن", None, NONE,
        ),
    ],
)  # fmt: skip
def test_an_occasion_the_sentence_before_told_of_dates_the_statement(
    paragraphs, speaker, stated_on, medium
):
    claim = extract_claims(list(paragraphs), published_at=FRIDAY)[-1]
    assert (claim.speaker, claim.stated_on, claim.medium) == (speaker, stated_on, medium)
