import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from practice_commons.accounts.models import Organisation, OrganisationMembership
from practice_commons.confidentiality.guard import ConfidentialityBlocked, ConfidentialityWarning
from practice_commons.confidentiality.testing import (
    IDENTIFYING_TEXT,
    NHS_NUMBER,
    POSTCODE,
    assert_service_guarded,
    only_low_confidence_names,
)
from practice_commons.core.errors import Conflict, NotFound, PermissionDenied
from practice_commons.notifications import newsletters, services
from practice_commons.notifications.digest import DigestItem
from practice_commons.notifications.forms import NewsletterForm
from practice_commons.notifications.kinds import Channel, NotificationKind
from practice_commons.notifications.models import Newsletter, Notification

pytestmark = pytest.mark.django_db
Role = OrganisationMembership.Role


@pytest.fixture
def organisation(db):
    return Organisation.objects.create(
        name="Riverside Council", slug="riverside", kind=Organisation.Kind.LOCAL_AUTHORITY
    )


@pytest.fixture
def org_people(organisation, make_person):
    people = {}
    for role in (Role.ADMIN, Role.CHAMPION, Role.MEMBER, Role.MEMBER):
        person = make_person(organisation=organisation)
        OrganisationMembership.objects.create(organisation=organisation, user=person, role=role)
        people.setdefault(role, []).append(person)
    return people


def draft(actor, organisation, **kwargs):
    kwargs.setdefault("subject", "Practice highlights for March")
    kwargs.setdefault("body", "Thank you to everyone who shared **their** practice.")
    return services.newsletter_create(
        actor=actor, scope_kind="organisation", scope_id=organisation.pk, **kwargs
    )


def test_admins_and_champions_may_write_members_may_not(org_people, organisation, make_person):
    assert draft(org_people[Role.ADMIN][0], organisation).status == Newsletter.Status.DRAFT
    assert draft(org_people[Role.CHAMPION][0], organisation)
    with pytest.raises(PermissionDenied):
        draft(org_people[Role.MEMBER][0], organisation)
    with pytest.raises(PermissionDenied):
        draft(make_person(), organisation)
    host_admin = make_person(host_role="host_admin")
    assert draft(host_admin, organisation)


def test_unknown_audience_is_not_found(person):
    with pytest.raises(NotFound):
        services.newsletter_create(
            actor=person, scope_kind="planet", scope_id=1, subject="x", body="y"
        )


def test_subject_and_body_are_required(org_people, organisation):
    with pytest.raises(ValidationError) as exc:
        draft(org_people[Role.ADMIN][0], organisation, subject=" ", body="")
    assert set(exc.value.message_dict) == {"subject", "body"}


def test_the_subject_is_a_name_and_nothing_is_cut_short(org_people, organisation):
    admin = org_people[Role.ADMIN][0]
    with pytest.raises(ValidationError) as exc:
        draft(admin, organisation, subject="\u200b\u200b\u200b")
    assert (
        "Subject contains invisible or control characters" in exc.value.message_dict["subject"][0]
    )
    with pytest.raises(ValidationError) as exc:
        draft(admin, organisation, subject="x" * 201, body="y" * 20_001)
    assert exc.value.message_dict == {
        "subject": ["Subject must be 200 characters or fewer; yours is 201."],
        "body": ["Message must be 20,000 characters or fewer; yours is 20,001."],
    }
    assert draft(admin, organisation, subject="Cafe\u0301  news").subject == "Café news"
    form = NewsletterForm({"subject": "\u202eSpring", "body": "Hello"}, candidates=[])
    assert "invisible" in form.errors["subject"][0]


def test_guard_blocks_identifying_text(org_people, organisation):
    with pytest.raises(ConfidentialityBlocked) as exc:
        draft(org_people[Role.ADMIN][0], organisation, body=IDENTIFYING_TEXT)
    assert "postcode" in exc.value.fields[0].kinds
    assert POSTCODE not in str(exc.value)
    assert not Newsletter.objects.exists()


def test_guard_checks_the_subject_too(org_people, organisation):
    with pytest.raises(ConfidentialityBlocked):
        draft(org_people[Role.ADMIN][0], organisation, subject=f"NHS {NHS_NUMBER}")
    assert not Newsletter.objects.exists()


def test_guard_warning_can_be_acknowledged(org_people, organisation, monkeypatch):
    only_low_confidence_names(monkeypatch, "Robin")
    with pytest.raises(ConfidentialityWarning):
        draft(org_people[Role.ADMIN][0], organisation, body="Thanks Robin")
    assert draft(
        org_people[Role.ADMIN][0],
        organisation,
        body="Thanks Robin",
        confidentiality_acknowledged=True,
    )


def test_newsletter_writes_are_guarded(org_people, organisation):
    assert_service_guarded(
        lambda text: draft(org_people[Role.ADMIN][0], organisation, body=text), model=Newsletter
    )


def test_items_are_cleaned(org_people, organisation):
    newsletter = draft(
        org_people[Role.ADMIN][0],
        organisation,
        items=[
            DigestItem(title="Solved: sharing information", url="/communities/1/threads/4/"),
            {"title": "Bad", "url": "javascript:alert(1)"},
            {"title": "", "url": "/x/"},
        ],
    )
    assert newsletter.items == [
        {
            "title": "Solved: sharing information",
            "url": "/communities/1/threads/4/",
            "summary": "",
            "section": "",
        }
    ]


def test_send_once_and_deliver(org_people, organisation, run_on_commit):
    admin = org_people[Role.ADMIN][0]
    newsletter = draft(admin, organisation)
    with run_on_commit():
        services.newsletter_send(actor=admin, newsletter=newsletter)
    newsletter.refresh_from_db()
    assert newsletter.is_sent and newsletter.sent_by == admin
    recipients = {n.recipient_id for n in Notification.objects.filter(newsletter=newsletter)}
    everyone = {p.pk for people in org_people.values() for p in people}
    assert recipients == everyone - {admin.pk}
    assert newsletter.recipient_count == 3
    assert len(mail.outbox) == 3
    message = mail.outbox[0]
    assert message.subject == "Practice highlights for March"
    assert "<strong>their</strong>" in message.alternatives[0][0]
    assert "List-Unsubscribe" in message.extra_headers
    assert all(
        n.kind == NotificationKind.NEWSLETTER
        for n in Notification.objects.filter(newsletter=newsletter)
    )

    with pytest.raises(Conflict, match="already been sent"):
        services.newsletter_send(actor=admin, newsletter=newsletter)
    # Delivering again (a retried task) adds nobody twice.
    with run_on_commit():
        assert services.newsletter_deliver(newsletter_id=newsletter.pk) == 0
    assert len(mail.outbox) == 3


def test_newsletter_preference_is_respected(org_people, organisation, run_on_commit):
    admin = org_people[Role.ADMIN][0]
    member = org_people[Role.MEMBER][0]
    services.preferences_update(actor=member, kinds={NotificationKind.NEWSLETTER: Channel.OFF})
    newsletter = draft(admin, organisation)
    with run_on_commit():
        services.newsletter_send(actor=admin, newsletter=newsletter)
    assert member.email not in {m.to[0] for m in mail.outbox}
    assert Notification.objects.filter(recipient=member, newsletter=newsletter).exists()


def test_member_cannot_send(org_people, organisation):
    newsletter = draft(org_people[Role.ADMIN][0], organisation)
    with pytest.raises(PermissionDenied):
        services.newsletter_send(actor=org_people[Role.MEMBER][0], newsletter=newsletter)
    newsletter.refresh_from_db()
    assert not newsletter.is_sent


def test_sent_newsletters_cannot_be_edited(org_people, organisation, run_on_commit):
    admin = org_people[Role.ADMIN][0]
    newsletter = draft(admin, organisation)
    services.newsletter_update(
        actor=admin, newsletter=newsletter, subject="New subject", body="New body"
    )
    assert newsletter.subject == "New subject"
    with run_on_commit():
        services.newsletter_send(actor=admin, newsletter=newsletter)
    with pytest.raises(Conflict, match="can no longer be changed"):
        services.newsletter_update(actor=admin, newsletter=newsletter, subject="x", body="y")
    newsletter.refresh_from_db()
    assert newsletter.subject == "New subject"


def test_archive_lists_sent_newsletters_only(org_people, organisation, run_on_commit):
    admin = org_people[Role.ADMIN][0]
    sent = draft(admin, organisation, subject="Sent one")
    draft(admin, organisation, subject="Still a draft")
    with run_on_commit():
        services.newsletter_send(actor=admin, newsletter=sent)
    archive = newsletters.newsletters_for_scope("organisation", organisation.pk)
    assert [n.subject for n in archive] == ["Sent one"]


def test_organisation_audience(org_people, organisation, make_person):
    aud = newsletters.audience("organisation")
    member = org_people[Role.MEMBER][0]
    assert aud.label(organisation.pk) == "Riverside Council"
    assert aud.may_view(member, organisation.pk)
    assert not aud.may_view(make_person(), organisation.pk)
    assert list(aud.scopes_for(org_people[Role.CHAMPION][0])) == [organisation.pk]
    assert list(aud.scopes_for(member)) == []
    assert str(organisation.pk) in aud.url(organisation.pk)


def test_pickers_offer_candidates(monkeypatch):
    monkeypatch.setattr(newsletters, "_pickers", {})
    newsletters.register_picker(
        "organisation",
        "solved",
        title="Solved threads",
        candidates=lambda scope_id, since: [DigestItem(title="Solved", url="/t/1/")],
    )

    def broken(scope_id, since):
        raise RuntimeError("bug")

    newsletters.register_picker("organisation", "broken", title="Broken", candidates=broken)
    offered = newsletters.newsletter_candidates("organisation", 1)
    assert [key for _title, key, _item in offered] == ["solved|/t/1/"]
