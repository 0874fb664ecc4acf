"""The reading site's pages. Every list walks keyset pages (pagination.py); every page
runs a fixed number of queries whatever it shows."""

import datetime as dt

from django.core.exceptions import BadRequest
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from articles.models import Article, Claim, ClaimRelation, Source, Speaker
from articles.site import seo
from articles.site.images import image_size
from articles.site.marking import mark_paragraph
from articles.site.pagination import (
    BY_PUBLISHED,
    BY_RANK,
    BY_REVIEWED,
    keyset_page,
)
from articles.site.queries import (
    HEAVY_ARTICLE_FIELDS,
    article_list_rows,
    checked_claims,
    visible_articles,
)
from articles.site.verdicts import VERDICTS, is_checked, verdict_of

MAX_QUERY_LENGTH = 200
HOME_ITEMS = 8


def _text_parameter(request, name: str, max_length: int) -> str:
    """A query-string value the database may be given: a NUL byte (which PostgreSQL refuses)
    or an overlong value is a bad request, not a server error."""
    value = request.GET.get(name, "")
    if "\x00" in value or len(value) > max_length:
        raise BadRequest(f"Bad {name}.")
    return value.strip()


def _cursor(request) -> str:
    return _text_parameter(request, "cursor", 100)


def _canonical(request, cursor: str = "") -> str:
    path = request.path + (f"?cursor={cursor}" if cursor else "")
    return request.build_absolute_uri(path)


def _page(request, template: str, context: dict, *, description: str = "", cursor: str = ""):
    context.setdefault("canonical_url", _canonical(request, cursor))
    context.setdefault("meta_description", description)
    return render(request, template, context)


def _with_verdicts(claims):
    for claim in claims:
        claim.verdict = verdict_of(claim)
    return claims


def _render_mark(claim, text):
    # ``text`` comes escaped (a SafeString); stripped, the mark sits flush in its sentence.
    context = {"claim": claim, "verdict": verdict_of(claim), "text": text}
    return render_to_string("site/_claim_mark.html", context).strip()


@require_safe
def home(request):
    if "q" in request.GET:
        # Searches had this address before the site had a home page.
        return HttpResponsePermanentRedirect(
            reverse("articles:list") + "?" + request.GET.urlencode()
        )
    claims = list(checked_claims(request.user).order_by(*BY_REVIEWED.order_by())[:HOME_ITEMS])
    articles = list(article_list_rows(request.user).order_by(*BY_PUBLISHED.order_by())[:HOME_ITEMS])
    return _page(
        request,
        "site/home.html",
        {"claims": _with_verdicts(claims), "articles": articles, "title": ""},
        description=_("Arabic news articles and the fact-checks of what they report."),
    )


@require_safe
def article_list(request):
    query = _text_parameter(request, "q", MAX_QUERY_LENGTH)
    cursor = _cursor(request)
    articles = article_list_rows(request.user)
    if query:
        page = keyset_page(articles.search(query), BY_RANK, cursor)
    else:
        page = keyset_page(articles, BY_PUBLISHED, cursor)
    return _page(
        request,
        "site/article_list.html",
        {
            "page": page,
            "articles": page.rows,
            "query": query,
            "noindex": bool(query),
            "title": _("Search: %(query)s") % {"query": query} if query else _("Articles"),
        },
        description=_("The archive's articles, newest first."),
        cursor=cursor,
    )


def _reading_blocks(article, images, claims_by_paragraph):
    """The article top to bottom; paragraphs as HTML with their checked claims marked."""
    blocks = []
    number = 0
    for block in article.reading_order(images):
        if block["type"] == "paragraph":
            number += 1
            claims = claims_by_paragraph.get(number, [])
            block = {**block, "html": mark_paragraph(block["text"], claims, _render_mark)}
        blocks.append(block)
    return blocks


@require_safe
def article_detail(request, pk):
    article = get_object_or_404(visible_articles(request.user).with_media(), pk=pk)
    checked = _with_verdicts([claim for claim in article.claims.all() if is_checked(claim)])
    by_paragraph = {}
    for claim in checked:
        by_paragraph.setdefault(claim.paragraph, []).append(claim)
    images = list(article.images.all())
    for image in images:
        image.width, image.height = image_size(image.file) or (None, None)
    lead = next((image for image in images if image.is_lead and image.file), None)
    lead = lead or next((image for image in images if image.file), None)
    image_url = request.build_absolute_uri(lead.file.url) if lead else None
    url = _canonical(request)
    return _page(
        request,
        "site/article_detail.html",
        {
            "article": article,
            "title": article.title,
            "blocks": _reading_blocks(article, images, by_paragraph),
            "checked_claims": checked,
            "is_hidden": article.visibility == Article.Visibility.HIDDEN,
            "og_type": "article",
            "og_image": image_url,
            "json_ld": seo.json_ld(seo.article_json_ld(article, url, image_url)),
        },
        description=seo.describe(" ".join(article.paragraphs[:2]) or article.title),
    )


RELATION_PHRASES = {
    # (kind, this claim is the relation's source?)
    (ClaimRelation.Kind.CONTRADICTS, True): gettext_lazy("Contradicts"),
    (ClaimRelation.Kind.CONTRADICTS, False): gettext_lazy("Contradicted by"),
    (ClaimRelation.Kind.SUPPORTS, True): gettext_lazy("Supports"),
    (ClaimRelation.Kind.SUPPORTS, False): gettext_lazy("Supported by"),
    (ClaimRelation.Kind.REPEATS, True): gettext_lazy("Repeats"),
    (ClaimRelation.Kind.REPEATS, False): gettext_lazy("Repeated by"),
    (ClaimRelation.Kind.CORRECTS, True): gettext_lazy("Corrects"),
    (ClaimRelation.Kind.CORRECTS, False): gettext_lazy("Corrected by"),
}


def _related_claims(claim, user):
    """Claims an editor confirmed as related, either direction, that the user may open.

    The other claim is looked up for each of this claim's few relations (EXISTS): an
    ``IN`` over every checked claim had PostgreSQL hash them all on each page view.
    """
    visible = Claim.objects.visible_to(user).filter(status__in=VERDICTS)
    relations = (
        ClaimRelation.objects.filter(status=ClaimRelation.Status.CONFIRMED)
        .filter(
            Q(Exists(visible.filter(pk=OuterRef("to_claim"))), from_claim=claim)
            | Q(Exists(visible.filter(pk=OuterRef("from_claim"))), to_claim=claim)
        )
        .select_related("from_claim__speaker", "to_claim__speaker")
        .order_by("id")
    )
    related = []
    for relation in relations:
        outgoing = relation.from_claim_id == claim.pk
        other = relation.to_claim if outgoing else relation.from_claim
        other.verdict = verdict_of(other)
        related.append({"claim": other, "phrase": RELATION_PHRASES[relation.kind, outgoing]})
    return related


@require_safe
def claim_detail(request, pk):
    claims = (
        Claim.objects.visible_to(request.user)
        .filter(status__in=VERDICTS)
        .select_related("article__source", "speaker", "reviewer")
        .defer("as_imported", *(f"article__{field}" for field in HEAVY_ARTICLE_FIELDS))
    )
    claim = get_object_or_404(claims, pk=pk)
    claim.verdict = verdict_of(claim)
    paragraphs = claim.article.paragraphs
    paragraph = None
    if 1 <= claim.paragraph <= len(paragraphs):
        paragraph = mark_paragraph(paragraphs[claim.paragraph - 1], [claim], _render_mark)
    reviewer = claim.reviewer.get_full_name() if claim.reviewer else ""
    url = _canonical(request)
    article_url = request.build_absolute_uri(claim.article.get_absolute_url())
    return _page(
        request,
        "site/claim_detail.html",
        {
            "claim": claim,
            "title": Truncator(claim.statement).words(12),
            "paragraph": paragraph,
            "reviewer_name": reviewer,
            "related": _related_claims(claim, request.user),
            "is_hidden": claim.article.visibility == Article.Visibility.HIDDEN,
            "og_type": "article",
            "json_ld": seo.json_ld(seo.claim_review_json_ld(claim, url, article_url)),
        },
        description=seo.describe(f"{claim.verdict.label}: {claim.statement}"),
    )


@require_safe
def claim_list(request, verdict=None):
    cursor = _cursor(request)
    claims = checked_claims(request.user)
    if verdict is not None:
        if verdict not in VERDICTS:
            raise Http404
        claims = claims.filter(status=verdict)
    page = keyset_page(claims, BY_REVIEWED, cursor)
    return _page(
        request,
        "site/claim_list.html",
        {
            "page": page,
            "claims": _with_verdicts(page.rows),
            "verdict": VERDICTS.get(verdict),
            "title": VERDICTS[verdict].label if verdict else _("Fact-checks"),
            "verdicts": VERDICTS.values(),
        },
        description=_("Fact-checks of claims reported in the archive's articles."),
        cursor=cursor,
    )


@require_safe
def speaker_detail(request, pk):
    speaker = get_object_or_404(Speaker.objects.prefetch_related("aliases"), pk=pk)
    claims = checked_claims(request.user).filter(speaker=speaker)
    counts = {
        row["status"]: row["count"]
        for row in claims.order_by().values("status").annotate(count=Count("id"))
    }
    if not counts:
        # Someone with no published fact-check gets no page (their name may come from a
        # hidden article, or from claims not yet checked).
        raise Http404
    cursor = _cursor(request)
    page = keyset_page(claims, BY_REVIEWED, cursor)
    return _page(
        request,
        "site/speaker_detail.html",
        {
            "speaker": speaker,
            "title": speaker.name,
            "verdict_counts": [
                (verdict, counts[status])
                for status, verdict in VERDICTS.items()
                if status in counts
            ],
            "page": page,
            "claims": _with_verdicts(page.rows),
        },
        description=_("Fact-checks of claims attributed to %(name)s.") % {"name": speaker.name},
        cursor=cursor,
    )


@require_safe
def source_detail(request, slug):
    source = get_object_or_404(Source, slug=slug)
    cursor = _cursor(request)
    page = keyset_page(article_list_rows(request.user).filter(source=source), BY_PUBLISHED, cursor)
    return _page(
        request,
        "site/source_detail.html",
        {"source": source, "page": page, "articles": page.rows, "title": source.name},
        description=_("Articles of %(source)s in the archive.") % {"source": source.name},
        cursor=cursor,
    )


def _month_name(month: dt.datetime) -> str:
    with translation.override("ar"):
        return dateformat.format(month, "F Y")


def _month_start(year: int, month: int) -> dt.datetime:
    try:
        return dt.datetime(year, month, 1, tzinfo=dt.UTC)
    except ValueError as error:
        raise Http404 from error


@require_safe
def archive_year(request, year):
    start, end = _month_start(int(year), 1), _month_start(int(year) + 1, 1)
    articles = article_list_rows(request.user).filter(published_at__gte=start, published_at__lt=end)
    cursor = _cursor(request)
    page = keyset_page(articles, BY_PUBLISHED, cursor)
    if not page.rows and not cursor:
        raise Http404
    months = articles.dates("published_at", "month") if page.is_first else []
    return _page(
        request,
        "site/archive.html",
        {
            "year": start,
            "month": None,
            "months": months,
            "page": page,
            "articles": page.rows,
            "title": str(start.year),
        },
        description=_("The archive's articles of %(year)s.") % {"year": year},
        cursor=cursor,
    )


@require_safe
def archive_month(request, year, month):
    year, month = int(year), int(month)
    start = _month_start(year, month)
    end = _month_start(year + 1, 1) if month == 12 else _month_start(year, month + 1)
    articles = article_list_rows(request.user).filter(published_at__gte=start, published_at__lt=end)
    cursor = _cursor(request)
    page = keyset_page(articles, BY_PUBLISHED, cursor)
    if not page.rows and not cursor:
        raise Http404
    return _page(
        request,
        "site/archive.html",
        {
            "year": start,
            "month": start,
            "page": page,
            "articles": page.rows,
            "title": _month_name(start),
        },
        description=_("The archive's articles of %(year)s-%(month)02d.")
        % {"year": year, "month": month},
        cursor=cursor,
    )


@require_safe
def robots_txt(request):
    return render(
        request,
        "site/robots.txt",
        {"sitemap_url": request.build_absolute_uri(reverse("sitemap"))},
        content_type="text/plain; charset=utf-8",
    )
