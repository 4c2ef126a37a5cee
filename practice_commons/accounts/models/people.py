"""People, their professional profile, organisations and the roles they hold.

Roles of the whole instance live on ``User.host_role``; roles within an
organisation live on ``OrganisationMembership.role``; membership of the host lives on
the register (``register.py``), never on the profile. Community roles belong to
the ``communities`` app.
"""

import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import connections, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from .register import HostMembership, valid_on_q


class Nation(models.TextChoices):
    ENGLAND = "england", _("England")
    SCOTLAND = "scotland", _("Scotland")
    WALES = "wales", _("Wales")
    NORTHERN_IRELAND = "northern_ireland", _("Northern Ireland")


class Regulator(models.TextChoices):
    NONE = "none", _("None")
    SOCIAL_WORK_ENGLAND = "swe", _("Social Work England")
    SSSC = "sssc", _("Scottish Social Services Council (SSSC)")
    SOCIAL_CARE_WALES = "scw", _("Social Care Wales")
    NISCC = "niscc", _("Northern Ireland Social Care Council (NISCC)")
    HCPC = "hcpc", _("Health and Care Professions Council (HCPC)")
    NMC = "nmc", _("Nursing and Midwifery Council (NMC)")
    GTC = "gtc", _("General Teaching Council (GTC)")


class HostRole(models.TextChoices):
    PRACTITIONER = "practitioner", _("Practitioner")
    HOST_ADMIN = "host_admin", _("Host admin")


class Profession(models.Model):
    """A curated profession; host admins keep the list in the admin."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    is_social_work = models.BooleanField(default=False)
    sort_order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class ExpertiseTag(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Organisation(models.Model):
    class Kind(models.TextChoices):
        LOCAL_AUTHORITY = "local_authority", _("Local authority")
        NHS_BODY = "nhs_body", _("NHS body")
        POLICE_FORCE = "police_force", _("Police force")
        SCHOOL = "school", _("School")
        CHARITY = "charity", _("Charity")
        UNIVERSITY = "university", _("University")
        PROFESSIONAL_BODY = "professional_body", _("Professional body")
        PRIVATE_PROVIDER = "private_provider", _("Private provider")

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(_("type"), max_length=32, choices=Kind.choices)
    nation = models.CharField(_("nation"), max_length=32, choices=Nation.choices, blank=True)
    area = models.CharField(_("area"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    # Websites ("https://host[:port]") that may show this organisation's embeds in a
    # frame; written only by ``services.organisation_embed_origins_set``, which checks
    # each one. Empty: nobody may frame them.
    embed_origins = models.JSONField(
        _("websites that may show the embeds"), default=list, blank=True
    )
    # "Require two-factor sign-in for our staff": everyone whose affiliation is verified
    # (an ``OrganisationMembership``) must set up two-factor sign-in before using the
    # site. Written only by ``services.organisation_mfa_requirement_set`` (audited).
    mfa_required = models.BooleanField(_("require two-factor sign-in for staff"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("accounts:organisation_people", kwargs={"slug": self.slug})


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.update(is_staff=True, is_superuser=True, host_role=HostRole.HOST_ADMIN)
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account. Email is the login; the profile lives on the same row
    because every page needs it and a one-to-one join would be paid on each request."""

    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    pronouns = models.CharField(_("pronouns"), max_length=40, blank=True)
    profession = models.ForeignKey(
        Profession,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("profession"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("organisation"),
    )
    nation = models.CharField(_("UK nation"), max_length=32, choices=Nation.choices, blank=True)
    area = models.CharField(_("area"), max_length=120, blank=True)
    regulator = models.CharField(
        _("regulator"), max_length=16, choices=Regulator.choices, default=Regulator.NONE
    )
    registration_number = models.CharField(_("registration number"), max_length=40, blank=True)
    expertise = models.ManyToManyField(
        ExpertiseTag, blank=True, related_name="users", verbose_name=_("areas of expertise")
    )
    bio = models.TextField(_("about you"), blank=True, max_length=2000)
    open_to_collaborate = models.BooleanField(_("open to collaborate"), default=False)
    happy_to_network = models.BooleanField(_("happy to be a networker"), default=False)
    host_role = models.CharField(
        _("role on this instance"),
        max_length=16,
        choices=HostRole.choices,
        default=HostRole.PRACTITIONER,
    )
    language = models.CharField(_("language"), max_length=10, default="en-gb")
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        ordering = ["full_name", "email"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name other people see. Never any part of the email address: someone who
        has not given their name yet is "New member" (and may not post, book or join
        until they do)."""
        return self.full_name or str(_("New member"))

    @property
    def is_host_admin(self) -> bool:
        return self.host_role == HostRole.HOST_ADMIN or self.is_superuser

    @cached_property
    def is_host_member(self) -> bool:
        """Whether the host's register has a row matched to this person that is valid
        today. Asked once per instance (so once a request); services that change the
        register call ``forget_host_membership`` on the instances they hold."""
        if self.pk is None:
            return False
        return self.host_membership_records.filter(valid_on_q(timezone.localdate())).exists()

    def forget_host_membership(self) -> None:
        self.__dict__.pop("is_host_member", None)

    def refresh_from_db(self, *args, **kwargs):
        super().refresh_from_db(*args, **kwargs)
        self.forget_host_membership()

    @property
    def host_membership(self) -> str:
        """``member`` or ``non_member``, from the register (the API's key)."""
        return HostMembership.MEMBER if self.is_host_member else HostMembership.NON_MEMBER

    def get_host_membership_display(self) -> str:
        return HostMembership(self.host_membership).label

    @property
    def profile_complete(self) -> bool:
        return bool(self.full_name and self.profession_id and self.nation)


class OrganisationMembership(models.Model):
    """A person's verified affiliation with an organisation, and their role in it (who may
    manage its people). A row exists only once the affiliation is verified (see
    ``affiliation.py``): every page, figure and role reads these rows, never a choice a
    person made on their own profile. ``created_at`` is when it was verified."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        CHAMPION = "champion", _("Champion")
        ADMIN = "admin", _("Organisation admin")

    class Verification(models.TextChoices):
        DOMAIN_EMAIL = "domain_email", _("Confirmed from a work email at a verified domain")
        ADMIN_APPROVAL = "admin_approval", _("Approved by an admin")
        ONBOARDING = "onboarding", _("Invited by the organisation")
        HOST_ADMIN = "host_admin", _("Recorded by a host admin")
        SSO = "sso", _("Confirmed by the organisation's single sign-on at a verified domain")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="org_memberships")
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.MEMBER)
    verified_via = models.CharField(
        _("verified by"),
        max_length=16,
        choices=Verification.choices,
        default=Verification.HOST_ADMIN,
    )
    team = models.CharField(_("team"), max_length=120, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="uniq_org_membership")
        ]

    def __str__(self):
        return f"{self.user} — {self.organisation} ({self.get_role_display()})"


class AuditTrailAppendOnly(Exception):
    """Raised by any attempt to change or delete an audit entry other than the two the
    trail allows: the retention purge and forgetting an erased actor."""


class AuditEventQuerySet(models.QuerySet):
    """The audit trail is append-only. ``update`` is refused except the one Django itself
    makes when an actor's account is deleted (``actor`` set to NULL, ``on_delete=SET_NULL``);
    ``delete`` is refused except through ``purge_expired``, which can only remove entries
    older than ``AUDIT_RETENTION_DAYS``."""

    def update(self, **kwargs):
        if (
            kwargs
            and set(kwargs) <= {"actor", "actor_id"}
            and all(value is None for value in kwargs.values())
        ):
            return super().update(**kwargs)
        raise AuditTrailAppendOnly("Audit entries cannot be changed.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AuditTrailAppendOnly("Audit entries cannot be changed.")

    def delete(self):
        raise AuditTrailAppendOnly(
            "Audit entries are deleted only by the retention purge (purge_expired)."
        )

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for obj in objs:
            obj.system = obj.actor_id is None
        return super().bulk_create(objs, *args, **kwargs)

    def purge_expired(self, *, now=None) -> int:
        """Delete the entries older than ``settings.AUDIT_RETENTION_DAYS`` (read now, not
        at import); returns how many went. The only deletion the trail ever sees."""
        cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.AUDIT_RETENTION_DAYS)
        with transaction.atomic(using=self.db):
            _declare_purge_cutoff(self.db, cutoff)
            deleted, _per_model = models.QuerySet.delete(self.filter(created_at__lt=cutoff))
        return deleted


def _declare_purge_cutoff(using: str, cutoff: datetime.datetime) -> None:
    """On PostgreSQL the trail's trigger (migration 0011) lets a DELETE through only for
    entries older than the cutoff declared in the same transaction."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('practice_commons.audit_purge_before', %s, true)",
                [cutoff.isoformat()],
            )


class AuditEvent(models.Model):
    """Who did what, to what, when and why. Written by services (``audit_record``), read
    by host admins (``/audit/``). Append-only: see ``AuditEventQuerySet``; an existing
    row cannot be saved again or deleted one by one."""

    actor = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=80)
    target_type = models.CharField(max_length=80, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    # Made by the platform itself (no actor when written), as opposed to an actor whose
    # account has since been deleted (``actor`` set to NULL then): "system" or "former
    # member" on the audit page. Set on insert, never by callers.
    system = models.BooleanField(default=False, editable=False)

    objects = models.Manager.from_queryset(AuditEventQuerySet)()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["target_type", "target_id"])]
        # Django's own updates and deletes (the SET_NULL cascade, ``Model.save``) go
        # through the base manager: it must be the append-only one too.
        base_manager_name = "objects"

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_type}:{self.target_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditTrailAppendOnly("Audit entries cannot be changed.")
        self.system = self.actor_id is None
        kwargs["force_insert"] = True  # never an UPDATE of a row with the same id
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditTrailAppendOnly(
            "Audit entries are deleted only by the retention purge (purge_expired)."
        )

    @property
    def actor_label(self) -> str:
        """Who, as the audit page names them: their display name, "system" or "former
        member"."""
        if self.actor_id is not None and self.actor is not None:
            return self.actor.display_name
        return str(_("system")) if self.system else str(_("former member"))
