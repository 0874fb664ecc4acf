"""Generate seed-format article files for benchmarking the importer.

Every file is recombined from the blocks of a real seed file (seeds/ by
default): a distinct headline, one of a handful of publishers, a publish time
somewhere in 2015-2024 (sometimes an update line), 10-20 paragraphs picked and
shuffled from the seed plus a few synthetic attributed statements (so speakers
and claims vary), 2-5 headings, 1-4 photo captions with credits, and numbers,
dates and place names varied inside the text. The same --seed gives the same
files, byte for byte.

    .venv/bin/python bench/generate.py --articles 10000 --out /tmp/bench-seeds
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SEED_FILE = ROOT / "seeds" / "000_4ec7ee0256ef7471.txt"

SOURCES = (
    "عربي بوست",
    "الجزيرة نت",
    "سكاي نيوز عربية",
    "العربية نت",
    "بي بي سي عربي",
    "فرانس 24",
    "الشرق الأوسط",
    "الأناضول عربي",
)
CITIES = (
    "الحسكة", "الرقة", "دير الزور", "القامشلي", "منبج", "الموصل", "كركوك", "إدلب",
    "حلب", "الأنبار", "تلعفر", "البوكمال", "الميادين", "عين العرب",
)  # fmt: skip
SEED_CITY = "الحسكة"

LEAD_CREDITS = (" - Getty Images", " - Getty Images", " - رويترز", " - الأناضول", " - AFP")
INLINE_CREDITS = ("/ تويتر", "، تويتر", "، رويترز", "/ مواقع التواصل", "، فرانس برس", " - AFP")

# (Egyptian, Levantine) month names as the seed writes them: "27 يناير/كانون الثاني 2022".
MONTHS = (
    ("يناير", "كانون الثاني"), ("فبراير", "شباط"), ("مارس", "آذار"), ("أبريل", "نيسان"),
    ("مايو", "أيار"), ("يونيو", "حزيران"), ("يوليو", "تموز"), ("أغسطس", "آب"),
    ("سبتمبر", "أيلول"), ("أكتوبر", "تشرين الأول"), ("نوفمبر", "تشرين الثاني"),
    ("ديسمبر", "كانون الأول"),
)  # fmt: skip
WEEKDAYS = ("الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")

# Synthetic attributions: enough names and roles that speakers keep growing with N.
FIRST_NAMES = (
    "أحمد", "محمد", "خالد", "عمر", "يوسف", "سامر", "فرهاد", "آزاد", "حسن", "علي", "مصطفى",
    "إبراهيم", "جمال", "كريم", "نادر", "رامي", "سليم", "طارق", "وليد", "زياد", "هشام",
    "باسل", "ماهر", "عادل", "فادي", "بشير", "ناصر", "مروان", "شيرزاد", "جوان",
)  # fmt: skip
FAMILY_NAMES = (
    "الشامي", "الخطيب", "الحسن", "العلي", "النجار", "الحلبي", "الكردي", "العبيدي", "الجبوري",
    "الدليمي", "السعدي", "الراوي", "حسو", "عثمان", "درويش", "يوسف", "الأحمد", "المصري",
    "الزعبي", "القاسم", "الحمد", "سليمان", "إبراهيم", "مراد", "الصالح", "عبدي", "شيخو",
)  # fmt: skip
ROLES = (
    "المتحدث باسم قوات سوريا الديمقراطية",
    "القيادي في الإدارة الذاتية",
    "مدير المرصد المحلي لحقوق الإنسان",
    "المسؤول الإعلامي في المجلس المحلي",
    "الخبير في شؤون الجماعات المسلحة",
    "عضو المجلس العسكري",
    "المتحدث باسم التحالف الدولي",
    "الباحث في مركز الدراسات الاستراتيجية",
    "مدير مستشفى المدينة",
    "ممثل منظمة الصليب الأحمر",
)
VERBS = ("وقال", "وأكد", "وأوضح", "وأضاف", "وذكر", "وأعلن", "وأشار", "وحذر", "كما قال")
CHANNELS = (
    "في تصريح صحفي",
    "في بيان",
    "في تغريدة على تويتر",
    "في مقابلة تلفزيونية",
    "خلال مؤتمر صحفي",
    "في حديث لوسائل الإعلام",
)
STATEMENTS = (
    "الوضع الأمني في {city} تحت السيطرة الكاملة منذ {n} ساعة",
    "نحو {n} من عناصر التنظيم ما زالوا يتحصنون داخل المباني المحيطة بالسجن",
    "القوات اعتقلت {n} شخصاً يشتبه في مساعدتهم للفارين من السجن",
    "عمليات التمشيط ستستمر في أحياء {city} حتى عودة الهدوء",
    "أكثر من {n} عائلة نزحت من منازلها خلال الأيام الماضية",
    "المساعدات الإنسانية لم تصل بعد إلى {n} ألف نازح في المدينة",
    "التحالف نفذ {n} غارات جوية على مواقع التنظيم قرب {city}",
    "الهجوم كان مخططاً له منذ أشهر بمشاركة خلايا نائمة في {city}",
)
# Fragments a headline is built from, in the seed's register.
TITLE_HEADS = (
    "عودة الاشتباكات إلى “{city}” بعد الإعلان عن انتهائها",
    "مقتل العشرات في سجن {city}",
    "سجناء ينضمون إلى داعش في {city}",
    "حصار الصحفيين وسط {city}",
    "البحث عن الفارين من داعش في {city}",
    "جثث قتلى داعش قرب سجن {city}",
    "نزوح {n} ألف شخص من {city}",
    "غارات جوية للتحالف على محيط سجن {city}",
)
TITLE_TAILS = (
    "ومقاتلو “قسد” يلاحقون عناصر داعش بالشوارع",
    "والقوات الكردية تعلن استعادة السيطرة",
    "وتحذيرات أممية من كارثة إنسانية",
    "وواشنطن تدفع بعربات مصفحة إلى المنطقة",
    "وسكان يروون ساعات الرعب",
    "و{n} قتيلاً على الأقل في اشتباكات ليلية",
)
CHROME_TAIL = "تحميل المزيد"

_CREDIT_TAIL_RE = re.compile(r"(?:\s+-\s+|\s*/\s*|\s*،\s*)(?:Getty Images|تويتر|رويترز|AFP)$")
_FINAL_PUNCTUATION = ".!?؟…:؛،,;"
_MONTH_RE = "|".join(re.escape(f"{eg}/{lev}") for eg, lev in MONTHS)
# What varies inside a block: the place name, a written date ("27 يناير/كانون الثاني
# 2022") and small numbers ("200", "و30").
_VARIABLE_RE = re.compile(
    rf"(?P<city>{{city}}|{SEED_CITY})"
    rf"|(?P<date>(?<!\d)\d{{1,2}} (?:{_MONTH_RE}) \d{{4}})"
    r"|(?<!\d)(?P<number>\d{1,3})(?!\d)"
)

# A block as literal text and slots: "city", "date" or the digit count of a number.
Template = tuple[str | int, ...]
_CITY, _DATE = "\0city", "\0date"


def compile_template(text: str) -> Template:
    """Split ``text`` once into literals and slots, so varying it costs no regex."""
    parts: list[str | int] = []
    last = 0
    for match in _VARIABLE_RE.finditer(text):
        parts.append(text[last : match.start()])
        if match.group("city"):
            parts.append(_CITY)
        elif match.group("date"):
            parts.append(_DATE)
        else:
            parts.append(len(match.group("number")))
        last = match.end()
    parts.append(text[last:])
    return tuple(part for part in parts if part != "")


@dataclass(frozen=True)
class SeedBlocks:
    """The reusable parts of a seed file (credits stripped from captions)."""

    paragraphs: tuple[str, ...]
    headings: tuple[str, ...]
    captions: tuple[str, ...]


def split_seed(text: str) -> SeedBlocks:
    """Sort a seed file's body lines into paragraphs, headings and captions."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    body = [
        line
        for line in lines[2:]  # headline and publisher
        if not line.startswith(("تم النشر", "تم التحديث")) and line != CHROME_TAIL
    ]
    paragraphs, headings, captions = [], [], []
    for line in body:
        credit = _CREDIT_TAIL_RE.search(line)
        if credit and len(line) < 400:
            captions.append(line[: credit.start()].strip())
        elif len(line.split()) <= 12 and line[-1] not in _FINAL_PUNCTUATION:
            headings.append(line)
        else:
            paragraphs.append(line)
    if not paragraphs or not captions:
        raise ValueError("the seed file needs paragraphs and at least one photo caption")
    return SeedBlocks(tuple(paragraphs), tuple(headings), tuple(captions))


class ArticleMaker:
    """Makes article texts from a seed's blocks; deterministic for a given random.Random."""

    EPOCH = dt.datetime(2015, 1, 1, tzinfo=dt.UTC)
    SPAN_MINUTES = 10 * 366 * 24 * 60

    def __init__(self, blocks: SeedBlocks, rng: random.Random, *, days: int | None = None):
        self.rng = rng
        self.span_minutes = days * 24 * 60 if days else self.SPAN_MINUTES
        self.paragraphs = [compile_template(text) for text in blocks.paragraphs]
        self.headings = [compile_template(text) for text in blocks.headings]
        self.captions = [compile_template(text) for text in blocks.captions]

    def article(self, number: int) -> str:
        rng = self.rng
        city = rng.choice(CITIES)
        published = self.EPOCH + dt.timedelta(minutes=rng.randrange(self.span_minutes))
        lines = [
            self.title(number, city),
            "",
            rng.choice(SOURCES),
            self.date_line("تم النشر", published),
        ]
        if rng.random() < 0.6:
            updated = published + dt.timedelta(minutes=rng.choice((1, 5, 30, 90, 600, 2880)))
            lines.append(self.date_line("تم التحديث", updated))
        lead = self.vary(rng.choice(self.captions), city, published)
        lines += [lead + rng.choice(LEAD_CREDITS), ""]
        for block in self.body(city, published):
            lines += [block, ""]
        if rng.random() < 0.5:
            lines.append(CHROME_TAIL)
        return "\n".join(lines) + "\n"

    def title(self, number: int, city: str) -> str:
        rng = self.rng
        head = rng.choice(TITLE_HEADS).format(city=city, n=rng.randint(2, 90))
        tail = rng.choice(TITLE_TAILS).format(n=rng.randint(3, 60))
        return f"{head}.. {tail} ({number})"

    def date_line(self, label: str, when: dt.datetime) -> str:
        zone = "بتوقيت غرينتش"
        if self.rng.random() < 0.15:  # some publishers print Mecca time
            zone, when = "بتوقيت مكة المكرمة", when + dt.timedelta(hours=3)
        return f"{label}: {when:%Y/%m/%d} الساعة {when:%H:%M} {zone}"

    def body(self, city: str, published: dt.datetime) -> list[str]:
        rng = self.rng
        count = rng.randint(10, 20)
        synthetic = rng.randint(1, 3) + max(0, count - len(self.paragraphs) - 1)
        taken = rng.sample(self.paragraphs, min(count - synthetic, len(self.paragraphs)))
        paragraphs = [self.vary(text, city, published) for text in taken]
        paragraphs += [self.attribution(city, published) for _ in range(count - len(taken))]
        rng.shuffle(paragraphs)

        # Headings go before a paragraph (never the first, never two in a row); captions
        # anywhere after the lead.
        heading_slots = rng.sample(range(1, count), min(rng.randint(2, 5), count - 1))
        headings = [self.vary(h, city, published) for h in self.some_headings(len(heading_slots))]
        inserts: dict[int, list[str]] = {}
        for slot, heading in zip(heading_slots, headings, strict=True):
            inserts.setdefault(slot, []).append(heading)
        for _ in range(rng.randint(0, 3)):
            caption = self.vary(rng.choice(self.captions), city, published)
            inserts.setdefault(rng.randrange(1, count + 1), []).insert(
                0, caption + rng.choice(INLINE_CREDITS)
            )
        body: list[str] = []
        for index, paragraph in enumerate(paragraphs):
            body += inserts.get(index, [])
            body.append(paragraph)
        body += inserts.get(count, [])
        return body

    def some_headings(self, count: int) -> list[Template]:
        pool = list(self.headings) or [("تطورات ميدانية",)]
        while len(pool) < count:
            pool.append((*self.rng.choice(pool), " في ", _CITY))
        return self.rng.sample(pool, count)

    def attribution(self, city: str, published: dt.datetime) -> str:
        rng = self.rng
        said = published - dt.timedelta(days=rng.randint(0, 2))
        egyptian, levantine = MONTHS[said.month - 1]
        statement = rng.choice(STATEMENTS).format(city=city, n=rng.randint(2, 400))
        return (
            f"{rng.choice(VERBS)} {rng.choice(FIRST_NAMES)} {rng.choice(FAMILY_NAMES)} "
            f"{rng.choice(ROLES)} {rng.choice(CHANNELS)} يوم {WEEKDAYS[said.weekday()]} "
            f"{said.day} {egyptian}/{levantine} {said.year}، إن {statement}."
        )

    def vary(self, template: Template, city: str, published: dt.datetime) -> str:
        """Fill a block's slots: this article's place, dates near publication, other numbers."""
        randint = self.rng.randint
        out = []
        for part in template:
            if part.__class__ is int:
                out.append(str(randint(2 if part == 1 else 10 ** (part - 1), 10**part - 1)))
            elif part is _CITY:
                out.append(city)
            elif part is _DATE:
                day = published - dt.timedelta(days=randint(0, 3))
                egyptian, levantine = MONTHS[day.month - 1]
                out.append(f"{day.day} {egyptian}/{levantine} {day.year}")
            else:
                out.append(part)
        return "".join(out)


def generate(
    out_dir: Path,
    count: int,
    *,
    seed: int = 0,
    seed_file: Path = DEFAULT_SEED_FILE,
    days: int | None = None,
) -> list[Path]:
    """Write ``count`` article files named NNN_<16 hex>.txt into ``out_dir``; return their paths.

    ``days`` publishes them within that many days from 2015-01-01 (default: ten years);
    fewer days, more articles of the same days, more claims to compare."""
    rng = random.Random(seed)
    maker = ArticleMaker(split_seed(seed_file.read_text(encoding="utf-8")), rng, days=days)
    out_dir.mkdir(parents=True, exist_ok=True)
    width = max(3, len(str(count - 1)))
    used: set[int] = set()
    paths = []
    for number in range(count):
        ident = rng.getrandbits(64)
        while ident in used:
            ident = rng.getrandbits(64)
        used.add(ident)
        path = out_dir / f"{number:0{width}d}_{ident:016x}.txt"
        path.write_bytes(maker.article(number + 1).encode("utf-8"))
        paths.append(path)
    return paths


def verify(paths: list[Path]) -> dict:
    """Parse the files with the project's parser: counts of what it sees (a sanity check)."""
    sys.path.insert(0, str(ROOT))
    from articles.parsing import ParseError, extract_claims, parse_seed

    totals = {"files": 0, "failed": 0, "with_warnings": 0, "paragraphs": 0, "headings": 0}
    totals |= {"images": 0, "claims": 0}
    titles, sources, speakers = set(), set(), set()
    for path in paths:
        totals["files"] += 1
        try:
            parsed = parse_seed(path.read_bytes(), filename=path.name)
        except ParseError:
            totals["failed"] += 1
            continue
        claims = extract_claims(parsed.paragraphs, published_at=parsed.published_at)
        totals["with_warnings"] += bool(parsed.warnings)
        totals["paragraphs"] += len(parsed.paragraphs)
        totals["headings"] += len(parsed.headings)
        totals["images"] += len(parsed.images)
        totals["claims"] += len(claims)
        titles.add(parsed.title)
        sources.add(parsed.source_name)
        speakers.update(claim.speaker for claim in claims)
    return totals | {
        "distinct_titles": len(titles),
        "distinct_sources": len(sources),
        "distinct_speakers": len(speakers),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000, help="How many files (10000).")
    parser.add_argument("--seed", type=int, default=0, help="Random seed (0).")
    parser.add_argument("--out", type=Path, help="Output folder (default: a new temp folder).")
    parser.add_argument("--seed-file", type=Path, default=DEFAULT_SEED_FILE)
    parser.add_argument(
        "--days", type=int, help="Publish them within this many days (default: ten years)."
    )
    parser.add_argument(
        "--verify", action="store_true", help="Parse the files afterwards and print counts."
    )
    args = parser.parse_args(argv)
    out = args.out or Path(tempfile.mkdtemp(prefix="bench-seeds-"))
    started = time.perf_counter()
    paths = generate(out, args.articles, seed=args.seed, seed_file=args.seed_file, days=args.days)
    elapsed = time.perf_counter() - started
    rate = len(paths) / elapsed if elapsed else float("inf")
    print(f"generated {len(paths)} files in {elapsed:.2f} s ({rate:,.0f} files/s) in {out}")
    if args.verify:
        print(verify(paths))
    return 0


if __name__ == "__main__":
    sys.exit(main())
