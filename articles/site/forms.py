"""The search page's filters: what a reader may narrow a search (or the article list) by."""

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_QUERY_LENGTH = 200


class Select(forms.Select):
    """Django's select with its options written in its own template, not one included
    template per option (a tenth of the cost; the search form renders on every search)."""

    template_name = "articles/widgets/select.html"


class SearchForm(forms.Form):
    """Read from the query string; a value this form refuses is a bad request (400)."""

    q = forms.CharField(label=_("Search"), required=False, max_length=MAX_QUERY_LENGTH)
    source = forms.ChoiceField(label=_("Source"), required=False, widget=Select)
    published_from = forms.DateField(
        label=_("Published from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    published_to = forms.DateField(
        label=_("Published until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    checked = forms.BooleanField(label=_("Only articles with fact-checked claims"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("relevance", _("Best match")), ("date", _("Newest first"))],
        widget=Select,
    )

    def __init__(self, data, *, sources):
        super().__init__(data)
        self.fields["source"].choices = [("", _("All sources"))] + [
            (source.slug, source.name) for source in sources
        ]

    def clean_q(self):
        value = self.cleaned_data["q"]
        if "\x00" in value:
            raise forms.ValidationError(_("A search may not contain a NUL character."))
        return value.strip()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("published_from"), cleaned.get("published_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The first date comes after the last."))
        return cleaned

    @property
    def filtered(self) -> bool:
        """Whether anything beyond the words narrows the results."""
        return any(
            self.cleaned_data.get(name)
            for name in ("source", "published_from", "published_to", "checked")
        )
