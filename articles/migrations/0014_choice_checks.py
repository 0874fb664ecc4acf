"""Every choice column accepts only its choices, in the database too (the importer, bulk
updates and raw SQL bypass the forms): claim medium, review state and origin, speaker
kind, relation kind and status. Article visibility has had its check since 0001."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0013_verdict_vocabulary_review_state"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="claim",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "medium__in",
                        [
                            "",
                            "tweet",
                            "social_post",
                            "statement",
                            "report",
                            "press_conference",
                            "interview",
                            "television",
                            "radio",
                            "speech",
                            "letter",
                        ],
                    )
                ),
                name="claim_medium_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="claim",
            constraint=models.CheckConstraint(
                condition=models.Q(("review_state__in", ["new", "in_review", "published"])),
                name="claim_review_state_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="claim",
            constraint=models.CheckConstraint(
                condition=models.Q(("origin__in", ["imported", "editor"])),
                name="claim_origin_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="claimrelation",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("kind__in", ["contradicts", "supports", "repeats", "corrects"])
                ),
                name="claim_relation_kind_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="claimrelation",
            constraint=models.CheckConstraint(
                condition=models.Q(("status__in", ["proposed", "confirmed", "rejected"])),
                name="claim_relation_status_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="speaker",
            constraint=models.CheckConstraint(
                condition=models.Q(("kind__in", ["person", "organisation", "unnamed", "unknown"])),
                name="speaker_kind_valid",
            ),
        ),
    ]
