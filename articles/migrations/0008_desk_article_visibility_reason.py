from django.db import migrations, models

# Rows hidden before a reason was asked for get this one, so the constraint holds from
# the start; 0009 takes it off the public rows again.
REASON_FOR_EARLIER_HIDING = "أُخفي قبل أن يُطلب سبب الإخفاء"


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_normalize_tashkeel"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="visibility_reason",
            field=models.TextField(
                blank=True,
                default=REASON_FOR_EARLIER_HIDING,
                help_text="Why an editor hid the article; required while it is hidden.",
                verbose_name="reason for hiding",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="historicalarticle",
            name="visibility_reason",
            field=models.TextField(
                blank=True,
                help_text="Why an editor hid the article; required while it is hidden.",
                verbose_name="reason for hiding",
            ),
        ),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.CheckConstraint(
                condition=models.Q(visibility="public") | ~models.Q(visibility_reason=""),
                name="article_hidden_has_reason",
            ),
        ),
    ]
