"""Editors browse and correct the archive in the admin; every save is a revision."""

import pytest
from django.db.models.fields.files import FieldFile
from django.forms import MultiWidget
from django.urls import reverse
from django.utils.html import escape

from articles.models import Claim

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["article", "source", "claim", "speaker", "claimrelation"])
def test_each_model_can_be_browsed(admin_client, article, model):
    response = admin_client.get(reverse(f"admin:articles_{model}_changelist"))
    assert response.status_code == 200


def test_article_page_shows_its_images_claims_and_provenance(admin_client, article):
    response = admin_client.get(reverse("admin:articles_article_change", args=[article.pk]))

    page = response.content.decode()
    assert article.title in page
    assert "Getty Images" in page
    assert article.sha256 in page
    # The page escapes the statement's quotation marks ("قسد" → &quot;قسد&quot;).
    assert escape(Claim.objects.filter(article=article).first().statement[:40]) in page


def form_data(form) -> dict:
    """What a browser would post back for an unchanged form."""
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None or value is False or isinstance(value, FieldFile):
            continue
        if isinstance(field.widget, MultiWidget):  # the admin's split date and time inputs
            parts = field.widget.decompress(value)
            assert parts is not None
            for index, (widget, part) in enumerate(zip(field.widget.widgets, parts, strict=True)):
                data[f"{form.add_prefix(name)}_{index}"] = widget.format_value(part)
        else:
            data[form.add_prefix(name)] = field.prepare_value(value)
    return data


def change_form_data(response) -> dict:
    data = form_data(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        data |= form_data(inline.formset.management_form)
        for form in inline.formset.forms:
            data |= form_data(form)
    return data


def test_an_editors_change_is_kept_as_a_revision_naming_the_editor(
    admin_client, admin_user, article
):
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = change_form_data(admin_client.get(url))
    data["title"] = "عنوان صححه المحرر"

    response = admin_client.post(url, data)

    assert response.status_code == 302
    before = article.published_at
    article.refresh_from_db()
    assert article.title == "عنوان صححه المحرر"
    assert article.published_at == before  # nothing else changed
    latest = article.history.latest()
    assert latest.title == "عنوان صححه المحرر"
    assert latest.history_user == admin_user
    assert article.history.count() == 2


def test_the_admin_is_closed_to_anonymous_visitors(client, article):
    response = client.get(reverse("admin:articles_article_changelist"))
    assert response.status_code == 302
    assert "/login/" in response["Location"]
