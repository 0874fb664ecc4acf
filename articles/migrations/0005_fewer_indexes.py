"""Drop indexes that another index already covers, and the article slug's.

Every imported article wrote to each of them (and the slug's twice more in its
revision): a claim's article and speaker are the leading columns of
claim_unique_statement and claim_speaker_date_idx, an image's article of
image_article_position_idx, and nothing looks an article up by its slug.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0004_rank_vector'),
    ]

    operations = [
        migrations.AlterField(
            model_name='article',
            name='slug',
            field=models.SlugField(allow_unicode=True, blank=True, db_index=False, max_length=120),
        ),
        migrations.AlterField(
            model_name='claim',
            name='article',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='claims', to='articles.article'),
        ),
        migrations.AlterField(
            model_name='claim',
            name='speaker',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='claims', to='articles.speaker'),
        ),
        migrations.AlterField(
            model_name='historicalarticle',
            name='slug',
            field=models.SlugField(allow_unicode=True, blank=True, db_index=False, max_length=120),
        ),
        migrations.AlterField(
            model_name='image',
            name='article',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='images', to='articles.article'),
        ),
    ]
