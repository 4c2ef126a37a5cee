"""The library: practice examples, documented solutions and resources (one ``LibraryItem``
model, told apart by ``kind``), their versions, endorsements, attachments and
"read and reflected on" marks; and the cross-profession glossary.

Invariants that belong to one row live here; workflows (review, publication, versions,
the guard) live in ``services``.
"""

import secrets
from pathlib import Path

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from practice_commons.accounts.models import ExpertiseTag, Nation, Organisation, Profession
from practice_commons.core.storage import private_storage

TITLE_MAX_LENGTH = 200
SUMMARY_MAX_LENGTH = 600
TEXT_MAX_LENGTH = 8000


class ItemKind(models.TextChoices):
    PRACTICE_EXAMPLE = "practice_example", _("Practice example")
    SOLUTION = "solution", _("Documented solution")
    RESOURCE = "resource", _("Resource")


class ItemStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("Waiting for review")
    PUBLISHED = "published", _("Published")


class AgeGroup(models.TextChoices):
    EARLY_YEARS = "early_years", _("Early years (0 to 4)")
    PRIMARY = "primary", _("Primary age (5 to 11)")
    SECONDARY = "secondary", _("Secondary age (11 to 16)")
    YOUNG_ADULTS = "young_adults", _("Young adults (16 to 25)")
    ADULTS = "adults", _("Adults")
    OLDER_ADULTS = "older_adults", _("Older adults")


class PcfDomain(models.TextChoices):
    """BASW's Professional Capabilities Framework, the nine domains (shared/domain.md)."""

    PROFESSIONALISM = "professionalism", _("1 Professionalism")
    VALUES_AND_ETHICS = "values_and_ethics", _("2 Values and ethics")
    DIVERSITY_AND_EQUALITY = "diversity_and_equality", _("3 Diversity and equality")
    RIGHTS_JUSTICE = "rights_justice", _("4 Rights, justice and economic wellbeing")
    KNOWLEDGE = "knowledge", _("5 Knowledge")
    CRITICAL_REFLECTION = "critical_reflection", _("6 Critical reflection and analysis")
    SKILLS_AND_INTERVENTIONS = "skills_and_interventions", _("7 Skills and interventions")
    CONTEXTS_AND_ORGANISATIONS = "contexts_and_organisations", _("8 Contexts and organisations")
    PROFESSIONAL_LEADERSHIP = "professional_leadership", _("9 Professional leadership")


class LinkStatus(models.TextChoices):
    UNCHECKED = "unchecked", _("Not checked yet")
    OK = "ok", _("Working")
    DEAD = "dead", _("Not working")


# The text fields every version keeps (the diff compares these), in page order.
VERSIONED_TEXT_FIELDS = (
    "title",
    "summary",
    "title_cy",
    "summary_cy",
    "context",
    "what_was_done",
    "outcomes",
    "evidence",
    "before_trying",
    "url",
)
# Text fields the guard reads (the URL is validated as a URL instead).
GUARDED_TEXT_FIELDS = tuple(f for f in VERSIONED_TEXT_FIELDS if f != "url")


class LibraryItem(models.Model):
    kind = models.CharField(_("kind"), max_length=24, choices=ItemKind.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=ItemStatus.choices, default=ItemStatus.DRAFT
    )
    # ``None``: a host-wide item, readable by everyone once published. Otherwise the
    # community's read rule (communities.policies.community_policy) decides.
    community = models.ForeignKey(
        "communities.Community",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="library_items",
        verbose_name=_("community"),
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    summary = models.TextField(_("summary"), max_length=SUMMARY_MAX_LENGTH)
    # The authors' own Welsh versions (core.bilingual); blank: the English is shown.
    title_cy = models.CharField(_("title in Welsh"), max_length=TITLE_MAX_LENGTH, blank=True)
    summary_cy = models.TextField(_("summary in Welsh"), max_length=SUMMARY_MAX_LENGTH, blank=True)
    # Practice example: setting, population, scale (never a person). Solution: the problem.
    context = models.TextField(_("context"), max_length=TEXT_MAX_LENGTH, blank=True)
    # Practice example: what was done. Solution: what worked (the accepted answer).
    what_was_done = models.TextField(_("what was done"), max_length=TEXT_MAX_LENGTH, blank=True)
    outcomes = models.TextField(_("outcomes"), max_length=TEXT_MAX_LENGTH, blank=True)
    evidence = models.TextField(
        _("evidence and how it was measured"), max_length=TEXT_MAX_LENGTH, blank=True
    )
    before_trying = models.TextField(
        _("what others should know before trying it"), max_length=TEXT_MAX_LENGTH, blank=True
    )
    url = models.URLField(_("link"), max_length=500, blank=True)
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="library_contact_items",
        verbose_name=_("contact person"),
    )
    organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="library_items", verbose_name=_("organisations")
    )
    topics = models.ManyToManyField(
        ExpertiseTag, blank=True, related_name="library_items", verbose_name=_("topics")
    )
    professions = models.ManyToManyField(
        Profession, blank=True, related_name="library_items", verbose_name=_("professions")
    )
    age_groups = models.JSONField(_("age groups"), default=list, blank=True)
    nations = models.JSONField(_("nations"), default=list, blank=True)
    pcf_domains = models.JSONField(_("PCF domains"), default=list, blank=True)
    # Organisation.Kind values: the kinds of agency that collaborated.
    agencies = models.JSONField(_("agencies that collaborated"), default=list, blank=True)
    review_by = models.DateField(_("review by"), null=True, blank=True)
    review_reminded_at = models.DateTimeField(null=True, blank=True)
    # Resources: the scheduled link check's verdict.
    link_status = models.CharField(
        max_length=16, choices=LinkStatus.choices, default=LinkStatus.UNCHECKED
    )
    link_checked_at = models.DateTimeField(null=True, blank=True)
    # Documented solutions: the solved thread it came from (a discussions.Thread id; the
    # two apps sit side by side and never import each other, see README).
    source_thread_id = models.IntegerField(null=True, blank=True, db_index=True)
    source_thread_url = models.CharField(max_length=300, blank=True)
    # Who else may finish a solution draft: the thread's author (when not anonymous).
    source_author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="library_items",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    review_note = models.TextField(blank=True, max_length=2000)
    version = models.PositiveIntegerField(default=0)
    endorsement_count = models.PositiveIntegerField(default=0)
    celebration_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "kind", "-updated_at"], name="lib_item_list"),
            models.Index(fields=["community", "status"], name="lib_item_community"),
            models.Index(fields=["review_by"], name="lib_item_review_by"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source_thread_id"],
                condition=models.Q(source_thread_id__isnull=False),
                name="lib_one_solution_per_thread",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("library:item", kwargs={"pk": self.pk})

    @property
    def is_published(self) -> bool:
        return self.status == ItemStatus.PUBLISHED

    @property
    def is_out_of_date(self) -> bool:
        return bool(self.review_by and self.review_by < timezone.localdate())

    @property
    def nation_labels(self) -> list[str]:
        return [Nation(n).label for n in self.nations if n in Nation.values]

    @property
    def age_group_labels(self) -> list[str]:
        return [AgeGroup(n).label for n in self.age_groups if n in AgeGroup.values]

    @property
    def pcf_labels(self) -> list[str]:
        return [PcfDomain(n).label for n in self.pcf_domains if n in PcfDomain.values]

    @property
    def agency_labels(self) -> list[str]:
        kinds = Organisation.Kind
        return [kinds(n).label for n in self.agencies if n in kinds.values]

    def snapshot(self) -> dict:
        return {f: getattr(self, f) or "" for f in VERSIONED_TEXT_FIELDS}


class ItemVersion(models.Model):
    """Every save of an item's text is kept; readers see the newest."""

    item = models.ForeignKey(LibraryItem, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    data = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["item", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="lib_uniq_item_version")
        ]

    def __str__(self):
        return f"{self.item_id} v{self.number}"


class EndorsementKind(models.TextChoices):
    ENDORSE = "endorse", _("We tried this too")
    CELEBRATE = "celebrate", _("Celebrate")


class Endorsement(models.Model):
    item = models.ForeignKey(LibraryItem, on_delete=models.CASCADE, related_name="endorsements")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="library_endorsements"
    )
    kind = models.CharField(max_length=16, choices=EndorsementKind.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["item", "user", "kind"], name="lib_uniq_endorsement")
        ]

    def __str__(self):
        return f"{self.kind} {self.item_id} by {self.user_id}"


class Reflection(models.Model):
    """A person marked a published item "read and reflected on" (the CPD app hears)."""

    item = models.ForeignKey(LibraryItem, on_delete=models.CASCADE, related_name="reflections")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="library_reflections"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "user"], name="lib_uniq_reflection")]

    def __str__(self):
        return f"{self.user_id} reflected on {self.item_id}"


def _upload_to(instance, filename):
    ext = Path(filename).suffix.lower()[:8]
    return f"library/{secrets.token_hex(16)}{ext}"


class ItemAttachment(models.Model):
    item = models.ForeignKey(LibraryItem, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=_upload_to, storage=private_storage, max_length=200)
    original_name = models.CharField(max_length=160)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("library:attachment", kwargs={"pk": self.item_id, "attachment": self.pk})


class TermStatus(models.TextChoices):
    SUGGESTED = "suggested", _("Suggested")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


class GlossaryTerm(models.Model):
    term = models.CharField(_("term"), max_length=80)
    slug = models.SlugField(max_length=100, unique=True)
    definition = models.TextField(_("definition"), max_length=1500)
    professions = models.ManyToManyField(
        Profession, blank=True, related_name="glossary_terms", verbose_name=_("used by")
    )
    nations = models.JSONField(_("nations"), default=list, blank=True)
    # Other names for the same thing (e.g. "CLA" for "LAC"), recognised in text too.
    also_known_as = models.JSONField(_("also known as"), default=list, blank=True)
    # Equivalent terms in other professions, as they would say it.
    equivalents = models.TextField(_("equivalent terms"), max_length=500, blank=True)
    links = models.JSONField(_("links"), default=list, blank=True)
    status = models.CharField(
        max_length=16, choices=TermStatus.choices, default=TermStatus.SUGGESTED
    )
    suggested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["term"]
        indexes = [models.Index(fields=["status", "term"], name="lib_term_status")]

    def __str__(self):
        return self.term

    def get_absolute_url(self):
        return reverse("library:glossary") + f"#term-{self.slug}"

    @property
    def nation_labels(self) -> list[str]:
        return [Nation(n).label for n in self.nations if n in Nation.values]
