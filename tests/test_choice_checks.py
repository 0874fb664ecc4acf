"""Every choice column refuses, in the database, a value that is not one of its choices."""

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, transaction

pytestmark = pytest.mark.django_db

CHOICE_FIELDS = [
    (model, field)
    for model in apps.get_app_config("articles").get_models()
    if not model.__name__.startswith("Historical")
    for field in model._meta.concrete_fields
    if field.choices
]


def test_every_choice_column_is_covered():
    named = {f"{model.__name__}.{field.name}" for model, field in CHOICE_FIELDS}

    assert named >= {
        "Article.visibility",
        "Speaker.kind",
        "Claim.medium",
        "Claim.review_state",
        "Claim.origin",
        "ClaimRelation.kind",
        "ClaimRelation.status",
    }


def set_column(model, field, value) -> None:
    row = model.objects.order_by("pk").first()
    assert row is not None, f"the seed has no {model.__name__}"
    with connection.cursor() as cursor:
        cursor.execute(
            f'UPDATE {model._meta.db_table} SET "{field.column}" = %s WHERE id = %s',
            [value, row.pk],
        )


@pytest.fixture
def relation(article):
    from articles.models import ClaimRelation

    first, second = article.claims.order_by("pk")[:2]
    return ClaimRelation.objects.create(from_claim=first, to_claim=second, kind="supports")


@pytest.mark.parametrize(
    ("model", "field"), CHOICE_FIELDS, ids=[f"{m.__name__}.{f.name}" for m, f in CHOICE_FIELDS]
)
def test_a_value_outside_the_choices_is_refused_and_each_choice_accepted(
    article, relation, model, field
):
    for value, _label in field.flatchoices:
        with transaction.atomic():
            set_column(model, field, value)

    with pytest.raises(IntegrityError), transaction.atomic():
        set_column(model, field, "not-a-choice")
