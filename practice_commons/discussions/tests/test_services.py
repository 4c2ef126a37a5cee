"""Writes to threads and posts: permissions, validation, the guard, notifications, audit."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from practice_commons.accounts.models import AuditEvent
from practice_commons.accounts.tests.factories import UserFactory
from practice_commons.communities import services as community_services
from practice_commons.communities.models import CommunityMembership
from practice_commons.communities.tests.factories import add_member, make_community
from practice_commons.confidentiality.guard import ConfidentialityBlocked
from practice_commons.confidentiality.testing import (
    IDENTIFYING_TEXT,
    assert_service_guarded,
    make_docx,
    make_pdf,
)
from practice_commons.core.errors import NotFound
from practice_commons.discussions import policies, services
from practice_commons.discussions.models import (
    Attachment,
    CommunityFollow,
    Mention,
    Post,
    PostRevision,
    Reaction,
    Thread,
    ThreadFollow,
    ThreadReadState,
)
from practice_commons.notifications.models import Notification

PDF = make_pdf()  # a real PDF: attachments are read for the guard


def notes_for(user):
    return list(Notification.objects.filter(recipient=user))


# --- starting threads ------------------------------------------------------------------


def test_member_starts_a_typed_thread(member, community):
    thread = services.thread_create(
        actor=member,
        community=community,
        kind="request_for_information",
        title="  Chronology templates  ",
        body="Does anyone have one?\r\nThanks",
        details={"needed_by": dt.date(2030, 1, 31)},
    )
    assert thread.title == "Chronology templates"
    assert thread.details == {"needed_by": "2030-01-31"}
    assert thread.key_date == dt.date(2030, 1, 31)
    opening = thread.posts.get()
    assert opening.is_opening and opening.number == 0
    assert opening.body == "Does anyone have one?\nThanks"
    assert ThreadFollow.objects.filter(thread=thread, user=member, following=True).exists()
    assert ThreadReadState.objects.filter(thread=thread, user=member).exists()


@pytest.mark.parametrize(
    "kind,details,field",
    [
        ("visits", {"visit_date": dt.date(2030, 5, 1)}, "place"),
        ("visits", {"place": "A team in the North West"}, "visit_date"),
        ("documenting_solutions", {"problem": "x"}, "what_worked"),
    ],
)
def test_kind_required_fields(member, community, kind, details, field):
    with pytest.raises(ValidationError) as exc:
        services.thread_create(
            actor=member, community=community, kind=kind, title="T", body="B", details=details
        )
    assert field in exc.value.message_dict


def test_documenting_solutions_needs_no_body(member, community):
    thread = services.thread_create(
        actor=member,
        community=community,
        kind="documenting_solutions",
        title="What worked",
        body="",
        details={"problem": "Slow transfers.", "what_worked": "Joint visits."},
    )
    assert thread.details["what_worked"] == "Joint visits."


def test_unknown_kind_rejected(member, community):
    with pytest.raises(ValidationError) as exc:
        services.thread_create(
            actor=member, community=community, kind="gossip", title="T", body="B"
        )
    assert "kind" in exc.value.message_dict


@pytest.mark.parametrize(
    "body,message",
    [
        ("", "Enter your message."),
        ("   \n  ", "Enter your message."),
        ("x" * 20_001, "20,000 characters or fewer"),
    ],
)
def test_empty_and_oversized_bodies(member, community, body, message):
    with pytest.raises(ValidationError) as exc:
        services.thread_create(
            actor=member, community=community, kind="problem_solving", title="T", body=body
        )
    assert message in " ".join(exc.value.message_dict["body"])


def test_body_limit_counts_normalised_line_endings(member, community):
    body = ("x" * 9 + "\r\n") * 2000  # 22,000 sent, 20,000 after normalising
    thread = services.thread_create(
        actor=member, community=community, kind="problem_solving", title="T", body=body
    )
    assert len(thread.posts.get().body) == 19_999


def test_title_required(member, community):
    with pytest.raises(ValidationError) as exc:
        services.thread_create(
            actor=member, community=community, kind="problem_solving", title=" ", body="B"
        )
    assert "title" in exc.value.message_dict


def test_non_member_cannot_post(outsider, community):
    with pytest.raises(PermissionDenied, match="Only members"):
        services.thread_create(
            actor=outsider, community=community, kind="problem_solving", title="T", body="B"
        )


def test_outsider_gets_404_for_private_community(outsider, private_community):
    with pytest.raises(NotFound):
        services.thread_create(
            actor=outsider, community=private_community, kind="problem_solving", title="T", body="B"
        )


def test_muted_member_cannot_post(member, community, owner):
    membership = CommunityMembership.objects.get(community=community, user=member)
    community_services.membership_mute(
        actor=owner, membership=membership, days=3, reason="Cooling off after a heated thread."
    )
    with pytest.raises(PermissionDenied, match="muted you"):
        services.thread_create(
            actor=member, community=community, kind="problem_solving", title="T", body="B"
        )


def test_member_must_accept_new_rules_before_posting(member, community, owner, thread):
    community.refresh_from_db()
    rules = [{"title": "Confidentiality", "description": "What is said here stays here."}]
    community_services.community_rules_update(actor=owner, community=community, rules=rules)
    community.refresh_from_db()
    with pytest.raises(PermissionDenied, match="Accept the updated rules"):
        services.thread_reply(actor=member, thread=thread, body="Me too")
    community_services.rules_accept(actor=member, community=community)
    services.thread_reply(actor=member, thread=thread, body="Me too")


def test_thread_create_is_guarded(member, community):
    assert_service_guarded(
        lambda text: services.thread_create(
            actor=member, community=community, kind="problem_solving", title="Help", body=text
        ),
        model=Thread,
    )
    assert_service_guarded(
        lambda text: services.thread_create(
            actor=member, community=community, kind="problem_solving", title=text[:200], body="Body"
        ),
        model=Thread,
    )
    assert_service_guarded(
        lambda text: services.thread_create(
            actor=member,
            community=community,
            kind="problem_solving",
            title="Help",
            body="B",
            details={"tried": text},
        ),
        model=Thread,
    )


def test_attachment_names_are_guarded(member, community):
    upload = SimpleUploadedFile("Jayden Okafor NHS 943 476 5919.pdf", PDF)
    with pytest.raises(ConfidentialityBlocked):
        services.thread_create(
            actor=member,
            community=community,
            kind="problem_solving",
            title="T",
            body="B",
            attachments=[upload],
        )
    assert not Attachment.objects.exists()


@pytest.mark.parametrize("name,make", [("notes.pdf", make_pdf), ("notes.docx", make_docx)])
def test_attachment_contents_are_guarded(member, community, name, make):
    upload = SimpleUploadedFile(name, make(IDENTIFYING_TEXT))
    with pytest.raises(ConfidentialityBlocked) as caught:
        services.thread_create(
            actor=member,
            community=community,
            kind="problem_solving",
            title="T",
            body="B",
            attachments=[upload],
        )
    assert [f.field for f in caught.value.fields] == [f"attachment:{name}"]
    assert not Thread.objects.exists() and not Attachment.objects.exists()


def test_mentions_of_members_are_not_blocked_by_the_guard(
    member, community, facilitator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        thread = services.thread_create(
            actor=member,
            community=community,
            kind="problem_solving",
            title="T",
            body="@Jo Reid what do you think?",
        )
    assert Mention.objects.filter(post__thread=thread, user=facilitator).exists()
    assert [n.kind for n in notes_for(facilitator)] == ["mention"]


# --- anonymous questions -----------------------------------------------------------------


def test_anonymous_only_where_allowed(member, private_community):
    add_member(private_community, member)
    with pytest.raises(ValidationError) as exc:
        services.thread_create(
            actor=member,
            community=private_community,
            kind="growing_confidence",
            title="T",
            body="B",
            is_anonymous=True,
        )
    assert "is_anonymous" in exc.value.message_dict


def test_anonymous_question_never_names_the_author(
    member, other_member, community, django_capture_on_commit_callbacks
):
    services.community_follow(actor=other_member, community=community, following=True)
    with django_capture_on_commit_callbacks(execute=True):
        thread = services.thread_create(
            actor=member,
            community=community,
            kind="growing_confidence",
            title="Am I overreacting?",
            body="@Alex Morgan what would you do?",
            is_anonymous=True,
        )
    notes = notes_for(other_member)
    assert {n.kind for n in notes} == {"mention"}  # mentioned, so not told twice
    for note in notes:
        assert note.actor_id is None
        assert member.display_name not in note.title + note.body
        assert "A member" in note.title
    # The author's own replies in their anonymous thread stay anonymous.
    reply = services.thread_reply(actor=member, thread=thread, body="Thanks all")
    assert reply.is_anonymous
    other = services.thread_reply(actor=other_member, thread=thread, body="Not at all")
    assert not other.is_anonymous


def test_only_the_safeguarding_lead_can_reveal_with_a_reason(
    member, community, lead, facilitator, host_admin
):
    thread = services.thread_create(
        actor=member,
        community=community,
        kind="growing_confidence",
        title="T",
        body="B",
        is_anonymous=True,
    )
    for person in (facilitator, host_admin, member):
        with pytest.raises(PermissionDenied):
            services.thread_reveal_author(
                actor=person, thread=thread, reason="A safeguarding concern needs follow-up now."
            )
    with pytest.raises(ValidationError):
        services.thread_reveal_author(actor=lead, thread=thread, reason="because")
    assert not AuditEvent.objects.filter(action="discussions.thread.author_revealed").exists()
    author = services.thread_reveal_author(
        actor=lead, thread=thread, reason="Disclosure suggests a child at risk of harm."
    )
    assert author == member
    event = AuditEvent.objects.get(action="discussions.thread.author_revealed")
    assert event.actor == lead and event.target_id == str(thread.pk)
    assert event.reason == "Disclosure suggests a child at risk of harm."


def test_reveal_reason_is_guarded(member, community, lead):
    thread = services.thread_create(
        actor=member,
        community=community,
        kind="growing_confidence",
        title="T",
        body="B",
        is_anonymous=True,
    )
    assert_service_guarded(
        lambda text: services.thread_reveal_author(actor=lead, thread=thread, reason=text)
    )


def test_named_thread_cannot_be_revealed(thread, lead):
    with pytest.raises(PermissionDenied):
        services.thread_reveal_author(
            actor=lead, thread=thread, reason="Disclosure suggests a child at risk of harm."
        )


def test_deleting_own_anonymous_post_audits_without_an_actor(member, community):
    thread = services.thread_create(
        actor=member,
        community=community,
        kind="growing_confidence",
        title="T",
        body="B",
        is_anonymous=True,
    )
    services.post_delete(actor=member, post=thread.posts.get())
    event = AuditEvent.objects.get(action="discussions.thread.deleted")
    assert event.actor is None and event.data["by"] == "author"


# --- replies -----------------------------------------------------------------------------


def test_reply_notifies_followers_not_the_replier(
    thread, member, other_member, facilitator, django_capture_on_commit_callbacks
):
    services.thread_follow(actor=facilitator, thread=thread, following=True)
    with django_capture_on_commit_callbacks(execute=True):
        post = services.thread_reply(actor=other_member, thread=thread, body="Try a joint visit.")
    thread.refresh_from_db()
    assert post.number == 1 and thread.reply_count == 1 and thread.last_post_number == 1
    assert [n.kind for n in notes_for(member)] == ["reply"]
    assert [n.kind for n in notes_for(facilitator)] == ["reply"]
    assert notes_for(other_member) == []
    note = notes_for(member)[0]
    assert note.actor == other_member and note.url.endswith(f"#post-{post.pk}")
    assert note.thread_key == f"discussions.thread:{thread.pk}"
    # The replier now follows the thread.
    assert ThreadFollow.objects.get(thread=thread, user=other_member).following


def test_unfollowing_stops_reply_notifications_and_is_remembered(
    thread, member, other_member, django_capture_on_commit_callbacks
):
    services.thread_follow(actor=member, thread=thread, following=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.thread_reply(actor=other_member, thread=thread, body="One")
        services.thread_reply(actor=member, thread=thread, body="Two")  # no silent re-follow
        services.thread_reply(actor=other_member, thread=thread, body="Three")
    assert notes_for(member) == []


def test_followers_who_left_a_private_community_are_not_told(
    private_thread, private_community, django_capture_on_commit_callbacks
):
    leaver = add_member(private_community)
    services.thread_follow(actor=leaver, thread=private_thread, following=True)
    community_services.community_leave(actor=leaver, community=private_community)
    replier = add_member(private_community)
    with django_capture_on_commit_callbacks(execute=True):
        services.thread_reply(actor=replier, thread=private_thread, body="A reply")
    assert notes_for(leaver) == []
    assert notes_for(private_thread.author)  # the author still hears


def test_mentioning_a_non_member_of_a_private_community_does_nothing(
    private_thread, private_community, django_capture_on_commit_callbacks
):
    stranger = UserFactory(full_name="Nina Stranger")
    replier = add_member(private_community)
    with django_capture_on_commit_callbacks(execute=True):
        post = services.thread_reply(
            actor=replier, thread=private_thread, body="Perhaps @Nina Stranger knows?"
        )
    assert notes_for(stranger) == []
    assert not Mention.objects.filter(post=post).exists()


def test_reply_to_a_locked_thread(thread, other_member, facilitator):
    services.thread_set_locked(actor=facilitator, thread=thread, locked=True)
    with pytest.raises(PermissionDenied, match="locked"):
        services.thread_reply(actor=other_member, thread=thread, body="Hello")
    services.thread_reply(actor=facilitator, thread=thread, body="Locking this, thanks all.")


def test_reply_is_guarded(thread, other_member):
    assert_service_guarded(
        lambda text: services.thread_reply(actor=other_member, thread=thread, body=text), model=Post
    )


def test_quoting_a_reply(thread, reply, member):
    body = services.quote_markdown(reply, "Alex Morgan") + "Agreed, that works."
    post = services.thread_reply(actor=member, thread=thread, body=body, quoted_post=reply)
    assert post.quoted_post == reply
    assert post.body.startswith("> @Alex Morgan wrote:\n>\n> We hold them jointly")
    assert Mention.objects.filter(post=post, user=reply.author).exists()


def test_quote_must_be_in_the_same_thread(thread, community, member, other_member, make_thread):
    elsewhere = make_thread(other_member, community, title="Another")
    with pytest.raises(ValidationError):
        services.thread_reply(
            actor=member, thread=thread, body="x", quoted_post=elsewhere.posts.get()
        )


def test_reply_with_attachment(thread, other_member):
    upload = SimpleUploadedFile("agenda.html", PDF, content_type="text/html")
    post = services.thread_reply(
        actor=other_member, thread=thread, body="Agenda attached", attachments=[upload]
    )
    attachment = post.attachments.get()
    assert attachment.content_type == "application/pdf"
    assert attachment.original_name == "agenda.pdf"  # named for what it is
    assert attachment.file.name.startswith("discussions/")
    assert "agenda" not in attachment.file.name  # a random name on disk


def test_unsupported_attachment(thread, other_member):
    upload = SimpleUploadedFile("page.html", b"<html><script>alert(1)</script></html>")
    with pytest.raises(ValidationError, match="not a file type we accept"):
        services.thread_reply(actor=other_member, thread=thread, body="x", attachments=[upload])
    assert thread.posts.count() == 1


# --- editing and deleting ----------------------------------------------------------------


def test_edit_keeps_history_and_marks_edited(thread, member, other_member):
    opening = thread.posts.get()
    services.post_edit(actor=member, post=opening, body="New text", title="New title")
    opening.refresh_from_db()
    thread.refresh_from_db()
    assert opening.body == "New text" and opening.edited_at is not None
    assert thread.title == "New title"
    revision = PostRevision.objects.get(post=opening)
    assert revision.title == "Transfer meetings that work"
    assert revision.body.startswith("How do other teams")
    with pytest.raises(PermissionDenied):
        services.post_edit(actor=other_member, post=opening, body="Hijack")


def test_edit_without_change_records_nothing(thread, member):
    opening = thread.posts.get()
    services.post_edit(actor=member, post=opening, body=opening.body)
    assert not PostRevision.objects.exists()


def test_edit_notifies_only_newly_mentioned(
    thread, member, facilitator, other_member, django_capture_on_commit_callbacks
):
    opening = thread.posts.get()
    with django_capture_on_commit_callbacks(execute=True):
        services.post_edit(actor=member, post=opening, body="Asking @Jo Reid")
        services.post_edit(actor=member, post=opening, body="Asking @Jo Reid and @Alex Morgan")
    assert len(notes_for(facilitator)) == 1
    assert len(notes_for(other_member)) == 1


def test_edit_is_guarded(thread, member):
    opening = thread.posts.get()
    assert_service_guarded(lambda text: services.post_edit(actor=member, post=opening, body=text))


def test_soft_delete_with_audit(thread, reply, other_member, facilitator, member):
    with pytest.raises(PermissionDenied):
        services.post_delete(actor=member, post=reply)
    services.post_delete(actor=other_member, post=reply)
    reply.refresh_from_db()
    thread.refresh_from_db()
    assert reply.deleted_at is not None and reply.body  # kept for moderators
    assert thread.reply_count == 0
    event = AuditEvent.objects.get(action="discussions.post.deleted")
    assert event.actor == other_member and event.data["by"] == "author"
    services.post_delete(actor=facilitator, post=thread.posts.get(is_opening=True))
    thread.refresh_from_db()
    assert thread.deleted_at is not None
    assert AuditEvent.objects.get(action="discussions.thread.deleted").data["by"] == "moderator"


# --- reactions and answers ---------------------------------------------------------------


def test_reaction_toggles(reply, member):
    assert services.reaction_toggle(actor=member, post=reply, kind="helpful") is True
    assert services.reaction_toggle(actor=member, post=reply, kind="thanks") is True
    assert Reaction.objects.filter(post=reply).count() == 2
    assert services.reaction_toggle(actor=member, post=reply, kind="helpful") is False
    assert list(Reaction.objects.filter(post=reply).values_list("kind", flat=True)) == ["thanks"]


def test_reaction_rules(reply, other_member, member, outsider):
    with pytest.raises(ValidationError):
        services.reaction_toggle(actor=other_member, post=reply, kind="helpful")  # own post
    with pytest.raises(ValidationError):
        services.reaction_toggle(actor=member, post=reply, kind="love")
    with pytest.raises(PermissionDenied):
        services.reaction_toggle(actor=outsider, post=reply, kind="helpful")


def test_author_marks_answer_and_reply_author_is_told(
    thread, reply, member, other_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.thread_mark_answer(actor=member, thread=thread, post=reply)
    thread.refresh_from_db()
    assert thread.is_solved and thread.answer == reply and thread.answered_by == member
    assert [n.kind for n in notes_for(other_member)] == ["answer_accepted"]


def test_facilitator_may_mark_answer_other_members_may_not(thread, reply, facilitator, community):
    bystander = add_member(community)
    with pytest.raises(PermissionDenied):
        services.thread_mark_answer(actor=bystander, thread=thread, post=reply)
    services.thread_mark_answer(actor=facilitator, thread=thread, post=reply)
    services.thread_clear_answer(actor=facilitator, thread=thread)
    thread.refresh_from_db()
    assert not thread.is_solved


def test_opening_post_cannot_be_the_answer(thread, member):
    with pytest.raises(ValidationError):
        services.thread_mark_answer(actor=member, thread=thread, post=thread.posts.get())


def test_deleting_the_answer_unsolves(thread, reply, member, other_member):
    services.thread_mark_answer(actor=member, thread=thread, post=reply)
    services.post_delete(actor=other_member, post=reply)
    thread.refresh_from_db()
    assert not thread.is_solved


def test_library_request_needs_a_solved_thread(thread, reply, member):
    with pytest.raises(ValidationError):
        services.thread_request_library(actor=member, thread=thread)
    services.thread_mark_answer(actor=member, thread=thread, post=reply)
    services.thread_request_library(actor=member, thread=thread)
    thread.refresh_from_db()
    assert thread.solution_requested_at is not None and thread.solution_requested_by == member
    assert thread.library_item_id is None


# --- following and reading ---------------------------------------------------------------


def test_community_followers_hear_of_new_threads(
    community, member, other_member, make_thread, django_capture_on_commit_callbacks
):
    services.community_follow(actor=other_member, community=community, following=True)
    with django_capture_on_commit_callbacks(execute=True):
        make_thread(member, community)
    assert [n.kind for n in notes_for(other_member)] == ["new_thread"]
    services.community_follow(actor=other_member, community=community, following=False)
    assert not CommunityFollow.objects.exists()


def test_outsider_cannot_follow_a_private_community(outsider, private_community):
    with pytest.raises(NotFound):
        services.community_follow(actor=outsider, community=private_community, following=True)


def test_read_state_only_moves_forward(thread, reply, member):
    services.thread_mark_read(actor=member, thread=thread, number=1)
    services.thread_mark_read(actor=member, thread=thread, number=0)
    assert ThreadReadState.objects.get(thread=thread, user=member).last_seen_number == 1


# --- moderation --------------------------------------------------------------------------


def test_lock_and_pin_are_audited_and_moderator_only(thread, member, facilitator):
    with pytest.raises(PermissionDenied):
        services.thread_set_pinned(actor=member, thread=thread, pinned=True)
    services.thread_set_pinned(actor=facilitator, thread=thread, pinned=True)
    services.thread_set_locked(actor=facilitator, thread=thread, locked=True)
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"discussions.thread.pinned", "discussions.thread.locked"} <= actions


@pytest.mark.parametrize(
    ("service", "kwargs", "field"),
    [
        ("thread_set_locked", {"locked": True}, "is_locked"),
        ("thread_set_pinned", {"pinned": True}, "is_pinned"),
    ],
)
def test_lock_and_pin_are_not_kept_without_their_audit_entry(
    thread, facilitator, monkeypatch, service, kwargs, field
):
    from practice_commons.discussions.services import threads as thread_services

    def fail(**_kwargs):
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(thread_services, "audit_record", fail)
    with pytest.raises(RuntimeError):
        getattr(services, service)(actor=facilitator, thread=thread, **kwargs)
    thread.refresh_from_db()
    assert getattr(thread, field) is False


def test_move_only_to_a_community_the_moderator_also_moderates(thread, facilitator, community):
    elsewhere = make_community(name="Newly qualified social workers")
    with pytest.raises(PermissionDenied):
        services.thread_move(actor=facilitator, thread=thread, to_community=elsewhere)
    assert elsewhere not in policies.move_targets(facilitator, thread)
    add_member(elsewhere, facilitator, role="facilitator")
    assert elsewhere in policies.move_targets(facilitator, thread)
    services.thread_move(actor=facilitator, thread=thread, to_community=elsewhere)
    thread.refresh_from_db()
    assert thread.community == elsewhere
    event = AuditEvent.objects.get(action="discussions.thread.moved")
    assert event.data == {"from": community.pk, "to": elsewhere.pk}


def test_hide_with_reason_is_audited(thread, reply, facilitator, member):
    with pytest.raises(PermissionDenied):
        services.post_hide(actor=member, post=reply, reason="Off topic")
    with pytest.raises(ValidationError):
        services.post_hide(actor=facilitator, post=reply, reason="  ")
    services.post_hide(actor=facilitator, post=reply, reason="Off topic for this community")
    reply.refresh_from_db()
    thread.refresh_from_db()
    assert reply.hidden_at and reply.hidden_reason == "Off topic for this community"
    assert thread.reply_count == 0
    event = AuditEvent.objects.get(action="discussions.post.hidden")
    assert event.reason == "Off topic for this community" and event.actor == facilitator
    services.post_unhide(actor=facilitator, post=reply)
    thread.refresh_from_db()
    assert thread.reply_count == 1


def test_hiding_the_opening_post_hides_the_thread(thread, facilitator):
    services.post_hide(actor=facilitator, post=thread.posts.get(), reason="Duplicate thread")
    thread.refresh_from_db()
    assert thread.hidden_at is not None


def test_hide_reason_is_guarded(reply, facilitator):
    assert_service_guarded(
        lambda text: services.post_hide(actor=facilitator, post=reply, reason=text[:500])
    )


def test_safeguarding_redaction_replaces_text_and_history(thread, member, host_admin):
    opening = thread.posts.get()
    services.post_edit(actor=member, post=opening, body="Earlier version")
    Post.objects.filter(pk=opening.pk).update(body="Met Jayden Okafor, NHS 943 476 5919.")
    PostRevision.objects.filter(post=opening).update(body="NHS 943 476 5919")
    opening.refresh_from_db()
    services.post_redact_for_safeguarding(opening, actor=host_admin)
    opening.refresh_from_db()
    assert "943 476 5919" not in opening.body
    assert all("943 476 5919" not in r.body for r in PostRevision.objects.filter(post=opening))


def test_timezone_aware_timestamps(thread):
    assert timezone.is_aware(thread.created_at)
