"""Speakers in context: the speaker phrase around a verb or a marker, and who a
phrase refers to within one article (aliases, definite descriptions, surnames)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from articles.parsing.claims.lexicon import (
    CHANNEL_RELATIVE_OR_FROM,
    CHANNEL_STEMS,
    DESCRIPTION_VERBS,
    DOCUMENT_STEMS,
    MONTH_WORDS,
    NAMING,
    NOUNS_TOO,
    OPENERS,
    OPENINGS_OF_TIME,
    ORDINAL_DAY_WORDS,
    PARTS_OF_DAY,
    PREPOSITIONS,
    RELATIVE_TIME,
    SPEAKER_ENDS,
    TIME_WORDS,
    TRAILING_PREPOSITIONS,
    YEAR_WORDS,
)
from articles.parsing.claims.patterns import TOKEN_RE
from articles.parsing.speaker_phrases import (
    ON_BEHALF_HEADS,
    TITLES,
    SpeakerPhrase,
    analyse_speaker,
    given_name_at,
    mention_matches,
    token_key,
)
from articles.parsing.speaker_phrases import ROLE_NOUNS as ROLE_HEADS
from articles.parsing.text import normalize_arabic, word_key, word_keys
from articles.parsing.types import SpeakerKind

_MAX_SUBJECT_WORDS = 15
_IN = word_key("في")
_MAX_NAME_WORDS = 4
_COMMA_SPLIT_RE = re.compile(r"\s*[،,]\s*")
# Words that start a clause between commas, not a name: "قال الوزير، في مؤتمر، إن".
_NOT_A_NAME_START = (
    PREPOSITIONS
    | TRAILING_PREPOSITIONS
    | SPEAKER_ENDS
    | word_keys(
        "مع", "بعد", "قبل", "حيث", "كما", "فيما", "بينما", "حسب", "بحسب", "وفق", "وفقا",
        "نقلا", "طبقا", "ردا", "تعليقا", "متحدثا", "متحدثة", "مضيفا", "مضيفة", "امس",
        "لدى", "أثناء", "اثناء", "عند", "إن", "أن", "ان", "بأن", "لا", "لم", "لن", "قد",
    )
)  # fmt: skip


def is_channel(key: str) -> bool:
    key = key.removeprefix("ال")
    return bool(key) and key.startswith(CHANNEL_STEMS)


def looks_feminine(speaker: SpeakerPhrase) -> bool:
    first = normalize_arabic(speaker.name.split()[0]) if speaker.name else ""
    return first.endswith("ة")


def speaker_after_verb(between: str) -> SpeakerPhrase | None:
    """The subject in "قال <subject> في بيان إن": words up to a comma, time or channel.

    "قالت المحللة في مؤسسة كذا، فلانة الفلانية، إن": a short name after the comma
    is the speaker and what comes before it the role.
    """
    between = without_channel(between)  # "ذكر بيان صادر عن الرئاسة أن"
    first_word = between.split(maxsplit=1)
    if first_word and word_key(first_word[0]) in TO_HIM:
        between = between.lstrip()[len(first_word[0]) :]  # "ورد عليه النائب قائلاً"
    if "،" in between or "," in between:
        parts = _COMMA_SPLIT_RE.split(between, maxsplit=2)
    else:
        parts = [between]  # most phrases hold no comma: no split to make
    if len(parts) > 1:
        closed = len(parts) > 2
        apposition = (
            _named_after(parts[1])
            or _apposition(parts[0], parts[1], closed=closed)
            or (_role_after_name(parts[0], parts[1]) if closed else None)
        )
        if apposition is not None:
            return apposition
    between = parts[0]
    tokens = [(m.start(), m.group()) for m in TOKEN_RE.finditer(between)]
    # Keys are made as the scan goes: it mostly stops a few words in.
    keys: list[str] = []
    cut = len(tokens)
    for index, (_, token) in enumerate(tokens):
        key = token_key(token)
        keys.append(key)
        following = (
            token_key(tokens[index + 1][1])
            if index + 1 < len(tokens)
            and (
                key in TIME_WORDS
                or key in YEAR_WORDS
                or key in PREPOSITIONS
                or key in OPENINGS_OF_TIME
            )
            else ""
        )
        if (
            (key in TIME_WORDS and (index or key not in PARTS_OF_DAY or _is_time(following)))
            or (key in OPENINGS_OF_TIME and (_is_time(following) or following in YEAR_WORDS))
            or (key in YEAR_WORDS and following in RELATIVE_TIME)
            or (key in SPEAKER_ENDS and (index or key not in NOUNS_TOO))
            or (index and key in DESCRIPTION_VERBS)
            or key.startswith(('ل"', "ل«", "ل“"))
            or key[:1].isdigit()
            or (key in PREPOSITIONS and is_channel(following))
            # "في العاشر من …"، "في الـ3 من الشهر"
            or (key == _IN and (following in ORDINAL_DAY_WORDS or following[2:3].isdigit()))
            or (key.startswith("ل") and is_channel(key[1:]))
            or (key.startswith("لل") and is_channel(key[2:]))  # "للصحيفة"، "للقناة"
        ):
            cut = index
            break
    while cut and keys[cut - 1] in TRAILING_PREPOSITIONS:
        cut -= 1
    if cut == 0:
        return None
    end = tokens[cut - 1][0] + len(tokens[cut - 1][1])
    return analyse_speaker(between[:end])


def _is_nisba(key: str) -> bool:
    return key.startswith("ال") and key.endswith("ي") and len(key) > 4


def _is_time(key: str) -> bool:
    return key in TIME_WORDS or key[:1].isdigit() or key in MONTH_WORDS or key in RELATIVE_TIME


def _named_after(clause: str) -> SpeakerPhrase | None:
    """ "أحد سكان الحي، ويدعى أبو مروان،": the name given by a verb of naming."""
    words = clause.split()
    if len(words) < 2 or len(words) > _MAX_NAME_WORDS + 1 or word_key(words[0]) not in NAMING:
        return None
    named = analyse_speaker(" ".join(words[1:]))
    if named is None or named.role or named.kind is not SpeakerKind.PERSON:
        return None
    return named


def _role_after_name(name: str, role: str) -> SpeakerPhrase | None:
    """ "رامي الحلبي، محامي المتهم، إن": a role between commas after a full name."""
    words, role_words = name.split(), role.split()
    if not 2 <= len(words) <= _MAX_NAME_WORDS or not role_words:
        return None
    keys = [token_key(word) for word in words]
    if word_key(role_words[0]) not in ROLE_HEADS or (
        keys[0] in ROLE_HEADS and not given_name_at(keys, 0)  # "أمين الناصر، النائب …"
    ):
        return None
    named = analyse_speaker(name)
    if named is None or named.role or named.kind is not SpeakerKind.PERSON:
        return None
    return SpeakerPhrase(name=named.name, role=role.strip(), kind=SpeakerKind.PERSON)


def _apposition(role: str, name: str, *, closed: bool) -> SpeakerPhrase | None:
    """ "المتحدث باسم الوزارة، [الرائد] علي النجار، إن": ``closed`` when a comma
    follows the name too; then it may start with و ("وائل", "وليد")."""
    words, role_words = name.split(), role.split()
    if len(words) > 2 and _is_nisba(token_key(words[0])):
        words = words[1:]  # "المدير الفني، البرتغالي جورجي جيسوس،": the nationality goes
        name = " ".join(words)
    if not words or not role_words or len(words) > _MAX_NAME_WORDS:
        return None
    first = token_key(words[0])
    if (
        (first.startswith("ال") and first not in TITLES)
        or (first.startswith("و") and not (closed and len(words) > 1 and first not in OPENERS))
        or first in TIME_WORDS
        or first in _NOT_A_NAME_START
        or words[0].endswith(_ACCUSATIVE)  # "قال الوزير، مخاطباً المحتجين، إن"
        or is_channel(first)
        or any(ch.isdigit() for ch in name)
    ):
        return None
    if given_name_at([token_key(word) for word in role_words], 0):
        return None  # "أمين سالم، عضو المجلس، إن": a name, then its role
    described = analyse_speaker(role)
    if described is None or described.kind is not SpeakerKind.PERSON:
        return None
    if described.role and not any(
        token_key(word).startswith("ال") for word in described.name.split()
    ):
        return None  # "مهاجم الفريق فلان الفلاني، صاحب هدفين،": named before the comma
    head = word_key(role_words[0])
    if described.role and head not in ROLE_HEADS:
        return None
    # "رئيس بلدية صيدا، فلان": a place or an organisation ends the role, not a name;
    # "وكيل الوزارة، فلان": one who acts for another is named after the comma.
    if not (head.startswith("ال") or head in ROLE_HEADS or head in ON_BEHALF_HEADS):
        return None
    named = analyse_speaker(name)
    if (
        named is None
        or named.kind is not SpeakerKind.PERSON
        or (named.role and not all(word_key(word) in TITLES for word in named.role.split()))
    ):
        return None  # nothing but punctuation between the commas, or another description
    return SpeakerPhrase(name=named.name, role=role.strip(), kind=SpeakerKind.PERSON)


def subject_before_verb(span: str) -> SpeakerPhrase | None:
    """The fronted subject in "<subject> قال إن", without openers like لكن or كان."""
    tokens = [(m.start(), m.group()) for m in TOKEN_RE.finditer(span)]
    first, last = 0, len(tokens)
    while first < last and word_key(tokens[first][1]) in OPENERS:
        first += 1
    while last > first and word_key(tokens[last - 1][1]) in OPENERS:
        last -= 1  # "كان فلان قد قال"
    if first == last or last - first > _MAX_SUBJECT_WORDS:
        return None
    end = tokens[last - 1][0] + len(tokens[last - 1][1])
    subject = span[tokens[first][0] : end]
    return analyse_speaker(without_channel(subject))


_SUBJECT_ENDS = PREPOSITIONS | TRAILING_PREPOSITIONS | SPEAKER_ENDS | TIME_WORDS
_ACCUSATIVE = ("اً", "ًا")
# "ورد عليه النائب فلان"، "وقال لها الطبيب": whom the words answer or address.
TO_HIM = word_keys(
    "عليه", "عليها", "عليهم", "عليهما", "له", "لها", "لهم", "لهما", "إليه", "إليها", "إليهم",
)  # fmt: skip
_MAX_ORGANISATION_WORDS = 8


def subject_of_clause(span: str) -> SpeakerPhrase | None:
    """The subject of a clause's first verb, up to a preposition, a time or ذلك:
    "ونفت إدارة المستشفى ذلك في بيان" → إدارة المستشفى; None when the words after
    the verb run on ("وانتقد فلان تأخر الفرق": where the name ends is unknown)."""
    tokens = [(m.start(), m.group()) for m in TOKEN_RE.finditer(span)]
    keys = [token_key(token) for _, token in tokens]
    first = 0
    while first < len(keys) and keys[first] in OPENERS:
        first += 1
    if first < len(keys) and keys[first].startswith("ال"):
        # "وكان الساحلي قد نفى التهم، قائلاً …": the subject between كان and قد.
        particle = next(
            (index for index in range(first + 1, min(len(keys), first + 5)) if keys[index] == "قد"),
            None,
        )
        if particle is None:
            return None  # no verb first: a fronted subject is subject_before_verb's
        end = tokens[particle - 1][0] + len(tokens[particle - 1][1])
        return analyse_speaker(span[tokens[first][0] : end])
    if first + 1 < len(keys) and keys[first + 1] in TO_HIM:
        del tokens[first + 1], keys[first + 1]  # "ورد عليه النائب فلان، قائلاً"
    if first >= len(keys) - 1:
        return None
    cut = next(
        (
            index
            for index in range(first + 1, len(keys))
            # "وأصدرت الجمعية بياناً …": a word marked as an object ends the subject, as
            # does one after a preposition: "وأشاد الوزير بالاتفاق، معتبراً …"
            if keys[index] in _SUBJECT_ENDS
            or tokens[index][1].endswith(_ACCUSATIVE)
            or keys[index].startswith("بال")
        ),
        len(keys),
    )
    if cut == first + 1:
        return None
    end = tokens[cut - 1][0] + len(tokens[cut - 1][1])
    subject = analyse_speaker(span[tokens[first + 1][0] : end])
    if subject is None:
        return None
    if subject.role and subject.kind is SpeakerKind.PERSON:
        subject = _without_object(subject)
    words = len(subject.name.split())
    limit = _MAX_NAME_WORDS if subject.kind is SpeakerKind.PERSON else _MAX_ORGANISATION_WORDS
    return subject if words <= limit else None


def named_again(span: str, earlier: SpeakerPhrase | None) -> SpeakerPhrase | None:
    """ "وانتقد الخطيب رئيس الوزراء فلان، قائلاً …" after "سلام الخطيب": the clause's
    verb followed by the earlier speaker's surname or name has that speaker for subject,
    whatever object follows."""
    if earlier is None or earlier.kind is not SpeakerKind.PERSON:
        return None
    tokens = TOKEN_RE.findall(span)
    first = 0
    while first < len(tokens) and word_key(tokens[first]) in OPENERS:
        first += 1
    if first + 1 >= len(tokens):
        return None
    name = earlier.name.split()
    following = [token_key(token) for token in tokens[first + 1 : first + 1 + len(name)]]
    if following[:1] == [token_key(name[-1])] or following == [token_key(w) for w in name]:
        return earlier
    return None


# Definite second words of compound names: "نصر الدين الحلو", "عبد الله الأحمد".
_COMPOUND_NAME_ENDS = word_keys("الدين", "الله", "الرحمن", "الرحيم", "العزيز", "الكريم")


def _without_object(subject: SpeakerPhrase) -> SpeakerPhrase:
    """ "وانتقد قائد الفريق كريم الجزار الجماهير، قائلاً": after a role, a name has one
    family name; a second definite word after it is the verb's object."""
    words = subject.name.split()
    for index in range(2, len(words)):
        previous = token_key(words[index - 1])
        if not previous.startswith("ال") or previous in _COMPOUND_NAME_ENDS:
            continue
        key = token_key(words[index])
        if key.startswith("ال") or (
            # "وزار الوزير فلان العمر مخيم الحجاج": a construct after the family name
            index + 1 < len(words)
            and key not in _NAME_LINKS
            and token_key(words[index + 1]).startswith("ال")
        ):
            return SpeakerPhrase(name=" ".join(words[:index]), role=subject.role, kind=subject.kind)
    return subject


_NAME_LINKS = word_keys("أبو", "أبي", "ابن", "بن", "بنت", "عبد")


def is_document(phrase: str) -> bool:
    """Does ``phrase`` open with a document ("بيانات الهيئة", "تقرير صادر عن …")?"""
    tokens = phrase.split(maxsplit=1)
    return bool(tokens) and word_key(tokens[0]).removeprefix("ال").startswith(DOCUMENT_STEMS)


def without_channel(phrase: str) -> str:
    """For "بيان لوزارة الصحة" / "تقرير صادر عن المنظمة" → the speaker's words."""
    tokens = phrase.split()
    if tokens and word_key(tokens[0]).removeprefix("ال").startswith(DOCUMENT_STEMS):
        rest = tokens[1:]
        while rest and word_key(rest[0]) in CHANNEL_RELATIVE_OR_FROM:
            rest = rest[1:]
        if rest and rest[0].startswith("ل") and len(rest[0]) > 2 and len(rest) == len(tokens) - 1:
            first = rest[0].removeprefix("لـ")
            first = "ال" + first[2:] if first.startswith("لل") else first.removeprefix("ل")
            rest = [first, *rest[1:]]  # "لوزارة" → "وزارة", "للنيابة" → "النيابة"
        return " ".join(rest)
    return phrase


@dataclass
class ArticleSpeakers:
    """What one article has said so far about its speakers."""

    speakers: list[tuple[str, str, SpeakerPhrase]]  # (name, mention, phrase), in order
    aliases: dict[str, str]  # normalised alias → canonical name
    names: dict[str, list[str]]  # canonical name → its aliases as printed
    # canonical name → the role last given beside it: "وأضاف الحداد" keeps "الأمين العام …"
    roles: dict[str, str] = field(default_factory=dict)

    def resolve(self, phrase: SpeakerPhrase) -> SpeakerPhrase:
        for entity, alias in phrase.aliases:
            canonical = self.aliases.get(word_key(entity), entity)
            self.aliases.setdefault(word_key(alias), canonical)
            self.names.setdefault(canonical, [])
            if alias not in self.names[canonical]:
                self.names[canonical].append(alias)
        name, kind = phrase.name, phrase.kind
        key = word_key(name)
        if kind is SpeakerKind.UNNAMED and " " not in name and key.startswith("ال"):
            # "وأضاف المسؤول" after "مسؤول في الوزارة": the same source, named as before.
            for earlier_name, _, earlier in reversed(self.speakers):
                earlier_key = word_key(earlier_name)
                if earlier.kind is SpeakerKind.UNNAMED and (
                    earlier_key == key[2:] or earlier_key.startswith(key[2:] + " ")
                ):
                    self.names.setdefault(earlier_name, [])
                    if name not in self.names[earlier_name]:
                        self.names[earlier_name].append(name)
                    name = earlier_name
                    break
        elif phrase.anaphor:
            for earlier_name, mention, earlier in reversed(self.speakers):
                if earlier.kind is not SpeakerKind.UNNAMED and mention_matches(
                    phrase.descriptors, mention
                ):
                    name, kind = earlier_name, earlier.kind
                    break
        elif key in self.aliases or key.removeprefix("ال") in self.aliases:
            name = self.aliases.get(key) or self.aliases[key.removeprefix("ال")]
            kind = SpeakerKind.ORGANISATION if kind is SpeakerKind.UNKNOWN else kind
        elif kind is not SpeakerKind.UNNAMED and not phrase.role and name.count(" ") < 2:
            # A surname: "العلي" after "سامر العلي", "بن عمر" after "وائل بن عمر".
            tail = " " + key
            for earlier_name, _, earlier in reversed(self.speakers):
                if (
                    earlier.kind is SpeakerKind.PERSON
                    and len(earlier_name) > len(name)
                    and word_key(earlier_name).endswith(tail)
                ):
                    name = earlier_name
                    break
        if phrase.mention:
            self.aliases.setdefault(word_key(phrase.mention), name)
            self.names.setdefault(name, [])
            if phrase.mention not in self.names[name]:
                self.names[name].append(phrase.mention)
        role = phrase.role
        if kind is SpeakerKind.PERSON:
            if role:
                self.roles[name] = role
            else:
                role = self.roles.get(name, "")
        resolved = SpeakerPhrase(name=name, role=role, kind=kind)
        mention = phrase.mention or f"{phrase.role} {phrase.name}".strip()
        self.speakers.append((name, mention, resolved))
        return resolved
