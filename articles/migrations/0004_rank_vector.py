"""Rank searches by a small vector of headline and lead; keep the whole text's vector out of the row.

0003 kept ``search_vector`` (5.5 kB) in the row so that ranking read it without a
TOAST lookup. That made every row ~9 kB: 765 MB for 100,000 articles, which no
default ``shared_buffers`` holds, so under load each search read its ~7,000
matches from outside PostgreSQL's cache. Now ranking reads ``rank_vector``
(headline A, lead paragraph B; ~0.7 kB, kept in the row), and ``search_vector``
is back to the default storage: compressed and out of the row, read only through
its GIN index. Adding the column rewrites the table, which moves existing rows.
"""

import django.contrib.postgres.search
from django.db import migrations, models
from django.utils.deconstruct import deconstructible


@deconstructible(path="articles.search.NormalizeArabic")
class NormalizeArabic(models.Func):
    """articles_normalize_arabic(text), written here so that this migration does not
    follow the app's code; named as the model's expression is, so that the autodetector
    compares the rank column's expression equal to the model's (the name is only
    compared, never imported: if the model's class moves, rename it here)."""

    function = "articles_normalize_arabic"
    output_field = models.TextField()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_search_vector_inline"),
    ]

    operations = [
        # Before the rewrite below, so that it moves the existing vectors out of the rows.
        migrations.RunSQL(
            "ALTER TABLE articles_article ALTER COLUMN search_vector SET STORAGE EXTENDED",
            reverse_sql="ALTER TABLE articles_article ALTER COLUMN search_vector SET STORAGE MAIN",
        ),
        migrations.AddField(
            model_name="article",
            name="rank_vector",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.contrib.postgres.search.CombinedSearchVector(
                    django.contrib.postgres.search.SearchVector(
                        NormalizeArabic(models.F("title")),
                        config="arabic",
                        weight="A",
                    ),
                    "||",
                    django.contrib.postgres.search.SearchVector(
                        NormalizeArabic(
                            models.Func(
                                models.F("body"),
                                output_field=models.TextField(),
                                template="(jsonb_path_query_first(%(expressions)s, '$[*] ? (@.type == \"paragraph\").text') #>> '{}')",
                            )
                        ),
                        config="arabic",
                        weight="B",
                    ),
                    django.contrib.postgres.search.SearchConfig("arabic"),
                ),
                output_field=django.contrib.postgres.search.SearchVectorField(),
            ),
        ),
        migrations.RunSQL(
            "ALTER TABLE articles_article ALTER COLUMN rank_vector SET STORAGE MAIN",
            reverse_sql=migrations.RunSQL.noop,
        ),
    ]
