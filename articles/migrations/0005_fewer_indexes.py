"""Drop the indexes every import wrote to and no query needs.

- A claim's article and speaker, and an image's article: the leading columns of
  claim_unique_statement, claim_speaker_date_idx and image_article_position_idx.
- The article slug: part of the page's address, never looked up.
- Revisions: indexed by the object's id and the date, how they are read; not by
  the foreign keys they copy (article, source, speaker, reviewer).
- claim_status_idx and claim_reviewer_idx only over reviewed claims: every
  imported claim is unreviewed and has no reviewer.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_rank_vector"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="claim",
            name="claim_status_idx",
        ),
        migrations.AlterField(
            model_name="article",
            name="slug",
            field=models.SlugField(allow_unicode=True, blank=True, db_index=False, max_length=120),
        ),
        migrations.AlterField(
            model_name="claim",
            name="article",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="claims",
                to="articles.article",
            ),
        ),
        migrations.AlterField(
            model_name="claim",
            name="reviewer",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="reviewed_claims",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="claim",
            name="speaker",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="claims",
                to="articles.speaker",
            ),
        ),
        migrations.AlterField(
            model_name="historicalarticle",
            name="slug",
            field=models.SlugField(allow_unicode=True, blank=True, db_index=False, max_length=120),
        ),
        migrations.AlterField(
            model_name="historicalarticle",
            name="source",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                help_text="Empty when the file printed no publisher line.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="articles.source",
            ),
        ),
        migrations.AlterField(
            model_name="historicalclaim",
            name="article",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="articles.article",
            ),
        ),
        migrations.AlterField(
            model_name="historicalclaim",
            name="reviewer",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="historicalclaim",
            name="speaker",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="articles.speaker",
            ),
        ),
        migrations.AlterField(
            model_name="historicalimage",
            name="article",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="articles.article",
            ),
        ),
        migrations.AlterField(
            model_name="image",
            name="article",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="images",
                to="articles.article",
            ),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(
                condition=models.Q(("status", "unreviewed"), _negated=True),
                fields=["status"],
                name="claim_status_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(
                condition=models.Q(("reviewer__isnull", False)),
                fields=["reviewer"],
                name="claim_reviewer_idx",
            ),
        ),
    ]
