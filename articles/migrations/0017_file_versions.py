"""Every imported file version remembered (its sha256, size, name, time, parser version) and
the articles whose claims still await the contradiction comparison.

The versions are backfilled from what the archive holds today: each article's
revisions carry the sha256 and name of the file each version came from (sizes
were never stored). Frozen SQL: the backfill does not import app code.
"""

import django.db.models.deletion
from django.db import migrations, models

# The first revision that carries each (sha256, name) of a live article, then each
# article's current file should its revisions lack it.
BACKFILL_SQL = """
INSERT INTO articles_importedfile
    (article_id, sha256, size, file_name, folder, imported_at, parser_version, outcome)
SELECT DISTINCT ON (h.sha256, h.file_name)
    h.id, h.sha256, NULL, h.file_name, '', coalesce(h.imported_at, h.history_date),
    h.parser_version, CASE WHEN h.history_type = '+' THEN 'created' ELSE 'updated' END
FROM articles_historicalarticle h
JOIN articles_article a ON a.id = h.id
WHERE h.history_type IN ('+', '~') AND h.sha256 ~ '^[0-9a-f]{64}$' AND h.file_name <> ''
ORDER BY h.sha256, h.file_name, h.history_date, h.history_id
ON CONFLICT DO NOTHING;

INSERT INTO articles_importedfile
    (article_id, sha256, size, file_name, folder, imported_at, parser_version, outcome)
SELECT a.id, a.sha256, NULL, a.file_name, '', coalesce(a.imported_at, a.created_at),
    a.parser_version, 'created'
FROM articles_article a
WHERE a.sha256 ~ '^[0-9a-f]{64}$' AND a.file_name <> ''
ON CONFLICT DO NOTHING;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0016_site_list_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="PendingComparison",
            fields=[
                (
                    "article",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="articles.article",
                        verbose_name="article",
                    ),
                ),
                ("queued_at", models.DateTimeField(auto_now_add=True, verbose_name="queued at")),
            ],
            options={
                "verbose_name": "article awaiting comparison",
                "verbose_name_plural": "articles awaiting comparison",
            },
        ),
        migrations.CreateModel(
            name="ImportedFile",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "sha256",
                    models.CharField(
                        help_text="SHA-256 of the file's raw bytes.",
                        max_length=64,
                        verbose_name="SHA-256",
                    ),
                ),
                (
                    "size",
                    models.BigIntegerField(
                        blank=True,
                        help_text="Empty for versions imported before sizes were recorded.",
                        null=True,
                        verbose_name="size in bytes",
                    ),
                ),
                ("file_name", models.CharField(max_length=500, verbose_name="file name")),
                (
                    "folder",
                    models.CharField(
                        blank=True,
                        help_text="The folder the file was read from (absolute); empty for versions imported before folders were recorded.",
                        max_length=1000,
                        verbose_name="folder",
                    ),
                ),
                ("imported_at", models.DateTimeField(verbose_name="imported at")),
                (
                    "parser_version",
                    models.CharField(blank=True, max_length=16, verbose_name="parser version"),
                ),
                (
                    "outcome",
                    models.CharField(
                        choices=[
                            ("created", "Created the article"),
                            ("updated", "Updated the article"),
                            ("older", "An older version; the article kept the newer one"),
                            ("duplicate", "The same bytes as a version already imported"),
                        ],
                        max_length=16,
                        verbose_name="outcome",
                    ),
                ),
                (
                    "article",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="file_versions",
                        to="articles.article",
                        verbose_name="article",
                    ),
                ),
            ],
            options={
                "verbose_name": "imported file",
                "verbose_name_plural": "imported files",
                "indexes": [models.Index(fields=["file_name"], name="imported_file_name_idx")],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("sha256", "file_name"), name="imported_file_unique_version"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("sha256__regex", "^[0-9a-f]{64}$")),
                        name="imported_file_sha256_hex",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("outcome__in", ["created", "updated", "older", "duplicate"])
                        ),
                        name="imported_file_outcome_valid",
                    ),
                ],
            },
        ),
        migrations.RunSQL(BACKFILL_SQL, reverse_sql=migrations.RunSQL.noop),
    ]
