"""Images: each one has its own page, so its revisions can be read and reverted."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from articles.admin.forms import ImageForm
from articles.admin.history import NoEmptyRevisionsMixin, ReadableHistoryMixin
from articles.models import Image


@admin.register(Image)
class ImageAdmin(NoEmptyRevisionsMixin, ReadableHistoryMixin, SimpleHistoryAdmin):
    form = ImageForm
    list_display = ["caption_excerpt", "article", "position", "is_lead", "credit"]
    list_select_related = ["article"]
    list_filter = ["is_lead"]
    search_fields = ["caption", "credit", "alt_text"]
    raw_id_fields = ["article"]
    fields = ["article", "file", "position", "is_lead", "caption", "credit", "alt_text"]
    # No count of every image on each page of the list.
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER

    def get_queryset(self, request):
        return super().get_queryset(request).defer("as_imported", "article__body")

    @admin.display(description=_("Caption"))
    def caption_excerpt(self, image):
        return image.caption[:100] or str(image)
