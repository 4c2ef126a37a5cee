"""Fail closed: no code path stores user-written text without the confidentiality guard.

Three proofs, each complete over what the project has rather than over a list kept by
hand, so a new form, field or API schema without the guard fails here:

1. Forms, statically. Every form class defined under ``practice_commons`` (and the
   allauth forms its pages use) is built, and each free-text field in it must be
   guarded (``GuardedFormMixin`` naming it in ``guarded_fields`` or ``guard_field_map``),
   shown through a guarded companion form, or exempt here with a reason.
2. Forms, through the real pages. For every guarded (form, field), the page that renders
   the form is fetched as someone allowed to use it, its POST form is read and submitted
   as a browser would (the page's own values, a few valid answers) with identifying text
   in that field. The answer must be the form again with the guard's message, the
   expected form class must carry the error, no table may gain or lose a row, and the
   NHS number, name and postcode must be nowhere in the database or the outbox.
3. The API. Every POST/PUT/PATCH/DELETE operation with a JSON body in the OpenAPI
   document is walked; each string property (through ``$ref``, nested objects and
   arrays) must be guarded or exempt with a reason. Each guarded property is sent with
   identifying text, with a token from ``create_api_token``: 422, the guard's body
   (kinds and offsets, no text), nothing stored.

Known gaps (text stored without the guard) are listed in ``KNOWN_GAPS`` and
``API_KNOWN_GAPS``; their tests are strict xfails, so fixing the product flips them.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urljoin, urlsplit

import pytest
from django import forms
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import resolve, reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from guard_everywhere import pages
from guard_everywhere.api_write import ApiWrite
from guard_everywhere.api_writes_people import API_EXEMPT_PEOPLE, API_WRITES_PEOPLE
from guard_everywhere.api_writes_work import API_EXEMPT_WORK, API_WRITES_WORK
from guard_everywhere.database import changed_counts, table_counts, where_stored
from guard_everywhere.forms_catalogue import (
    MissingBuilder,
    dotted,
    free_text_fields,
    guarded_fields,
    instances,
    lookup,
    project_form_classes,
    third_party_fields,
    third_party_form_classes,
)
from guard_everywhere.objects import (
    _CPD_TEXTS,
    _LIBRARY_TEXTS,
    _STORY_TEXTS,
    _collab_agreement,
    _collab_agreement_data,
    _collab_interest,
    _collab_offer,
    _collab_opportunity,
    _collab_partner,
    _collab_response,
    _cpd_record,
    _cpd_record_data,
    _event_payload,
    _job,
    _job_data,
    _library_item,
    _member_manage,
    _newsletter_draft,
    _value_story,
)
from guard_everywhere.views_scan import pages_binding_guarded_forms
from guard_everywhere.world import World

from practice_commons.confidentiality.forms import GuardedFormMixin
from practice_commons.confidentiality.testing import (
    IDENTIFYING_TEXT,
    NAME,
    NHS_NUMBER,
    POSTCODE,
    SECRETS,
    make_pdf,
)

pytestmark = pytest.mark.django_db

GUARD_MESSAGE = "could identify someone you work with"

# Shorter identifying texts for fields too short for IDENTIFYING_TEXT; the NHS number
# alone blocks the write.
TEXTS = (IDENTIFYING_TEXT, f"{NAME}, NHS {NHS_NUMBER}, {POSTCODE}", f"NHS {NHS_NUMBER}")


def text_within(max_length: int | None) -> str:
    for text in TEXTS:
        if max_length is None or len(text) <= max_length:
            return text
    raise AssertionError(f"no identifying text fits in {max_length} characters")


# --- 1. Forms: every free-text field is classified -----------------------------------------

P = "practice_commons."
# (form class, field) -> why the guard need not read it. A base class's entry covers its
# subclasses.
EXEMPT = {
    (P + "accounts.forms.ProfileForm", "full_name"): "the person's own name",
    (P + "accounts.forms.ProfileForm", "registration_number"): (
        "the person's own registration number with their regulator"
    ),
    (P + "accounts.forms.ProfileForm", "new_organisation_name"): (
        "an organisation's name, not a person's (organisation_create guards its other text)"
    ),
    (P + "accounts.views.erasure.AccountEraseForm", "confirm_email"): (
        "the person's own sign-in address, typed to confirm deleting the account, never stored"
    ),
    (P + "accounts.affiliation_forms.OrganisationDomainForm", "domain"): (
        "an email domain the organisation controls (e.g. leeds.gov.uk), checked as a domain"
    ),
    (P + "accounts.embed_forms.EmbedOriginsForm", "origins"): (
        "website addresses (https://host[:port]) one a line, each checked as one by "
        "organisation_embed_origins_set; nothing else is stored"
    ),
    (P + "accounts.register_forms.RegisterFilterForm", "q"): "a search query, never stored",
    (P + "accounts.audit_forms.AuditFilterForm", "action"): "a filter, never stored",
    (P + "accounts.audit_forms.AuditFilterForm", "actor"): (
        "a search of actors' email addresses on the audit page, never stored (the export's "
        "entry records only that it was used)"
    ),
    (P + "accounts.audit_forms.AuditFilterForm", "target_type"): "a filter, never stored",
    (P + "accounts.audit_forms.AuditFilterForm", "target_id"): "a filter, never stored",
    (P + "accounts.register_forms.GrantForm", "number"): (
        "a membership number: letters, digits, hyphens, full stops and slashes only"
    ),
    (P + "accounts.register_forms.ClaimForm", "number"): (
        "a membership number: letters, digits, hyphens, full stops and slashes only"
    ),
    (P + "communities.forms.DirectoryFilterForm", "q"): "a search query, never stored",
    (P + "events.forms.CheckInForm", "code"): "a ticket code, looked up and never stored",
    (P + "events.forms.InviteForm", "emails"): (
        "email addresses, each validated as one; stored only as the invitation's address"
    ),
    (P + "events.forms.EventDetailsForm", "address"): (
        "the venue's postal address, public by design (a postcode is its point)"
    ),
    (P + "events.forms.EventDetailsForm", "contact_name"): (
        "the organiser's contact for the event, named on purpose"
    ),
    (P + "reflection.forms.ScheduleForm", "address"): (
        "the room's postal address, public to the group by design"
    ),
    (P + "cpd.forms.EvidenceForm", "url"): (
        "a web address, checked as one by evidence_add (which guards it too)"
    ),
    (P + "notifications.forms.MuteForm", "thread_key"): (
        "a key posted by the mute button, matched against the person's notifications"
    ),
    (P + "notifications.forms.QuietHoursForm", "day_0"): "times of day, parsed as such",
    (P + "notifications.forms.QuietHoursForm", "day_1"): "times of day, parsed as such",
    (P + "notifications.forms.QuietHoursForm", "day_2"): "times of day, parsed as such",
    (P + "notifications.forms.QuietHoursForm", "day_3"): "times of day, parsed as such",
    (P + "notifications.forms.QuietHoursForm", "day_4"): "times of day, parsed as such",
    (P + "notifications.forms.QuietHoursForm", "day_5"): "times of day, parsed as such",
    (P + "notifications.forms.QuietHoursForm", "day_6"): "times of day, parsed as such",
    # allauth's pages
    (P + "library.forms.FilterForm", "q"): "a search query, never stored",
    (P + "library.forms.TermForm", "links"): (
        "web addresses for more about the term, one a line, each validated as a URL"
    ),
    # collaboration and jobs
    (P + "collaboration.forms.DirectoryFilterForm", "q"): "a search query, never stored",
    (P + "jobs.forms.JobFilterForm", "q"): "a search query, never stored",
    # search
    (P + "search.forms.SearchForm", "q"): "a search query, never stored",
    ("allauth.account.forms.BaseConfirmCodeForm", "code"): "a one-time code, never stored",
    ("allauth.account.forms.VerifyPhoneForm", "code"): "a one-time code, never stored",
    ("allauth.account.forms.ChangePhoneForm", "phone"): (
        "the person's own phone number (phone sign-in is not enabled)"
    ),
    ("allauth.account.forms.UserTokenForm", "uidb36"): "a password-reset link's id",
    ("allauth.account.forms.UserTokenForm", "key"): "a password-reset link's key",
    ("allauth.mfa.base.forms.BaseAuthenticateForm", "code"): "an MFA code, never stored",
    ("allauth.mfa.base.forms.ReauthenticateForm", "code"): "an MFA code, never stored",
    ("allauth.mfa.totp.forms.ActivateTOTPForm", "code"): "an MFA code, never stored",
    ("allauth.socialaccount.forms.SignupForm", "username"): (
        "single sign-on's sign-up: no usernames on this site (accounts are by email); "
        "allauth's form carries the field but the site never shows or stores it"
    ),
}

# Forms only ever used as a base class: their fields are checked on each subclass.
BASES = {
    P + "events.forms.EventDetailsForm": "base of EventForm, SeriesForm and SeriesEditForm",
    P + "reflection.forms.TextForm": "base of IssueForm, SummaryForm, ActionForm and NoteForm",
}

# (form, field) -> (the guarded form that shows its findings, why). The service guards
# the text; another form on the same page carries the feedback.
COMPANION = {
    (P + "communities.forms.RuleForm", "title"): (
        P + "communities.forms.RulesAcknowledgeForm",
        "the rules formset's texts are guarded as rules.<n>.title by community_rules_update",
    ),
    (P + "communities.forms.RuleForm", "description"): (
        P + "communities.forms.RulesAcknowledgeForm",
        "the rules formset's texts are guarded as rules.<n>.description",
    ),
}

# (form, field) -> what happens today. Free text stored without the guard: each has a
# strict-xfail test below that passes once the product guards it.
KNOWN_GAPS: dict = {}

# allauth's WebAuthn forms exist whether or not it is enabled; only enabled MFA types count.
# Likewise its single sign-on providers: only those in INSTALLED_APPS (openid_connect, saml).
_PROVIDERS = "allauth.socialaccount.providers."
_INSTALLED_PROVIDERS = tuple(
    app + "." for app in settings.INSTALLED_APPS if app.startswith(_PROVIDERS)
)


def _disabled_third_party(name: str) -> bool:
    if name.startswith(_PROVIDERS) and not name.startswith(_INSTALLED_PROVIDERS):
        return True
    return name.startswith(DISABLED_THIRD_PARTY)


DISABLED_THIRD_PARTY = tuple(
    f"allauth.mfa.{kind}." for kind in ("webauthn",) if kind not in settings.MFA_SUPPORTED_TYPES
)


def _classified(cls, name) -> bool:
    return any(lookup(table, cls, name) is not None for table in (EXEMPT, COMPANION, KNOWN_GAPS))


def project_pairs() -> tuple[set, set, list[str]]:
    """(guarded pairs, all free-text pairs, problems) over every project form."""
    guarded, free, problems = set(), set(), []
    world = World()
    for cls in project_form_classes():
        try:
            built = instances(cls, world)
        except MissingBuilder as exc:
            problems.append(str(exc))
            continue
        for form in built:
            names = guarded_fields(form)
            stale = {n for n in names if n not in form.fields}
            if stale:
                problems.append(f"{dotted(cls)} guards fields it does not have: {sorted(stale)}")
            for name in free_text_fields(form):
                free.add((dotted(cls), name))
                if name in names:
                    guarded.add((dotted(cls), name))
    return guarded, free, problems


def test_every_free_text_form_field_is_guarded_or_exempt():
    guarded, free, problems = project_pairs()
    classes = {dotted(c): c for c in project_form_classes()}
    for form_name, name in sorted(free - guarded):
        if form_name in BASES or _classified(classes[form_name], name):
            continue
        problems.append(
            f"{form_name}.{name}: free text without the guard. Add GuardedFormMixin and "
            "name it in guarded_fields (and guard it in the service), or add it to EXEMPT "
            "with a reason"
        )
    for cls in third_party_form_classes():
        if _disabled_third_party(dotted(cls)):
            continue
        for form in third_party_fields(cls):
            for name in free_text_fields(form):
                if lookup(EXEMPT, cls, name) is None:
                    problems.append(f"{dotted(cls)}.{name}: allauth free text, not in EXEMPT")
    assert not problems, "\n".join(problems)


def test_exemptions_name_real_unguarded_fields():
    """An exemption for a field that no longer exists, or that is now guarded, is stale."""
    guarded, free, _problems = project_pairs()
    third = {
        (dotted(klass), name)
        for cls in third_party_form_classes()
        for form in third_party_fields(cls)
        for name in free_text_fields(form)
        for klass in cls.__mro__
    }
    subclass_pairs = set()
    for cls in project_form_classes():
        for form_name, name in free - guarded:
            if form_name == dotted(cls):
                subclass_pairs |= {(dotted(klass), name) for klass in cls.__mro__}
    for table in (EXEMPT, COMPANION, KNOWN_GAPS):
        stale = [key for key in table if key not in subclass_pairs | third]
        assert not stale, f"entries naming no unguarded free-text field: {stale}"


# --- 2. Forms: every guarded field refuses identifying text through its page ----------------


@dataclass(frozen=True)
class PageCase:
    """A page that renders ``form``: who opens it, what else a valid answer needs."""

    form: str
    fields: tuple[str, ...]
    user: str
    posts_to: str  # the URL name the form posts to
    url: Callable[[World], str]
    data: Callable[[World], dict] = lambda w: {}
    prefix: str = ""
    button: tuple[str, str] | None = None
    # How the identifying text goes in the field (a poll's options are one a line).
    wrap: Callable[[str], str] = lambda text: text


def _future(days=10):
    return timezone.localtime(timezone.now() + timedelta(days=days)).date().isoformat()


def _event_form_data(w):
    return {
        "title": "Working together on neglect",
        "description": "Joint training.",
        "organisation": str(w.organisation.pk),
        "date": _future(),
        "start_time": "09:30",
        "end_time": "12:30",
        "venue": "Civic Hall",
        "address": "Leeds",
        "capacity": "20",
    }


def _series_form_data(w):
    data = _event_form_data(w)
    data.pop("date")
    return {**data, "start_date": _future(), "count": "3"}


def _thread_kinds():
    from practice_commons.discussions.kinds import KINDS

    return KINDS


def _thread_cases() -> list[PageCase]:
    """A new thread of every kind (its own extra questions), and editing one."""
    cases = []
    for kind, spec in _thread_kinds().items():
        extras = tuple(f.name for f in spec.extra_fields if f.kind != "date")
        required = {
            f.name: (_future() if f.kind == "date" else "An ordinary answer")
            for f in spec.extra_fields
            if f.required
        }
        cases.append(
            PageCase(
                P + "discussions.forms.ThreadForm",
                ("title", "body", *extras) if kind == "problem_solving" else extras,
                "member",
                "discussions:new",
                lambda w, kind=kind: (
                    reverse("discussions:new", args=[w.community.slug]) + f"?kind={kind}"
                ),
                lambda w, required=required: {
                    "title": "Transfer meetings",
                    "body": "How do you run them?",
                    **required,
                },
            )
        )
        if extras or kind == "problem_solving":
            cases.append(
                PageCase(
                    P + "discussions.forms.ThreadForm",
                    ("title", "body", *extras) if kind == "problem_solving" else extras,
                    "member",
                    "discussions:post_edit",
                    lambda w, kind=kind, required=required: reverse(
                        "discussions:post_edit",
                        args=[
                            w.community.slug,
                            (t := w.make_thread(kind=kind, details=required)).pk,
                            t.posts.get(is_opening=True).pk,
                        ],
                    ),
                )
            )
    return cases


_AGREEMENT_TEXTS = (
    "title",
    "purpose",
    "milestones",
    "communication_internal",
    "communication_external",
    "recognition",
    "data_sharing",
)


PAGE_CASES: list[PageCase] = [
    # accounts and api
    PageCase(
        P + "accounts.forms.ProfileForm",
        ("bio", "pronouns", "area", "expertise_text"),
        "practitioner",
        "accounts:profile_edit",
        lambda w: reverse("accounts:profile_edit"),
    ),
    PageCase(
        P + "accounts.register_forms.GrantForm",
        ("reason",),
        "host_admin",
        "accounts:register_grant",
        lambda w: reverse("accounts:register_grant"),
        lambda w: {"email": "new-member@example.org"},
    ),
    PageCase(
        P + "accounts.register_forms.EndForm",
        ("reason",),
        "host_admin",
        "accounts:register_end",
        lambda w: reverse("accounts:register_end", args=[w.register_record.pk]),
    ),
    PageCase(
        P + "accounts.register_forms.ClaimDecisionForm",
        ("reason",),
        "host_admin",
        "accounts:register_claim_decide",
        lambda w: reverse("accounts:register_claim_decide", args=[w.membership_claim.pk]),
        lambda w: {"decision": "decline"},
    ),
    PageCase(
        P + "accounts.affiliation_forms.DeclineForm",
        ("reason",),
        "org_admin",
        "accounts:affiliation_decline",
        lambda w: reverse("accounts:affiliation_decline", args=[w.affiliation_request.pk]),
    ),
    PageCase(
        P + "api.forms.TokenForm",
        ("name",),
        "practitioner",
        "api:tokens",
        lambda w: reverse("api:tokens"),
    ),
    # communities
    *[
        PageCase(
            P + "communities.forms.CommunityForm",
            (
                "name",
                "purpose",
                "name_cy",
                "purpose_cy",
                "domain_statement",
                "practice_statement",
                "areas",
                "meeting_rhythm",
                "topics_text",
            ),
            user,
            name,
            lambda w, name=name, args=args: reverse(name, args=[w.community.slug] if args else []),
            lambda w: {"name": "Practice in transitions", "purpose": "p", "domain_statement": "d"},
        )
        for user, name, args in (
            ("practitioner", "communities:create", False),
            ("owner", "communities:edit", True),
            ("owner", "communities:create_subgroup", True),
        )
    ],
    PageCase(
        P + "communities.forms.RuleForm",
        ("title", "description"),
        "owner",
        "communities:rules_edit",
        lambda w: reverse("communities:rules_edit", args=[w.community.slug]),
        prefix="rules-0-",
    ),
    PageCase(
        P + "communities.forms.InviteForm",
        ("message",),
        "owner",
        "communities:invitations",
        lambda w: reverse("communities:invitations", args=[w.community.slug]),
        lambda w: {"email": "someone@example.org"},
    ),
    PageCase(
        P + "communities.forms.DecideRequestForm",
        ("reason",),
        "owner",
        "communities:request_decide",
        lambda w: (
            reverse("communities:requests", args=[w.community.slug])
            + f"#{w.requested_membership.pk}"
        ),
        lambda w: {"decision": "decline"},
    ),
    PageCase(
        P + "communities.forms.RemoveMemberForm",
        ("reason",),
        "owner",
        "communities:member_manage",
        _member_manage,
        prefix="remove-",
    ),
    PageCase(
        P + "communities.forms.MuteMemberForm",
        ("reason",),
        "owner",
        "communities:member_manage",
        _member_manage,
        lambda w: {"mute-days": "2"},
        prefix="mute-",
    ),
    PageCase(
        P + "communities.forms.CoordinatorTitleForm",
        ("coordinator_title",),
        "owner",
        "communities:member_manage",
        _member_manage,
        prefix="title-",
    ),
    # discussions
    *_thread_cases(),
    PageCase(
        P + "discussions.forms.ReplyForm",
        ("body",),
        "member",
        "discussions:reply",
        lambda w: reverse("discussions:thread", args=[w.community.slug, w.thread.pk]),
    ),
    PageCase(
        P + "discussions.forms.PostEditForm",
        ("body",),
        "other_member",
        "discussions:post_edit",
        lambda w: reverse(
            "discussions:post_edit", args=[w.community.slug, w.thread.pk, w.reply.pk]
        ),
    ),
    PageCase(
        P + "discussions.forms.ReasonForm",
        ("reason",),
        "facilitator",
        "discussions:post_hide",
        lambda w: reverse(
            "discussions:post_hide", args=[w.community.slug, w.thread.pk, w.reply.pk]
        ),
    ),
    PageCase(
        P + "discussions.forms.ReasonForm",
        ("reason",),
        "lead",
        "discussions:reveal",
        lambda w: reverse("discussions:reveal", args=[w.community.slug, w.anonymous_thread.pk]),
    ),
    PageCase(
        P + "discussions.forms.PollForm",
        ("question",),
        "member",
        "discussions:poll_new",
        lambda w: reverse("discussions:poll_new", args=[w.community.slug, w.thread.pk]),
        lambda w: {"options": "Yes\nNo"},
    ),
    PageCase(
        P + "discussions.forms.PollForm",
        ("options",),
        "member",
        "discussions:poll_new",
        lambda w: reverse("discussions:poll_new", args=[w.community.slug, w.thread.pk]),
        lambda w: {"question": "Do you hold transfer meetings jointly?"},
        wrap=lambda text: f"Yes\n{text}",
    ),
    PageCase(
        P + "discussions.forms.NewConversationForm",
        ("subject", "body"),
        "member",
        "messages:new",
        lambda w: reverse("messages:new"),
        lambda w: {"recipients": [str(w.other_member.pk)], "body": "Hello"},
    ),
    PageCase(
        P + "discussions.forms.MessageForm",
        ("body",),
        "member",
        "messages:conversation",
        lambda w: reverse("messages:conversation", args=[w.conversation.pk]),
    ),
    # cpd
    PageCase(
        P + "cpd.forms.RecordForm",
        _CPD_TEXTS,
        "practitioner",
        "cpd:new",
        lambda w: reverse("cpd:new"),
        _cpd_record_data,
    ),
    PageCase(
        P + "cpd.forms.RecordForm",
        _CPD_TEXTS,
        "practitioner",
        "cpd:edit",
        lambda w: reverse("cpd:edit", args=[_cpd_record(w).pk]),
        _cpd_record_data,
    ),
    PageCase(
        P + "cpd.forms.EvidenceForm",
        ("label",),
        "practitioner",
        "cpd:evidence_add",
        lambda w: reverse("cpd:evidence_add", args=[_cpd_record(w).pk]),
        lambda w: {"url": "https://example.org/certificate"},
    ),
    PageCase(
        P + "cpd.forms.ShareForm",
        ("recipient",),
        "practitioner",
        "cpd:shares",
        lambda w: (_cpd_record(w), reverse("cpd:shares"))[1],
        lambda w: {"records": [str(_cpd_record(w).pk)], "days": "30"},
    ),
    # events
    PageCase(
        P + "events.forms.EventForm",
        ("title", "description", "title_cy", "description_cy", "venue_notes", "venue", "area"),
        "org_admin",
        "events:create",
        lambda w: reverse("events:create"),
        _event_form_data,
    ),
    PageCase(
        P + "events.forms.EventForm",
        ("title", "description", "title_cy", "description_cy", "venue_notes", "venue", "area"),
        "org_admin",
        "events:edit",
        lambda w: reverse("events:edit", args=[w.event.pk]),
    ),
    PageCase(
        P + "events.forms.SeriesForm",
        ("title", "description", "title_cy", "description_cy", "venue_notes", "venue", "area"),
        "org_admin",
        "events:series_create",
        lambda w: reverse("events:series_create"),
        _series_form_data,
    ),
    PageCase(
        P + "events.forms.SeriesEditForm",
        ("title", "description", "title_cy", "description_cy", "venue_notes", "venue", "area"),
        "org_admin",
        "events:series_edit",
        lambda w: reverse("events:series_edit", args=[w.series.pk]),
    ),
    PageCase(
        P + "events.forms.CancelEventForm",
        ("reason",),
        "org_admin",
        "events:cancel",
        lambda w: reverse("events:cancel", args=[w.event.pk]),
    ),
    PageCase(
        P + "events.forms.InviteForm",
        ("message",),
        "org_admin",
        "events:invite",
        lambda w: reverse("events:invite", args=[w.event.pk]),
        lambda w: {"emails": "guest@example.org"},
    ),
    PageCase(
        P + "events.forms.FeedbackForm",
        ("learnt", "impact", "comments"),
        "practitioner",
        "events:feedback",
        lambda w: reverse("events:feedback", args=[w.attended_event.pk]),
        lambda w: {"rating": "4"},
    ),
    # notifications
    PageCase(
        P + "notifications.forms.NewsletterForm",
        ("subject", "body"),
        "org_admin",
        "notifications:newsletter_compose",
        lambda w: reverse(
            "notifications:newsletter_compose", args=["organisation", w.organisation.pk]
        ),
        lambda w: {"subject": "Practice highlights", "body": "Thank you all."},
    ),
    PageCase(
        P + "notifications.forms.NewsletterForm",
        ("subject", "body"),
        "org_admin",
        "notifications:newsletter_edit",
        lambda w: reverse("notifications:newsletter_edit", args=[_newsletter_draft(w).pk]),
    ),
    # reflection
    PageCase(
        P + "reflection.forms.ScheduleForm",
        ("title", "theme", "venue"),
        "facilitator",
        "reflection:schedule",
        lambda w: reverse("reflection:schedule", args=[w.community.slug]),
        lambda w: {
            "title": "Reflective session",
            "theme": "Endings",
            "date": _future(),
            "start_time": "10:00",
            "online_url": "https://meet.example.org/x",
        },
    ),
    PageCase(
        P + "reflection.forms.EditForm",
        ("theme",),
        "facilitator",
        "reflection:edit",
        lambda w: reverse("reflection:edit", args=[w.session.pk]),
    ),
    PageCase(
        P + "reflection.forms.IssueForm",
        ("issue_summary",),
        "member",
        "reflection:issue",
        lambda w: reverse("reflection:issue", args=[w.session.pk]),
    ),
    PageCase(
        P + "reflection.forms.SummaryForm",
        ("summary",),
        "member",
        "reflection:summary",
        lambda w: reverse("reflection:live", args=[w.opened_session.pk]),
    ),
    PageCase(
        P + "reflection.forms.ActionForm",
        ("text",),
        "member",
        "reflection:action_add",
        lambda w: reverse("reflection:live", args=[w.opened_session.pk]),
    ),
    PageCase(
        P + "reflection.forms.NoteForm",
        ("body",),
        "other_member",
        "reflection:note_add",
        lambda w: reverse("reflection:live", args=[w.opened_session.pk]),
    ),
    PageCase(
        P + "reflection.forms.FeedbackForm",
        ("gave_you",),
        "other_member",
        "reflection:feedback",
        lambda w: reverse("reflection:feedback", args=[w.attended_session.pk]),
        lambda w: {"usefulness": "4"},
    ),
    # library
    PageCase(
        P + "library.forms.ItemForm",
        (*_LIBRARY_TEXTS, "before_trying"),
        "member",
        "library:new",
        lambda w: reverse("library:new", args=["practice-example"]),
        lambda w: {
            "title": "Forum for lead professionals",
            "summary": "A monthly forum.",
            "what_was_done": "We met monthly.",
            "outcomes": "Plans moved on.",
        },
    ),
    PageCase(
        P + "library.forms.ItemForm",
        ("title", "summary", "title_cy", "summary_cy"),
        "member",
        "library:new",
        lambda w: reverse("library:new", args=["resource"]),
        lambda w: {
            "title": "Referral template",
            "summary": "A template.",
            "url": "https://example.org/t",
        },
    ),
    PageCase(
        P + "library.forms.ItemForm",
        _LIBRARY_TEXTS,
        "member",
        "library:edit",
        lambda w: reverse("library:edit", args=[_library_item(w, publish=False).pk]),
    ),
    PageCase(
        P + "library.forms.EndorseForm",
        ("note",),
        "other_member",
        "library:endorse",
        lambda w: reverse("library:item", args=[_library_item(w).pk]),
    ),
    PageCase(
        P + "library.forms.ReviewForm",
        ("note",),
        "facilitator",
        "library:review",
        lambda w: reverse("library:review", args=[_library_item(w, publish=False, submit=True).pk]),
        lambda w: {"decision": "return"},
    ),
    PageCase(
        P + "library.forms.TermForm",
        ("term", "definition", "also_known_as", "equivalents"),
        "member",
        "library:glossary_suggest",
        lambda w: reverse("library:glossary"),
        lambda w: {"term": "CIN", "definition": "Child in need."},
    ),
    # collaboration
    PageCase(
        P + "collaboration.forms.OpportunityForm",
        ("title", "description", "area", "commitment"),
        "org_admin",
        "collaboration:opportunity_new",
        lambda w: reverse("collaboration:opportunity_new"),
        lambda w: {
            "kind": "joint_training",
            "title": "Joint training",
            "description": "Two days.",
            "closes_on": (timezone.localdate() + timedelta(days=10)).isoformat(),
        },
    ),
    PageCase(
        P + "collaboration.forms.InterestForm",
        ("message",),
        "practitioner",
        "collaboration:interest",
        lambda w: _collab_opportunity(w).get_absolute_url(),
    ),
    PageCase(
        P + "collaboration.forms.InterestReplyForm",
        ("reply",),
        "org_admin",
        "collaboration:interest_reply",
        lambda w: reverse("collaboration:interest_reply", args=[_collab_interest(w).pk]),
        lambda w: {"status": "shortlisted"},
    ),
    PageCase(
        P + "collaboration.forms.AgreementCreateForm",
        (*_AGREEMENT_TEXTS, "responsibilities_0", "responsibilities_1"),
        "org_admin",
        "collaboration:agreement_new",
        lambda w: (_collab_partner(w), reverse("collaboration:agreement_new"))[1],
        _collab_agreement_data,
    ),
    PageCase(
        P + "collaboration.forms.AgreementTermsForm",
        _AGREEMENT_TEXTS,
        "org_admin",
        "collaboration:agreement_edit",
        lambda w: reverse("collaboration:agreement_edit", args=[_collab_agreement(w).pk]),
    ),
    PageCase(
        P + "collaboration.forms.ShadowingForm",
        ("title", "description", "area"),
        "practitioner",
        "collaboration:shadowing_new",
        lambda w: reverse("collaboration:shadowing_new"),
        lambda w: {"kind": "request", "title": "Shadow a MASH", "description": "A day."},
    ),
    PageCase(
        P + "collaboration.forms.ShadowingResponseForm",
        ("message",),
        "practitioner",
        "collaboration:shadowing_respond",
        lambda w: _collab_offer(w).get_absolute_url(),
    ),
    PageCase(
        P + "collaboration.forms.ShadowingArrangeForm",
        ("place", "ground_rules"),
        "org_admin",
        "collaboration:shadowing_arrange",
        lambda w: reverse("collaboration:shadowing_arrange", args=[_collab_response(w).pk]),
        lambda w: {
            "start_on": (timezone.localdate() + timedelta(days=7)).isoformat(),
            "place": "Civic Hall",
            "hours": "6",
        },
    ),
    # jobs
    PageCase(
        P + "jobs.forms.JobForm",
        ("title", "location", "hours", "description"),
        "org_admin",
        "jobs:new",
        lambda w: reverse("jobs:new"),
        _job_data,
    ),
    PageCase(
        P + "jobs.forms.JobForm",
        ("title", "location", "hours", "description"),
        "org_admin",
        "jobs:edit",
        lambda w: reverse("jobs:edit", args=[_job(w).pk]),
    ),
    # insights
    PageCase(
        P + "insights.forms.StoryForm",
        ("title", "what_happened", "what_it_gave", "how_used", "difference", "evidence"),
        "member",
        "insights:story_new",
        lambda w: reverse("insights:story_new", args=[w.community.slug]),
        lambda w: {
            "title": "Joint visits",
            "cycles": ["immediate"],
            "what_happened": "A thread.",
            "what_it_gave": "A contact.",
        },
    ),
    PageCase(
        P + "insights.forms.StoryForm",
        _STORY_TEXTS,
        "member",
        "insights:story_edit",
        lambda w: reverse("insights:story_edit", args=[w.community.slug, _value_story(w).pk]),
        lambda w: {"cycles": ["immediate"]},
    ),
    # safeguarding
    PageCase(
        P + "safeguarding.forms.ReportForm",
        ("details",),
        "other_member",
        "safeguarding:report",
        lambda w: _report_url(w.opening_post),
        lambda w: {"reason": "spam"},
    ),
    PageCase(
        P + "safeguarding.forms.ModerationActionForm",
        ("reason",),
        "lead",
        "safeguarding:report_detail",
        lambda w: w.report.get_absolute_url(),
        lambda w: {"action": "acknowledge"},
    ),
]


def _report_url(obj):
    from practice_commons.safeguarding.selectors import report_url

    return report_url(obj)


def _form_case_id(case: PageCase, name: str, index: int) -> str:
    return f"{case.form.rsplit('.', 1)[-1]}.{name}#{index}"


def _page_params():
    params = []
    for index, case in enumerate(PAGE_CASES):
        for name in case.fields:
            gap = KNOWN_GAPS.get((case.form, name)) or next(
                (
                    reason
                    for (form, gap_field), reason in KNOWN_GAPS.items()
                    if gap_field == name and _is_subclass(case.form, form)
                ),
                None,
            )
            marks = [pytest.mark.xfail(strict=True, reason=gap)] if gap else []
            params.append(
                pytest.param(case, name, id=_form_case_id(case, name, index), marks=marks)
            )
    return params


def _is_subclass(child: str, parent: str) -> bool:
    return any(dotted(k) == parent for k in import_string(child).__mro__)


@pytest.fixture
def built_forms(monkeypatch):
    """Every form instance made while the test runs."""
    made = []
    original = forms.BaseForm.__init__

    def record(self, *args, **kwargs):
        original(self, *args, **kwargs)
        made.append(self)

    monkeypatch.setattr(forms.BaseForm, "__init__", record)
    return made


def _assert_nothing_stored(before: dict, mailoutbox) -> None:
    changed = changed_counts(before, table_counts())
    assert not changed, f"rows changed on a refused write (table: (before, after)): {changed}"
    stored = where_stored(SECRETS)
    assert not stored, f"identifying text stored in {stored}"
    sent = [m.subject + m.body for m in mailoutbox]
    assert not any(s in text for s in SECRETS for text in sent), "identifying text was emailed"


@pytest.mark.parametrize("case, name", _page_params())
def test_page_refuses_identifying_text(case, name, client, built_forms, mailoutbox):
    world = World()
    url = case.url(world)
    extra = case.data(world)
    client.force_login(getattr(world, case.user))
    page = client.get(url)
    assert page.status_code == 200, f"GET {url} answered {page.status_code}"
    assert GUARD_MESSAGE not in page.content.decode(), "the page shows the guard's words already"
    control_name = case.prefix + name
    form = pages.form_with(page.content.decode(), control_name, button=case.button)
    assert form is not None, f"{url} shows no POST form with a field called {control_name!r}"
    control = next(c for c in form.controls if c.name == control_name)
    text = text_within(control.max_length)
    data = form.defaults()
    button = case.button or next(((b.name, b.value) for b in form.submit_buttons() if b.name), None)
    if button:
        data[button[0]] = [button[1]]
    for key, value in extra.items():
        data[key] = value if isinstance(value, list) else [value]
    data[control_name] = [case.wrap(text)]
    action = urljoin(url, form.action) if form.action else url
    assert resolve(urlsplit(action).path).view_name == case.posts_to, (
        f"{url}'s form posts to {action}, not to {case.posts_to}"
    )
    before = table_counts()
    del built_forms[:]
    mailoutbox.clear()

    response = client.post(action, data)

    assert response.status_code < 500, f"POST {action} answered {response.status_code}"
    assert not 300 <= response.status_code < 400, (
        f"POST {action} with identifying text in {control_name} was accepted "
        f"(redirect to {response.get('Location')})"
    )
    assert GUARD_MESSAGE in response.content.decode(), (
        f"POST {action}: the guard's message is not shown ({response.status_code})"
    )
    shown_on, error_field = case.form, name
    companion = COMPANION.get((case.form, name))
    if companion:
        shown_on, error_field = companion[0], None
    bound = [f for f in built_forms if dotted(type(f)) == shown_on and f.is_bound]
    assert bound, f"POST {action} did not build a bound {shown_on}"
    messages = [
        str(message)
        for f in bound
        for message in (f.errors.get(error_field, []) if error_field else f.non_field_errors())
    ]
    assert any(GUARD_MESSAGE in m for m in messages), (
        f"{shown_on} shows no guard error on {error_field or 'the form'}: "
        f"{[f.errors for f in bound]}"
    )
    _assert_nothing_stored(before, mailoutbox)


def test_every_guarded_form_field_is_tried_through_a_page():
    """A new guarded form (or field) without a page case above fails here."""
    guarded, _free, problems = project_pairs()
    assert not problems, "\n".join(problems)
    must = {pair for pair in guarded if pair[0] not in BASES}
    must |= set(COMPANION)
    covered = set()
    for case in PAGE_CASES:
        covered |= {(case.form, name) for name in case.fields}
    for form_name, name in KNOWN_GAPS:
        if form_name in BASES:
            continue
        must.add((form_name, name))
    missing = sorted(must - covered)
    assert not missing, f"guarded form fields without a page case in PAGE_CASES: {missing}"
    unknown = sorted(
        (form, name)
        for form, name in covered
        if (form, name) not in guarded
        and (form, name) not in COMPANION
        and not any(_is_subclass(form, g) and name == n for g, n in KNOWN_GAPS)
    )
    assert not unknown, f"page cases for fields that are not guarded form fields: {unknown}"


def test_every_page_binding_a_guarded_form_is_tried():
    """A new page that binds a guarded form (found in the views' code) needs a case."""
    covered = set()
    for case in PAGE_CASES:
        covered.add((case.form, case.posts_to))
        for name in case.fields:
            companion = COMPANION.get((case.form, name))
            if companion:
                covered.add((companion[0], case.posts_to))
    found = pages_binding_guarded_forms()
    missing = sorted(found - covered)
    assert not missing, f"pages that bind a guarded form without a case in PAGE_CASES: {missing}"
    # The other way round checks the scan itself: every case's page must be found in code.
    unseen = sorted(
        (case.form, case.posts_to)
        for case in PAGE_CASES
        if issubclass(import_string(case.form), GuardedFormMixin)
        and (case.form, case.posts_to) not in found
    )
    assert not unseen, f"the views scan did not find these pages binding their forms: {unseen}"


# --- 3. API: every string property of every write is classified and tried ------------------

WRITE_METHODS = ("post", "put", "patch", "delete")

# "Schema.path" -> why the guard need not read it ("[]" is an array's items, "*" any key).
API_EXEMPT = {
    "CommunityIn.visibility": "one of the visibility values, checked by the service",
    "CommunityIn.joining_policy": "one of the joining policies, checked by the service",
    "CommunityIn.professions[]": "profession slugs, looked up",
    "CommunityIn.nations[]": "nation values, checked by the service",
    "CommunityIn.parent": "a community slug, looked up",
    "EvidenceIn.url": "a link, refused unless it starts with http(s):// (the guard reads it too)",
    "more_evidence_file_add.file": "a file: its name and text are read by the guard with the "
    "label (cpd/tests/test_api_evidence_files.py)",
    "EventIn.kind": "one of the event kinds, checked by the service",
    "EventIn.format": "one of the formats, checked by the service",
    "EventIn.nation": "one of the nations, checked by the service",
    "EventIn.audience": "one of the audiences, checked by the service",
    "EventIn.online_url": "a URL, validated by the model",
    "EventIn.contact_email": "an email address, validated by the model",
    "EventIn.address": EXEMPT[(P + "events.forms.EventDetailsForm", "address")],
    "EventIn.contact_name": EXEMPT[(P + "events.forms.EventDetailsForm", "contact_name")],
    "EventIn.target_professions[]": "profession slugs, looked up",
    "EventIn.community": "a community slug, looked up",
    "EventIn.organisation": "an organisation slug, looked up",
    "EventIn.co_hosts[]": "organisation slugs, looked up",
    "RegisterIn.invitation_token": "a signed invitation token, checked and never stored",
    "InvitationsIn.emails[]": "email addresses, each validated as one",
    "InvitationsIn.community": "a community slug, looked up",
    "ReportIn.target": "app_label.model, resolved to a content type",
    "ReportIn.reason": "one of the report reasons, checked by the service",
    "ActionIn.action": "one of the moderation actions, checked by the service",
    "ItemIn.community": "a community slug, looked up",
    "ItemIn.url": "the resource's web address, validated as a URL by the service",
    "ItemIn.topics[]": "topic slugs, looked up",
    "ItemIn.professions[]": "profession slugs, looked up",
    "ItemIn.organisations[]": "organisation slugs, looked up",
    "ItemIn.nations[]": "nation values, checked by the service",
    "ItemIn.age_groups[]": "age group values, checked by the service",
    "ItemIn.pcf_domains[]": "PCF domain values, checked by the service",
    "ItemIn.agencies[]": "organisation kinds, checked by the service",
    "TermIn.professions[]": "profession slugs, looked up",
    "TermIn.nations[]": "nation values, checked by the service",
    "TermIn.links[]": "web addresses, each validated as a URL by the service",
    "RecordIn.activity_type": "one of the activity types, checked by the service",
    "RecordIn.pcf_domains[]": "PCF domain numbers, checked by the service",
    "RecordIn.standards[]": "codes of the person's framework's standards, checked",
    "RecordPatch.activity_type": "one of the activity types, checked by the service",
    "RecordPatch.pcf_domains[]": "PCF domain numbers, checked by the service",
    "RecordPatch.standards[]": "codes of the person's framework's standards, checked",
    "OpportunityIn.professions[]": "profession slugs, looked up",
    "OpportunityIn.organisation": "an organisation slug, looked up",
    "AgreementIn.parties[].organisation": "an organisation slug, looked up",
    "ShadowingIn.profession": "a profession slug, looked up",
    "ShadowingIn.organisation": "an organisation slug, looked up",
    "JobIn.employer": "an organisation slug, looked up",
    "JobIn.profession": "a profession slug, looked up",
    "JobIn.apply_url": "a web address, validated by job_create",
    "JobIn.apply_email": "an email address, validated by job_create",
    "PushSubscriptionIn.endpoint": "the push service's https address, checked by push_subscribe",
    "PushSubscriptionIn.keys.p256dh": "a base64url P-256 point, checked by push_subscribe",
    "PushSubscriptionIn.keys.auth": "a base64url 16-byte secret, checked by push_subscribe",
}

# "Schema.path" -> what happens today (stored without the guard); strict xfails below.
API_KNOWN_GAPS: dict = {}


def _thread_details_variants():
    """``ThreadIn.details.*``: each kind's text answers, one at a time."""
    variants = []
    for kind, spec in _thread_kinds().items():
        required = {
            f.name: (_future() if f.kind == "date" else "An ordinary answer")
            for f in spec.extra_fields
            if f.required
        }
        for extra in spec.extra_fields:
            if extra.kind != "date":
                variants.append((kind, extra.name, required))
    return variants


_decision = ApiWrite(
    "owner",
    lambda w: {"slug": w.community.slug, "membership_id": w.requested_membership.pk},
    guarded=("DecisionIn.reason",),
)

API_WRITES = {
    "POST /api/v1/communities": ApiWrite(
        "practitioner",
        payload=lambda w: {
            "name": "Practice in transitions",
            "purpose": "Peers reflecting on practice.",
            "domain_statement": "Transitions to adult services.",
        },
        guarded=tuple(
            f"CommunityIn.{p}"
            for p in (
                "name",
                "purpose",
                "name_cy",
                "purpose_cy",
                "domain_statement",
                "practice_statement",
                "areas",
                "meeting_rhythm",
                "topics[]",
            )
        ),
        max_length={"CommunityIn.topics[]": 80},
    ),
    "POST /api/v1/communities/{slug}/memberships/{membership_id}/approve": _decision,
    "POST /api/v1/communities/{slug}/memberships/{membership_id}/decline": _decision,
    "POST /api/v1/communities/{slug}/threads": ApiWrite(
        "member",
        lambda w: {"slug": w.community.slug},
        lambda w: {"kind": "problem_solving", "title": "Transfer meetings", "body": "How?"},
        guarded=("ThreadIn.title", "ThreadIn.body", "ThreadIn.details.*"),
    ),
    "POST /api/v1/threads/{thread_id}/replies": ApiWrite(
        "other_member",
        lambda w: {"thread_id": w.thread.pk},
        lambda w: {"body": "We hold them jointly."},
        guarded=("ReplyIn.body",),
    ),
    "POST /api/v1/events": ApiWrite(
        "org_admin",
        payload=_event_payload,
        guarded=(
            "EventIn.title",
            "EventIn.description",
            "EventIn.title_cy",
            "EventIn.description_cy",
            "EventIn.venue",
            "EventIn.area",
            "EventIn.venue_notes",
        ),
    ),
    "POST /api/v1/events/{event_id}/invitations": ApiWrite(
        "org_admin",
        lambda w: {"event_id": w.event.pk},
        lambda w: {"emails": ["guest@example.org"]},
        guarded=("InvitationsIn.message",),
    ),
    "POST /api/v1/reflection/sessions/{session_id}/notes": ApiWrite(
        "other_member",
        lambda w: {"session_id": w.opened_session.pk},
        lambda w: {"body": "A note to myself."},
        guarded=("NoteIn.body",),
    ),
    "POST /api/v1/reflection/sessions/{session_id}/feedback": ApiWrite(
        "other_member",
        lambda w: {"session_id": w.attended_session.pk},
        lambda w: {"usefulness": 4},
        guarded=("FeedbackIn.gave_you",),
    ),
    "POST /api/v1/cpd/records": ApiWrite(
        "practitioner",
        payload=lambda w: {
            "title": "Joint training",
            "date": timezone.localdate().isoformat(),
            "peer_reflection": True,
        },
        guarded=tuple(f"RecordIn.{name}" for name in _CPD_TEXTS),
    ),
    "PATCH /api/v1/cpd/records/{record_id}": ApiWrite(
        "practitioner",
        lambda w: {"record_id": _cpd_record(w).pk},
        lambda w: {"peer_reflection": True},
        guarded=tuple(f"RecordPatch.{name}" for name in _CPD_TEXTS),
    ),
    "POST /api/v1/cpd/records/{record_id}/evidence": ApiWrite(
        "practitioner",
        lambda w: {"record_id": _cpd_record(w).pk},
        lambda w: {"label": "Certificate", "url": "https://training.example.org/c/1"},
        guarded=("EvidenceIn.label",),
        max_length={"EvidenceIn.label": 200},
    ),
    "POST /api/v1/cpd/records/{record_id}/evidence/file": ApiWrite(
        "practitioner",
        lambda w: {"record_id": _cpd_record(w).pk},
        lambda w: {"label": "Slides"},
        guarded=("more_evidence_file_add.label",),
        max_length={"more_evidence_file_add.label": 200},
        files=lambda w: {"file": SimpleUploadedFile("slides.pdf", make_pdf("Agenda"))},
    ),
    "POST /api/v1/cpd/shares": ApiWrite(
        "practitioner",
        payload=lambda w: {"record_ids": [_cpd_record(w).pk], "recipient": "My supervisor"},
        guarded=("ShareIn.recipient",),
        max_length={"ShareIn.recipient": 120},
    ),
    "POST /api/v1/library/items": ApiWrite(
        "member",
        payload=lambda w: {
            "kind": "practice_example",
            "community": w.community.slug,
            "title": "Joint training with police and teachers",
            "summary": "Half-day joint sessions.",
            "what_was_done": "Six sessions a year.",
            "outcomes": "More joint referrals.",
        },
        guarded=tuple(
            f"ItemIn.{p}"
            for p in (
                "title",
                "summary",
                "title_cy",
                "summary_cy",
                "context",
                "what_was_done",
                "outcomes",
                "evidence",
                "before_trying",
            )
        ),
    ),
    "POST /api/v1/library/items/{item_id}/endorsements": ApiWrite(
        "other_member",
        lambda w: {"item_id": _library_item(w).pk},
        lambda w: {"kind": "endorse", "note": "We tried this too."},
        guarded=("EndorsementIn.note",),
    ),
    "POST /api/v1/glossary/terms": ApiWrite(
        "member",
        payload=lambda w: {"term": "CIN", "definition": "Child in need."},
        guarded=(
            "TermIn.term",
            "TermIn.definition",
            "TermIn.also_known_as[]",
            "TermIn.equivalents",
        ),
        max_length={"TermIn.term": 80, "TermIn.also_known_as[]": 80},
    ),
    "POST /api/v1/opportunities": ApiWrite(
        "org_admin",
        payload=lambda w: {
            "kind": "joint_training",
            "title": "Joint training",
            "description": "Two days.",
            "closes_on": (timezone.localdate() + timedelta(days=10)).isoformat(),
        },
        guarded=tuple(f"OpportunityIn.{p}" for p in ("title", "description", "area", "commitment")),
    ),
    "POST /api/v1/opportunities/{opportunity_id}/interests": ApiWrite(
        "practitioner",
        lambda w: {"opportunity_id": _collab_opportunity(w).pk},
        lambda w: {"message": "Count us in."},
        guarded=("InterestIn.message",),
    ),
    "POST /api/v1/agreements": ApiWrite(
        "org_admin",
        payload=lambda w: {
            "title": "Joint training",
            "parties": [
                {"organisation": w.organisation.slug, "contact": w.org_admin.pk},
                {
                    "organisation": _collab_partner(w)[0].slug,
                    "contact": _collab_partner(w)[1].pk,
                },
            ],
            "purpose": "Joint training.",
            "responsibilities": ["Runs the sessions.", "Hosts them."],
            "start_on": timezone.localdate().isoformat(),
            "review_on": (timezone.localdate() + timedelta(days=90)).isoformat(),
        },
        guarded=(
            "AgreementIn.title",
            "AgreementIn.purpose",
            "AgreementIn.responsibilities[]",
            "AgreementIn.milestones[]",
            "AgreementIn.communication_internal",
            "AgreementIn.communication_external",
            "AgreementIn.recognition",
            "AgreementIn.data_sharing",
        ),
        finding_field={"AgreementIn.responsibilities[]": "responsibilities.0"},
    ),
    "POST /api/v1/shadowing": ApiWrite(
        "practitioner",
        payload=lambda w: {"kind": "request", "title": "Shadow a MASH", "description": "A day."},
        guarded=("ShadowingIn.title", "ShadowingIn.description", "ShadowingIn.area"),
    ),
    "POST /api/v1/jobs": ApiWrite(
        "org_admin",
        payload=lambda w: {
            "employer": w.organisation.slug,
            "title": "Social worker",
            "location": "Leeds",
            "contract_type": "permanent",
            "profession": "social-worker",
            "closes_on": (timezone.localdate() + timedelta(days=10)).isoformat(),
            "apply_url": "https://jobs.example.org/1",
            "description": "Join us.",
        },
        guarded=("JobIn.title", "JobIn.location", "JobIn.hours", "JobIn.description"),
    ),
    "POST /api/v1/insights/communities/{slug}/stories": ApiWrite(
        "member",
        lambda w: {"slug": w.community.slug},
        lambda w: {
            "title": "Joint visits",
            "cycles": ["immediate"],
            "what_happened": "A thread.",
            "what_it_gave": "A contact.",
        },
        guarded=(
            "StoryIn.title",
            "StoryIn.what_happened",
            "StoryIn.what_it_gave",
            "StoryIn.how_used",
            "StoryIn.difference",
            "StoryIn.evidence",
        ),
    ),
    "PATCH /api/v1/insights/communities/{slug}/stories/{story_id}": ApiWrite(
        "member",
        lambda w: {"slug": w.community.slug, "story_id": _value_story(w).pk},
        lambda w: {"consent_to_publish": True},
        guarded=tuple(f"StoryPatchIn.{name}" for name in _STORY_TEXTS),
    ),
    "POST /api/v1/reports": ApiWrite(
        "other_member",
        payload=lambda w: {
            "target": "discussions.post",
            "object_id": w.opening_post.pk,
            "reason": "spam",
        },
        guarded=("ReportIn.details",),
    ),
    "POST /api/v1/reports/{report_id}/actions": ApiWrite(
        "lead",
        lambda w: {"report_id": w.report.pk},
        lambda w: {"action": "acknowledge", "reason": "Looking into it."},
        guarded=("ActionIn.reason",),
    ),
}
API_WRITES |= API_WRITES_PEOPLE | API_WRITES_WORK
API_EXEMPT |= API_EXEMPT_PEOPLE | API_EXEMPT_WORK
# A series takes every field of an event (``SeriesIn`` extends ``EventIn``).
API_EXEMPT |= {
    "SeriesIn." + path.removeprefix("EventIn."): reason
    for path, reason in API_EXEMPT.items()
    if path.startswith("EventIn.")
}


def _openapi():
    from practice_commons.api.api import api

    return api.get_openapi_schema()


def _resolve(schema: dict, document: dict) -> tuple[str | None, dict]:
    ref = schema.get("$ref")
    if ref:
        name = ref.rsplit("/", 1)[-1]
        return name, document["components"]["schemas"][name]
    return None, schema


def string_paths(schema: dict, document: dict, prefix: str = "") -> list[tuple[str, dict]]:
    """(path, schema) for every string a body may carry, through ``$ref``, ``anyOf``,
    nested objects, arrays and free-form objects (``additionalProperties``)."""
    name, schema = _resolve(schema, document)
    if name and not prefix:
        prefix = name
    found = []
    for option in schema.get("anyOf", []) + schema.get("oneOf", []) + schema.get("allOf", []):
        found += string_paths(option, document, prefix)
    kind = schema.get("type")
    if kind == "string":
        found.append((prefix, schema))
    elif kind == "array":
        found += string_paths(schema.get("items", {}), document, f"{prefix}[]")
    elif kind == "object" or "properties" in schema:
        for prop, sub in schema.get("properties", {}).items():
            found += string_paths(sub, document, f"{prefix}.{prop}")
        extra = schema.get("additionalProperties")
        if extra is True or extra == {}:
            found.append((f"{prefix}.*", {"type": "string"}))
        elif isinstance(extra, dict):
            found += string_paths(extra, document, f"{prefix}.*")
    return found


def write_operations() -> list[tuple[str, list[tuple[str, dict]]]]:
    document = _openapi()
    operations = []
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            if method not in WRITE_METHODS:
                continue
            body = (operation.get("requestBody") or {}).get("content", {})
            schema = (body.get("application/json") or {}).get("schema")
            prefix = ""
            if schema is None and "multipart/form-data" in body:
                # An upload's form is inline (no schema name): name it after its operation.
                schema = body["multipart/form-data"]["schema"]
                prefix = operation["operationId"].rsplit("_api_", 1)[-1]
            if schema is None:
                continue
            paths = string_paths(schema, document, prefix)
            operations.append((f"{method.upper()} {path}", paths))
    return operations


def _auto_exempt(schema: dict) -> str | None:
    if "enum" in schema:
        return "one of the values the schema lists"
    if schema.get("format") in ("date-time", "date", "time", "email", "uri"):
        return f"a {schema['format']}, validated by the schema"
    return None


def test_every_api_write_string_is_guarded_or_exempt():
    problems = []
    seen_paths = set()
    for key, paths in write_operations():
        write = API_WRITES.get(key)
        for path, schema in paths:
            seen_paths.add(path)
            if path in API_EXEMPT or _auto_exempt(schema):
                continue
            if write is not None and path in write.guarded:
                continue
            problems.append(
                f"{key}: {path} is a string the guard does not read. Guard it in the "
                "service and add it to API_WRITES[...].guarded, or to API_EXEMPT with a reason"
            )
    stale = sorted(
        p
        for p in [*API_EXEMPT, *(g for w in API_WRITES.values() for g in w.guarded)]
        if p not in seen_paths
    )
    stale_ops = sorted(set(API_WRITES) - {key for key, _paths in write_operations()})
    assert not problems, "\n".join(problems)
    assert not stale, f"classified API properties that no write schema has: {stale}"
    assert not stale_ops, f"API_WRITES for operations the API no longer has: {stale_ops}"


def _set_path(payload: dict, path: str, value: str) -> dict:
    """``payload`` with ``value`` at a schema path (without the schema's name). In a
    list, ``value`` goes in the first item (inside it, for a list of objects) and the
    payload's other items stay, so a list that needs several items stays valid."""
    payload = dict(payload)
    key, _, rest = path.partition(".")
    if key.endswith("[]"):
        items = list(payload.get(key[:-2]) or [])
        first = _set_path(items[0] if items else {}, rest, value) if rest else value
        payload[key[:-2]] = [first, *items[1:]]
    elif rest:
        payload[key] = _set_path(payload.get(key) or {}, rest, value)
    else:
        payload[key] = value
    return payload


def _api_params():
    params = []
    for key, write in API_WRITES.items():
        for path in write.guarded:
            marks = (
                [pytest.mark.xfail(strict=True, reason=API_KNOWN_GAPS[path])]
                if path in API_KNOWN_GAPS
                else []
            )
            if path.endswith(".details.*"):
                # A new thread may be of any kind; an edit keeps its thread's kind (the
                # world's thread is problem solving).
                for kind, extra, required in _thread_details_variants():
                    if path != "ThreadIn.details.*" and kind != "problem_solving":
                        continue
                    variant = (kind, extra, required)
                    params.append(
                        pytest.param(key, path, variant, id=f"{key} {kind}.{extra}", marks=marks)
                    )
            else:
                params.append(pytest.param(key, path, None, id=f"{key} {path}", marks=marks))
    return params


def _token_for(user) -> str:
    out = io.StringIO()
    call_command("create_api_token", user.email, "--scope", "admin", stdout=out)
    return out.getvalue().strip()


@pytest.mark.parametrize("key, path, variant", _api_params())
def test_api_refuses_identifying_text(key, path, variant, client, mailoutbox):
    world = World()
    write = API_WRITES[key]
    method, template = key.split(" ", 1)
    url = template.format(**write.path(world))
    payload = write.payload(world)
    prop = path.split(".", 1)[1]
    expected_field = write.finding_field.get(path, prop.split(".", 1)[0].removesuffix("[]"))
    if variant is not None:
        kind, extra, required = variant
        payload = {**payload, "details": {**required, extra: IDENTIFYING_TEXT}}
        if path.startswith("ThreadIn."):
            payload["kind"] = kind
        expected_field = f"details.{extra}"
    else:
        payload = _set_path(payload, prop, text_within(write.max_length.get(path)))
    token = _token_for(getattr(world, write.user))
    before = table_counts()
    mailoutbox.clear()

    auth = {"Authorization": f"Bearer {token}"}
    if write.files is not None:
        response = client.post(url, {**payload, **write.files(world)}, headers=auth)
    else:
        send = getattr(client, method.lower())
        response = send(url, payload, content_type="application/json", headers=auth)

    assert response.status_code == 422, (
        f"{key} with identifying text in {path}: {response.status_code} {response.content[:300]!r}"
    )
    raw = response.content.decode()
    assert not any(s in raw for s in SECRETS), "the answer echoes the identifying text"
    body = response.json()
    findings = body.get("findings") or []
    assert findings, f"the 422 lists no findings: {body}"
    assert body.get("blocking") is True, body
    assert {f["field"] for f in findings} == {expected_field}, findings
    assert "nhs_number" in {f["kind"] for f in findings}, findings
    for finding in findings:
        assert "text" not in finding, "a finding carries its text"
        assert 0 <= finding["start"] < finding["end"], finding
    _assert_nothing_stored(before, mailoutbox)
