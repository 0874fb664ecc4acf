"""Verdicts become rows editors manage; a claim's review is a verdict and a state.

``Claim.status`` goes: each claim, and each of its revisions, takes the verdict of the
same slug and the state published (``unreviewed``: no verdict, state new), so history
reads one way before and after. The seeded verdicts and the roles' permissions are
frozen copies here.
"""

import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

# (slug, label, colour, symbol, rating, alternateName, public description), in order.
# The first four slugs are the statuses claims had before: what they mean stays.
VERDICTS = [
    (
        "verified",
        "صحيح",
        "#1e6b34",
        "✓",
        5,
        "True",
        "الادعاء دقيق وتدعمه مصادر موثوقة.",
    ),
    (
        "partly-true",
        "صحيح جزئياً",
        "#4d7a1f",
        "◐",
        4,
        "Half true",
        "في الادعاء جزء صحيح، لكنه يغفل تفاصيل مهمة أو يبالغ في بعضها.",
    ),
    (
        "misleading",
        "مضلل",
        "#b35900",
        "!",
        2,
        "Misleading",
        "يستند الادعاء إلى وقائع صحيحة لكنه يعرضها بطريقة توحي بمعنى غير صحيح.",
    ),
    (
        "disputed",
        "موضع خلاف",
        "#9a4a00",
        "⚠",
        3,
        "Disputed",
        "تتعارض المصادر الموثوقة حول الادعاء، ولا يمكن ترجيح رواية على أخرى.",
    ),
    (
        "false",
        "زائف",
        "#a3211a",
        "✗",
        1,
        "False",
        "الادعاء غير صحيح وتنفيه مصادر موثوقة.",
    ),
    (
        "unverifiable",
        "لا يمكن التحقق منه",
        "#4a4f57",
        "?",
        None,
        "Unverifiable",
        "لم نجد مصادر كافية لتأكيد الادعاء أو نفيه.",
    ),
]
OLD_STATUSES = ["verified", "disputed", "false", "unverifiable"]
# Going back: the old status closest to a verdict that did not exist then.
BACK_TO_STATUS = {"partly-true": "disputed", "misleading": "false"}
UNREVIEWED = "unreviewed"
PUBLISHED = "published"

ROLES = {
    "editor-in-chief": ["add_verdict", "change_verdict", "delete_verdict", "view_verdict"],
    "editor": ["view_verdict"],
    "fact-checker": ["view_verdict"],
    "viewer": ["view_verdict"],
}


def seed_verdicts(apps, schema_editor):
    Verdict = apps.get_model("articles", "Verdict")
    for position, (slug, label, colour, symbol, rating, name, text) in enumerate(VERDICTS):
        Verdict.objects.update_or_create(
            slug=slug,
            defaults={
                "label": label,
                "colour": colour,
                "symbol": symbol,
                "rating_value": rating,
                "alternate_name": name,
                "description": text,
                "position": (position + 1) * 10,
            },
        )


def statuses_to_verdicts(apps, schema_editor):
    """Reviewed claims (and revisions) take their status's verdict and are published;
    unreviewed ones keep no verdict and the state new (the fields' defaults)."""
    Verdict = apps.get_model("articles", "Verdict")
    for model in ("Claim", "HistoricalClaim"):
        claims = apps.get_model("articles", model).objects
        for slug in OLD_STATUSES:
            verdict = Verdict.objects.get(slug=slug)
            claims.filter(status=slug).update(verdict=verdict, review_state=PUBLISHED)


def verdicts_to_statuses(apps, schema_editor):
    """Back: a published verdict becomes its status again, anything else unreviewed."""
    Verdict = apps.get_model("articles", "Verdict")
    for model in ("Claim", "HistoricalClaim"):
        claims = apps.get_model("articles", model).objects
        claims.update(status=UNREVIEWED)
        for verdict in Verdict.objects.all():
            status = BACK_TO_STATUS.get(verdict.slug, verdict.slug)
            if status not in OLD_STATUSES:
                continue
            claims.filter(verdict=verdict, review_state=PUBLISHED).update(status=status)


def verdict_roles(apps, schema_editor):
    # Permissions are normally made after all migrations ran; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        permissions = Permission.objects.filter(
            content_type__app_label="articles", codename__in=codenames
        )
        assert permissions.count() == len(codenames), name
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0012_claim_relation_proposed_queue"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalVerdict",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "slug",
                    models.SlugField(
                        help_text="Its name in URLs and in the API's claim status; keep it once published.",
                        max_length=32,
                        verbose_name="slug",
                    ),
                ),
                (
                    "label",
                    models.CharField(
                        help_text="As readers see it.", max_length=100, verbose_name="label"
                    ),
                ),
                (
                    "colour",
                    models.CharField(
                        help_text="As #rrggbb.",
                        max_length=7,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^#[0-9a-fA-F]{6}$", "Enter a colour as #rrggbb."
                            )
                        ],
                        verbose_name="colour",
                    ),
                ),
                (
                    "symbol",
                    models.CharField(
                        blank=True,
                        help_text="Shown beside the label, so the verdict does not rely on colour alone.",
                        max_length=2,
                        verbose_name="symbol",
                    ),
                ),
                (
                    "description",
                    models.TextField(
                        blank=True,
                        help_text="What the verdict means, for readers.",
                        verbose_name="public description",
                    ),
                ),
                (
                    "rating_value",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        help_text="ClaimReview rating from 1 (false) to 5 (true); empty for no rating.",
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(5),
                        ],
                        verbose_name="rating",
                    ),
                ),
                (
                    "alternate_name",
                    models.CharField(
                        blank=True,
                        help_text="ClaimReview's alternateName, e.g. Half true.",
                        max_length=100,
                        verbose_name="alternate name",
                    ),
                ),
                ("position", models.PositiveIntegerField(default=0, verbose_name="position")),
                (
                    "is_active",
                    models.BooleanField(
                        default=True,
                        help_text="Inactive verdicts stay on the claims that have them but are not offered.",
                        verbose_name="active",
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
            ],
            options={
                "verbose_name": "historical verdict",
                "verbose_name_plural": "historical verdicts",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Verdict",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "slug",
                    models.SlugField(
                        help_text="Its name in URLs and in the API's claim status; keep it once published.",
                        max_length=32,
                        unique=True,
                        verbose_name="slug",
                    ),
                ),
                (
                    "label",
                    models.CharField(
                        help_text="As readers see it.", max_length=100, verbose_name="label"
                    ),
                ),
                (
                    "colour",
                    models.CharField(
                        help_text="As #rrggbb.",
                        max_length=7,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^#[0-9a-fA-F]{6}$", "Enter a colour as #rrggbb."
                            )
                        ],
                        verbose_name="colour",
                    ),
                ),
                (
                    "symbol",
                    models.CharField(
                        blank=True,
                        help_text="Shown beside the label, so the verdict does not rely on colour alone.",
                        max_length=2,
                        verbose_name="symbol",
                    ),
                ),
                (
                    "description",
                    models.TextField(
                        blank=True,
                        help_text="What the verdict means, for readers.",
                        verbose_name="public description",
                    ),
                ),
                (
                    "rating_value",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        help_text="ClaimReview rating from 1 (false) to 5 (true); empty for no rating.",
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(5),
                        ],
                        verbose_name="rating",
                    ),
                ),
                (
                    "alternate_name",
                    models.CharField(
                        blank=True,
                        help_text="ClaimReview's alternateName, e.g. Half true.",
                        max_length=100,
                        verbose_name="alternate name",
                    ),
                ),
                ("position", models.PositiveIntegerField(default=0, verbose_name="position")),
                (
                    "is_active",
                    models.BooleanField(
                        default=True,
                        help_text="Inactive verdicts stay on the claims that have them but are not offered.",
                        verbose_name="active",
                    ),
                ),
            ],
            options={
                "verbose_name": "verdict",
                "verbose_name_plural": "verdicts",
                "ordering": ["position", "id"],
            },
        ),
        migrations.RemoveConstraint(
            model_name="claim",
            name="claim_review_dated",
        ),
        migrations.RemoveIndex(
            model_name="claim",
            name="claim_status_idx",
        ),
        migrations.RemoveIndex(
            model_name="claim",
            name="claim_assignee_idx",
        ),
        migrations.AddField(
            model_name="claim",
            name="review_state",
            field=models.CharField(
                choices=[("new", "New"), ("in_review", "In review"), ("published", "Published")],
                default="new",
                help_text="Readers see the verdict only once the claim is published.",
                max_length=16,
                verbose_name="review state",
            ),
        ),
        migrations.AddField(
            model_name="claim",
            name="verdict_explanation",
            field=models.TextField(
                blank=True,
                help_text="Why the claim has its verdict, as readers will read it.",
                verbose_name="public explanation",
            ),
        ),
        migrations.AddField(
            model_name="historicalclaim",
            name="review_state",
            field=models.CharField(
                choices=[("new", "New"), ("in_review", "In review"), ("published", "Published")],
                default="new",
                help_text="Readers see the verdict only once the claim is published.",
                max_length=16,
                verbose_name="review state",
            ),
        ),
        migrations.AddField(
            model_name="historicalclaim",
            name="verdict_explanation",
            field=models.TextField(
                blank=True,
                help_text="Why the claim has its verdict, as readers will read it.",
                verbose_name="public explanation",
            ),
        ),
        migrations.AlterField(
            model_name="claim",
            name="review_note",
            field=models.TextField(
                blank=True,
                help_text="For the desk only; never published.",
                verbose_name="review note",
            ),
        ),
        migrations.AlterField(
            model_name="historicalclaim",
            name="review_note",
            field=models.TextField(
                blank=True,
                help_text="For the desk only; never published.",
                verbose_name="review note",
            ),
        ),
        migrations.AddField(
            model_name="historicalverdict",
            name="history_user",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddConstraint(
            model_name="verdict",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("rating_value__isnull", True),
                    models.Q(("rating_value__gte", 1), ("rating_value__lte", 5)),
                    _connector="OR",
                ),
                name="verdict_rating_in_scale",
            ),
        ),
        migrations.AddConstraint(
            model_name="verdict",
            constraint=models.CheckConstraint(
                condition=models.Q(("colour__regex", "^#[0-9a-fA-F]{6}$")),
                name="verdict_colour_hex",
            ),
        ),
        migrations.AddField(
            model_name="claim",
            name="verdict",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="claims",
                to="articles.verdict",
                verbose_name="verdict",
            ),
        ),
        migrations.AddField(
            model_name="historicalclaim",
            name="verdict",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="articles.verdict",
                verbose_name="verdict",
            ),
        ),
        migrations.RunPython(seed_verdicts, migrations.RunPython.noop),
        migrations.RunPython(statuses_to_verdicts, verdicts_to_statuses),
        migrations.RunPython(verdict_roles, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="claim",
            name="status",
        ),
        migrations.RemoveField(
            model_name="historicalclaim",
            name="status",
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(
                condition=models.Q(("verdict__isnull", False)),
                fields=["verdict"],
                name="claim_verdict_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(
                condition=models.Q(("assignee__isnull", False)),
                fields=["assignee", "review_state"],
                name="claim_assignee_idx",
            ),
        ),
        migrations.AddConstraint(
            model_name="claim",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("verdict__isnull", True), ("reviewed_at__isnull", False), _connector="OR"
                ),
                name="claim_review_dated",
            ),
        ),
    ]
