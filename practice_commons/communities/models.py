"""Communities of practice, their group rules and who belongs to them.

A community is the three elements of a community of practice: a *domain*
(``domain_statement``), a *community* (its memberships) and a *practice*
(``practice_statement`` and, in higher apps, its threads, sessions and library).
Invariants that belong to one row live here; workflows live in ``services``.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from practice_commons.accounts.invitations import InvitationBase
from practice_commons.accounts.models import ExpertiseTag, Nation, Organisation, Profession


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public: anyone can read it")
    MEMBERS_ONLY = "members_only", _("Members only: signed-in host members can read it")
    PRIVATE = "private", _("Private: only its members can see it exists")


# From loosest to strictest: a sub-group may not be looser than its parent.
VISIBILITY_STRICTNESS = {
    Visibility.PUBLIC: 0,
    Visibility.MEMBERS_ONLY: 1,
    Visibility.PRIVATE: 2,
}


class JoiningPolicy(models.TextChoices):
    OPEN = "open", _("Open: anyone who can see it may join")
    REQUEST = "request", _("By request: a facilitator approves each request")
    INVITATION = "invitation", _("By invitation only")


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    FACILITATOR = "facilitator", _("Facilitator")
    MEMBER = "member", _("Member")


MODERATOR_ROLES = (Role.OWNER, Role.FACILITATOR)


class MembershipStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    REQUESTED = "requested", _("Requested")
    INVITED = "invited", _("Invited")
    REMOVED = "removed", _("Removed")


class Community(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(max_length=140, unique=True)
    purpose = models.CharField(_("purpose"), max_length=280)
    # The organisers' own Welsh versions (core.bilingual); blank: the English is shown.
    name_cy = models.CharField(_("name in Welsh"), max_length=120, blank=True)
    purpose_cy = models.CharField(_("purpose in Welsh"), max_length=280, blank=True)
    domain_statement = models.TextField(_("what we care about"), max_length=3000)
    practice_statement = models.TextField(_("our practice"), max_length=3000, blank=True)
    visibility = models.CharField(
        _("who can see it"), max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    joining_policy = models.CharField(
        _("how people join"),
        max_length=16,
        choices=JoiningPolicy.choices,
        default=JoiningPolicy.OPEN,
    )
    host_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hosted_communities",
        verbose_name=_("host organisation"),
    )
    professions = models.ManyToManyField(
        Profession, blank=True, related_name="communities", verbose_name=_("professions")
    )
    # A list of accounts.Nation values; an empty list means every nation.
    nations = models.JSONField(_("nations"), default=list, blank=True)
    areas = models.CharField(_("areas"), max_length=200, blank=True)
    topics = models.ManyToManyField(
        ExpertiseTag, blank=True, related_name="communities", verbose_name=_("topics")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="subgroups",
        verbose_name=_("part of"),
    )
    meeting_rhythm = models.CharField(_("meeting rhythm"), max_length=200, blank=True)
    allow_anonymous_questions = models.BooleanField(
        _("allow members to ask anonymously"), default=False
    )
    current_rules = models.ForeignKey(
        "CommunityRules",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "communities"
        indexes = [models.Index(fields=["visibility", "archived_at"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("communities:detail", kwargs={"slug": self.slug})

    @property
    def nation_labels(self) -> list[str]:
        return [Nation(n).label for n in self.nations if n in Nation.values]

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def is_subgroup(self) -> bool:
        return self.parent_id is not None

    @property
    def rules_owner_id(self) -> int:
        """The community whose rules apply: a sub-group follows its parent's rules."""
        return self.parent_id or self.pk


class CommunityRules(models.Model):
    """One version of a community's group rules. Versions are never edited: a change
    is a new version, and members accept it before they next post."""

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="rules_versions"
    )
    version = models.PositiveIntegerField()
    rules = models.JSONField(default=list)  # [{"title": ..., "description": ...}]
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["community", "-version"]
        verbose_name_plural = "community rules"
        constraints = [
            models.UniqueConstraint(fields=["community", "version"], name="uniq_rules_version")
        ]

    def __str__(self):
        return f"{self.community} rules v{self.version}"


class CommunityMembership(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_memberships"
    )
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(
        max_length=16, choices=MembershipStatus.choices, default=MembershipStatus.ACTIVE
    )
    coordinator_title = models.CharField(_("coordinator title"), max_length=80, blank=True)
    accepted_rules_version = models.PositiveIntegerField(null=True, blank=True)
    muted_until = models.DateTimeField(null=True, blank=True)
    joined_at = models.DateTimeField(null=True, blank=True)
    last_visited_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["community", "user"]
        constraints = [
            models.UniqueConstraint(fields=["community", "user"], name="uniq_community_membership")
        ]
        indexes = [
            models.Index(fields=["community", "status", "role"]),
            models.Index(fields=["user", "status"]),
        ]

    def __str__(self):
        return f"{self.user} in {self.community} ({self.role}, {self.status})"

    @property
    def is_active(self) -> bool:
        return self.status == MembershipStatus.ACTIVE

    @property
    def is_moderator(self) -> bool:
        return self.is_active and self.role in MODERATOR_ROLES

    def is_muted(self, now=None) -> bool:
        return self.muted_until is not None and self.muted_until > (now or timezone.now())


class Invitation(InvitationBase):
    """An invitation by email to join a community. Its link's token is stored only as a
    digest (``accounts.invitations.InvitationBase``); the row records whether it was
    sent, used or withdrawn."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="invitations")
    message = models.TextField(max_length=1000, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["community", "email"])]

    def __str__(self):
        return f"Invitation to {self.community} for {self.email}"

    def get_absolute_url(self):
        """The invitee's page for it when signed in, without the link's token."""
        return reverse("communities:your_invitation", kwargs={"invitation_id": self.pk})
