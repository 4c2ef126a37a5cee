"""A person deletes their account (``accounts.services.account_erase``): what goes, what
stays as "A former member", and that nothing anywhere in the database still holds their
name or address afterwards (every column of every table is read)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.urls import reverse
from django.utils import timezone

from practice_commons.accounts import services as account_services
from practice_commons.accounts.models import AuditEvent, OrganisationMembership
from practice_commons.accounts.tests.factories import HostAdminFactory, UserFactory
from practice_commons.communities.tests.factories import add_member
from practice_commons.core.errors import Conflict, PermissionDenied
from tests.guard_everywhere.world import World

pytestmark = pytest.mark.django_db

# The host's membership register is the host's own record, replaced by each import from
# its membership system: its row keeps the address (unlinked from the account) until the
# host removes the person from its register (README, "Your data").
KEPT = {"accounts.HostMembershipRecord.email"}

NAME = "Zebedee Quillfeather"
EMAIL = "zebedee.quillfeather@riverside.example"


@pytest.fixture
def world(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return World()


@pytest.fixture
def me(world):
    return add_member(world.community, UserFactory(full_name=NAME, email=EMAIL))


@pytest.fixture
def filled(world, me):
    """``me`` with something in every app, and other people's content beside it."""
    from practice_commons.api.services import api_token_create
    from practice_commons.collaboration.models import DirectoryListing, Interest, Opportunity
    from practice_commons.communities.models import Invitation
    from practice_commons.cpd.models import CpdRecord
    from practice_commons.discussions import services as discussions
    from practice_commons.discussions.models import Attachment
    from practice_commons.events import services as events
    from practice_commons.insights.models import ValueStory
    from practice_commons.library.models import LibraryItem
    from practice_commons.notifications.models import Notification
    from practice_commons.reflection.models import PrivateNote
    from practice_commons.wellbeing import services as wellbeing

    other = world.other_member
    alone = world.make_thread(author=me, title="Nobody answered this one")
    Attachment.objects.create(
        post=alone.posts.get(is_opening=True),
        uploaded_by=me,
        file=ContentFile(b"agenda text", name="agenda.txt"),
        original_name="agenda.txt",
        content_type="text/plain",
        size=11,
    )
    answered = world.make_thread(author=me, title="Transfer meetings that work well")
    reply = discussions.thread_reply(actor=other, thread=answered, body="We hold them jointly.")
    discussions.reaction_toggle(actor=me, post=reply, kind="thanks")
    theirs = world.make_thread(author=other, title="Chronologies across agencies")
    discussions.thread_reply(actor=me, thread=theirs, body="We share one chronology.")
    discussions.conversation_start(actor=me, recipients=[other], body="Hello, can we talk?")

    event = world.make_event(title="Joint neglect training", contact_email=EMAIL)
    events.registration_create(actor=me, event=event)
    events.calendar_feed_regenerate(actor=me)
    Invitation.objects.create(
        community=world.community,
        email=EMAIL.upper(),
        token_digest="0" * 64,
        expires_at=timezone.now() + timedelta(days=7),
    )

    session = world.session  # world.member presents; me books a place and writes a note
    from practice_commons.reflection import services as reflection

    reflection.session_book(actor=me, session=session)
    PrivateNote.objects.create(
        author=me, session=session, session_title=str(session), body="My own note."
    )

    LibraryItem.objects.create(
        kind="practice_example",
        status="draft",
        community=world.community,
        title="My unfinished chronology template",
        summary="Draft.",
        created_by=me,
    )
    LibraryItem.objects.create(
        kind="practice_example",
        status="published",
        community=world.community,
        title="Published joint visits guide",
        summary="How we visit together.",
        created_by=me,
        contact=me,
    )
    opportunity = Opportunity.objects.create(
        poster=other,
        kind="project",
        title="Joint panel pilot",
        description="Pilot.",
        closes_on=timezone.localdate() + timedelta(days=30),
    )
    Interest.objects.create(opportunity=opportunity, person=me, message="I would like to help.")
    DirectoryListing.objects.create(user=me, visibility="members")
    CpdRecord.objects.create(
        user=me, title="Supervision course", date=timezone.localdate(), hours=Decimal("2.5")
    )
    wellbeing.checkin_submit(actor=me, feeling=4, workload=2, support=5)
    wellbeing.checkin_submit(actor=other, feeling=1, workload=5, support=1)
    Notification.objects.create(recipient=me, kind="reply", title="A reply to your thread")
    Notification.objects.create(
        recipient=other, actor=me, kind="message", title=f"New message from {NAME}", body=NAME
    )
    api_token_create(actor=me, user=me, name="My laptop")
    ValueStory.objects.create(community=world.community, author=me, title="What we gained")
    return {
        "alone": alone,
        "answered": answered,
        "theirs": theirs,
        "event": event,
        "opportunity": opportunity,
    }


def _rows_mentioning(*needles: str) -> list[str]:
    """Every (table, column) whose value contains one of ``needles``, in every model."""
    found = []
    lowered = [n.casefold() for n in needles]
    for model in apps.get_models():
        fields = [
            f
            for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField, models.JSONField))
        ]
        for row in model.objects.values_list("pk", *[f.name for f in fields]):
            for field, value in zip(fields, row[1:], strict=True):
                if value and any(n in str(value).casefold() for n in lowered):
                    found.append(f"{model._meta.label}.{field.name} (row {row[0]})")
    return found


def _erase(person, email=EMAIL):
    account_services.account_erase(actor=person, person=person, confirm_email=email)


def test_erasure_removes_what_is_theirs_and_keeps_what_others_depend_on(world, me, filled):
    from practice_commons.discussions.models import Conversation, Message, Post, Thread
    from practice_commons.events.models import Event
    from practice_commons.library.models import LibraryItem
    from practice_commons.notifications.models import Notification
    from practice_commons.wellbeing.models import Response

    pk = me.pk
    assert _rows_mentioning(NAME, EMAIL)  # the check below can find them
    answers_before = Response.objects.count()

    _erase(me)

    assert not get_user_model().objects.filter(pk=pk).exists()
    assert not Thread.objects.filter(pk=filled["alone"].pk).exists()
    answered = Thread.objects.get(pk=filled["answered"].pk)
    assert answered.author_id is None and answered.posts.count() == 2
    my_reply = Post.objects.get(thread=filled["theirs"], body="We share one chronology.")
    assert my_reply.author_id is None
    conversation = Conversation.objects.get()
    assert Message.objects.get(conversation=conversation).sender_id is None
    assert not LibraryItem.objects.filter(title="My unfinished chronology template").exists()
    published = LibraryItem.objects.get(title="Published joint visits guide")
    assert published.created_by_id is None and published.contact_id is None
    assert Event.objects.get(pk=filled["event"].pk).contact_email == ""
    assert Response.objects.count() == answers_before - 1  # the other member's answer stays
    theirs = Notification.objects.get(recipient=world.other_member, kind="message")
    assert (theirs.title, theirs.body) == ("New message from A former member", "A former member")

    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is get_user_model():
                assert not model.objects.filter(**{field.attname: pk}).exists(), (
                    f"{model._meta.label}.{field.name} still points at the erased account"
                )
    assert [hit for hit in _rows_mentioning(NAME, EMAIL) if hit.split(" ")[0] not in KEPT] == []
    entry = AuditEvent.objects.get(action="account.erase")
    assert entry.target_id == str(pk) and entry.actor_id is None


def test_erasure_deletes_the_files_of_what_it_deletes(
    world, me, filled, django_capture_on_commit_callbacks
):
    from practice_commons.discussions.models import Attachment

    attachment = Attachment.objects.get(uploaded_by=me)
    storage, name = attachment.file.storage, attachment.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        _erase(me)
    assert not storage.exists(name)


def test_the_wrong_address_changes_nothing(me, filled):
    with pytest.raises(ValidationError) as caught:
        _erase(me, email="someone.else@example.org")
    assert "exactly" in str(caught.value)
    me.refresh_from_db()
    assert _rows_mentioning(EMAIL)


def test_nobody_else_can_erase_an_account(world, me):
    for actor in (world.other_member, HostAdminFactory()):
        with pytest.raises(PermissionDenied):
            account_services.account_erase(actor=actor, person=me, confirm_email=EMAIL)
    assert get_user_model().objects.filter(pk=me.pk).exists()


def test_the_only_admin_of_an_organisation_must_hand_over_first(world):
    admin = world.org_admin
    assert world.organisation.name in " ".join(account_services.account_erasure_blockers(admin))
    with pytest.raises(Conflict, match="only admin of Riverside Council"):
        _erase(admin, email=admin.email)
    UserFactory(organisation=world.organisation, org_role=OrganisationMembership.Role.ADMIN)
    assert account_services.account_erasure_blockers(admin) == []
    _erase(admin, email=admin.email)


def test_the_only_host_admin_must_hand_over_first():
    host = HostAdminFactory()
    with pytest.raises(Conflict, match="only host admin"):
        _erase(host, email=host.email)
    HostAdminFactory()
    _erase(host, email=host.email)
    assert not get_user_model().objects.filter(pk=host.pk).exists()


# --- the page ----------------------------------------------------------------------------


def test_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("accounts:account_erase"))
    assert response.status_code == 302 and "/account/login/" in response["Location"]


def test_the_page_says_what_goes_and_asks_for_the_address(client, me):
    client.force_login(me)
    page = client.get(reverse("accounts:account_erase")).content.decode()
    assert "What is deleted" in page and "A former member" in page
    assert 'name="confirm_email"' in page

    response = client.post(
        reverse("accounts:account_erase"), {"confirm_email": "wrong@example.org"}
    )
    assert response.status_code == 200
    assert "Enter the email address you sign in with, exactly." in response.content.decode()
    assert get_user_model().objects.filter(pk=me.pk).exists()

    response = client.post(reverse("accounts:account_erase"), {"confirm_email": EMAIL})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:account_erased")
    assert not get_user_model().objects.filter(pk=me.pk).exists()
    assert "_auth_user_id" not in client.session
    assert client.get(response["Location"]).status_code == 200


def test_the_page_shows_why_it_cannot_go_yet_and_offers_no_button(client, world):
    client.force_login(world.org_admin)
    page = client.get(reverse("accounts:account_erase")).content.decode()
    assert "cannot be deleted yet" in page and "only admin of Riverside Council" in page
    assert 'name="confirm_email"' not in page
    client.post(reverse("accounts:account_erase"), {"confirm_email": world.org_admin.email})
    assert get_user_model().objects.filter(pk=world.org_admin.pk).exists()


def test_erasure_deletes_the_cpd_evidence_files(world, me, django_capture_on_commit_callbacks):
    """CPD records go with the account by foreign key; their evidence files, which no
    foreign key reaches, must go from storage too."""
    from decimal import Decimal

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from practice_commons.confidentiality.testing import make_pdf
    from practice_commons.cpd import services as cpd_services

    record = cpd_services.record_create(
        actor=me,
        data={
            "title": "Training",
            "activity_type": "training",
            "date": timezone.localdate(),
            "hours": Decimal("2"),
        },
    )
    evidence = cpd_services.evidence_add(
        actor=me,
        record=record,
        label="Certificate",
        upload=SimpleUploadedFile("certificate.pdf", make_pdf("Certificate of attendance.")),
    )
    storage, name = evidence.file.storage, evidence.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        _erase(me)
    assert not storage.exists(name)
