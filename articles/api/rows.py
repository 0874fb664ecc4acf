"""What the API reads from the database: the rows of its lists, details and exports.

Each function gives a queryset whose rows carry the names ``shapes`` reads; the
views, their pagination and the exports all start from them.
"""

import datetime as dt
import functools
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import F, Q

from articles.api.shapes import ARTICLE, CLAIM_IN_ARTICLE, IMAGE_IN_ARTICLE
from articles.models import UNREVIEWED, Article, Claim, ClaimRelation, Image
from articles.querysets import sees_hidden


def _with_list_columns(articles):
    """The annotations an article row (``shapes.ARTICLE``) reads besides model fields."""
    return articles.with_iso_times().with_source_columns().with_lead_image().with_claims_count()


@functools.cache
def list_queryset(*, with_hidden: bool):
    """What an article list selects, composed once per process for the public and once for
    staff: composing the joins, annotations and the visibility filter cost 1 ms a request.
    Each request clones it (querysets never change in place), so nothing of one request
    leaks into another. Rows are dicts: building 40 model instances a page cost more than
    the query's own database time."""
    articles = _with_list_columns(Article.objects.all()).values(*ARTICLE.sources)
    return articles if with_hidden else articles.published()


@functools.cache
def detail_queryset(*, with_hidden: bool):
    """What an article detail selects: the list row's columns, its images and claims as
    JSON rows, composed once per process (like ``list_queryset``: composing its two JSON
    subqueries cost 0.8 ms a request)."""
    articles = _with_list_columns(Article.objects.all()).with_media_as_rows(
        image_columns=IMAGE_IN_ARTICLE.sources,
        # created_at and reviewed_at: the detail's Last-Modified.
        claim_columns=(*CLAIM_IN_ARTICLE.sources, "created_at", "reviewed_at"),
    )
    return articles if with_hidden else articles.published()


def articles_visible_to(user, *, detail: bool = False):
    staff = sees_hidden(user)
    if detail:
        return detail_queryset(with_hidden=staff).all()
    return list_queryset(with_hidden=staff).all()


def claims_visible_to(user):
    """Claims as ``shapes.CLAIM`` reads them (the article is loaded for Last-Modified)."""
    return (
        Claim.objects.visible_to(user)
        .select_related("article", "verdict")
        .annotate(article_title=F("article__title"), speaker_name=F("speaker__name"))
    )


def images_visible_to(user):
    visible = Article.objects.visible_to(user)
    return Image.objects.filter(article__in=visible).annotate(article_title=F("article__title"))


@dataclass(frozen=True)
class StatusChange:
    status: str
    changed_at: dt.datetime
    changed_by: str | None


def attach_claim_context(claims, user) -> None:
    """Give each claim ``status_history`` and ``related_claims``: two queries for any number."""
    ids = [claim.pk for claim in claims]
    histories = defaultdict(list)
    revisions = (
        Claim.history.model.objects.filter(id__in=ids)
        .select_related("history_user", "verdict")
        .order_by("id", "history_date", "history_id")
    )
    for revision in revisions:
        changes = histories[revision.id]
        # As the public saw it: a verdict counts once published. Revisions that kept it
        # (a text fix, a note, a verdict still in review) are not status changes.
        status = (
            revision.verdict.slug
            if revision.review_state == Claim.ReviewState.PUBLISHED and revision.verdict
            else UNREVIEWED
        )
        if changes and changes[-1].status == status:
            continue
        user_name = revision.history_user.get_username() if revision.history_user else None
        changes.append(StatusChange(status, revision.history_date, user_name))

    related = defaultdict(list)
    if ids:
        relations = (
            ClaimRelation.objects.filter(Q(from_claim__in=ids) | Q(to_claim__in=ids))
            .exclude(status=ClaimRelation.Status.REJECTED)
            .filter(
                from_claim__in=Claim.objects.visible_to(user),
                to_claim__in=Claim.objects.visible_to(user),
            )
            .select_related("from_claim", "to_claim")
            .order_by("id")
        )
        wanted = set(ids)
        for relation in relations:
            if relation.from_claim_id in wanted:
                related[relation.from_claim_id].append(("outgoing", relation, relation.to_claim))
            if relation.to_claim_id in wanted:
                related[relation.to_claim_id].append(("incoming", relation, relation.from_claim))

    for claim in claims:
        claim.status_history = histories[claim.pk]
        claim.related_claims = related[claim.pk]
