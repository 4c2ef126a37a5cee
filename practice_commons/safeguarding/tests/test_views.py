"""Pages: who may see each one, what they show, what a POST changes, the queue's query
budget, and the guarded profile form (the pattern every later form follows)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.template import Context, Template
from django.urls import reverse

from practice_commons.accounts.models import AuditEvent, Profession, User
from practice_commons.confidentiality.testing import (
    IDENTIFYING_TEXT,
    NHS_NUMBER,
    assert_form_view_guarded,
)
from practice_commons.core.testing import html_contains
from practice_commons.safeguarding import selectors, services
from practice_commons.safeguarding.models import ContentHold, Report, SafeguardingLead

from .conftest import make_person, name_lead

pytestmark = pytest.mark.django_db

QUEUE = reverse("safeguarding:queue")
MY_REPORTS = reverse("safeguarding:my_reports")


def report_page(obj):
    return selectors.report_url(obj)


@pytest.fixture
def report(practitioner, subject, lead):
    return services.report_create(actor=practitioner, target=subject, reason="safeguarding")


def _as(client, user):
    if user is not None:
        client.force_login(user)
    return client


def _people(request, names):
    return {name: (request.getfixturevalue(name) if name != "visitor" else None) for name in names}


def _assert_signin_redirect(response):
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


# --- Permissions, role by role ----------------------------------------------------------

ROLES = ("visitor", "practitioner", "org_admin", "lead", "other_lead", "host_admin")


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("visitor", 302),
        ("practitioner", 403),
        ("org_admin", 403),
        ("lead", 200),
        ("other_lead", 200),
        ("host_admin", 200),
    ],
)
def test_queue_permissions(client, request, report, role, expected):
    user = _people(request, [role])[role]
    response = _as(client, user).get(QUEUE)
    if expected == 302:
        _assert_signin_redirect(response)
        return
    assert response.status_code == expected
    if expected == 200:
        listed = list(response.context["page_obj"].object_list)
        assert listed == ([] if role == "other_lead" else [report])


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("visitor", 302),
        ("practitioner", 404),
        ("org_admin", 404),
        ("lead", 200),
        ("other_lead", 404),
        ("host_admin", 200),
    ],
)
def test_report_detail_permissions(client, request, report, role, expected):
    user = _people(request, [role])[role]
    response = _as(client, user).get(report.get_absolute_url())
    if expected == 302:
        _assert_signin_redirect(response)
    else:
        assert response.status_code == expected


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("visitor", 302),
        ("practitioner", 404),
        ("org_admin", 404),
        ("other_lead", 404),
    ],
)
def test_outsiders_cannot_act_on_a_report(client, request, report, role, expected):
    user = _people(request, [role])[role]
    response = _as(client, user).post(
        report.get_absolute_url(), {"action": "restore", "reason": "Looks fine."}
    )
    assert response.status_code == expected
    report.refresh_from_db()
    assert report.status == Report.Status.OPEN


@pytest.mark.parametrize("role", ROLES)
def test_report_page_permissions(client, request, subject, role):
    user = _people(request, [role])[role]
    response = _as(client, user).get(report_page(subject))
    if role == "visitor":
        _assert_signin_redirect(response)
    else:
        assert response.status_code == 200


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("visitor", 302),
        ("practitioner", 404),
        ("lead", 404),
        ("other_lead", 404),
        ("org_admin", 200),
        ("host_admin", 200),
    ],
)
def test_organisation_leads_permissions(client, request, org, role, expected):
    user = _people(request, [role])[role]
    response = _as(client, user).get(
        reverse("safeguarding:organisation_leads", kwargs={"slug": org.slug})
    )
    if expected == 302:
        _assert_signin_redirect(response)
    else:
        assert response.status_code == expected


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("visitor", 302),
        ("practitioner", 404),
        ("lead", 404),
        ("other_lead", 404),
    ],
)
def test_outsiders_cannot_remove_leads(client, request, lead, role, expected):
    assignment = SafeguardingLead.objects.get(user=lead)
    user = _people(request, [role])[role]
    response = _as(client, user).post(
        reverse("safeguarding:lead_remove", kwargs={"pk": assignment.pk})
    )
    assert response.status_code == expected
    assert SafeguardingLead.objects.filter(pk=assignment.pk).exists()


def test_my_reports_and_sent_pages(client, report, practitioner, lead):
    _assert_signin_redirect(client.get(MY_REPORTS))
    response = _as(client, practitioner).get(MY_REPORTS)
    assert response.status_code == 200
    assert "Being reviewed" in response.content.decode()
    sent = reverse("safeguarding:report_sent", kwargs={"pk": report.pk})
    page = client.get(sent).content.decode()
    assert "Report sent" in page and "hidden from everyone" in page
    assert "Exit this page" in page
    assert _as(client, lead).get(sent).status_code == 404


def test_unreportable_things_404(client, practitioner):
    client.force_login(practitioner)
    profession = Profession.objects.get_or_create(slug="z", defaults={"name": "Z"})[0]
    ct = ContentType.objects.get_for_model(Profession)
    assert (
        client.get(
            reverse(
                "safeguarding:report", kwargs={"content_type_id": ct.pk, "object_id": profession.pk}
            )
        ).status_code
        == 404
    )
    user_ct = ContentType.objects.get_for_model(User)
    assert (
        client.get(
            reverse(
                "safeguarding:report", kwargs={"content_type_id": user_ct.pk, "object_id": 999999}
            )
        ).status_code
        == 404
    )


# --- The report page --------------------------------------------------------------------


def test_report_page_shows_exit_and_where_to_get_help(client, practitioner, subject):
    page = _as(client, practitioner).get(report_page(subject)).content.decode()
    assert 'data-module="govuk-exit-this-page"' in page
    assert "0808 800 5000" in page and "999 in an emergency" in page
    assert "employer's safeguarding procedure" in page
    assert f"Profile: {subject.display_name}" in page


def test_reporting_a_profile_hides_it_and_reaches_the_lead(client, practitioner, subject, lead):
    response = _as(client, practitioner).post(
        report_page(subject),
        {"reason": "confidentiality", "details": "The about text names a family."},
    )
    created = Report.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("safeguarding:report_sent", kwargs={"pk": created.pk})
    assert list(created.routed_to.all()) == [lead]
    assert selectors.hidden_from(practitioner, subject)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"details": "No reason given."}, "Choose why you are reporting this."),
        ({"reason": "spam", "details": "x" * 2001}, "Details must be 2,000 characters or fewer."),
    ],
)
def test_bad_report_input_is_explained_and_changes_nothing(
    client, practitioner, subject, data, message
):
    response = _as(client, practitioner).post(report_page(subject), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page and "There is a problem" in page
    assert not Report.objects.exists()


def test_report_details_are_guarded(client, practitioner, subject):
    client.force_login(practitioner)
    assert_form_view_guarded(
        client, report_page(subject), {"reason": "spam"}, "details", model=Report
    )
    assert not ContentHold.objects.exists()


def test_report_details_can_be_redacted_and_sent(client, practitioner, subject):
    client.force_login(practitioner)
    client.post(
        report_page(subject),
        {"reason": "spam", "details": IDENTIFYING_TEXT, "confidentiality_action": "redact"},
    )
    created = Report.objects.get()
    assert "[NHS number]" in created.details and NHS_NUMBER not in created.details


# --- The queue ------------------------------------------------------------------------------


def _fill_queue(count, subject_org, reporter):
    for _ in range(count):
        target = make_person(organisation=subject_org)
        services.report_create(actor=reporter, target=target, reason="harassment")


@pytest.mark.parametrize("count", [3, 40])
def test_queue_has_a_fixed_query_budget(
    client, org, lead, host_admin, practitioner, count, django_assert_max_num_queries
):
    _fill_queue(count, org, practitioner)
    for moderator in (lead, host_admin):
        client.force_login(moderator)
        with django_assert_max_num_queries(10):
            response = client.get(QUEUE)
        assert response.status_code == 200
        assert len(response.context["rows"]) == min(count, 25)


def test_queue_closed_tab_and_pagination(client, org, lead, practitioner):
    _fill_queue(30, org, practitioner)
    client.force_login(lead)
    page2 = client.get(QUEUE + "?page=2")
    assert len(page2.context["rows"]) == 5
    first = Report.objects.order_by("pk").first()
    services.report_act(actor=lead, report=first, action="restore", reason="Fine.")
    closed = client.get(QUEUE + "?show=closed")
    assert [r for r, _ in closed.context["rows"]] == [first]
    assert "Closed reports" in closed.content.decode()


# --- The report detail page -------------------------------------------------------------


def test_detail_shows_the_content_with_findings_and_the_trail(client, report, lead, subject):
    page = _as(client, lead).get(report.get_absolute_url()).content.decode()
    assert "Safeguarding concern about a person at risk" in page
    assert "hidden from everyone but moderators" in page
    assert '<mark class="pc-guard-mark">0113 496 0123' in page
    assert ": Reported" in page and "Content hidden pending review" in page
    assert "Take action" in page


def test_the_detail_page_names_the_reporter_without_their_email(client, report, lead, practitioner):
    page = _as(client, lead).get(report.get_absolute_url()).content.decode()
    assert html_contains(page, practitioner.display_name)
    assert practitioner.email not in page
    assert practitioner.email.split("@")[0] not in page


def test_acting_from_the_detail_page(client, report, lead, subject):
    client.force_login(lead)
    response = client.post(
        report.get_absolute_url(), {"action": "redact", "reason": "Phone number of a school."}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    subject.refresh_from_db()
    assert report.status == Report.Status.REDACTED and "[phone]" in subject.bio
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Phone number of a school." in page and ": Redacted" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "restore"}, "Enter the reason for this action."),
        ({"reason": "Because."}, "Choose an action."),
        ({"action": "explode", "reason": "Because."}, "Choose one of the actions offered."),
        (
            {"action": "restore", "reason": "x" * 1001},
            "The reason must be 1,000 characters or fewer.",
        ),
    ],
)
def test_bad_moderation_input_is_explained(client, report, lead, data, message):
    response = _as(client, lead).post(report.get_absolute_url(), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    report.refresh_from_db()
    assert report.status == Report.Status.OPEN
    assert not AuditEvent.objects.filter(action="report.restore").exists()


def test_moderator_reason_is_guarded(client, report, lead):
    client.force_login(lead)
    assert_form_view_guarded(client, report.get_absolute_url(), {"action": "acknowledge"}, "reason")
    report.refresh_from_db()
    assert report.status == Report.Status.OPEN


# --- Organisation leads page ---------------------------------------------------------------


def test_org_admin_names_and_removes_a_lead(client, org, org_admin, other_org):
    url = reverse("safeguarding:organisation_leads", kwargs={"slug": org.slug})
    member = make_person(organisation=org)
    client.force_login(org_admin)
    page = client.get(url).content.decode()
    assert "has not named a safeguarding lead yet" in page
    response = client.post(url, {"email": member.email.upper()})
    assert response.status_code == 302
    assert list(selectors.leads_for(org)) == [member]
    listed = client.get(url).content.decode()
    assert html_contains(listed, member.display_name)
    assert member.email not in listed and member.email.split("@")[0] not in listed
    outsider = make_person(organisation=other_org)
    for email, message in [
        (outsider.email, "Only people in"),
        ("nobody@example.org", "There is no one in"),
        ("not-an-email", "correct format"),
    ]:
        page = client.post(url, {"email": email}).content.decode()
        assert message in page
    assignment = SafeguardingLead.objects.get()
    response = client.post(
        reverse("safeguarding:lead_remove", kwargs={"pk": assignment.pk}), {"next": url}
    )
    assert response.status_code == 302 and response.url == url
    assert not SafeguardingLead.objects.exists()


# --- The guarded profile form ---------------------------------------------------------------


@pytest.fixture
def profile_data():
    profession = Profession.objects.get_or_create(
        slug="social-worker", defaults={"name": "Social worker"}
    )[0]
    return {
        "full_name": "Sam Patel",
        "profession": profession.pk,
        "nation": "england",
        "regulator": "none",
        "host_membership": "non_member",
        "language": "en-gb",
        "bio": "",
        "expertise_text": "",
    }


def test_profile_form_is_guarded(client, practitioner, profile_data):
    client.force_login(practitioner)
    response = assert_form_view_guarded(
        client, reverse("accounts:profile_edit"), profile_data, "bio", model=AuditEvent
    )
    page = response.content.decode()
    assert "This contains details that could identify someone you work with" in page
    assert "Error: Edit your profile" in page  # the title says the page has an error
    practitioner.refresh_from_db()
    assert practitioner.bio == ""


def test_profile_redact_and_continue_saves_the_redacted_bio(client, practitioner, profile_data):
    client.force_login(practitioner)
    response = client.post(
        reverse("accounts:profile_edit"),
        {**profile_data, "bio": IDENTIFYING_TEXT, "confidentiality_action": "redact"},
    )
    assert response.status_code == 302
    practitioner.refresh_from_db()
    assert "[NHS number]" in practitioner.bio and NHS_NUMBER not in practitioner.bio


MAYBE = "Ask Robin about the Wenger reading group."


def test_profile_warning_can_be_acknowledged(client, practitioner, profile_data, monkeypatch):
    from practice_commons.confidentiality.testing import only_low_confidence_names

    only_low_confidence_names(monkeypatch, "Robin")
    client.force_login(practitioner)
    url = reverse("accounts:profile_edit")
    page = client.post(url, {**profile_data, "bio": MAYBE}).content.decode()
    assert "may contain details" in page and "I have checked" in page
    practitioner.refresh_from_db()
    assert practitioner.bio == ""
    response = client.post(
        url, {**profile_data, "bio": MAYBE, "confidentiality_acknowledged": "on"}
    )
    assert response.status_code == 302
    practitioner.refresh_from_db()
    assert practitioner.bio == MAYBE


# --- Template tag -------------------------------------------------------------------------


def test_report_link_tag(subject):
    html = Template("{% load safeguarding %}{% report_link person %}").render(
        Context({"person": subject})
    )
    assert f'href="{selectors.report_url(subject)}"' in html
    assert 'Report<span class="govuk-visually-hidden"> this profile</span>' in html
    profession = Profession.objects.get_or_create(slug="q", defaults={"name": "Q"})[0]
    assert (
        Template("{% load safeguarding %}{% report_link thing %}")
        .render(Context({"thing": profession}))
        .strip()
        == ""
    )


def test_a_lead_who_owns_the_reported_content_is_not_shown_the_reporter(
    client, org, subject, practitioner, lead
):
    name_lead(subject, org)  # the reported person is also one of the org's leads
    report = services.report_create(actor=practitioner, target=subject, reason="safeguarding")
    client.force_login(subject)
    page = client.get(report.get_absolute_url()).content.decode()
    assert "hidden from you: the report is about your content" in page
    assert practitioner.email not in page
    assert not html_contains(page, practitioner.display_name)
    assert "The reporter" in page
    client.force_login(lead)
    # Another lead is told who reported: by name (an email address is shown to nobody).
    assert html_contains(
        client.get(report.get_absolute_url()).content.decode(), practitioner.display_name
    )
