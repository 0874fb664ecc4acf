from django.db import migrations


def clear_reason_of_public_articles(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Article.objects.filter(visibility="public").exclude(visibility_reason="").update(
        visibility_reason=""
    )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_desk_article_visibility_reason"),
    ]

    operations = [
        migrations.RunPython(clear_reason_of_public_articles, migrations.RunPython.noop),
    ]
