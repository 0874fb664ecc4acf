"""The claims' comparison keys by article, for the importer's contradiction pass to read
from the index alone: 53 s to build for the 10,518,600 claims of a million articles
(2.9 GB), 5 s for the million of 100,000 (287 MB)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0020_claim_checked_article_idx"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(
                fields=["article"],
                include=("id", "compare_units", "compare_negated", "compare_words"),
                name="claim_comparison_keys_idx",
            ),
        ),
    ]
