"""The public reading site: an Arabic fact-checking publication, server-rendered, right to left.

Views, URLs, feeds and sitemaps live here; their templates under ``templates/site/``.
"""
