from django.contrib.sitemaps import views as sitemaps_views
from django.urls import path, re_path

from articles.site import feeds, sitemaps, views
from articles.site.freshness import archive_last_modified

app_name = "articles"

# Feeds and sitemaps answer a conditional request with 304 until the archive changes.
unchanged_since = archive_last_modified

# A source's slug as slugify(allow_unicode=True) writes it: letters, digits, "_" and "-".
SLUG = r"(?P<slug>[-\w]+)"

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/", views.article_list, name="list"),
    path("articles/<int:pk>/", views.article_detail, name="detail"),
    path("claims/", views.claim_list, name="claims"),
    path("claims/<int:pk>/", views.claim_detail, name="claim"),
    path("claims/verdict/<slug:verdict>/", views.claim_list, name="claims_by_verdict"),
    path("verdicts.css", views.verdict_styles_css, name="verdict_styles"),
    path("speakers/<int:pk>/", views.speaker_detail, name="speaker"),
    re_path(rf"^sources/{SLUG}/$", views.source_detail, name="source"),
    path("archive/", views.archive_index, name="archive"),
    re_path(r"^archive/(?P<year>[0-9]{4})/$", views.archive_year, name="archive_year"),
    re_path(
        r"^archive/(?P<year>[0-9]{4})/(?P<month>0[1-9]|1[0-2])/$",
        views.archive_month,
        name="archive_month",
    ),
    path("feed/", unchanged_since(feeds.LatestArticlesFeed()), name="feed"),
    path("feed/atom/", unchanged_since(feeds.LatestArticlesAtomFeed()), name="feed_atom"),
    path("claims/feed/", unchanged_since(feeds.LatestFactChecksFeed()), name="claims_feed"),
    re_path(
        rf"^sources/{SLUG}/feed/$",
        unchanged_since(feeds.SourceArticlesFeed()),
        name="source_feed",
    ),
]

# Outside the namespace: the addresses crawlers are told of, at the site's root.
root_urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots_txt"),
    # An index of sections (articles, claims), each in pages of Sitemap.limit entries.
    path(
        "sitemap.xml",
        unchanged_since(sitemaps_views.index),
        {"sitemaps": sitemaps.SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        unchanged_since(sitemaps.sitemap_section),
        name="sitemap_section",
    ),
]
