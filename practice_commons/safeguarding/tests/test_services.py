"""Reports, routing, holds, moderation actions, leads — and the guarded profile and
organisation write paths, proved with the shared helpers in ``safeguarding.testing``."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from practice_commons.accounts import services as account_services
from practice_commons.accounts.models import AuditEvent, Organisation, Profession, User
from practice_commons.confidentiality.guard import ConfidentialityBlocked
from practice_commons.confidentiality.testing import (
    IDENTIFYING_TEXT,
    NHS_NUMBER,
    assert_service_guarded,
)
from practice_commons.notifications.models import Notification
from practice_commons.safeguarding import selectors, services
from practice_commons.safeguarding.models import ContentHold, Report, SafeguardingLead

from .conftest import make_org, make_person, name_lead

pytestmark = pytest.mark.django_db

CONFIDENTIALITY = Report.Reason.CONFIDENTIALITY


def _report(actor, target, reason=CONFIDENTIALITY, **kwargs):
    return services.report_create(actor=actor, target=target, reason=reason, **kwargs)


def _trail(report):
    return list(selectors.report_trail(report).values_list("action", flat=True))


# --- Guarded write paths in accounts ----------------------------------------------------


def test_profile_update_is_guarded(practitioner):
    profession = Profession.objects.get_or_create(
        slug="youth-worker", defaults={"name": "Youth worker"}
    )[0]
    for field in ("bio", "pronouns", "area"):
        assert_service_guarded(
            lambda text, field=field: account_services.profile_update(
                actor=practitioner,
                user=practitioner,
                expertise=[],
                data={
                    "full_name": "Sam",
                    "profession": profession,
                    "nation": "england",
                    field: text,
                },
            ),
            model=AuditEvent,
        )
    practitioner.refresh_from_db()
    assert practitioner.bio == "" and practitioner.area == ""


def test_profile_expertise_is_guarded(practitioner):
    from practice_commons.accounts.models import ExpertiseTag

    assert_service_guarded(
        lambda text: account_services.profile_update(
            actor=practitioner, user=practitioner, data={}, expertise=["neglect", text]
        ),
        model=ExpertiseTag,
    )


def test_new_organisation_from_profile_is_guarded(practitioner):
    assert_service_guarded(
        lambda text: account_services.profile_update(
            actor=practitioner,
            user=practitioner,
            data={"area": text},
            expertise=[],
            new_organisation=account_services.NewOrganisation(name="New Org", kind="charity"),
        ),
        model=Organisation,
    )


def test_organisation_create_is_guarded(practitioner):
    for field in ("description", "area"):
        assert_service_guarded(
            lambda text, field=field: account_services.organisation_create(
                actor=practitioner, name="Hope Trust", kind="charity", **{field: text}
            ),
            model=Organisation,
        )


def test_own_full_name_is_not_guarded(practitioner):
    account_services.profile_update(
        actor=practitioner,
        user=practitioner,
        expertise=[],
        data={"full_name": "Jayden Okafor", "bio": "Hello."},
    )
    practitioner.refresh_from_db()
    assert practitioner.full_name == "Jayden Okafor"


def test_clean_profile_saves(practitioner):
    account_services.profile_update(
        actor=practitioner,
        user=practitioner,
        expertise=["neglect"],
        data={"bio": "I run the neglect pathway; I like reading Wenger."},
    )
    practitioner.refresh_from_db()
    assert practitioner.bio.startswith("I run the neglect pathway")


def test_assert_service_guarded_fails_for_an_unguarded_write(practitioner):
    with pytest.raises(AssertionError, match="not blocked"):
        assert_service_guarded(lambda text: None)


# --- Reporting and routing --------------------------------------------------------------


def test_report_routes_to_the_scope_leads_and_hides_at_once(
    practitioner, subject, lead, other_lead, host_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = _report(practitioner, subject, details="Their bio names a family.")
    assert list(report.routed_to.all()) == [lead]
    assert report.scope_type.model_class() is Organisation
    assert report.scope_id == subject.organisation_id
    assert selectors.is_hidden(subject)
    assert ContentHold.objects.get().report == report
    assert _trail(report) == ["report.create", "content.hide"]
    recipients = {tuple(m.to) for m in mail.outbox}
    assert (lead.email,) in recipients  # the lead is told to look
    assert (subject.email,) in recipients  # the owner is told it is hidden
    assert all("Their bio" not in m.body for m in mail.outbox)
    owner_mail = next(m for m in mail.outbox if m.to == [subject.email])
    assert "employer's" in owner_mail.body and practitioner.email not in owner_mail.body


def test_report_without_named_leads_goes_to_host_admins(practitioner, host_admin, other_org):
    loner = make_person()  # no organisation, so no scope
    in_org_without_lead = make_person(organisation=other_org)
    inactive_admin = make_person(host_admin=True, is_active=False)
    assert list(_report(practitioner, loner).routed_to.all()) == [host_admin]
    routed = _report(practitioner, in_org_without_lead).routed_to.all()
    assert list(routed) == [host_admin] and inactive_admin not in routed


@pytest.mark.parametrize("reason", ["harassment", "misinformation", "spam"])
def test_other_reasons_do_not_hide(practitioner, subject, lead, reason):
    _report(practitioner, subject, reason=reason)
    assert not selectors.is_hidden(subject)


@pytest.mark.parametrize(
    ("reason", "details", "field"),
    [
        ("", "", "reason"),
        ("because", "", "reason"),
        ("spam", "x" * 2001, "details"),
    ],
)
def test_bad_report_input_changes_nothing(practitioner, subject, reason, details, field):
    with pytest.raises(ValidationError) as caught:
        _report(practitioner, subject, reason=reason, details=details)
    assert field in caught.value.message_dict
    assert not Report.objects.exists() and not ContentHold.objects.exists()


def test_report_details_are_guarded(practitioner, subject, lead):
    assert_service_guarded(lambda text: _report(practitioner, subject, details=text), model=Report)
    assert not ContentHold.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="report").exists()


def test_reporting_twice_is_refused(practitioner, subject, lead):
    _report(practitioner, subject)
    with pytest.raises(ValidationError, match="already reported"):
        _report(practitioner, subject, reason="spam")
    assert Report.objects.count() == 1


def test_anonymous_and_unregistered_reports_are_refused(subject, practitioner):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        _report(AnonymousUser(), subject)
    with pytest.raises(ValidationError, match="cannot be reported"):
        _report(practitioner, Profession.objects.get_or_create(slug="x", defaults={"name": "X"})[0])


# --- Moderation ---------------------------------------------------------------------------


@pytest.fixture
def report(practitioner, subject, lead):
    return _report(practitioner, subject)


def _act(actor, report, action, reason="Checked against the policy.", **kwargs):
    return services.report_act(actor=actor, report=report, action=action, reason=reason, **kwargs)


def test_acknowledge_keeps_it_hidden_and_is_audited(report, lead):
    acted = _act(lead, report, "acknowledge")
    assert acted.status == Report.Status.ACKNOWLEDGED and acted.outcome == ""
    assert ContentHold.objects.exists()
    event = AuditEvent.objects.get(action="report.acknowledge")
    assert (event.actor, event.reason, event.target_id) == (
        lead,
        "Checked against the policy.",
        str(report.pk),
    )
    assert "acknowledge" not in services.available_actions(acted)


def test_redact_replaces_the_text_shows_it_again_and_tells_the_reporter(
    report, lead, subject, practitioner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        acted = _act(lead, report, "redact")
    subject.refresh_from_db()
    assert "0113 496 0123" not in subject.bio and "[phone]" in subject.bio
    assert not selectors.is_hidden(subject)
    assert (acted.status, acted.outcome) == (Report.Status.REDACTED, Report.Outcome.REDACTED)
    assert acted.closed_at is not None
    assert AuditEvent.objects.filter(action="profile.moderate", actor=lead).exists()
    told = Notification.objects.get(recipient=practitioner, kind="report_outcome")
    assert told.title.startswith("Your report has been reviewed: the content was edited")
    assert lead.email not in told.body and "0113" not in told.title + told.body


def test_remove_clears_the_text_and_keeps_it_hidden(report, lead, subject):
    acted = _act(lead, report, "remove")
    subject.refresh_from_db()
    assert subject.bio == ""
    assert ContentHold.objects.get().removed
    assert (acted.status, acted.outcome) == (Report.Status.REMOVED, Report.Outcome.REMOVED)


def test_restore_shows_it_again(report, lead, subject):
    acted = _act(lead, report, "restore")
    assert not selectors.is_hidden(subject)
    assert (acted.status, acted.outcome) == (Report.Status.RESTORED, Report.Outcome.NO_ACTION)
    assert "content.show" in _trail(acted)
    # A mistaken decision can be revisited: remove after restore.
    assert "remove" in services.available_actions(acted)


def test_escalate_routes_to_host_admins(
    report, lead, host_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        acted = _act(lead, report, "escalate", reason="Needs a host decision.")
    assert acted.status == Report.Status.ESCALATED
    assert set(acted.routed_to.all()) == {lead, host_admin}
    assert any(m.to == [host_admin.email] and "Escalated" in m.subject for m in mail.outbox)
    _act(host_admin, acted, "restore")


def test_a_decision_closes_every_open_report_about_the_content(report, lead, subject):
    second = _report(make_person(), subject, reason="harassment")
    _act(lead, report, "restore")
    second.refresh_from_db()
    assert second.status == Report.Status.RESTORED
    assert AuditEvent.objects.filter(action="report.restore", target_id=str(second.pk)).exists()


def test_moderation_needs_a_reason_and_a_valid_action(report, lead):
    with pytest.raises(ValidationError) as caught:
        _act(lead, report, "acknowledge", reason="  ")
    assert "reason" in caught.value.message_dict
    with pytest.raises(ValidationError):
        _act(lead, report, "acknowledge", reason="x" * 1001)
    with pytest.raises(ValidationError) as caught:
        _act(lead, report, "obliterate")
    assert "action" in caught.value.message_dict
    report.refresh_from_db()
    assert report.status == Report.Status.OPEN


def test_moderator_reasons_are_guarded(report, lead):
    with pytest.raises(ConfidentialityBlocked):
        _act(lead, report, "acknowledge", reason=IDENTIFYING_TEXT)
    report.refresh_from_db()
    assert report.status == Report.Status.OPEN
    assert not AuditEvent.objects.filter(reason__contains=NHS_NUMBER).exists()


def test_only_routed_moderators_may_act(report, other_lead, org_admin, practitioner, host_admin):
    for outsider in (other_lead, org_admin, practitioner):
        with pytest.raises(PermissionDenied):
            _act(outsider, report, "restore")
    _act(host_admin, report, "acknowledge")  # host admins may act on anything


def test_outcome_goes_through_notifications(
    report, lead, practitioner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _act(lead, report, "remove")
    notification = Notification.objects.get(kind="report_outcome")
    assert notification.recipient == practitioner
    assert notification.title == "Your report has been reviewed: the content was removed"
    assert notification.url == "/safeguarding/my-reports/"


# --- Leads ----------------------------------------------------------------------------------


def test_org_admin_names_and_removes_a_lead(org, org_admin):
    member = make_person(organisation=org)
    lead = services.safeguarding_lead_assign(actor=org_admin, user=member, scope_object=org)
    assert list(selectors.leads_for(org)) == [member]
    again = services.safeguarding_lead_assign(actor=org_admin, user=member, scope_object=org)
    assert again == lead and SafeguardingLead.objects.count() == 1
    assert AuditEvent.objects.filter(action="safeguarding_lead.assign").count() == 1
    services.safeguarding_lead_remove(actor=org_admin, lead=lead)
    assert not selectors.leads_for(org).exists()
    assert AuditEvent.objects.filter(action="safeguarding_lead.remove").exists()


def test_lead_must_belong_to_the_organisation(org, org_admin, other_org):
    outsider = make_person(organisation=other_org)
    with pytest.raises(ValidationError) as caught:
        services.safeguarding_lead_assign(actor=org_admin, user=outsider, scope_object=org)
    assert "user" in caught.value.message_dict


def test_only_managers_name_leads(org, practitioner, host_admin, lead):
    member = make_person(organisation=org)
    for actor in (practitioner, lead):
        with pytest.raises(PermissionDenied):
            services.safeguarding_lead_assign(actor=actor, user=member, scope_object=org)
    services.safeguarding_lead_assign(actor=host_admin, user=member, scope_object=org)


def test_scopes_must_be_registered(host_admin, practitioner):
    profession = Profession.objects.get_or_create(slug="y", defaults={"name": "Y"})[0]
    with pytest.raises(ValidationError):
        services.safeguarding_lead_assign(
            actor=host_admin, user=practitioner, scope_object=profession
        )


def test_a_registered_scope_routes_reports(practitioner, host_admin):
    """What communities will do: register a scope and name leads for it."""
    from practice_commons.safeguarding import registry

    org = make_org()
    owner = make_person(organisation=org)
    area_lead = make_person()
    name_lead(area_lead, org)
    assert selectors.route_for(owner) == (org, [area_lead])
    assert registry.scope_for(Organisation).can_lead(owner, org)


# --- Selectors ----------------------------------------------------------------------------


def test_hidden_ids_filters_a_listing_in_one_query(
    report, subject, practitioner, django_assert_num_queries
):
    with django_assert_num_queries(1):
        visible = list(User.objects.exclude(pk__in=selectors.hidden_ids(User)))
    assert subject not in visible and practitioner in visible
    assert set(selectors.hidden_ids(User)) == {subject.pk}


def test_hidden_content_is_invisible_to_everyone_but_moderators(
    report, subject, lead, other_lead, org_admin, practitioner, host_admin
):
    from django.contrib.auth.models import AnonymousUser

    for viewer in (AnonymousUser(), practitioner, org_admin, other_lead, subject):
        assert selectors.hidden_from(viewer, subject)
        assert subject not in selectors.exclude_hidden(User.objects.all(), viewer)
    for moderator in (lead, host_admin):
        assert not selectors.hidden_from(moderator, subject)
    assert subject in selectors.exclude_hidden(User.objects.all(), host_admin)


def test_moderator_lists(report, lead, other_lead, host_admin, practitioner, org_admin):
    assert list(selectors.reports_for_moderator(lead)) == [report]
    assert list(selectors.reports_for_moderator(other_lead)) == []
    assert list(selectors.reports_for_moderator(host_admin)) == [report]
    assert list(selectors.reports_for_moderator(lead, open_only=False)) == []
    assert selectors.is_moderator(lead) and selectors.is_moderator(host_admin)
    assert not selectors.is_moderator(practitioner) and not selectors.is_moderator(org_admin)
    assert selectors.reports_for_moderator(lead).get().is_held


def test_report_emails_are_in_each_recipients_language(
    practitioner, subject, lead, django_capture_on_commit_callbacks
):
    """The reporter reads English; the lead and the person whose words are hidden read
    Welsh, and are written to in Welsh."""
    from django.utils import translation

    for person in (lead, subject):
        person.language = "cy"
        person.save(update_fields=["language"])
    with translation.override("cy"):
        lead_subject = translation.gettext("New report to review")
        owner_subject = translation.gettext("Something you wrote is hidden while it is reviewed")
    assert lead_subject != "New report to review"  # the catalogue has the Welsh
    with translation.override("en-gb"), django_capture_on_commit_callbacks(execute=True):
        _report(practitioner, subject, details="Their bio names a family.")
    by_recipient = {m.to[0]: m.subject for m in mail.outbox}
    assert by_recipient[lead.email].endswith(lead_subject)
    assert by_recipient[subject.email].endswith(owner_subject)
