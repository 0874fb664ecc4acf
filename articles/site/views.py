"""The reading site's pages. Every list walks keyset pages (pagination.py); every page
runs a fixed number of queries whatever it shows."""

import datetime as dt
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import BadRequest
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import TruncMonth
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat, translation
from django.utils.cache import patch_cache_control
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from articles.models import Article, Claim, ClaimRelation, Source, Speaker, Verdict
from articles.querysets import CHECKED, sees_hidden
from articles.site import seo
from articles.site.attention import (
    search_attention,
    speaker_claims_counted,
    speaker_verdicts_over_time,
)
from articles.site.forms import SearchForm
from articles.site.freshness import (
    archive_changed_at,
    article_changed_at,
    claim_changed_at,
    revalidated,
)
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
from articles.site.snippets import snippets
from articles.site.verdicts import is_checked, verdict_of, verdict_styles

HOME_ITEMS = 8
# How long the archive index keeps its counts when nothing changes (a change moves the key).
ARCHIVE_MONTHS_SECONDS = 24 * 3600


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


def _render_mark(claim, text):
    # ``text`` comes escaped (a SafeString); stripped, the mark sits flush in its sentence.
    context = {"claim": claim, "verdict": verdict_of(claim), "text": text}
    return render_to_string("site/_claim_mark.html", context).strip()


@require_safe
@revalidated(archive_changed_at)
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
        {"claims": claims, "articles": articles, "title": ""},
        description=_("Arabic news articles and the fact-checks of what they report."),
    )


def _search_filters(request, sources) -> SearchForm:
    form = SearchForm(request.GET, sources=sources)
    if not form.is_valid():
        raise BadRequest(
            "; ".join(str(error) for errors in form.errors.values() for error in errors)
        )
    return form


def _filtered_articles(articles, form: SearchForm, *, scope_only: bool = False):
    """``articles`` narrowed by the form; ``scope_only``: by source and dates only (what a
    search's counts are a share of)."""
    data = form.cleaned_data
    if data["source"]:
        articles = articles.filter(source__slug=data["source"])
    if data["published_from"]:
        start = dt.datetime.combine(data["published_from"], dt.time(), tzinfo=dt.UTC)
        articles = articles.filter(published_at__gte=start)
    if data["published_to"]:
        end = dt.datetime.combine(data["published_to"], dt.time(), tzinfo=dt.UTC)
        articles = articles.filter(published_at__lt=end + dt.timedelta(days=1))
    if data["checked"] and not scope_only:
        articles = articles.with_claims(CHECKED)
    return articles


@require_safe
@revalidated(archive_changed_at)
def article_list(request):
    """The articles, newest first; with words, a search (best match or newest first); either
    narrowed by source, publication dates and "has fact-checked claims"."""
    cursor = _cursor(request)
    sources = list(Source.objects.listed_for(request.user).order_by("name").only("name", "slug"))
    form = _search_filters(request, sources)
    query = form.cleaned_data["q"]
    by_date = form.cleaned_data["sort"] == "date"
    attention = None
    if query:
        # The body too, for the snippets: twenty rows of it, never more.
        found = visible_articles(request.user).defer("parse_warnings", "merge_warnings")
        found = _filtered_articles(found, form)
        # By relevance, the newest matches ranked (ArticleQuerySet.search); by date, every
        # match, the page's read through the windows of the newest.
        if by_date:
            page = keyset_page(
                found.matching(query),
                BY_PUBLISHED,
                cursor,
                narrow=lambda rows, count: rows.among_newest(count),
            )
        else:
            page = keyset_page(found.search(query), BY_RANK, cursor)
        if page.rows and not cursor:  # the first page opens with the attention over time
            attention = search_attention(
                found.matching(query),
                _filtered_articles(Article.objects.all(), form, scope_only=True),
                user=request.user,
                sources=sources,
                first=form.cleaned_data["published_from"],
                last=form.cleaned_data["published_to"],
            )
        snippet_of = snippets(page.rows, query)
        for article in page.rows:
            article.snippet = snippet_of[article.pk]
    else:
        articles = _filtered_articles(article_list_rows(request.user), form)
        page = keyset_page(articles, BY_PUBLISHED, cursor)
    kept = {key: value for key, value in request.GET.items() if key != "cursor" and value}
    return _page(
        request,
        "site/article_list.html",
        {
            "page": page,
            "articles": page.rows,
            "query": query,
            "attention": attention,
            "form": form,
            "filtered": form.filtered,
            "kept_query": urlencode(kept),
            "unfiltered_query": urlencode({"q": query}) if query else "",
            # By best match only the newest matches are ranked: the page says so.
            "ranked_matches": None if by_date else settings.NEWSARCHIVE_SEARCH_RANKED_MATCHES,
            "by_date_query": urlencode({**kept, "sort": "date"}),
            "sources": sources,
            "noindex": bool(query) or form.filtered,
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
@revalidated(article_changed_at)
def article_detail(request, pk):
    article = get_object_or_404(visible_articles(request.user).with_media(), pk=pk)
    checked = [claim for claim in article.claims.all() if is_checked(claim)]
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
    visible = Claim.objects.visible_to(user).checked()
    relations = (
        ClaimRelation.objects.filter(status=ClaimRelation.Status.CONFIRMED)
        .filter(
            Q(Exists(visible.filter(pk=OuterRef("to_claim"))), from_claim=claim)
            | Q(Exists(visible.filter(pk=OuterRef("from_claim"))), to_claim=claim)
        )
        .select_related(
            "from_claim__speaker", "from_claim__verdict", "to_claim__speaker", "to_claim__verdict"
        )
        .order_by("id")
    )
    related = []
    for relation in relations:
        outgoing = relation.from_claim_id == claim.pk
        other = relation.to_claim if outgoing else relation.from_claim
        related.append({"claim": other, "phrase": RELATION_PHRASES[relation.kind, outgoing]})
    return related


@require_safe
@revalidated(claim_changed_at)
def claim_detail(request, pk):
    claims = (
        Claim.objects.visible_to(request.user)
        .checked()
        .select_related("article__source", "speaker", "reviewer", "verdict")
        .defer("as_imported", *(f"article__{field}" for field in HEAVY_ARTICLE_FIELDS))
    )
    claim = get_object_or_404(claims, pk=pk)
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
@revalidated(archive_changed_at)
def claim_list(request, verdict=None):
    cursor = _cursor(request)
    claims = checked_claims(request.user)
    verdicts = list(Verdict.objects.all())
    chosen = None
    if verdict is not None:
        # An inactive verdict's claims stay listed at its address; an unknown one is not found.
        chosen = next((item for item in verdicts if item.slug == verdict), None)
        if chosen is None:
            raise Http404
        claims = claims.filter(verdict=chosen)
    page = keyset_page(claims, BY_REVIEWED, cursor)
    return _page(
        request,
        "site/claim_list.html",
        {
            "page": page,
            "claims": page.rows,
            "verdict": chosen,
            "title": chosen.label if chosen else _("Fact-checks"),
            "verdicts": [item for item in verdicts if item.is_active],
        },
        description=_("Fact-checks of claims reported in the archive's articles."),
        cursor=cursor,
    )


@require_safe
@revalidated(archive_changed_at)
def speaker_detail(request, pk):
    speaker = get_object_or_404(Speaker.objects.prefetch_related("aliases"), pk=pk)
    claims = checked_claims(request.user).filter(speaker=speaker)
    # The speaker's checked claims counted by month and verdict from
    # claim_checked_speaker_day_idx alone, with an anti-join on the few hidden articles:
    # the verdict counts and the chart from one read of the index (16,000 claims for the
    # busiest of 100,000 articles: 1.9 s through each claim's row and article).
    counted = Claim.objects.checked().filter(speaker=speaker)
    if not sees_hidden(request.user):
        counted = counted.outside_hidden_articles()
    found = speaker_claims_counted(counted)
    counts = found.totals
    verdicts = Verdict.objects.filter(pk__in=list(counts)).order_by("position", "pk")
    verdict_counts = [(verdict, counts[verdict.pk]) for verdict in verdicts] if counts else []
    if not verdict_counts:
        # Someone with no published fact-check gets no page (their name may come from a
        # hidden article, or from claims not yet checked).
        raise Http404
    cursor = _cursor(request)
    page = keyset_page(claims, BY_REVIEWED, cursor)
    over_time = None if cursor else speaker_verdicts_over_time(found, verdicts)
    return _page(
        request,
        "site/speaker_detail.html",
        {
            "speaker": speaker,
            "title": speaker.name,
            "verdict_counts": verdict_counts,
            "over_time": over_time,
            "page": page,
            "claims": page.rows,
        },
        description=_("Fact-checks of claims attributed to %(name)s.") % {"name": speaker.name},
        cursor=cursor,
    )


@require_safe
@revalidated(archive_changed_at)
def source_detail(request, slug):
    # A source none of whose articles the reader may see is not named to them.
    source = get_object_or_404(Source.objects.listed_for(request.user), slug=slug)
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
@revalidated(archive_changed_at)
def archive_index(request):
    """Every year and month with articles, and how many.

    Counting groups every article's date (at 100,000 articles: 70 ms as an index-only scan
    of ``article_published_idx``, 130 ms with the public-only filter), so the counts are
    kept in the cache under the archive's last change: they are counted again only after
    something changed (hiding an article included), once per process."""
    staff = sees_hidden(request.user)
    changed = archive_changed_at(request)
    key = f"site:archive-months:{staff}:{changed.isoformat() if changed else ''}"
    months = cache.get(key)
    if months is None:
        months = list(
            visible_articles(request.user)
            .filter(published_at__isnull=False)
            .annotate(month=TruncMonth("published_at", tzinfo=dt.UTC))
            .order_by()
            .values("month")
            .annotate(count=Count("id"))
        )
        cache.set(key, months, ARCHIVE_MONTHS_SECONDS)
    years: dict[int, dict] = {}
    for row in sorted(months, key=lambda row: row["month"], reverse=True):
        year = years.setdefault(row["month"].year, {"year": row["month"], "count": 0, "months": []})
        year["count"] += row["count"]
        year["months"].append(row)
    return _page(
        request,
        "site/archive_index.html",
        {"years": list(years.values()), "title": _("The archive by date")},
        description=_("The archive's articles by year and month of publication."),
    )


def _months_with_articles(articles, year: int) -> list[dt.date]:
    """The months of ``year`` that hold one of ``articles`` at least: one query of twelve
    index probes (the first article of each month), where ``dates()`` grouped every
    article of the year (74 ms for 39,000)."""
    probes = [
        articles.filter(
            published_at__gte=_month_start(year, month),
            published_at__lt=_month_start(year + month // 12, month % 12 + 1),
        )
        .order_by()
        .values_list("published_at", flat=True)[:1]
        for month in range(1, 13)
    ]
    found = probes[0].union(*probes[1:], all=True)
    return sorted({dt.date(time.year, time.month, 1) for time in found})


@require_safe
@revalidated(archive_changed_at)
def archive_year(request, year):
    start, end = _month_start(int(year), 1), _month_start(int(year) + 1, 1)
    articles = article_list_rows(request.user).filter(published_at__gte=start, published_at__lt=end)
    cursor = _cursor(request)
    page = keyset_page(articles, BY_PUBLISHED, cursor)
    if not page.rows and not cursor:
        raise Http404
    months = _months_with_articles(articles, start.year) if page.is_first else []
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
@revalidated(archive_changed_at)
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


@require_safe
def verdict_styles_css(request):
    """The verdicts' colours as a stylesheet (site and admin): one short query, cached
    briefly, since an editor's new colour should show within minutes."""
    response = HttpResponse(
        verdict_styles(Verdict.objects.all()), content_type="text/css; charset=utf-8"
    )
    patch_cache_control(response, public=True, max_age=300)
    return response
