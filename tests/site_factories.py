"""Articles and claims written for the reading site's tests (our own invented text)."""

import datetime as dt
import hashlib
import itertools
import struct
import zlib

from django.utils import timezone

from articles.models import Article, Claim, ClaimRelation, Source, Speaker, Verdict

_numbers = itertools.count(1)

PARAGRAPHS = [
    "قال وزير المياه في مؤتمر صحفي إن السد الجديد سيخزن مليار متر مكعب قبل نهاية العام.",
    "وأضاف أن المشروع لن يرفع أسعار الكهرباء على الأسر في المدن الساحلية.",
    'ونفى المتحدث باسم البلدية أن تكون الطرق قد أغلقت بسبب الأمطار، مؤكداً أن "الحركة طبيعية".',
    "وتشير أرقام المرصد إلى أن منسوب النهر ارتفع ثلاثة أمتار خلال أسبوع.",
]


def make_source(name="صحيفة الاختبار", slug="sahifat-alikhtibar"):
    return Source.objects.get_or_create(name=name, slug=slug)[0]


def make_article(*, title=None, paragraphs=None, source=None, published_at=None, hidden=False):
    number = next(_numbers)
    paragraphs = PARAGRAPHS if paragraphs is None else paragraphs
    body = [{"type": "heading", "text": "المياه والكهرباء"}] + [
        {"type": "paragraph", "text": text} for text in paragraphs
    ]
    return Article.objects.create(
        source=source if source is not None else make_source(),
        title=title or f"مقال اختبار رقم {number} عن السدود والأمطار",
        body=body,
        published_at=published_at or dt.datetime(2022, 1, 10, 9, 30, tzinfo=dt.UTC),
        visibility=Article.Visibility.HIDDEN if hidden else Article.Visibility.PUBLIC,
        sha256=hashlib.sha256(f"article {number}".encode()).hexdigest(),
        fingerprint=f"fingerprint-{number}",
    )


def make_speaker(name="وزير المياه", kind=Speaker.Kind.PERSON):
    return Speaker.objects.get_or_create(name=name, defaults={"kind": kind})[0]


def verdict(slug: str) -> Verdict:
    """One of the verdicts migration 0012 seeds."""
    return Verdict.objects.get(slug=slug)


def publish(claim, slug: str | None, **fields) -> Claim:
    """Give ``claim`` the verdict ``slug`` and publish it (None: no verdict, state new)."""
    claim.verdict = verdict(slug) if slug else None
    claim.review_state = Claim.ReviewState.PUBLISHED if slug else Claim.ReviewState.NEW
    if slug and claim.reviewed_at is None:
        claim.reviewed_at = timezone.now()
    for name, value in fields.items():
        setattr(claim, name, value)
    claim.save()
    return claim


def make_claim(
    article,
    *,
    paragraph=1,
    statement=None,
    verdict_slug: str | None = "false",
    review_state=None,
    **fields,
):
    """A claim on the exact words ``statement`` of the article's ``paragraph`` (from 1),
    published with the verdict ``verdict_slug`` (None: new, without a verdict)."""
    text = article.paragraphs[paragraph - 1]
    statement = statement or text[text.index("السد") : text.index(" قبل")]
    start = text.find(statement)
    reviewed = verdict_slug is not None
    values = {
        "speaker": make_speaker(),
        "speaker_role": "وزير المياه",
        "stated_on": dt.date(2022, 1, 9),
        "medium": "press_conference",
        "span_start": start if start >= 0 else None,
        "span_end": start + len(statement) if start >= 0 else None,
        "reviewed_at": timezone.now() if reviewed else None,
        "review_note": "ملاحظة داخلية للمحررين فقط" if reviewed else "",
        **fields,
    }
    return Claim.objects.create(
        article=article,
        paragraph=paragraph,
        statement=statement,
        statement_key=hashlib.sha256(f"{article.pk} {statement}".encode()).hexdigest(),
        verdict=verdict(verdict_slug) if verdict_slug is not None else None,
        review_state=review_state
        or (Claim.ReviewState.PUBLISHED if reviewed else Claim.ReviewState.NEW),
        **values,
    )


def relate(from_claim, to_claim, kind=ClaimRelation.Kind.CONTRADICTS, status="confirmed"):
    return ClaimRelation.objects.create(
        from_claim=from_claim, to_claim=to_claim, kind=kind, status=status
    )


def png(width: int, height: int) -> bytes:
    """A plain grey PNG of the given size."""
    row = b"\x00" + b"\x90\x90\x90" * width
    raw = zlib.compress(row * height)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")
