import pytest
from django.core import mail
from django.urls import reverse

from practice_commons.accounts.models import Organisation, OrganisationMembership
from practice_commons.notifications import services
from practice_commons.notifications.kinds import Channel, DigestFrequency, NotificationKind
from practice_commons.notifications.models import (
    Newsletter,
    Notification,
    NotificationPreference,
    NotificationSettings,
    ThreadMute,
)
from practice_commons.notifications.tokens import make_unsubscribe_token

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def notify(person, n=1, **kwargs):
    for i in range(n):
        services.notify(
            recipient=person,
            kind=kwargs.get("kind", NotificationKind.REPLY),
            title=f"Reply number {i}",
            url="/communities/",
            body="Body text",
            community_id=kwargs.get("community_id"),
        )
    return Notification.objects.filter(recipient=person).first()


@pytest.fixture
def signed_in(client, person):
    client.force_login(person)
    return client


LOGIN_ONLY_GET = [
    "notifications:list",
    "notifications:bell",
    "notifications:preferences",
    "notifications:quiet_hours",
    "notifications:newsletters",
]
LOGIN_ONLY_POST = [
    "notifications:mark_all_read",
    "notifications:thread_mute",
    "notifications:thread_unmute",
]


@pytest.mark.parametrize("name", LOGIN_ONLY_GET + LOGIN_ONLY_POST)
def test_visitors_are_sent_to_sign_in(client, name):
    method = client.post if name in LOGIN_ONLY_POST else client.get
    response = method(reverse(name))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_visitors_cannot_touch_a_notification(client, person):
    notification = notify(person)
    for name in ("notifications:mark_read", "notifications:open"):
        response = (
            client.post(reverse(name, args=[notification.pk]))
            if name.endswith("read")
            else client.get(reverse(name, args=[notification.pk]))
        )
        assert response.status_code == 302
    notification.refresh_from_db()
    assert notification.read_at is None


def test_list_shows_only_your_own(signed_in, person, other_person):
    notify(person)
    services.notify(recipient=other_person, kind=NotificationKind.MENTION, title="Secret title")
    response = signed_in.get(reverse("notifications:list"))
    assert response.status_code == 200
    assert b"Reply number 0" in response.content
    assert b"Secret title" not in response.content
    assert b"Mark all as read" in response.content


def test_empty_list(signed_in):
    response = signed_in.get(reverse("notifications:list"))
    assert b"You have no notifications yet" in response.content


@pytest.mark.parametrize("count", [3, 45])
def test_list_query_budget(signed_in, person, count, django_assert_max_num_queries):
    notify(person, count)
    # session, user, count, page, unread count (bell), navigation (organisations)
    with django_assert_max_num_queries(8):
        response = signed_in.get(reverse("notifications:list"))
    assert response.status_code == 200


def test_load_more_with_htmx(signed_in, person):
    notify(person, 45)
    first = signed_in.get(reverse("notifications:list"))
    assert b"Load more notifications" in first.content
    second = signed_in.get(reverse("notifications:list") + "?page=2", **HTMX)
    assert second.status_code == 200
    assert b"<html" not in second.content
    assert second.content.count(b'class="govuk-!-margin-bottom-5') == 20
    third = signed_in.get(reverse("notifications:list") + "?page=3", **HTMX)
    assert b"Load more" not in third.content
    # Without JavaScript, page 2 is a full page with a way back.
    plain = signed_in.get(reverse("notifications:list") + "?page=2")
    assert b"<html" in plain.content and b"Newer notifications" in plain.content


def test_mark_read_without_js(signed_in, person):
    notification = notify(person)
    response = signed_in.post(
        reverse("notifications:mark_read", args=[notification.pk]),
        {"next": "/notifications/?page=1"},
    )
    assert response.status_code == 302 and response["Location"] == "/notifications/?page=1"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_mark_read_ignores_offsite_next(signed_in, person):
    notification = notify(person)
    response = signed_in.post(
        reverse("notifications:mark_read", args=[notification.pk]),
        {"next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("notifications:list")


def test_mark_read_with_htmx(signed_in, person):
    notification = notify(person)
    response = signed_in.post(reverse("notifications:mark_read", args=[notification.pk]), **HTMX)
    assert response.status_code == 200
    assert "notificationsChanged" in response["HX-Trigger"]
    assert b"Mark as read" not in response.content
    assert f'id="notification-{notification.pk}"'.encode() in response.content


def test_someone_elses_notification_is_404(signed_in, other_person):
    theirs = notify(other_person)
    assert signed_in.post(reverse("notifications:mark_read", args=[theirs.pk])).status_code == 404
    assert signed_in.get(reverse("notifications:open", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_read_needs_post(signed_in, person):
    notification = notify(person)
    response = signed_in.get(reverse("notifications:mark_read", args=[notification.pk]))
    assert response.status_code == 405


def test_open_marks_read_and_redirects(signed_in, person):
    notification = notify(person)
    response = signed_in.get(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 302 and response["Location"] == "/communities/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_open_does_not_redirect_off_site(signed_in, person):
    notification = services.notify(
        recipient=person, kind=NotificationKind.REPLY, title="x", url="https://elsewhere.example/"
    )
    response = signed_in.get(reverse("notifications:open", args=[notification.pk]))
    assert response["Location"] == reverse("notifications:list")


def test_mark_all_read(signed_in, person, other_person):
    notify(person, 3)
    notify(other_person, 2)
    response = signed_in.post(reverse("notifications:mark_all_read"))
    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=person, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=other_person, read_at__isnull=True).count() == 2


def test_mark_all_read_with_htmx(signed_in, person):
    notify(person, 3)
    response = signed_in.post(reverse("notifications:mark_all_read"), **HTMX)
    assert response.status_code == 200
    assert b"All notifications marked as read." in response.content
    assert "notificationsChanged" in response["HX-Trigger"]


def test_bell_partial_counts_unread(signed_in, person):
    notify(person, 2)
    response = signed_in.get(reverse("notifications:bell"), **HTMX)
    assert b'2<span class="govuk-visually-hidden"> unread</span>' in response.content


def test_bell_shows_99_plus_above_99(signed_in, person):
    notify(person, 100)
    response = signed_in.get(reverse("notifications:bell"), **HTMX)
    assert b'99+<span class="govuk-visually-hidden"> unread</span>' in response.content


def test_the_bell_count_comes_with_the_signed_in_person(rf, person, django_assert_num_queries):
    from practice_commons.accounts.backends import ModelBackend
    from practice_commons.notifications.context_processors import notifications

    notify(person, 2)
    request = rf.get("/")
    with django_assert_num_queries(1):
        request.user = ModelBackend().get_user(person.pk)
        assert notifications(request)["notification_unread_count"] == 2


# --- Preferences --------------------------------------------------------------------


def test_preferences_page(signed_in, person):
    notify(person, community_id=12)
    response = signed_in.get(reverse("notifications:preferences"))
    assert response.status_code == 200
    assert b"Mentions of you" in response.content
    assert b"Community 12" in response.content  # no label resolver registered in tests


def _preferences_data(**overrides):
    data = {f"kind_{k}": "immediately" for k in NotificationKind.values}
    data["digest_frequency"] = "weekly"
    data.update(overrides)
    return data


def test_preferences_save_without_js(signed_in, person):
    notify(person, community_id=12)
    response = signed_in.post(
        reverse("notifications:preferences"),
        _preferences_data(kind_mention="daily", community_12="off", digest_frequency="daily"),
    )
    assert response.status_code == 302
    assert NotificationPreference.objects.get(user=person, kind="mention").channel == "daily"
    assert (
        NotificationPreference.objects.get(user=person, kind="all", community_id=12).channel
        == Channel.OFF
    )
    assert NotificationSettings.objects.get(user=person).digest_frequency == DigestFrequency.DAILY


def test_preferences_save_with_htmx(signed_in, person):
    response = signed_in.post(
        reverse("notifications:preferences"), _preferences_data(kind_reply="weekly"), **HTMX
    )
    assert response.status_code == 200
    assert b"have been saved" in response.content
    assert b"<html" not in response.content


def test_preferences_invalid_choice(signed_in, person):
    response = signed_in.post(
        reverse("notifications:preferences"), _preferences_data(kind_reply="sometimes")
    )
    assert response.status_code == 200
    assert b"from the list" in response.content
    assert b"Select a valid choice" not in response.content
    assert not NotificationPreference.objects.filter(user=person).exists()


def test_quiet_hours_page(signed_in, person):
    response = signed_in.get(reverse("notifications:quiet_hours"))
    assert response.status_code == 200
    data = {
        "quiet_hours_enabled": "on",
        "timezone": "Europe/London",
        "day_0": "22:00-24:00, 00:00-06:00",
        "day_1": "",
        "day_2": "",
        "day_3": "",
        "day_4": "",
        "day_5": "00:00-24:00",
        "day_6": "00:00-24:00",
    }
    response = signed_in.post(reverse("notifications:quiet_hours"), data)
    assert response.status_code == 302
    row = NotificationSettings.objects.get(user=person)
    assert row.quiet_hours_enabled
    assert row.quiet_hours["0"] == [["00:00", "06:00"], ["22:00", "24:00"]]
    assert row.quiet_hours["1"] == []


def test_quiet_hours_errors(signed_in, person):
    data = {
        "timezone": "Europe/London",
        "day_0": "22:00-06:00",
        **{f"day_{i}": "" for i in range(1, 7)},
    }
    response = signed_in.post(reverse("notifications:quiet_hours"), data)
    assert response.status_code == 200
    assert b"must end after it starts" in response.content
    all_week = {
        "quiet_hours_enabled": "on",
        "timezone": "Europe/London",
        **{f"day_{i}": "00:00-24:00" for i in range(7)},
    }
    response = signed_in.post(reverse("notifications:quiet_hours"), all_week)
    assert b"Leave some time in the week" in response.content


# --- Mute -----------------------------------------------------------------------------


def test_mute_and_unmute_without_js(signed_in, person):
    response = signed_in.post(
        reverse("notifications:thread_mute"),
        {"thread_key": "discussions.thread:4", "next": "/communities/x/"},
    )
    assert response.status_code == 302 and response["Location"] == "/communities/x/"
    assert ThreadMute.objects.filter(user=person, thread_key="discussions.thread:4").exists()
    signed_in.post(reverse("notifications:thread_unmute"), {"thread_key": "discussions.thread:4"})
    assert not ThreadMute.objects.exists()


def test_mute_with_htmx_returns_the_button(signed_in, person):
    response = signed_in.post(
        reverse("notifications:thread_mute"), {"thread_key": "discussions.thread:4"}, **HTMX
    )
    assert response.status_code == 200
    assert b"Unmute this conversation" in response.content
    response = signed_in.post(
        reverse("notifications:thread_unmute"), {"thread_key": "discussions.thread:4"}, **HTMX
    )
    assert b"Mute this conversation" in response.content


def test_mute_needs_a_key(signed_in):
    assert signed_in.post(reverse("notifications:thread_mute"), {}).status_code == 400


# --- Unsubscribe ------------------------------------------------------------------------


def test_unsubscribe_get_asks_first(client, person):
    token = make_unsubscribe_token(person.pk, "mention")
    response = client.get(reverse("notifications:unsubscribe", args=[token]))
    assert response.status_code == 200
    assert b"Unsubscribe from these emails?" in response.content
    assert not NotificationPreference.objects.exists()


def test_unsubscribe_one_click_post_without_session_or_csrf(person):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    token = make_unsubscribe_token(person.pk, "mention")
    response = client.post(
        reverse("notifications:unsubscribe", args=[token]), {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    assert b"You have been unsubscribed" in response.content
    assert NotificationPreference.objects.get(user=person, kind="mention").channel == Channel.OFF


def test_unsubscribe_bad_token(client):
    response = client.post(reverse("notifications:unsubscribe", args=["nope"]))
    assert response.status_code == 404
    assert b"does not work" in response.content


def test_unsubscribe_link_in_email_works(client, person, run_on_commit):
    with run_on_commit():
        services.notify(recipient=person, kind=NotificationKind.MENTION, title="Mentioned")
    header = mail.outbox[0].extra_headers["List-Unsubscribe"]
    path = header.strip("<>").split("://", 1)[1].split("/", 1)[1]
    response = client.post("/" + path)
    assert response.status_code == 200
    assert NotificationPreference.objects.get(user=person, kind="mention").channel == Channel.OFF


# --- Newsletters -------------------------------------------------------------------------


@pytest.fixture
def organisation(db):
    return Organisation.objects.create(
        name="Riverside Council", slug="riverside", kind=Organisation.Kind.LOCAL_AUTHORITY
    )


@pytest.fixture
def org_admin_client(client, make_person, organisation):
    admin = make_person(organisation=organisation)
    OrganisationMembership.objects.create(
        organisation=organisation, user=admin, role=OrganisationMembership.Role.ADMIN
    )
    client.force_login(admin)
    client.admin = admin
    return client


def test_newsletter_compose_preview_send(
    org_admin_client, organisation, make_person, django_capture_on_commit_callbacks
):
    member = make_person()
    OrganisationMembership.objects.create(organisation=organisation, user=member)
    index = org_admin_client.get(reverse("notifications:newsletters"))
    assert b"Write to Riverside Council" in index.content
    compose_url = reverse(
        "notifications:newsletter_compose", args=["organisation", organisation.pk]
    )
    assert org_admin_client.get(compose_url).status_code == 200
    response = org_admin_client.post(
        compose_url, {"subject": "Our month", "body": "Well done *all*"}
    )
    newsletter = Newsletter.objects.get()
    assert response["Location"] == newsletter.get_absolute_url()
    preview = org_admin_client.get(newsletter.get_absolute_url())
    assert b"This is a preview" in preview.content and b"<em>all</em>" in preview.content
    edit = org_admin_client.post(
        reverse("notifications:newsletter_edit", args=[newsletter.pk]),
        {"subject": "Our month, again", "body": "Well done"},
    )
    assert edit.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        sent = org_admin_client.post(reverse("notifications:newsletter_send", args=[newsletter.pk]))
    assert sent.status_code == 302
    assert [m.to for m in mail.outbox] == [[member.email]]
    again = org_admin_client.post(
        reverse("notifications:newsletter_send", args=[newsletter.pk]), follow=True
    )
    assert b"already been sent" in again.content
    assert len(mail.outbox) == 1
    archive = org_admin_client.get(
        reverse("notifications:newsletter_archive", args=["organisation", organisation.pk])
    )
    assert b"Our month, again" in archive.content
    # After sending, edit goes back to the newsletter.
    assert (
        org_admin_client.get(
            reverse("notifications:newsletter_edit", args=[newsletter.pk])
        ).status_code
        == 302
    )


def test_unknown_newsletter_audience_is_404(org_admin_client):
    for name in ("notifications:newsletter_compose", "notifications:newsletter_archive"):
        url = reverse(name, args=["planet", 1])
        assert org_admin_client.get(url).status_code == 404
    compose_url = reverse("notifications:newsletter_compose", args=["planet", 1])
    response = org_admin_client.post(compose_url, {"subject": "Hello", "body": "World"})
    assert response.status_code == 404
    assert not Newsletter.objects.exists()


def test_newsletter_compose_errors(org_admin_client, organisation):
    compose_url = reverse(
        "notifications:newsletter_compose", args=["organisation", organisation.pk]
    )
    response = org_admin_client.post(compose_url, {"subject": "", "body": ""})
    assert response.status_code == 200
    assert b"govuk-error-summary" in response.content or b"required" in response.content


def test_newsletter_guard_warning_asks_for_acknowledgement(
    org_admin_client, organisation, monkeypatch
):
    from practice_commons.confidentiality.testing import only_low_confidence_names

    only_low_confidence_names(monkeypatch, "Robin")
    compose_url = reverse(
        "notifications:newsletter_compose", args=["organisation", organisation.pk]
    )
    response = org_admin_client.post(compose_url, {"subject": "Hi", "body": "Thanks Robin"})
    assert response.status_code == 200
    assert b"these are not details of people I work with" in response.content
    assert b"Redact and continue" in response.content
    response = org_admin_client.post(
        compose_url,
        {"subject": "Hi", "body": "Thanks Robin", "confidentiality_acknowledged": "on"},
    )
    assert response.status_code == 302


def test_members_cannot_compose_or_preview_drafts(
    client, make_person, organisation, org_admin_client
):
    newsletter = services.newsletter_create(
        actor=org_admin_client.admin,
        scope_kind="organisation",
        scope_id=organisation.pk,
        subject="Draft",
        body="Body",
    )
    member = make_person()
    OrganisationMembership.objects.create(organisation=organisation, user=member)
    client.force_login(member)
    compose_url = reverse(
        "notifications:newsletter_compose", args=["organisation", organisation.pk]
    )
    assert client.get(compose_url).status_code == 404
    assert client.get(newsletter.get_absolute_url()).status_code == 404
    assert (
        client.post(reverse("notifications:newsletter_send", args=[newsletter.pk])).status_code
        == 404
    )
    newsletter.refresh_from_db()
    assert not newsletter.is_sent
    # Members may read the archive; outsiders may not.
    archive_url = reverse(
        "notifications:newsletter_archive", args=["organisation", organisation.pk]
    )
    assert client.get(archive_url).status_code == 200
    client.force_login(make_person())
    assert client.get(archive_url).status_code == 404
    assert (
        client.get(reverse("notifications:newsletter_archive", args=["planet", 1])).status_code
        == 404
    )


def test_sent_newsletter_readable_by_members(
    client, make_person, organisation, org_admin_client, run_on_commit
):
    newsletter = services.newsletter_create(
        actor=org_admin_client.admin,
        scope_kind="organisation",
        scope_id=organisation.pk,
        subject="Sent",
        body="Body",
    )
    with run_on_commit():
        services.newsletter_send(actor=org_admin_client.admin, newsletter=newsletter)
    member = make_person()
    OrganisationMembership.objects.create(organisation=organisation, user=member)
    client.force_login(member)
    response = client.get(newsletter.get_absolute_url())
    assert response.status_code == 200 and b"This is a preview" not in response.content
    client.force_login(make_person())
    assert client.get(newsletter.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("count", [2, 25])
def test_newsletter_archive_query_budget(
    org_admin_client, organisation, count, run_on_commit, django_assert_max_num_queries
):
    for i in range(count):
        newsletter = services.newsletter_create(
            actor=org_admin_client.admin,
            scope_kind="organisation",
            scope_id=organisation.pk,
            subject=f"Issue {i}",
            body="Body",
        )
        Newsletter.objects.filter(pk=newsletter.pk).update(status="sent")
    url = reverse("notifications:newsletter_archive", args=["organisation", organisation.pk])
    with django_assert_max_num_queries(14):
        response = org_admin_client.get(url)
    assert response.status_code == 200
    assert response.content.count(b"Issue ") == min(count, 20)
