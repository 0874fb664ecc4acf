"""The word lists of claim extraction, spelled as written; keys are normalised here."""

from __future__ import annotations

from articles.parsing.dates import MONTHS, WEEKDAYS
from articles.parsing.text import normalize_arabic, word_keys

MASCULINE, FEMININE, PLURAL = "m", "f", "p"

# (masculine, feminine, plural) past forms; a verb stays singular before a
# plural subject, so the form says the gender of a *following* subject only.
VERB_FORMS: tuple[tuple[str, ...], ...] = (
    ("قال", "قالت", "قالوا"),
    ("أكد", "أكدت", "أكدوا"),
    ("أضاف", "أضافت", "أضافوا"),
    ("أعلن", "أعلنت", "أعلنوا"),
    ("ذكر", "ذكرت", "ذكروا"),
    ("أوضح", "أوضحت", "أوضحوا"),
    ("صرح", "صرحت", "صرحوا"),
    ("أفاد", "أفادت", "أفادوا"),
    ("نفى", "نفت", "نفوا"),
    ("زعم", "زعمت", "زعموا"),
    ("اعتبر", "اعتبرت", "اعتبروا"),
    ("أشار", "أشارت", "أشاروا"),
    ("كشف", "كشفت", "كشفوا"),
    ("لفت", "لفتت", "لفتوا"),
    ("شدد", "شددت", "شددوا"),
    ("حذر", "حذرت", "حذروا"),
    ("رأى", "رأت", "رأوا"),
    ("اتهم", "اتهمت", "اتهموا"),
    ("أورد", "أوردت", "أوردوا"),
    ("أجاب", "أجابت", "أجابوا"),
    ("يقول", "تقول", "يقولون"),
    ("وصفه", "وصفته", "وصفوه"),  # "بما وصفته X بأنه …"
    ("نقل", "نقلت", "نقلوا"),
    ("يؤكد", "تؤكد", "يؤكدون"),
)
# Also adjectives or nouns on their own ("تابع للتحالف"): verbs only after و/ف.
CONTINUATION_FORMS: tuple[tuple[str, ...], ...] = (
    ("تابع", "تابعت", "تابعوا"),
    ("أردف", "أردفت", "أردفوا"),
)

GENDER_OF_VERB: dict[str, str] = {
    normalize_arabic(form): gender
    for forms in VERB_FORMS + CONTINUATION_FORMS
    for form, gender in zip(forms, (MASCULINE, FEMININE, PLURAL), strict=True)
}

COMPLEMENTISERS = [
    prefix + "ان" + suffix
    for prefix in ("", "ب")
    for suffix in ("", "ه", "ها", "هم", "هما", "هن", "نا", "ني", "ي")
]

# A verb whose speaker passes on someone else's words: "نقلت الوكالة عن مصدر أن …".
RELAYING_VERBS = word_keys("نقل", "نقلت", "نقلوا")

# Discourse openers before a fronted subject: "لكن الصحيفة قالت".
OPENERS = word_keys(
    "و", "ف", "كان", "وكان", "فكان", "كانت", "وكانت", "فكانت", "لكن", "ولكن", "بينما",
    "فيما", "حيث", "كما", "وكما", "كذلك", "وقد", "فقد", "قد", "لقد", "ثم", "بدوره",
    "بدورها", "أيضاً", "أيضا",
    "في", "حين", "غير", "إلا", "أن",
)  # fmt: skip
# Words that end a speaker phrase after the verb: a time ("قال مسؤول يوم الخميس").
TIME_WORDS = word_keys(
    "يوم", "اليوم", "أمس", "الأمس", "مساء", "صباح", "ظهر", "ليلة", "مساء", "صباحا",
    "مساءً", "صباحاً", "أول", "خلال", "لاحقا", "لاحقاً", "سابقا", "سابقاً",
) | frozenset(WEEKDAYS)  # fmt: skip
# "قال فلان أمام البرلمان"، "قال لـ"الصحيفة"": the speaker phrase ends here.
SPEAKER_ENDS = word_keys("أمام", "ل", "لـ", "خلال")
PREPOSITIONS = word_keys("في", "عبر", "على", "ل", "لـ", "من")
TRAILING_PREPOSITIONS = word_keys("إلى", "الى", "على", "عن", "من", "ب", "في")
# Stems of a channel after a preposition ("في تغريدة", "عبر حسابه"), or with ل
# attached ("لوكالة"): they end the speaker phrase as well.
CHANNEL_STEMS = tuple(
    normalize_arabic(stem)
    for stem in (
        "تغريد", "تدوين", "بيان", "تقرير", "مؤتمر", "مقابل", "حوار", "تصريح", "كلمة",
        "كلمته", "كلمتها", "خطاب", "رسال", "حساب", "صفح", "منشور", "حديث", "لقاء", "تسجيل",
        "فيديو", "مقطع", "وكالة", "قناة", "صحيفة", "موقع", "تلفزيون", "إذاعة", "برنامج",
        "بلاغ", "دراسة", "دراست", "ندوة", "ندوت",
    )
)  # fmt: skip
# After "في تقرير نشرته": what may stand between the channel and a statement
# that follows without إن (relative verb, time, date).
CHANNEL_RELATIVE = word_keys(
    "نشرته", "نشره", "نشرها", "أصدرته", "أصدره", "أصدرها", "بثته", "بثه", "بثها",
    "له", "لها", "لهم", "صدر", "صادر", "الصادر", "نشر", "نشرت", "أمس", "اليوم", "يوم",
    "صباح", "مساء", "الماضي", "المقبل", "من", "عام", "سنة", "أعدها", "أعده", "أعدته",
    "أعدتها", "حديث", "حديثة", "جديد", "جديدة", "رسمي", "رسمية",
) | frozenset(WEEKDAYS)  # fmt: skip
CHANNEL_RELATIVE_OR_FROM = CHANNEL_RELATIVE | {"عن", "صادر", "الصادر", "الصادرة", "صادرة"}
MONTH_WORDS = frozenset(word for name in MONTHS for word in name.split())
# Channels that stand for their author: "بحسب بيان لوزارة الصحة", "تقريراً نشرته منصة".
DOCUMENT_STEMS = tuple(
    normalize_arabic(stem)
    for stem in ("بيان", "بلاغ", "تقرير", "دراس", "تغريد", "تدوين", "منشور", "رسال", "إحصاء")
)
