"""Following, read state and polls: per-person state around threads."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .threads import Thread


class ThreadFollow(models.Model):
    """``following=False`` remembers that someone unfollowed, so replying again does not
    silently re-follow them."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="follows")
    following = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "thread"], name="disc_one_thread_follow")
        ]
        indexes = [models.Index(fields=["thread", "following"], name="disc_follow_thread")]

    def __str__(self):
        return f"{self.user_id} follows thread {self.thread_id}: {self.following}"


class CommunityFollow(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "community"], name="disc_one_comm_follow")
        ]

    def __str__(self):
        return f"{self.user_id} follows community {self.community_id}"


class ThreadReadState(models.Model):
    """How far a person has read a thread. ``last_seen_number`` is the highest post
    number they have been shown; anything above it is "new since your last visit"."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="+")
    last_seen_number = models.PositiveIntegerField(default=0)
    last_read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "thread"], name="disc_one_read_state")
        ]

    def __str__(self):
        return f"{self.user_id} read thread {self.thread_id} to {self.last_seen_number}"


class Poll(models.Model):
    thread = models.OneToOneField(Thread, on_delete=models.CASCADE, related_name="poll")
    question = models.CharField(_("question"), max_length=300)
    allows_multiple = models.BooleanField(
        _("people can choose more than one option"), default=False
    )
    closes_at = models.DateTimeField(_("closing date"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.question

    def is_closed(self, now=None) -> bool:
        return self.closes_at is not None and self.closes_at <= (now or timezone.now())


class PollOption(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["poll", "position", "pk"]

    def __str__(self):
        return self.label


class PollBallot(models.Model):
    """One person's vote in a poll: the unique constraint is the "one vote each" rule,
    so it holds even when two requests race."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="ballots")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["poll", "user"], name="disc_one_ballot_per_person")
        ]

    def __str__(self):
        return f"Ballot by {self.user_id} in poll {self.poll_id}"


class PollChoice(models.Model):
    ballot = models.ForeignKey(PollBallot, on_delete=models.CASCADE, related_name="choices")
    option = models.ForeignKey(PollOption, on_delete=models.CASCADE, related_name="choices")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ballot", "option"], name="disc_one_choice_each")
        ]

    def __str__(self):
        return f"Choice {self.option_id} on ballot {self.ballot_id}"
