"""The subject-access archive gathers a person's data from every app (through
``core.personal_data``), with the right values, and never another person's private
content: another member's reflection notes, wellbeing answers or CPD, nor a private
community the person is not in."""

import io
import json
import zipfile
from datetime import timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from practice_commons.accounts import services as account_services
from practice_commons.accounts.tests.factories import UserFactory
from practice_commons.communities.tests.factories import add_member, make_community
from practice_commons.core import personal_data
from tests.guard_everywhere.world import World

pytestmark = pytest.mark.django_db

APPS = (
    "accounts",
    "api",
    "collaboration",
    "communities",
    "cpd",
    "discussions",
    "events",
    "insights",
    "jobs",
    "library",
    "notifications",
    "reflection",
    "safeguarding",
    "wellbeing",
)

# Models with a foreign key to the user model that hold no personal data of that person,
# so no exporter needs to read them. Each entry says why.
NOT_PERSONAL_DATA = {
    # Django admin's change log: what a staff member did to objects, with those objects'
    # text representations (other people's data); staff actions are in the audit trail.
    "admin.LogEntry",
    # An organisation's webhook: its URL and signing secret belong to the organisation;
    # the admin who created it is kept only for accountability (and the secret must
    # never leave the platform in anyone's archive).
    "api.WebhookEndpoint",
}


def _archive(user) -> tuple[dict, zipfile.ZipFile]:
    content = account_services.personal_data_archive(user=user)
    archive = zipfile.ZipFile(io.BytesIO(content))
    return json.loads(archive.read("personal-data.json")), archive


@pytest.fixture
def world(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return World()


@pytest.fixture
def filled(world):
    """``world.member`` with data in every app, and ``world.other_member`` with private
    content of their own in the same places."""
    from practice_commons.api.services import api_token_create
    from practice_commons.collaboration.models import DirectoryListing, Interest, Opportunity
    from practice_commons.cpd.models import CpdRecord, Evidence
    from practice_commons.discussions import services as discussions
    from practice_commons.discussions.models import Attachment
    from practice_commons.events import services as events
    from practice_commons.insights.models import ValueStory
    from practice_commons.jobs.models import Job
    from practice_commons.library.models import Endorsement, LibraryItem
    from practice_commons.notifications.models import Notification
    from practice_commons.reflection.models import PrivateNote
    from practice_commons.safeguarding import services as safeguarding
    from practice_commons.wellbeing import services as wellbeing

    me, other = world.member, world.other_member
    thread = world.make_thread(author=me, title="Running transfer meetings well")
    opening = thread.posts.get(is_opening=True)
    reply = discussions.thread_reply(
        actor=other, thread=thread, body="We hold them jointly every week."
    )
    discussions.reaction_toggle(actor=me, post=reply, kind="thanks")
    Attachment.objects.create(
        post=opening,
        uploaded_by=me,
        file=ContentFile(b"agenda text", name="agenda.txt"),
        original_name="agenda.txt",
        content_type="text/plain",
        size=11,
    )
    safeguarding.report_create(actor=me, target=reply, reason="confidentiality")

    event = world.make_event(title="Joint neglect training")
    events.registration_create(actor=me, event=event)

    session = world.session  # me presenting, other booked
    PrivateNote.objects.create(
        author=me, session=session, session_title=str(session), body="My own note: slow down."
    )
    PrivateNote.objects.create(
        author=other, session=session, session_title=str(session), body="ALEX-PRIVATE-NOTE"
    )

    item = LibraryItem.objects.create(
        kind="practice_example",
        status="draft",
        community=world.community,
        title="Shared chronology template",
        summary="How we built one chronology across agencies.",
        created_by=me,
    )
    Endorsement.objects.create(item=item, user=other, kind="used_it", note="Alex endorses")

    opportunity = Opportunity.objects.create(
        poster=other,
        kind="project",
        title="Joint panel pilot",
        description="Pilot.",
        closes_on=timezone.localdate() + timedelta(days=30),
    )
    Interest.objects.create(opportunity=opportunity, person=me, message="I would like to help.")
    DirectoryListing.objects.create(user=me, visibility="members")
    Job.objects.create(
        title="Senior practitioner",
        organisation=world.organisation,
        posted_by=me,
        profession=me.profession,
        closes_on=timezone.localdate() + timedelta(days=10),
        description="A job.",
    )

    mine = CpdRecord.objects.create(
        user=me,
        title="Reflective supervision course",
        date=timezone.localdate(),
        hours=Decimal("2.5"),
    )
    Evidence.objects.create(
        record=mine,
        kind="file",
        label="Certificate",
        file=ContentFile(b"%PDF certificate", name="certificate.pdf"),
        file_name="certificate.pdf",
    )
    CpdRecord.objects.create(
        user=other, title="ALEX-CPD-RECORD", date=timezone.localdate(), hours=Decimal("1")
    )

    wellbeing.checkin_submit(actor=me, feeling=4, workload=2, support=5)
    wellbeing.checkin_submit(actor=other, feeling=1, workload=5, support=1)

    Notification.objects.create(recipient=me, kind="reply", title="A reply to your thread")
    api_token_create(actor=me, user=me, name="My laptop")
    ValueStory.objects.create(
        community=world.community, author=me, title="What the community gave us"
    )
    # A private community ``me`` is not in, with content of its own.
    hidden = make_community(owner=other, name="Hidden Leaders Circle", visibility="private")
    add_member(hidden, UserFactory(full_name="Someone Else"))
    return world


def test_the_archive_has_each_app_and_the_right_values(filled):
    me = filled.member
    data, archive = _archive(me)

    assert data["format_version"] == personal_data.FORMAT_VERSION
    assert data["person"]["email"] == me.email
    assert data["generated_at"]
    for key in APPS:
        assert key in data, key

    assert data["accounts"]["profile"]["full_name"] == "Sam Member"
    assert [m["organisation__name"] for m in data["accounts"]["organisation_memberships"]]
    assert any(e["email"] == me.email for e in data["accounts"]["email_addresses"])
    assert "Children and families practice" in [
        m["community__name"] for m in data["communities"]["memberships"]
    ]
    membership = data["communities"]["memberships"][0]
    assert membership["accepted_rules_version"] is not None

    threads = data["discussions"]["threads"]
    assert [t["title"] for t in threads] == ["Running transfer meetings well"]
    assert data["discussions"]["reactions"][0]["kind"] == "thanks"
    assert archive.read(data["discussions"]["attachments"][0]["archive_file"]) == b"agenda text"

    registration = data["events"]["registrations"][0]
    assert registration["event__title"] == "Joint neglect training"
    assert registration["status"] in {"confirmed", "waitlisted", "pending"}
    assert "attended" in registration

    reflection = data["reflection"]
    assert [n["body"] for n in reflection["private_notes"]] == ["My own note: slow down."]
    assert reflection["sessions_presented"][0]["theme"] == "Holding uncertainty"
    assert reflection["sessions_attended"]

    assert [i["title"] for i in data["library"]["items"]] == ["Shared chronology template"]
    assert data["collaboration"]["interests"][0]["message"] == "I would like to help."
    assert data["collaboration"]["directory_listing"][0]["visibility"] == "members"
    assert data["jobs"]["listings_posted"][0]["title"] == "Senior practitioner"

    records = data["cpd"]["records"]
    assert [r["title"] for r in records] == ["Reflective supervision course"]
    assert records[0]["hours"] == "2.5"
    evidence = records[0]["evidence"][0]
    assert archive.read(evidence["archive_file"]) == b"%PDF certificate"

    answers = data["wellbeing"]["answers"]
    assert len(answers) == 1 and answers[0]["kind"] == "checkin"
    assert answers[0]["answers"] == {"feeling": 4, "workload": 2, "support": 5}

    assert "A reply to your thread" in [n["title"] for n in data["notifications"]["notifications"]]
    assert data["safeguarding"]["reports_made"][0]["reason"] == "confidentiality"
    token = data["api"]["tokens"][0]
    assert token["name"] == "My laptop" and token["prefix"]
    assert data["insights"]["stories_written"][0]["title"] == "What the community gave us"
    assert sorted(n for n in archive.namelist() if not n.startswith("files/")) == [
        "personal-data.json"
    ]


def test_never_another_persons_private_content_nor_secrets(filled):
    from practice_commons.api.models import ApiToken

    me, other = filled.member, filled.other_member
    data, archive = _archive(me)
    text = json.dumps(data)

    assert "ALEX-PRIVATE-NOTE" not in text  # another member's reflection note
    assert "ALEX-CPD-RECORD" not in text  # another person's CPD
    assert "Hidden Leaders Circle" not in text  # a private community they are not in
    assert "We hold them jointly every week." not in text  # another person's post
    assert "Alex endorses" not in text  # another person's endorsement note
    assert other.email not in text and filled.owner.email not in text
    # Another person's wellbeing answers: only one check-in, theirs.
    assert all(a["answers"]["feeling"] == 4 for a in data["wellbeing"]["answers"])
    # No secrets: no token digest, no password hash.
    digest = ApiToken.objects.get(user=me).digest
    assert digest not in text
    assert me.password not in text
    assert "digest" not in json.dumps(data["api"]) and "password" not in text
    # The report they made: never who else received it.
    assert set(data["safeguarding"]["reports_made"][0]) >= {"reason", "status", "outcome"}
    assert "routed_to" not in data["safeguarding"]["reports_made"][0]


def test_a_report_about_their_content_gives_the_fact_and_outcome_never_the_reporter(world):
    from practice_commons.safeguarding.models import Report

    report = world.report  # other_member reports member's opening post
    Report.objects.filter(pk=report.pk).update(
        status="closed", outcome="no_action", closed_at=timezone.now()
    )
    data, _archive_file = _archive(world.member)
    about = data["safeguarding"]["reports_about_your_content"]
    assert about == [
        {
            "content_kind": "discussions.Post",
            "content_id": world.opening_post.pk,
            "reason": "safeguarding",
            "status": "closed",
            "outcome": "no_action",
            "created_at": about[0]["created_at"],
            "closed_at": about[0]["closed_at"],
        }
    ]
    text = json.dumps(data)
    assert world.other_member.email not in text
    assert world.other_member.full_name not in text
    # The reporter's own archive lists it as a report they made.
    theirs, _ = _archive(world.other_member)
    assert theirs["safeguarding"]["reports_made"][0]["object_id"] == world.opening_post.pk


def test_an_open_report_about_their_content_is_left_out(world):
    world.report  # noqa: B018 - open
    data, _ = _archive(world.member)
    assert data["safeguarding"]["reports_about_your_content"] == []


def test_every_model_with_a_foreign_key_to_the_user_is_covered_by_an_exporter():
    """Fails when a new model holds a foreign key to the user model and no app's
    ``personal_data.py`` says it reads it (``covers``), unless it is allowlisted above
    with a reason."""
    user_model = get_user_model()
    covered = personal_data.covered_models()
    missing = []
    for model in apps.get_models():
        label = model._meta.label
        points_at_user = any(
            field.is_relation and field.concrete and field.related_model is user_model
            for field in model._meta.get_fields()
        )
        if points_at_user and label not in covered and label not in NOT_PERSONAL_DATA:
            missing.append(label)
    assert not missing, (
        f"No personal data exporter covers {missing}: add it to its app's personal_data.py "
        "(register_exporter(..., covers=[...])) or, if it holds no personal data of the "
        "person, to NOT_PERSONAL_DATA with a reason."
    )
    # Every label an exporter claims is a real model (no stale names).
    for label in covered:
        apps.get_model(label)


def test_the_exporters_are_one_per_app():
    keys = [spec.key for spec in personal_data.registered_exporters()]
    assert sorted(keys) == sorted(APPS)
