"""The archive's data model: sources, articles, their images, speakers and claims.

Every model an editor or the importer changes keeps its revisions
(django-simple-history), so nothing is ever lost. ``as_imported`` on the
curated models holds digests of the field values as last read from the source file: the
base of the three-way merge that lets editors' changes survive re-imports.
"""

from typing import Any

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q, Value
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from articles.addresses import path_to
from articles.parsing.disagreement import comparison_keys
from articles.parsing.text import normalize_name as normalized_speaker_name
from articles.parsing.types import Medium
from articles.querysets import ArticleQuerySet, ClaimQuerySet, SourceQuerySet
from articles.search import article_rank_vector, article_search_vector
from articles.text_match import MatchText

# The API's ``status`` of a claim without a published verdict (its value before verdicts
# became rows, kept so that clients read old and new claims alike).
UNREVIEWED = "unreviewed"

# The parser's vocabulary (pure Python) offered as choices to editors, in their words.
MEDIUM_LABELS = {
    Medium.UNKNOWN: _("Not stated"),
    Medium.TWEET: _("Tweet"),
    Medium.SOCIAL_POST: _("Social media post"),
    Medium.STATEMENT: _("Statement"),
    Medium.REPORT: _("Report"),
    Medium.PRESS_CONFERENCE: _("Press conference"),
    Medium.INTERVIEW: _("Interview"),
    Medium.TELEVISION: _("Television"),
    Medium.RADIO: _("Radio"),
    Medium.SPEECH: _("Speech"),
    Medium.LETTER: _("Letter"),
}
MEDIUM_CHOICES = [(medium.value, MEDIUM_LABELS[medium]) for medium in Medium]


class Source(models.Model):
    """A publisher, as it names itself on its pages."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        allow_unicode=True,
        help_text=_("The source's name in its addresses."),
    )
    language = models.CharField(
        _("language"), max_length=8, default="ar", help_text=_("BCP 47 code, e.g. ar.")
    )
    website = models.URLField(_("website"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = SourceQuerySet.as_manager()

    history = HistoricalRecords(
        verbose_name=_("historical source"), verbose_name_plural=_("historical sources")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = pgettext_lazy("model", "source")
        verbose_name_plural = _("sources")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return path_to("articles:source", slug=self.slug)


class Article(models.Model):
    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        HIDDEN = "hidden", _("Hidden by an editor")

    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="articles",
        null=True,
        blank=True,
        # Looked up through article_source_published_idx, which leads with it.
        db_index=False,
        verbose_name=_("source"),
        help_text=_("Empty when the file printed no publisher line."),
    )
    external_id = models.CharField(
        _("external id"),
        max_length=32,
        blank=True,
        help_text=_("The id in the seed file's name (NNN_<16 hex>.txt); new versions share it."),
    )
    fingerprint = models.CharField(
        _("fingerprint"),
        max_length=64,
        editable=False,
        help_text=_(
            "Hash of source, publish time and headline as first imported; "
            "identifies new versions of files that carry no id in their name."
        ),
    )
    title = models.TextField(_("title"))
    # Part of the page's address, never looked up: no index (two, with the history's).
    slug = models.SlugField(
        _("slug"), max_length=120, allow_unicode=True, blank=True, db_index=False
    )
    language = models.CharField(_("language"), max_length=8, default="ar")
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    updated_at = models.DateTimeField(
        _("updated at"),
        null=True,
        blank=True,
        help_text=_("When the source says it last updated the article."),
    )
    body = models.JSONField(
        _("body"),
        default=list,
        blank=True,
        help_text=_(
            'Text blocks in reading order: [{"type": "paragraph"|"heading", "text": …}]. '
            "Images are rows of their own, placed by their position in this list."
        ),
    )
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    # Required by the admin's form and its hiding action; not a CheckConstraint, since code
    # outside the admin (the API's tests among it) hides articles without giving one.
    visibility_reason = models.TextField(
        _("reason for hiding"),
        blank=True,
        help_text=_("Why an editor hid the article; required while it is hidden."),
    )

    # Provenance of the file the current version came from.
    file_name = models.CharField(_("file name"), max_length=500, blank=True)
    sha256 = models.CharField(
        _("SHA-256"), max_length=64, help_text=_("SHA-256 of the file's raw bytes.")
    )
    encoding = models.CharField(_("encoding"), max_length=16, blank=True)
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    parser_version = models.CharField(_("parser version"), max_length=16, blank=True)
    parse_warnings = models.JSONField(_("parse warnings"), default=list, blank=True)
    merge_warnings = models.JSONField(
        _("merge warnings"),
        default=list,
        blank=True,
        help_text=_(
            "Fields where both an editor and a newer source file changed the value; "
            "the editor's value was kept."
        ),
    )
    as_imported = models.JSONField(
        _("values as imported"), default=dict, blank=True, editable=False
    )

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    modified_at = models.DateTimeField(_("modified at"), auto_now=True)

    # Shown to no one: no verbose name, which would copy the expression into a migration.
    search_vector = models.GeneratedField(
        expression=article_search_vector(),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    rank_vector = models.GeneratedField(
        expression=article_rank_vector(),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    # Revisions are read by article (id) and date; an index on their source would cost
    # every imported revision a write and serve no query.
    history = HistoricalRecords(
        excluded_fields=["search_vector", "rank_vector", "as_imported"],
        no_db_index=["source"],
        verbose_name=_("historical article"),
        verbose_name_plural=_("historical articles"),
    )
    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = pgettext_lazy("model", "article")
        verbose_name_plural = _("articles")
        constraints = [
            # The importer's key for new versions of a seed file.
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~Q(external_id=""),
                name="article_unique_external_id",
            ),
            # An exact duplicate of a file under another name is one article, not two.
            models.UniqueConstraint(fields=["sha256"], name="article_unique_sha256"),
            models.CheckConstraint(
                condition=Q(visibility__in=["public", "hidden"]), name="article_visibility_valid"
            ),
            models.CheckConstraint(
                condition=Q(sha256__regex=r"^[0-9a-f]{64}$"), name="article_sha256_hex"
            ),
        ]
        indexes = [
            # Importer: files without an id in their name are matched on this.
            models.Index(fields=["fingerprint"], name="article_fingerprint_idx"),
            # Reading site and API: newest first, overall and per source.
            models.Index(fields=["-published_at", "-id"], name="article_published_idx"),
            models.Index(
                fields=["source", "-published_at", "-id"], name="article_source_published_idx"
            ),
            # Arabic full-text search (?search= and the site's search box).
            GinIndex(fields=["search_vector"], name="article_search_gin"),
            # Research counts: the public's totals are every article's (an index-only scan
            # of article_source_published_idx) less the hidden ones, read here. Articles
            # are imported public, so imports write nothing to it.
            models.Index(
                fields=["source", "published_at"],
                condition=~Q(visibility="public"),
                name="article_hidden_published_idx",
            ),
            # The few articles the public may not see, for anti-joins that keep the public's
            # claim lists from visiting each claim's article (querysets.py).
            models.Index(
                fields=["id"], condition=~Q(visibility="public"), name="article_not_public_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return path_to("articles:detail", pk=self.pk)

    def reading_order(self, images=None) -> list[dict]:
        """The body with images placed where they stand: what a reader sees, top to bottom.

        ``images``: anything with a ``position``, already in order (default: the article's).
        """
        if images is None:
            images = sorted(self.images.all(), key=lambda image: (image.position, image.pk))
        blocks: list[dict] = []
        next_image = 0
        for index, block in enumerate([*self.body, None]):
            while next_image < len(images) and images[next_image].position <= index:
                blocks.append({"type": "image", "image": images[next_image]})
                next_image += 1
            if block is not None:
                blocks.append(block)
        return blocks

    @property
    def paragraphs(self) -> list[str]:
        return [block["text"] for block in self.body if block.get("type") == "paragraph"]

    @property
    def warnings(self) -> list[str]:
        return [*self.parse_warnings, *self.merge_warnings]


class Image(models.Model):
    """A photo of an article; what the text gives is its caption and credit."""

    # Indexed by image_article_position_idx, which starts with it.
    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="images",
        db_index=False,
        verbose_name=_("article"),
    )
    position = models.PositiveIntegerField(
        _("position"),
        help_text=_("How many body blocks come before the image (0 = above the text)."),
    )
    caption = models.TextField(_("caption"), blank=True)
    credit = models.CharField(_("credit"), max_length=300, blank=True)
    is_lead = models.BooleanField(_("lead image"), default=False)
    file = models.FileField(_("file"), upload_to="images/%Y/%m/", blank=True)
    alt_text = models.CharField(
        _("alternative text"),
        max_length=500,
        blank=True,
        help_text=_("What the photo shows, for readers who cannot see it."),
    )
    as_imported = models.JSONField(
        _("values as imported"), default=dict, blank=True, editable=False
    )

    history = HistoricalRecords(
        excluded_fields=["as_imported"],
        no_db_index=["article"],
        verbose_name=_("historical image"),
        verbose_name_plural=_("historical images"),
    )

    class Meta:
        ordering = ["article", "position", "id"]
        verbose_name = pgettext_lazy("model", "image")
        verbose_name_plural = _("images")
        constraints = [
            models.UniqueConstraint(
                fields=["article"], condition=Q(is_lead=True), name="image_one_lead_per_article"
            ),
        ]
        indexes = [models.Index(fields=["article", "position"], name="image_article_position_idx")]

    def __str__(self) -> str:
        return self.caption[:80] or _("Image %(id)s") % {"id": self.pk}


class Speaker(models.Model):
    """Someone claims are attributed to, shared across articles."""

    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        ORGANISATION = "organisation", _("Organisation")
        UNNAMED = "unnamed", _("Unnamed source")
        UNKNOWN = "unknown", _("Not yet classified")

    name = models.CharField(_("name"), max_length=300)
    normalized_name = models.CharField(
        _("normalised name"),
        max_length=300,
        editable=False,
        help_text=_("The name normalised for matching."),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.UNKNOWN)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords(
        verbose_name=_("historical speaker"), verbose_name_plural=_("historical speakers")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = pgettext_lazy("model", "speaker")
        verbose_name_plural = _("speakers")
        constraints = [
            # One speaker per spelling: the importer's get-or-create relies on it.
            models.UniqueConstraint(fields=["normalized_name"], name="speaker_unique_name"),
            # Every choice column holds one of its choices (tests/test_choice_checks.py
            # checks each list against the field's choices).
            models.CheckConstraint(
                condition=Q(kind__in=["person", "organisation", "unnamed", "unknown"]),
                name="speaker_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        # The importer sets it; a speaker an editor adds gets it here.
        if not self.normalized_name:
            self.normalized_name = normalized_speaker_name(self.name)
        super().save(*args, **kwargs)


class SpeakerAlias(models.Model):
    """Another name of a speaker ("قسد" for قوات سوريا الديمقراطية); the importer
    files claims under such a name to the speaker it belongs to."""

    speaker = models.ForeignKey(
        Speaker, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("speaker")
    )
    name = models.CharField(_("name"), max_length=300)
    normalized_name = models.CharField(
        _("normalised name"),
        max_length=300,
        editable=False,
        help_text=_("The alias normalised for matching."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords(
        verbose_name=_("historical speaker alias"),
        verbose_name_plural=_("historical speaker aliases"),
    )

    class Meta:
        ordering = ["speaker", "name"]
        verbose_name = pgettext_lazy("model", "speaker alias")
        verbose_name_plural = _("speaker aliases")
        constraints = [
            # An alias names one speaker: the importer's lookup relies on it.
            models.UniqueConstraint(fields=["normalized_name"], name="speaker_alias_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.normalized_name = normalized_speaker_name(self.name)
        super().save(*args, **kwargs)


# A colour as the verdict's stylesheet writes it: #rrggbb.
HEX_COLOUR = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Enter a colour as #rrggbb."))


class Verdict(models.Model):
    """A verdict the fact-checking desk may give a claim: a row editors manage, not code.

    The label, description and ClaimReview names are content (the archive's words, in
    Arabic), not interface text: they are stored as typed, never translated.
    """

    slug = models.SlugField(
        _("slug"),
        max_length=32,
        unique=True,
        help_text=_("Its name in URLs and in the API's claim status; keep it once published."),
    )
    label = models.CharField(_("label"), max_length=100, help_text=_("As readers see it."))
    colour = models.CharField(
        _("colour"), max_length=7, validators=[HEX_COLOUR], help_text=_("As #rrggbb.")
    )
    symbol = models.CharField(
        _("symbol"),
        max_length=2,
        blank=True,
        help_text=_("Shown beside the label, so the verdict does not rely on colour alone."),
    )
    description = models.TextField(
        _("public description"), blank=True, help_text=_("What the verdict means, for readers.")
    )
    rating_value = models.PositiveSmallIntegerField(
        _("rating"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("ClaimReview rating from 1 (false) to 5 (true); empty for no rating."),
    )
    alternate_name = models.CharField(
        _("alternate name"),
        max_length=100,
        blank=True,
        help_text=_("ClaimReview's alternateName, e.g. Half true."),
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Inactive verdicts stay on the claims that have them but are not offered."),
    )

    history = HistoricalRecords(
        verbose_name=_("historical verdict"), verbose_name_plural=_("historical verdicts")
    )

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("verdict")
        verbose_name_plural = _("verdicts")
        constraints = [
            # ClaimReview's scale; the form validates it too, this keeps scripts honest.
            models.CheckConstraint(
                condition=Q(rating_value__isnull=True)
                | Q(rating_value__gte=1, rating_value__lte=5),
                name="verdict_rating_in_scale",
            ),
            # Written into the verdicts' stylesheet: nothing but a colour may get there.
            models.CheckConstraint(
                condition=Q(colour__regex=r"^#[0-9a-fA-F]{6}$"), name="verdict_colour_hex"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def css_class(self) -> str:
        return f"verdict-{self.slug}"


# The claim's fields the importer's contradiction pass compares on (``Claim.compare_*``);
# ``Claim.COMPARISON_FIELDS`` names it for the class, this for its Meta, which cannot
# see the class's own names.
CLAIM_COMPARISON_FIELDS = ("compare_units", "compare_negated", "compare_words")


class Claim(models.Model):
    """A statement an article attributes to a speaker, with its editorial review.

    The review is two things kept apart: the ``verdict`` (a ``Verdict`` row, or none yet)
    and the ``review_state`` of the desk's work on it. The public sees a verdict only
    once the claim is published.
    """

    class ReviewState(models.TextChoices):
        NEW = "new", _("New")
        IN_REVIEW = "in_review", _("In review")
        PUBLISHED = "published", _("Published")

    class Origin(models.TextChoices):
        IMPORTED = "imported", _("Found by the importer")
        EDITOR = "editor", _("Added by an editor")

    # Both indexed by a constraint or index that starts with them (see Meta): no index of
    # their own, which every imported claim and its revision would also write to.
    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="claims",
        db_index=False,
        verbose_name=_("article"),
    )
    paragraph = models.PositiveIntegerField(
        _("paragraph"), help_text=_("Paragraph number, counting from 1.")
    )
    speaker = models.ForeignKey(
        Speaker,
        on_delete=models.PROTECT,
        related_name="claims",
        null=True,
        blank=True,
        db_index=False,
        verbose_name=_("speaker"),
    )
    speaker_role = models.CharField(
        _("speaker's role"),
        max_length=500,
        blank=True,
        help_text=_("As the article gives it, e.g. the ministry's spokesperson."),
    )
    statement = models.TextField(_("statement"))
    statement_key = models.CharField(
        _("statement key"),
        max_length=64,
        editable=False,
        help_text=_("Hash of the normalised statement: the claim's identity across re-imports."),
    )
    span_start = models.PositiveIntegerField(
        _("span start"),
        null=True,
        blank=True,
        help_text=_("Where the statement starts in its paragraph, in characters."),
    )
    span_end = models.PositiveIntegerField(
        _("span end"),
        null=True,
        blank=True,
        help_text=_("Where the statement ends in its paragraph, in characters."),
    )
    is_direct_quote = models.BooleanField(_("direct quote"), default=False)
    stated_on = models.DateField(
        _("stated on"), null=True, blank=True, help_text=_("The day the speaker said it.")
    )
    medium = models.CharField(_("medium"), max_length=32, choices=MEDIUM_CHOICES, blank=True)
    figures = models.JSONField(
        _("figures"),
        default=list,
        db_default=Value([], output_field=models.JSONField()),
        blank=True,
        help_text=_(
            'Numbers the statement asserts: [{"value": 45000, "text": "45 ألف", '
            '"qualifier": "at_least"|"more_than"|"up_to"|"less_than"|"about"|"", '
            '"unit": "شخص"}].'
        ),
    )
    verdict = models.ForeignKey(
        Verdict,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims",
        db_index=False,  # claim_verdict_idx, partial: most claims have no verdict
        verbose_name=_("verdict"),
    )
    review_state = models.CharField(
        _("review state"),
        max_length=16,
        choices=ReviewState.choices,
        default=ReviewState.NEW,
        help_text=_("Readers see the verdict only once the claim is published."),
    )
    verdict_explanation = models.TextField(
        _("public explanation"),
        blank=True,
        help_text=_("Why the claim has its verdict, as readers will read it."),
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviewed_claims",
        db_index=False,  # claim_reviewer_idx, partial: imported claims have no reviewer
        verbose_name=_("reviewer"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.TextField(
        _("review note"), blank=True, help_text=_("For the desk only; never published.")
    )
    origin = models.CharField(
        _("origin"), max_length=16, choices=Origin.choices, default=Origin.IMPORTED
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_claims",
        db_index=False,  # claim_assignee_idx, partial: most claims are assigned to no one
        verbose_name=_("assignee"),
        help_text=_("The fact-checker who should review this claim."),
    )
    in_current_text = models.BooleanField(
        _("in the current text"),
        default=True,
        help_text=_("False when a newer version of the article no longer contains the statement."),
    )
    as_imported = models.JSONField(
        _("values as imported"), default=dict, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # The statement as the admin's search compares it. Stored: normalising in every
    # query scanned a million claims in 25 s; a trigram index on this column answers a
    # selective word in milliseconds and rechecks candidates without the function.
    statement_match = models.GeneratedField(
        expression=MatchText("statement"), output_field=models.TextField(), db_persist=True
    )
    # What the importer's contradiction pass compares on (``comparison_keys``), stored so
    # the database returns only the claims that may disagree with a new one instead of
    # every claim of the days around it. Derived from the statement and figures, and set
    # on every write of them (``set_comparison_keys``); not the editors' to change.
    compare_units = ArrayField(
        models.TextField(),
        default=list,
        blank=True,
        editable=False,
        verbose_name=_("units compared"),
    )
    compare_negated = models.BooleanField(_("negates"), default=False, editable=False)
    compare_words = ArrayField(
        models.TextField(),
        default=list,
        blank=True,
        editable=False,
        verbose_name=_("words compared"),
    )

    COMPARISON_FIELDS = CLAIM_COMPARISON_FIELDS

    history = HistoricalRecords(
        excluded_fields=["as_imported", "statement_match", *COMPARISON_FIELDS],
        no_db_index=["article", "speaker", "reviewer", "assignee", "verdict"],
        verbose_name=_("historical claim"),
        verbose_name_plural=_("historical claims"),
    )
    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["article", "paragraph", "span_start", "id"]
        verbose_name = pgettext_lazy("model", "claim")
        verbose_name_plural = _("claims")
        permissions = [
            # Fact-checkers judge claims but may not rewrite what was said or where.
            ("change_claim_text", _("Can change a claim's statement and article")),
        ]
        constraints = [
            # Re-imports match claims on this; the same statement twice in one article is one claim.
            models.UniqueConstraint(
                fields=["article", "statement_key"], name="claim_unique_statement"
            ),
            models.CheckConstraint(
                condition=Q(span_start__isnull=True)
                | Q(span_end__isnull=True)
                | Q(span_end__gte=F("span_start")),
                name="claim_span_ordered",
            ),
            # A claim with a verdict says when it was given.
            models.CheckConstraint(
                condition=Q(verdict__isnull=True) | Q(reviewed_at__isnull=False),
                name="claim_review_dated",
            ),
            models.CheckConstraint(
                condition=Q(
                    medium__in=[
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
                    ]
                ),
                name="claim_medium_valid",
            ),
            models.CheckConstraint(
                condition=Q(review_state__in=["new", "in_review", "published"]),
                name="claim_review_state_valid",
            ),
            models.CheckConstraint(
                condition=Q(origin__in=["imported", "editor"]), name="claim_origin_valid"
            ),
        ]
        indexes = [
            # Claims with a verdict, by verdict (the site's lists, the PROTECT check on
            # deleting a verdict); claims without are the bulk (every imported claim), which
            # a scan serves as well and an index would cost each import.
            models.Index(
                fields=["verdict"], condition=Q(verdict__isnull=False), name="claim_verdict_idx"
            ),
            models.Index(
                fields=["reviewer"], condition=Q(reviewer__isnull=False), name="claim_reviewer_idx"
            ),
            models.Index(fields=["speaker", "stated_on"], name="claim_speaker_date_idx"),
            # The admin's search box: a word anywhere in the statement, in any spelling.
            GinIndex(
                OpClass("statement_match", name="gin_trgm_ops"),
                name="claim_statement_match_trgm",
            ),
            # The site's fact-checks, newest verdict first (home, fact-check list, claims
            # feed, sitemap) and per speaker (the speaker page): a walk of these partial
            # indexes stops after a page, where sorting every checked claim had taken
            # 428 ms at 63,000 articles. The condition is querysets.CHECKED.
            # The article and verdict ride along (INCLUDE): a speaker's verdicts are counted
            # from the index alone (querysets.py, ``outside_hidden_articles``).
            models.Index(
                fields=["-reviewed_at", "-id"],
                include=["article"],
                condition=Q(review_state="published", verdict__isnull=False),
                name="claim_checked_reviewed_idx",
            ),
            models.Index(
                fields=["speaker", "-reviewed_at", "-id"],
                include=["verdict", "article"],
                condition=Q(review_state="published", verdict__isnull=False),
                name="claim_checked_speaker_idx",
            ),
            # A speaker's checked claims by the day they were stated, with their verdict and
            # article: the speaker page's verdict counts and chart in one read of this index
            # alone (site/attention.py, ``speaker_claims_counted``), whatever their number.
            models.Index(
                fields=["speaker", "stated_on"],
                include=["verdict", "article"],
                condition=Q(review_state="published", verdict__isnull=False),
                name="claim_checked_speaker_day_idx",
            ),
            # The sitemap's fact-check pages, read by keyset over ids (site/sitemaps.py).
            models.Index(
                fields=["id"],
                include=["article", "reviewed_at"],
                condition=Q(review_state="published", verdict__isnull=False),
                name="claim_checked_id_idx",
            ),
            # Whether an article has a fact-checked claim: the search's "only articles with
            # fact-checked claims" and the chart beside it probe this index once per match
            # (an index-only semi-join), where hashing every checked claim had taken 23 ms
            # of a 26 ms chart at 100,000 articles.
            models.Index(
                fields=["article"],
                condition=Q(review_state="published", verdict__isnull=False),
                name="claim_checked_article_idx",
            ),
            # The importer's contradiction pass (importing/contradictions.py, CLAIMS_SQL)
            # reads the comparison keys of every claim of the articles published around
            # each new one, article by article: from this index alone, not from the claims'
            # rows (1.2 kB each, 13 GB at a million articles). At a million that read, for a
            # batch of 32 new articles (569,500 claims), went from 6.6 to 0.9 s with warm
            # caches and from 29.2 to 3.5 s with cold ones (docs/performance.md).
            models.Index(
                fields=["article"],
                include=["id", *CLAIM_COMPARISON_FIELDS],
                name="claim_comparison_keys_idx",
            ),
            # "My queue": a fact-checker's assigned claims.
            models.Index(
                fields=["assignee", "review_state"],
                condition=Q(assignee__isnull=False),
                name="claim_assignee_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.speaker or '?'}: {self.statement[:80]}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.set_comparison_keys()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"statement", "figures"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, *self.COMPARISON_FIELDS}
        super().save(*args, **kwargs)

    def set_comparison_keys(self) -> None:
        """Derive the ``compare_*`` fields from the statement and figures; every path
        that writes either calls this (``save``, the importer's updates) or
        ``comparison_values`` (the importer's new rows, the migration that added them)."""
        for name, value in self.comparison_values(self.statement, self.figures).items():
            setattr(self, name, value)

    @classmethod
    def comparison_values(cls, statement: str, figures: list[Any]) -> dict[str, Any]:
        """The ``compare_*`` fields' values for a statement and its figures."""
        return dict(zip(cls.COMPARISON_FIELDS, comparison_keys(statement, figures), strict=True))

    @property
    def public_verdict(self) -> "Verdict | None":
        """The verdict readers may see: the claim's, once published; None before."""
        if self.review_state == self.ReviewState.PUBLISHED:
            return self.verdict
        return None

    @property
    def public_status(self) -> str:
        """The API's ``status``: the published verdict's slug, else ``unreviewed``."""
        verdict = self.public_verdict
        return verdict.slug if verdict is not None else UNREVIEWED


class ClaimRelation(models.Model):
    """A typed link between two claims, proposed by the importer or set by an editor."""

    class Kind(models.TextChoices):
        CONTRADICTS = "contradicts", _("Contradicts")
        SUPPORTS = "supports", _("Supports")
        REPEATS = "repeats", _("Repeats")
        CORRECTS = "corrects", _("Corrects")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed by the importer")
        CONFIRMED = "confirmed", _("Confirmed by an editor")
        REJECTED = "rejected", _("Rejected by an editor")

    from_claim = models.ForeignKey(
        Claim,
        on_delete=models.CASCADE,
        related_name="relations_from",
        verbose_name=_("claim"),
    )
    to_claim = models.ForeignKey(
        Claim,
        on_delete=models.CASCADE,
        related_name="relations_to",
        verbose_name=_("related claim"),
    )
    kind = models.CharField(_("relation"), max_length=16, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.CONFIRMED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decided_claim_relations",
        db_index=False,  # never looked up by decider; the history answers "who decided what"
        verbose_name=_("decided by"),
        help_text=_("Who last confirmed or rejected the relation."),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    history = HistoricalRecords(
        no_db_index=["decided_by"],
        verbose_name=_("historical claim relation"),
        verbose_name_plural=_("historical claim relations"),
    )

    class Meta:
        verbose_name = pgettext_lazy("model", "claim relation")
        verbose_name_plural = _("claim relations")
        constraints = [
            models.UniqueConstraint(
                fields=["from_claim", "to_claim", "kind"], name="claim_relation_unique"
            ),
            models.CheckConstraint(
                condition=~Q(from_claim=F("to_claim")), name="claim_relation_not_self"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["contradicts", "supports", "repeats", "corrects"]),
                name="claim_relation_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["proposed", "confirmed", "rejected"]),
                name="claim_relation_status_valid",
            ),
        ]
        indexes = [
            # The queue of relations to decide, oldest first (the list's filter, "next"):
            # a few proposed among many decided ones.
            models.Index(
                fields=["id"], condition=Q(status="proposed"), name="claim_relation_proposed_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_claim_id} {self.get_kind_display()} {self.to_claim_id}"


class ImportedFile(models.Model):
    """One version of an article's file as the importer read it: every file ever imported.

    The archive's manifest: a file's bytes are recognised under any name as the
    version of the article they were (``importing/versions.py``), and ``verify``
    re-hashes a folder against these rows.
    """

    class Outcome(models.TextChoices):
        CREATED = "created", _("Created the article")
        UPDATED = "updated", _("Updated the article")
        OLDER = "older", _("An older version; the article kept the newer one")
        DUPLICATE = "duplicate", _("The same bytes as a version already imported")

    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="file_versions",
        verbose_name=_("article"),
    )
    sha256 = models.CharField(
        _("SHA-256"), max_length=64, help_text=_("SHA-256 of the file's raw bytes.")
    )
    size = models.BigIntegerField(
        _("size in bytes"),
        null=True,
        blank=True,
        help_text=_("Empty for versions imported before sizes were recorded."),
    )
    file_name = models.CharField(_("file name"), max_length=500)
    folder = models.CharField(
        _("folder"),
        max_length=1000,
        blank=True,
        help_text=_(
            "The folder the file was read from (absolute); empty for versions imported "
            "before folders were recorded."
        ),
    )
    imported_at = models.DateTimeField(_("imported at"))
    parser_version = models.CharField(_("parser version"), max_length=16, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)

    class Meta:
        verbose_name = _("imported file")
        verbose_name_plural = _("imported files")
        constraints = [
            # A version is recorded once per name; the importer looks versions up by sha256
            # (this index leads with it).
            models.UniqueConstraint(
                fields=["sha256", "file_name"], name="imported_file_unique_version"
            ),
            models.CheckConstraint(
                condition=Q(sha256__regex=r"^[0-9a-f]{64}$"), name="imported_file_sha256_hex"
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=["created", "updated", "older", "duplicate"]),
                name="imported_file_outcome_valid",
            ),
        ]
        indexes = [
            # verify looks a folder's names up.
            models.Index(fields=["file_name"], name="imported_file_name_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.sha256[:12]})"


class PendingComparison(models.Model):
    """An article whose claims still need comparing with the archive's for contradictions.

    Queued in the transaction that writes the article's claims and taken off in
    the one that writes the proposals, so a run that dies between the two leaves
    the work here for the next run (``importing/contradictions.py``).
    """

    article = models.OneToOneField(
        Article,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
        verbose_name=_("article"),
    )
    queued_at = models.DateTimeField(_("queued at"), auto_now_add=True)

    class Meta:
        verbose_name = _("article awaiting comparison")
        verbose_name_plural = _("articles awaiting comparison")

    def __str__(self) -> str:
        return str(self.article_id)
