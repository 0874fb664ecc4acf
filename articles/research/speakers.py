"""Who the articles matching a query quote most, and the verdicts their claims received
(as the public sees them: a verdict counts once published; every other claim is
``unreviewed``).

Bounded like the top words: beyond ``SAMPLE_SIZE`` matching articles, the claims of a
fixed sample of that many are counted (ten claims an article: 7,000 matches at 100,000
articles meant 71,000 claims read), and the answer says so."""

from dataclasses import dataclass

from django.db.models import Count

from articles.models import Claim, Verdict
from articles.querysets import CHECKED
from articles.research.words import sample_ids

SAMPLE_SIZE = 2000


@dataclass
class QuotedSpeaker:
    id: int
    name: str
    claims: int
    articles: int
    verdicts: list[tuple[Verdict, int]]  # in the vocabulary's order
    unreviewed: int


@dataclass
class QuotedSpeakers:
    matching: int  # articles matching the query
    read: int  # articles whose claims were counted: all of them, or the sample
    sampled: bool
    speakers: list[QuotedSpeaker]


def quoted_speakers(
    matching, user, *, limit: int = 20, sample_size: int = SAMPLE_SIZE
) -> QuotedSpeakers:
    """The ``limit`` speakers with the most claims in ``matching`` articles (claims the
    user may see). Four queries: the sample's ids with the count, the speakers, their
    checked claims by verdict, the verdicts."""
    chosen, total = sample_ids(matching, sample_size)
    sampled = total > len(chosen)
    claims = Claim.objects.visible_to(user).filter(article__in=chosen, speaker__isnull=False)
    top = list(
        claims.values_list("speaker_id", "speaker__name")
        .annotate(claims=Count("*"), articles=Count("article_id", distinct=True))
        .order_by("-claims", "-articles", "speaker__name", "speaker_id")[:limit]
    )
    ids = [row[0] for row in top]
    checked: dict[int, dict[int, int]] = {speaker: {} for speaker in ids}
    rows = (
        claims.filter(CHECKED, speaker_id__in=ids)
        .values_list("speaker_id", "verdict_id")
        .annotate(count=Count("*"))
        .order_by()
    )
    for speaker_id, verdict_id, count in rows:
        checked[speaker_id][verdict_id] = count
    verdicts = list(Verdict.objects.all()) if ids else []
    found = []
    for speaker_id, name, claim_count, article_count in top:
        given = [(v, checked[speaker_id][v.pk]) for v in verdicts if v.pk in checked[speaker_id]]
        found.append(
            QuotedSpeaker(
                id=speaker_id,
                name=name,
                claims=claim_count,
                articles=article_count,
                verdicts=given,
                unreviewed=claim_count - sum(count for _, count in given),
            )
        )
    return QuotedSpeakers(total, len(chosen), sampled, found)
