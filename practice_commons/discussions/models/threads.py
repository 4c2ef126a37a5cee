"""Threads, their posts, and what hangs off a single post (revisions, reactions,
attachments, mentions).

A thread's opening text is its first post (``number`` 0, ``is_opening``), so editing,
history, reactions, attachments, mentions, hiding and reporting work the same way for
the question and for every reply.
"""

import secrets
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from practice_commons.core.markdown import render_markdown
from practice_commons.core.storage import private_storage

from ..kinds import ThreadKind, spec_for

BODY_MAX_LENGTH = 20_000
TITLE_MAX_LENGTH = 200


class Thread(models.Model):
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="threads"
    )
    kind = models.CharField(_("kind of thread"), max_length=32, choices=ThreadKind.choices)
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    # Always recorded, even when anonymous: only the community's safeguarding lead may
    # read it, through ``services.thread_reveal_author`` (audited).
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="threads"
    )
    is_anonymous = models.BooleanField(default=False)
    details = models.JSONField(default=dict, blank=True)  # the kind's extra answers
    key_date = models.DateField(null=True, blank=True)  # the kind's key date, if any
    created_at = models.DateTimeField(default=timezone.now)
    last_activity_at = models.DateTimeField(default=timezone.now)
    # Posts are numbered from 0 (the opening post); read state compares numbers.
    last_post_number = models.PositiveIntegerField(default=0)
    reply_count = models.PositiveIntegerField(default=0)  # visible replies
    is_pinned = models.BooleanField(default=False)
    is_locked = models.BooleanField(default=False)
    answer = models.ForeignKey(
        "Post", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The library issue completes "add to the library as a documented solution".
    library_item_id = models.IntegerField(null=True, blank=True)
    solution_requested_at = models.DateTimeField(null=True, blank=True)
    solution_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Mirrors the opening post's ``hidden_at`` so lists filter without a join.
    hidden_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-is_pinned", "-last_activity_at", "-pk"]
        indexes = [
            models.Index(
                fields=["community", "-is_pinned", "-last_activity_at"], name="disc_thread_list"
            ),
            models.Index(fields=["community", "kind"], name="disc_thread_kind"),
            models.Index(fields=["created_at"], name="disc_thread_created"),
            models.Index(fields=["kind", "key_date"], name="disc_thread_keydate"),
            # The home page's unread threads across someone's communities: newest
            # activity first, read until five are found.
            models.Index(fields=["-last_activity_at", "-id"], name="disc_thread_activity"),
            # The community page's "Solved threads": newest answers first.
            models.Index(
                fields=["community", "-answered_at"],
                name="disc_thread_solved",
                condition=Q(answer__isnull=False),
            ),
            # The home page's open requests for information: soonest "by when" first
            # (PostgreSQL puts nulls last on an ascending column), then newest, read in
            # order until five are found (3.0 → 0.4 ms at the large demo scale, which
            # sorted 2,000 open requests).
            models.Index(
                fields=["key_date", "-created_at", "-id"],
                name="disc_thread_open_rfi",
                condition=Q(
                    kind=ThreadKind.REQUEST_FOR_INFORMATION,
                    answer__isnull=True,
                    deleted_at__isnull=True,
                    hidden_at__isnull=True,
                    is_locked=False,
                ),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "discussions:thread", kwargs={"community_slug": self.community.slug, "pk": self.pk}
        )

    @property
    def spec(self):
        return spec_for(self.kind)

    @property
    def is_solved(self) -> bool:
        return self.answer_id is not None

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    def detail_rows(self) -> list[tuple[str, object, str]]:
        """(label, value, field kind) for each extra answer given, in the kind's order."""
        rows = []
        for f in self.spec.extra_fields:
            value = (self.details or {}).get(f.name)
            if value:
                rows.append((f.label, value, f.kind))
        return rows


class Post(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    number = models.PositiveIntegerField()
    is_opening = models.BooleanField(default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="posts"
    )
    is_anonymous = models.BooleanField(default=False)
    body = models.TextField(_("message"), max_length=BODY_MAX_LENGTH, blank=True)
    # ``body`` rendered and sanitised once, when it is written (``save``), so reading a
    # thread never runs the markdown parser or the sanitiser. Bulk inserts set it with
    # ``render_body``.
    body_html = models.TextField(blank=True, default="", editable=False)
    quoted_post = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    hidden_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["thread", "number"]
        constraints = [
            models.UniqueConstraint(fields=["thread", "number"], name="disc_post_number"),
            models.UniqueConstraint(
                fields=["thread"], condition=Q(is_opening=True), name="disc_one_opening_post"
            ),
        ]
        indexes = [models.Index(fields=["author", "created_at"], name="disc_post_author")]

    def __str__(self):
        return f"Post {self.number} in thread {self.thread_id}"

    def save(self, *args, update_fields=None, **kwargs):
        """Keep ``body_html`` in step with ``body`` on every save that writes the body."""
        if update_fields is None or "body" in update_fields:
            self.render_body()
            if update_fields is not None:
                update_fields = {*update_fields, "body_html"}
        super().save(*args, update_fields=update_fields, **kwargs)

    def get_absolute_url(self):
        return f"{self.thread.get_absolute_url()}#post-{self.pk}"

    def render_body(self) -> None:
        self.body_html = render_markdown(self.body)

    @property
    def body_as_html(self) -> SafeString:
        """The body as safe HTML: stored on write, rendered here only for a row written
        around ``save`` (a bulk insert without ``render_body``)."""
        html = self.body_html if self.body_html or not self.body else render_markdown(self.body)
        # Safe: render_markdown sanitises with an allow-list (core.markdown) on write.
        return mark_safe(html)  # noqa: S308

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class PostRevision(models.Model):
    """The text a post had before an edit. Moderators only: history may hold what the
    author later thought better of."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    title = models.CharField(max_length=TITLE_MAX_LENGTH, blank=True)  # opening post only
    body = models.TextField(max_length=BODY_MAX_LENGTH, blank=True)
    details = models.JSONField(default=dict, blank=True)
    written_at = models.DateTimeField()  # when this version was first written
    replaced_at = models.DateTimeField(default=timezone.now)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["post", "-replaced_at", "-pk"]

    def __str__(self):
        return f"Revision of post {self.post_id} replaced {self.replaced_at:%Y-%m-%d %H:%M}"


class ReactionKind(models.TextChoices):
    HELPFUL = "helpful", _("Helpful")
    THANKS = "thanks", _("Thank you")
    CELEBRATE = "celebrate", _("Celebrate")


class Reaction(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=ReactionKind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "user", "kind"], name="disc_one_reaction")
        ]

    def __str__(self):
        return f"{self.kind} on post {self.post_id}"


def attachment_upload_to(instance, filename: str) -> str:
    """A random name with the sniffed extension: nothing the uploader chose reaches the
    file system, and names cannot be guessed."""
    ext = PurePosixPath(filename).suffix.lower()[:8]
    now = timezone.now()
    return f"discussions/{now:%Y/%m}/{secrets.token_hex(16)}{ext}"


class Attachment(models.Model):
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    file = models.FileField(upload_to=attachment_upload_to, storage=private_storage, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["post", "pk"]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        thread = self.post.thread
        return reverse(
            "discussions:attachment",
            kwargs={"community_slug": thread.community.slug, "pk": self.pk},
        )


class Mention(models.Model):
    """Who a post mentioned; kept so an edit notifies only the newly mentioned."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="mentions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="disc_one_mention")]

    def __str__(self):
        return f"Mention of {self.user_id} in post {self.post_id}"
