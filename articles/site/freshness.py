"""When a page last changed, for ``Last-Modified`` and the 304s of conditional requests.

Each answer is one cheap query, run before the page is built: when the browser's copy is
as new, the page is never rendered. A time must only ever move forward when what a page
shows changes, hiding an article included (hiding saves it: ``modified_at`` moves on).

Detail pages read their own rows. Lists (a source, the archive, feeds, the sitemap) take
the archive's last change: the newest history record of every model a page shows. Every
write path saves through django-simple-history (bulk writes with ``*_with_history``), and
``history_date`` is indexed, so it is an index lookup per model, whatever the archive's size.
"""

import datetime as dt
from functools import wraps

from django.db.models import F, Max, OuterRef, Q, Subquery
from django.db.models.functions import Greatest
from django.utils.cache import patch_cache_control
from django.views.decorators.http import condition

from articles.models import (
    Article,
    Claim,
    ClaimRelation,
    Source,
    Speaker,
    SpeakerAlias,
    Verdict,
)
from articles.querysets import sees_hidden

SHOWN_ON_LISTS = (Article, Claim, ClaimRelation, Source, Speaker, SpeakerAlias, Verdict)
# Each model's history table, looked up once: ``Model.history`` builds a manager class on
# every access (django-simple-history), 0.6 ms of CPU, and a list page asked seven.
HISTORICAL_MODELS = {model: model.history.model for model in SHOWN_ON_LISTS}


def newest_change(model):
    """When ``model``'s newest history record was written, as a one-row query (an index
    lookup)."""
    history = HISTORICAL_MODELS[model]._default_manager
    return history.order_by("-history_date").values_list("history_date", flat=True)[:1]


def archive_changed_at(request, *args, **kwargs) -> dt.datetime | None:
    """The newest change of anything the site's lists show: one query (a UNION of index
    lookups)."""
    latest = [newest_change(model) for model in SHOWN_ON_LISTS]
    times = list(latest[0].union(*latest[1:], all=True))
    return max(times, default=None)


def article_changed_at(request, pk, *args, **kwargs) -> dt.datetime | None:
    """The article's own change, or a claim in it created or reviewed since."""
    row = (
        Article.objects.visible_to(request.user)
        .filter(pk=pk)
        .annotate(
            claims_reviewed=Max("claims__reviewed_at"), claims_created=Max("claims__created_at")
        )
        .values_list("modified_at", "claims_reviewed", "claims_created")
        .first()
    )
    return max((time for time in row if time is not None), default=None) if row else None


def claim_changed_at(request, pk, *args, **kwargs) -> dt.datetime | None:
    """The claim's review, its article's change, or a relation of it (or a related claim's
    review) since: one query."""
    relations = (
        ClaimRelation.objects.filter(Q(from_claim=OuterRef("pk")) | Q(to_claim=OuterRef("pk")))
        .annotate(
            changed=Greatest(
                "created_at", "decided_at", "from_claim__reviewed_at", "to_claim__reviewed_at"
            )
        )
        .order_by(F("changed").desc(nulls_last=True))
        .values("changed")[:1]
    )
    # PostgreSQL's GREATEST skips nulls (no relation, no decision yet).
    return (
        Claim.objects.visible_to(request.user)
        .checked()
        .filter(pk=pk)
        .annotate(
            changed=Greatest(
                "reviewed_at", "created_at", "article__modified_at", Subquery(relations)
            )
        )
        .values_list("changed", flat=True)
        .first()
    )


def revalidated(changed_at):
    """A view answering with ``Last-Modified: changed_at(...)`` and an ETag made from the
    same time (304 when the browser's copy is as new, by either header), and
    ``Cache-Control: no-cache``: a browser or a shared proxy may keep the page but asks
    again each time, so an article hidden a moment ago is never served from a copy. A
    signed-in reader's pages (an editor's show hidden articles) are private: no proxy keeps
    them.

    The ETag is the change time, not a hash of the rendered page (ConditionalGetMiddleware's,
    which it keeps when the view sets one): browsers send ``If-None-Match`` whenever they
    hold an ETag, and Django then ignores ``If-Modified-Since``, so a content hash answered
    304 only after rendering the whole page. This one is answered from ``changed_at``'s
    single query, before the page is built. Staff and the public see different pages under
    one address: the ETag says whose it is.
    """

    def decorator(view):
        @wraps(view)
        def revalidated_view(request, *args, **kwargs):
            changed = changed_at(request, *args, **kwargs)  # one query, asked once
            tag = None
            if changed is not None:
                audience = "staff" if sees_hidden(request.user) else "public"
                tag = f'W/"{audience}-{changed.timestamp():.6f}"'
            conditional = condition(
                etag_func=lambda *_args, **_kwargs: tag,
                last_modified_func=lambda *_args, **_kwargs: changed,
            )(view)
            response = conditional(request, *args, **kwargs)
            if request.user.is_authenticated:
                patch_cache_control(response, private=True, no_cache=True)
            else:
                patch_cache_control(response, public=True, no_cache=True)
            return response

        return revalidated_view

    return decorator


def archive_last_modified(view):
    """``view`` answering with the archive's last change as Last-Modified (and 304 when the
    browser's copy is as new), replacing any it set itself: a feed's is its newest item's
    date and a sitemap's its newest entry's, which neither a new verdict nor a hidden
    article moves."""

    @wraps(view)
    def without_own_date(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.has_header("Last-Modified"):
            del response.headers["Last-Modified"]
        return response

    return revalidated(archive_changed_at)(without_own_date)
