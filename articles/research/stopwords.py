"""Arabic words too common to say what an article is about, left out of the top words.

Written for this archive (Modern Standard Arabic news prose): particles, prepositions,
conjunctions, pronouns, demonstratives and relatives, auxiliary and reporting verbs, and
the vague adverbs and quantifiers of news writing, each also with the prefixes و and ف
where news text writes them attached. Kept as typed; ``words.normalize`` folds them
exactly as it folds the articles' words, so the spelling here does not matter.
"""

_PARTICLES = """
في من إلى الى على عن مع حتى منذ مذ لدى لدي عند بين نحو خلال ضد عبر حول دون تجاه
بعد قبل أمام خلف فوق تحت وسط ضمن لأن لان كي لكي لكن لكنه لكنها بل أو او أم ام ثم
إن ان أن إنه انه أنه إنها انها أنها أنهم انهم أنهما إذا اذا إذ اذ لو لولا لما كما مما
ممن عما عمن فيما بما بأن بان لأن كأن كان كانت كانوا يكون تكون يكونون سيكون ستكون
ليس ليست لم لن لا ما ماذا متى أين اين كيف هل قد لقد سوف إلا الا غير سوى إما اما
أيضا أيضاً ايضا كذلك هكذا هنا هناك هنالك ثمة حيث حين حينما عندما بينما كلما إنما انما
"""

_PRONOUNS_AND_DEMONSTRATIVES = """
هو هي هم هن هما أنا انا نحن أنت انت أنتم انتم هذا هذه هذان هاتان هؤلاء ذلك تلك
أولئك اولئك الذي التي الذين اللذان اللتان اللواتي اللاتي اللذين اللتين ذا ذي
له لها لهم لهما لنا لي به بها بهم فيه فيها فيهم منه منها منهم عليه عليها عليهم
إليه اليه إليها اليها إليهم اليهم عنه عنها عنهم معه معها معهم بينهم لديه لديها
"""

_VERBS_OF_REPORTING_AND_BEING = """
قال قالت يقول تقول قالوا أضاف اضاف أضافت اضافت أكد اكد أكدت اكدت أوضح اوضح أوضحت
اوضحت أشار اشار أشارت اشارت ذكر ذكرت أعلن اعلن أعلنت اعلنت صرح صرحت تابع تابعت
يمكن يجب أصبح اصبح أصبحت اصبحت صار صارت بات باتت ظل ظلت مازال ما زال لايزال يزال تزال
"""

_QUANTIFIERS_AND_ADVERBS = """
كل كلا كلتا بعض جميع عدة عدد أكثر اكثر أقل اقل أول اول أولى اولى آخر اخر أخرى اخرى
الآن الان اليوم أمس امس غدا غداً حاليا حالياً جدا جداً فقط نفس ذات أي اي أيا ايا
وفق وفقا وفقاً بحسب حسب إطار اطار خاص خاصة عام عامة نحو قرابة حوالي تقريبا تقريباً
الذي التى عليه يوم شهر سنة عام العام الماضي المقبل الجاري الحالي
"""

# Prefixed forms news text writes as one word (و/ف + the word).
_ATTACHED = """
وفي ومن وإلى والى وعلى وعن ومع وحتى وبعد وقبل وبين وخلال وأن وان وإن وقال وقالت وأضاف
واضاف وأكد واكد وأوضح واوضح وأشار واشار وذكر وأعلن واعلن وكان وكانت وهو وهي وهم وهذا
وهذه وذلك وتلك ولا ولم ولن وما وقد ولكن وأيضا وايضا وكل وبعض وهناك فإن فان فقد فلا
فما فهو فهي فيما وفيما وأنه وانه وأنها وانها ومنذ وعند ولدى ووفق ووفقا وبحسب وحسب ثم وثم
"""

STOP_WORDS_AS_TYPED: frozenset[str] = frozenset(
    " ".join(
        (_PARTICLES, _PRONOUNS_AND_DEMONSTRATIVES, _VERBS_OF_REPORTING_AND_BEING,
         _QUANTIFIERS_AND_ADVERBS, _ATTACHED)
    ).split()
)  # fmt: skip
