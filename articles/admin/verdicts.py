"""The verdicts the desk may give claims: a vocabulary the editor-in-chief manages.

Others on the desk see the list (roles, migration 0012). A verdict a claim carries
cannot be deleted (``on_delete=PROTECT``); make it inactive to stop offering it.
"""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from articles.admin.history import ReadableHistoryMixin
from articles.models import Verdict


def verdict_styles_media(*stylesheets: str) -> forms.Media:
    """``stylesheets`` and the verdicts' colours, written from their rows
    (``articles:verdict_styles``). A ``media`` property, not ``class Media``: the URL is
    reversed when a page is drawn, not when the module is imported."""
    return forms.Media(css={"all": [*stylesheets, reverse("articles:verdict_styles")]})


@admin.register(Verdict)
class VerdictAdmin(ReadableHistoryMixin, SimpleHistoryAdmin):
    list_display = [
        "label_badge",
        "slug",
        "rating_value",
        "alternate_name",
        "position",
        "is_active",
    ]
    list_editable = ["position", "is_active"]
    list_display_links = ["label_badge"]
    list_filter = ["is_active"]
    search_fields = ["label", "slug", "alternate_name"]
    fields = [
        "label",
        "slug",
        ("colour", "symbol"),
        "description",
        ("rating_value", "alternate_name"),
        ("position", "is_active"),
    ]

    @property
    def media(self):
        return super().media + verdict_styles_media("articles/admin/claims.css")

    @admin.display(description=_("label"), ordering="label")
    def label_badge(self, verdict):
        return format_html('<span class="verdict-badge {}">{}</span>', verdict.css_class, verdict)
