"""Reflective peer sessions: a session is an events ``Event`` (kind reflective session)
plus what only a reflective group has — a presenter, the live stages, rounds of
reflection taken in turn, the presenter's summary and actions, each person's private
notes, and feedback.

What must stay true (the services enforce it; these rows only hold it):

* A ``PrivateNote`` is read by its author and nobody else: no selector, page, API
  endpoint, export or admin screen shows another person's note. It is not registered
  in the Django admin.
* The presenter's prepared issue, their summary and their action commitments are
  *session material*: attendees of that session see them, and a scheduled task deletes
  them ``REFLECTION_RETENTION_DAYS`` after the session ends (``material_purged_at``).
  Private notes are not session material and stay with their author.
* Every text here has passed the confidentiality guard before it was stored.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from practice_commons.communities.models import Community
from practice_commons.events.models import Event


class SessionFormat(models.TextChoices):
    FLEXIBLE = "flexible", _("Flexible group membership")
    ACTION_LEARNING = "action_learning", _("Action learning set")
    PEER_SUPERVISION = "peer_supervision", _("Peer supervision (Proctor's three functions)")


FORMAT_HINTS = {
    SessionFormat.FLEXIBLE: _(
        "One presenter brings an issue; instead of questions, each member in turn says "
        "briefly what it raises for them; then the presenter summarises. The group can grow "
        "or shrink with availability."
    ),
    SessionFormat.ACTION_LEARNING: _(
        "The presenter gives an uninterrupted account, members ask clarifying then open "
        "questions (no advice), the presenter reflects, summarises and commits to actions."
    ),
    SessionFormat.PEER_SUPERVISION: _(
        "Reflection rounds look at the issue through Proctor's functions of supervision: "
        "normative (standards and accountability), formative (learning and skills) and "
        "restorative (support and morale)."
    ),
}


class Stage(models.TextChoices):
    SCHEDULED = "scheduled", _("Not open yet")
    CHECK_IN = "check_in", _("Check-in and group rules")
    ACCOUNT = "account", _("The presenter's account")
    QUESTIONS = "questions", _("Clarifying questions")
    REFLECTIONS = "reflections", _("Reflection rounds")
    SUMMARY = "summary", _("The presenter's summary")
    ACTIONS = "actions", _("Action commitments")
    CHECK_OUT = "check_out", _("Check-out")
    CLOSED = "closed", _("Closed")


# The live stages in order; clarifying questions belong to the action-learning format only.
LIVE_STAGES = (
    Stage.CHECK_IN,
    Stage.ACCOUNT,
    Stage.QUESTIONS,
    Stage.REFLECTIONS,
    Stage.SUMMARY,
    Stage.ACTIONS,
    Stage.CHECK_OUT,
)
# Stages that need a presenter.
PRESENTER_STAGES = (
    Stage.ACCOUNT,
    Stage.QUESTIONS,
    Stage.REFLECTIONS,
    Stage.SUMMARY,
    Stage.ACTIONS,
)


def stages_for(session_format: str) -> list[str]:
    return [
        s
        for s in LIVE_STAGES
        if s != Stage.QUESTIONS or session_format == SessionFormat.ACTION_LEARNING
    ]


class ProctorFunction(models.TextChoices):
    NORMATIVE = "normative", _("Normative: standards and accountability")
    FORMATIVE = "formative", _("Formative: learning and skills")
    RESTORATIVE = "restorative", _("Restorative: support and morale")


class HeronCategory(models.TextChoices):
    # Authoritative
    PRESCRIPTIVE = "prescriptive", _("Prescriptive (directs)")
    INFORMATIVE = "informative", _("Informative (instructs)")
    CONFRONTING = "confronting", _("Confronting (challenges an attitude or behaviour)")
    # Facilitative
    CATHARTIC = "cathartic", _("Cathartic (helps express and release emotion)")
    CATALYTIC = "catalytic", _("Catalytic (helps the person reflect and discover)")
    SUPPORTIVE = "supportive", _("Supportive (affirms worth and competence)")


HERON_GROUPS = (
    (
        _("Facilitative"),
        (HeronCategory.CATHARTIC, HeronCategory.CATALYTIC, HeronCategory.SUPPORTIVE),
    ),
    (
        _("Authoritative"),
        (HeronCategory.PRESCRIPTIVE, HeronCategory.INFORMATIVE, HeronCategory.CONFRONTING),
    ),
)


class ReflectiveSession(models.Model):
    """One reflective session. Its date, place, capacity and bookings are its ``event``'s;
    this row holds the reflective group's own state."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="reflective_session")
    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="reflective_sessions"
    )
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    theme = models.CharField(_("theme"), max_length=200)
    format = models.CharField(
        _("format"), max_length=20, choices=SessionFormat.choices, default=SessionFormat.FLEXIBLE
    )
    trial_allowed = models.BooleanField(_("a non-member may come once on trial"), default=False)
    presenter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Session material (deleted after the retention period).
    issue_summary = models.TextField(_("summary of the issue"), max_length=1500, blank=True)
    presenter_summary = models.TextField(_("presenter's summary"), max_length=3000, blank=True)
    stage = models.CharField(max_length=16, choices=Stage.choices, default=Stage.SCHEDULED)
    turn_seconds = models.PositiveSmallIntegerField(_("time for each turn (seconds)"), default=180)
    # Bumped on every change the live views show, so a poll can answer "nothing new".
    live_version = models.PositiveIntegerField(default=0)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    material_purged_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["community", "stage"]),
            models.Index(fields=["material_purged_at"]),
        ]

    def __str__(self):
        return self.event.title if self.event_id else self.theme

    def get_absolute_url(self):
        return reverse("reflection:detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.stage not in (Stage.SCHEDULED, Stage.CLOSED)

    @property
    def is_closed(self) -> bool:
        return self.stage == Stage.CLOSED

    @property
    def stages(self) -> list[str]:
        return stages_for(self.format)


class Participant(models.Model):
    """Someone booked on a session (their place is an events ``Registration``): whether
    they confirmed the group rules, and their presence in the live session. ``position``
    is the order of turns: each (re)join takes the next number, so late joiners are last.
    ``joined_at`` (first join), ``left_at`` and ``away_seconds`` give the time they took
    part, which their CPD draft records."""

    session = models.ForeignKey(
        ReflectiveSession, on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reflective_participations"
    )
    is_trial = models.BooleanField(default=False)
    rules_version = models.PositiveIntegerField(null=True, blank=True)
    rules_confirmed_at = models.DateTimeField(null=True, blank=True)
    rules_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    joined_at = models.DateTimeField(null=True, blank=True)
    left_at = models.DateTimeField(null=True, blank=True)
    # Set when a facilitator marked them as left (their own screen says so and offers to
    # rejoin); cleared when they come back.
    left_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Time spent away between leaving and coming back, taken off their CPD hours.
    away_seconds = models.PositiveIntegerField(default=0)
    position = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["session", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="uniq_reflection_participant")
        ]
        indexes = [models.Index(fields=["user", "is_trial"])]

    def __str__(self):
        return f"{self.user} in session {self.session_id}"

    @property
    def is_present(self) -> bool:
        return self.joined_at is not None and self.left_at is None

    @property
    def has_joined(self) -> bool:
        return self.joined_at is not None


class ReflectionRound(models.Model):
    session = models.ForeignKey(ReflectiveSession, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField()
    # Peer supervision: the Proctor function this round looks through (blank otherwise).
    focus = models.CharField(max_length=16, choices=ProctorFunction.choices, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["session", "number"]
        constraints = [
            models.UniqueConstraint(fields=["session", "number"], name="uniq_reflection_round")
        ]

    def __str__(self):
        return f"Round {self.number} of session {self.session_id}"


class TurnStatus(models.TextChoices):
    SPEAKING = "speaking", _("Speaking now")
    DONE = "done", _("Reflected")
    PASSED = "passed", _("Passed")
    LEFT = "left", _("Left during their turn")


class Turn(models.Model):
    """One person's turn in one round. The timer is ``started_at`` + ``duration_seconds``,
    kept here so the live page survives a reload. ``heron_tags`` are the facilitator's
    own guidance: shown to facilitators only, never to participants or through the API."""

    round = models.ForeignKey(ReflectionRound, on_delete=models.CASCADE, related_name="turns")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="turns")
    status = models.CharField(max_length=16, choices=TurnStatus.choices)
    started_at = models.DateTimeField(default=timezone.now)
    duration_seconds = models.PositiveSmallIntegerField(default=180)
    ended_at = models.DateTimeField(null=True, blank=True)
    heron_tags = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["round", "started_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "participant"], name="uniq_turn_per_round"),
            models.UniqueConstraint(
                fields=["round"],
                condition=models.Q(status="speaking"),
                name="one_speaker_per_round",
            ),
        ]

    def __str__(self):
        return f"Turn of {self.participant_id} in round {self.round_id}"

    @property
    def ends_at(self):
        return self.started_at + timedelta(seconds=self.duration_seconds)


class ActionCommitment(models.Model):
    """One action the presenter commits to (session material)."""

    session = models.ForeignKey(
        ReflectiveSession, on_delete=models.CASCADE, related_name="action_commitments"
    )
    text = models.CharField(_("action"), max_length=500)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["session", "created_at", "pk"]

    def __str__(self):
        return f"Action {self.pk} of session {self.session_id}"


class PrivateNoteQuerySet(models.QuerySet):
    def of(self, author):
        """The only way the app reads notes: the author's own."""
        if author is None or not getattr(author, "is_authenticated", False):
            return self.none()
        return self.filter(author_id=author.pk)


class PrivateNote(models.Model):
    """A participant's own note. Only its author can ever read it. It outlives the
    session's material (and the session itself: ``session_title`` keeps the context)."""

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey(
        ReflectiveSession,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    session_title = models.CharField(max_length=200, blank=True)
    body = models.TextField(_("note"), max_length=5000)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = PrivateNoteQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["author", "session"])]

    def __str__(self):
        return f"Private note {self.pk}"


class SessionFeedback(models.Model):
    """One attendee's feedback on one session. Quotes with consent appear on the
    community page without a name."""

    session = models.ForeignKey(
        ReflectiveSession, on_delete=models.CASCADE, related_name="feedback"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    usefulness = models.PositiveSmallIntegerField(_("how useful was it?"))
    gave_you = models.TextField(_("what did it give you?"), max_length=1000, blank=True)
    consent_to_quote = models.BooleanField(_("you may quote this anonymously"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="uniq_reflection_feedback"),
            models.CheckConstraint(
                condition=models.Q(usefulness__gte=1, usefulness__lte=5),
                name="reflection_feedback_usefulness_1_5",
            ),
        ]

    def __str__(self):
        return f"Feedback {self.pk} on session {self.session_id}"
