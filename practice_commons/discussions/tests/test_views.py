"""The pages: typed forms, errors people can act on, htmx partials and the same actions
without JavaScript, attachments served only as downloads, unread markers."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from practice_commons.communities import services as community_services
from practice_commons.communities.models import CommunityMembership
from practice_commons.communities.tests.factories import add_member
from practice_commons.confidentiality.testing import assert_form_view_guarded, make_pdf
from practice_commons.core.testing import html_contains
from practice_commons.discussions import services
from practice_commons.discussions.kinds import KINDS
from practice_commons.discussions.models import Post, Reaction, Thread

PDF = make_pdf()  # a real PDF: attachments are read for the guard
HTMX = {"HTTP_HX_REQUEST": "true"}


def page(response) -> str:
    return response.content.decode()


# --- starting a thread -----------------------------------------------------------------


def test_kind_question_lists_every_kind(client_for, member, community):
    response = client_for(member).get(reverse("discussions:new", args=[community.slug]))
    html = page(response)
    assert response.status_code == 200
    for spec in KINDS.values():
        assert str(spec.label) in html and str(spec.summary) in html


def test_kind_question_error(client_for, member, community):
    response = client_for(member).get(reverse("discussions:new", args=[community.slug]) + "?kind=")
    assert "Choose what kind of thread this is." in page(response)
    assert page(response).count("Error:") >= 1


@pytest.mark.parametrize(
    "kind,field_labels",
    [
        ("request_for_information", ["By when do you need it?"]),
        ("visits", ["Where is the visit?", "When is the visit?"]),
        ("documenting_solutions", ["What was the problem?", "What worked?"]),
    ],
)
def test_kind_shapes_the_form(client_for, member, community, kind, field_labels):
    html = page(
        client_for(member).get(reverse("discussions:new", args=[community.slug]) + f"?kind={kind}")
    )
    for label in field_labels:
        assert label in html
    assert "Ask anonymously" in html  # this community allows it


def test_start_a_visit_thread(client_for, member, community):
    response = client_for(member).post(
        reverse("discussions:new", args=[community.slug]),
        {
            "kind": "visits",
            "title": "Visit to a youth justice team",
            "body": "Space for two more.",
            "place": "A team in the North West",
            "visit_date": "2030-03-27",
        },
    )
    thread = Thread.objects.get()
    assert response.status_code == 302 and response.url == thread.get_absolute_url()
    assert thread.details == {"place": "A team in the North West", "visit_date": "2030-03-27"}
    html = page(client_for(member).get(thread.get_absolute_url()))
    assert "Where is the visit?" in html and "27/03/2030" in html and "Visits" in html


def test_clear_errors_for_empty_and_oversized_bodies(client_for, member, community):
    url = reverse("discussions:new", args=[community.slug])
    html = page(client_for(member).post(url, {"kind": "problem_solving", "title": "T", "body": ""}))
    assert "There is a problem" in html and "Enter your message." in html
    html = page(
        client_for(member).post(
            url, {"kind": "problem_solving", "title": "T", "body": "x" * 20_001}
        )
    )
    assert "This must be 20,000 characters or fewer. It is 20,001 characters." in html
    assert not Thread.objects.exists()


def test_unsupported_attachment_error(client_for, member, community):
    upload = SimpleUploadedFile("macro.exe", b"MZ\x90\x00" + b"\x00" * 100)
    html = page(
        client_for(member).post(
            reverse("discussions:new", args=[community.slug]),
            {"kind": "problem_solving", "title": "T", "body": "B", "attachments": [upload]},
        )
    )
    assert "is not a file type we accept" in html
    assert not Thread.objects.exists()


def test_thread_form_is_guarded(client_for, member, community):
    assert_form_view_guarded(
        client_for(member),
        reverse("discussions:new", args=[community.slug]),
        {"kind": "problem_solving", "title": "Help"},
        "body",
        model=Thread,
    )


def test_redact_and_continue(client_for, member, community):
    from practice_commons.confidentiality.testing import IDENTIFYING_TEXT, NHS_NUMBER

    client_for(member).post(
        reverse("discussions:new", args=[community.slug]),
        {
            "kind": "problem_solving",
            "title": "Help",
            "body": IDENTIFYING_TEXT,
            "confidentiality_action": "redact",
        },
    )
    thread = Thread.objects.get()
    assert NHS_NUMBER not in thread.posts.get().body


def test_cannot_post_reason_shown(client_for, outsider, community):
    response = client_for(outsider).get(reverse("discussions:new", args=[community.slug]))
    assert response.status_code == 403
    assert "Only members of this community can post" in page(response)


def test_posting_before_accepting_new_rules_explains_why(
    client_for, member, community, owner, thread
):
    community_services.community_rules_update(
        actor=owner, community=community, rules=[{"title": "Kindness", "description": "Be kind"}]
    )
    response = client_for(member).post(
        reverse("discussions:reply", args=[community.slug, thread.pk]), {"body": "Hello"}
    )
    assert response.status_code == 403
    assert "Accept the updated rules before you post." in page(response)


def test_muted_member_is_told(client_for, member, community, owner, thread):
    community_services.membership_mute(
        actor=owner,
        membership=CommunityMembership.objects.get(community=community, user=member),
        days=2,
        reason="Cooling off",
    )
    html = page(client_for(member).get(thread.get_absolute_url()))
    assert "muted you in this community" in html
    assert "Post reply" not in html


# --- the thread page -------------------------------------------------------------------


def test_locked_thread_says_so(client_for, thread, facilitator, other_member):
    services.thread_set_locked(actor=facilitator, thread=thread, locked=True)
    html = page(client_for(other_member).get(thread.get_absolute_url()))
    assert "This thread is locked, so no one can reply to it." in html
    response = client_for(other_member).post(
        reverse("discussions:reply", args=[thread.community.slug, thread.pk]), {"body": "Hi"}
    )
    assert response.status_code == 403 and "locked" in page(response)


def test_reply_without_javascript(client_for, thread, other_member):
    response = client_for(other_member).post(
        reverse("discussions:reply", args=[thread.community.slug, thread.pk]),
        {"body": "We do joint visits."},
    )
    post = Post.objects.get(number=1)
    assert response.status_code == 302 and response.url.endswith(f"#post-{post.pk}")


def test_reply_with_htmx_returns_the_post_and_a_fresh_form(client_for, thread, other_member):
    response = client_for(other_member).post(
        reverse("discussions:reply", args=[thread.community.slug, thread.pk]),
        {"body": "We do **joint** visits."},
        **HTMX,
    )
    html = page(response)
    assert response.status_code == 200
    assert 'hx-swap-oob="beforeend:#posts"' in html
    assert "<strong>joint</strong>" in html and 'id="reply-area"' in html
    assert "<html" not in html
    assert "HX-Request" in response["Vary"]


def test_reply_errors_with_htmx_stay_in_the_form(client_for, thread, other_member):
    response = client_for(other_member).post(
        reverse("discussions:reply", args=[thread.community.slug, thread.pk]), {"body": ""}, **HTMX
    )
    assert response.status_code == 200
    assert "Enter your message." in page(response)
    assert 'id="reply-area"' in page(response)


def test_reply_form_is_guarded(client_for, thread, other_member):
    assert_form_view_guarded(
        client_for(other_member),
        reverse("discussions:reply", args=[thread.community.slug, thread.pk]),
        {},
        "body",
        model=Post,
    )


def test_quote_prefills_the_reply(client_for, thread, reply, member):
    html = page(client_for(member).get(thread.get_absolute_url() + f"?quote={reply.pk}"))
    assert "&gt; @" in html and "wrote:" in html
    assert f'value="{reply.pk}"' in html


def test_react_with_and_without_htmx(client_for, reply, member):
    url = reverse(
        "discussions:post_react", args=[reply.thread.community.slug, reply.thread_id, reply.pk]
    )
    client = client_for(member)
    response = client.post(url, {"kind": "helpful"}, **HTMX)
    html = page(response)
    assert response.status_code == 200 and f'id="reactions-{reply.pk}"' in html
    assert 'aria-pressed="true"' in html and "<html" not in html
    response = client.post(url, {"kind": "helpful"})
    assert response.status_code == 302
    assert not Reaction.objects.exists()


def test_own_post_reaction_is_explained(client_for, reply, other_member):
    url = reverse(
        "discussions:post_react", args=[reply.thread.community.slug, reply.thread_id, reply.pk]
    )
    response = client_for(other_member).post(url, {"kind": "helpful"}, **HTMX)
    assert "You cannot react to your own post." in page(response)


def test_mark_answer_shows_solved_and_library_offer(client_for, thread, reply, member):
    client = client_for(member)
    url = reverse("discussions:post_answer", args=[thread.community.slug, thread.pk, reply.pk])
    assert client.post(url).status_code == 302
    html = page(client.get(thread.get_absolute_url()))
    assert "Solved" in html and "Add to the library as a documented solution" in html
    client.post(reverse("discussions:library", args=[thread.community.slug, thread.pk]))
    html = page(client.get(thread.get_absolute_url()))
    assert "finish the documented solution in the library" in html


def test_load_more_replies(client_for, thread, other_member, member):
    for i in range(35):
        services.thread_reply(actor=other_member, thread=thread, body=f"Reply number {i}")
    client = client_for(member)
    html = page(client.get(thread.get_absolute_url()))
    assert "Reply number 28" in html and "Reply number 29" not in html
    assert "Load more replies" in html
    more = client.get(thread.get_absolute_url() + "?after=29", **HTMX)
    assert "Reply number 29" in page(more) and "Reply number 34" in page(more)
    assert "Load more replies" not in page(more)
    no_js = page(client.get(thread.get_absolute_url() + "?after=29"))
    assert "Reply number 34" in no_js and "Show the thread from the start" in no_js


def test_new_since_last_visit_markers(client_for, thread, member, other_member):
    client = client_for(member)
    client.get(thread.get_absolute_url())
    services.thread_reply(actor=other_member, thread=thread, body="A fresh reply")
    listing = page(client.get(reverse("discussions:list", args=[thread.community.slug])))
    assert "1 new reply" in listing
    html = page(client.get(thread.get_absolute_url()))
    assert 'govuk-tag--yellow">New</strong>' in html
    html = page(client.get(thread.get_absolute_url()))  # read now
    assert 'govuk-tag--yellow">New</strong>' not in html


def test_anonymous_thread_pages_never_name_the_author(
    client_for, community, member, other_member, facilitator, host_admin
):
    thread = services.thread_create(
        actor=member,
        community=community,
        kind="growing_confidence",
        title="Unsure about a decision",
        body="Body",
        is_anonymous=True,
    )
    services.post_edit(actor=member, post=thread.posts.get(), body="Edited body")
    for viewer in (other_member, facilitator, host_admin):
        client = client_for(viewer)
        for url in (
            thread.get_absolute_url(),
            reverse("discussions:list", args=[community.slug]),
            reverse(
                "discussions:post_history", args=[community.slug, thread.pk, thread.posts.get().pk]
            ),
        ):
            html = page(client.get(url))
            assert not html_contains(html, member.display_name), (viewer, url)
    own = page(client_for(member).get(thread.get_absolute_url()))
    assert "(you, posted anonymously)" in own
    # The community page lists members, but its thread panels do not name the author.
    from django.test import RequestFactory

    from practice_commons.discussions.registrations import render_recent_threads

    request = RequestFactory().get("/")
    request.user = other_member
    panel = render_recent_threads(request, community)
    assert "Unsure about a decision" in panel and not html_contains(panel, member.display_name)


def test_reveal_page_for_the_lead(client_for, community, member, lead):
    thread = services.thread_create(
        actor=member,
        community=community,
        kind="growing_confidence",
        title="T",
        body="B",
        is_anonymous=True,
    )
    client = client_for(lead)
    url = reverse("discussions:reveal", args=[community.slug, thread.pk])
    html = page(client.get(url))
    assert not html_contains(html, member.display_name)
    response = client.post(url, {"reason": "short"})
    assert not html_contains(page(response), member.display_name)
    response = client.post(url, {"reason": "Disclosure suggests a child is at risk of harm."})
    assert html_contains(page(response), member.display_name)
    assert response["Cache-Control"] == "no-store"


def test_thread_list_filters_by_kind_and_status(client_for, community, member, make_thread):
    make_thread(
        member,
        community,
        kind="visits",
        title="Visit the youth team",
        details={"place": "A team in the North West", "visit_date": "2030-01-01"},
    )
    make_thread(member, community, kind="problem_solving", title="Stuck on transfers")
    client = client_for(member)
    base = reverse("discussions:list", args=[community.slug])
    html = page(client.get(base + "?kind=visits"))
    assert "Visit the youth team" in html and "Stuck on transfers" not in html
    html = page(client.get(base + "?status=solved"))
    assert "No threads match these filters." in html
    html = page(client.get(base + "?status=unanswered"))
    assert "Stuck on transfers" in html


def test_thread_list_load_more_with_htmx(client_for, community, member, make_thread):
    for i in range(25):
        make_thread(member, community, title=f"Thread number {i:02d}")
    client = client_for(member)
    base = reverse("discussions:list", args=[community.slug])
    html = page(client.get(base))
    assert "Load more threads" in html
    more = client.get(base + "?page=2", **HTMX)
    assert "<html" not in page(more) and "Thread number 00" in page(more)


def test_community_page_shows_recent_and_solved_panels(
    only_discussion_panels, client_for, community, thread, reply, member
):
    services.thread_mark_answer(actor=member, thread=thread, post=reply)
    html = page(client_for(member).get(community.get_absolute_url()))
    assert "Recent threads" in html and "Solved threads" in html
    assert thread.title in html


def test_follow_buttons(client_for, thread, other_member):
    client = client_for(other_member)
    client.post(
        reverse("discussions:follow", args=[thread.community.slug, thread.pk]), {"following": "1"}
    )
    assert "Stop following" in page(client.get(thread.get_absolute_url()))
    client.post(
        reverse("discussions:community_follow", args=[thread.community.slug]), {"following": "1"}
    )
    assert "Stop following new threads" in page(
        client.get(reverse("discussions:list", args=[thread.community.slug]))
    )


def test_edit_and_history_pages(client_for, thread, reply, other_member, facilitator):
    url = reverse("discussions:post_edit", args=[thread.community.slug, thread.pk, reply.pk])
    response = client_for(other_member).post(url, {"body": "Changed my mind"})
    assert response.status_code == 302
    html = page(client_for(facilitator).get(thread.get_absolute_url()))
    assert "Edited" in html and "Edit history" in html
    history = page(
        client_for(facilitator).get(
            reverse("discussions:post_history", args=[thread.community.slug, thread.pk, reply.pk])
        )
    )
    assert "We hold them jointly" in history and "Changed my mind" in history


def test_edit_opening_post_with_kind_fields(client_for, community, member, make_thread):
    thread = make_thread(
        member,
        community,
        kind="request_for_information",
        title="RFI",
        details={"needed_by": "2030-01-01"},
    )
    opening = thread.posts.get()
    url = reverse("discussions:post_edit", args=[community.slug, thread.pk, opening.pk])
    html = page(client_for(member).get(url))
    assert "By when do you need it?" in html and "2030-01-01" in html
    client_for(member).post(url, {"title": "RFI updated", "body": "New", "needed_by": "2030-02-01"})
    thread.refresh_from_db()
    assert thread.title == "RFI updated" and thread.details["needed_by"] == "2030-02-01"


def test_delete_page_and_placeholder(client_for, thread, reply, other_member, member):
    url = reverse("discussions:post_delete", args=[thread.community.slug, thread.pk, reply.pk])
    assert "Delete this post?" in page(client_for(other_member).get(url))
    client_for(other_member).post(url)
    html = page(client_for(member).get(thread.get_absolute_url()))
    assert "This post was deleted." in html and "We hold them jointly" not in html


def test_hide_page(client_for, thread, reply, facilitator, member):
    url = reverse("discussions:post_hide", args=[thread.community.slug, thread.pk, reply.pk])
    response = client_for(facilitator).post(url, {"reason": ""})
    assert "Enter the reason." in page(response)
    client_for(facilitator).post(url, {"reason": "Off topic"})
    html = page(client_for(member).get(thread.get_absolute_url()))
    assert "This post has been hidden by a moderator." in html
    assert "We hold them jointly" not in html
    mod_html = page(client_for(facilitator).get(thread.get_absolute_url()))
    assert "We hold them jointly" in mod_html and "Reason: Off topic" in mod_html


def test_lock_pin_move_pages(client_for, thread, facilitator, community):
    from practice_commons.communities.tests.factories import make_community

    client = client_for(facilitator)
    url = reverse("discussions:moderate", args=[community.slug, thread.pk])
    client.post(url, {"action": "pin"})
    client.post(url, {"action": "lock"})
    thread.refresh_from_db()
    assert thread.is_pinned and thread.is_locked
    assert client.post(url, {"action": "explode"}).status_code == 404
    move = reverse("discussions:move", args=[community.slug, thread.pk])
    assert "nowhere to move it" in page(client.get(move))
    other = make_community(name="Principal social workers")
    add_member(other, facilitator, role="facilitator")
    response = client.post(move, {"community": other.pk})
    thread.refresh_from_db()
    assert thread.community == other and response.url == thread.get_absolute_url()


def test_poll_pages(client_for, thread, member, other_member):
    slug = thread.community.slug
    response = client_for(member).post(
        reverse("discussions:poll_new", args=[slug, thread.pk]),
        {"question": "Which day?", "options": "Tue\nWed"},
    )
    assert response.status_code == 302
    html = page(client_for(other_member).get(thread.get_absolute_url()))
    assert "Poll: Which day?" in html and "Vote" in html
    option = thread.poll.options.first()
    response = client_for(other_member).post(
        reverse("discussions:poll_vote", args=[slug, thread.pk]),
        {"options": str(option.pk)},
        **HTMX,
    )
    assert "1 person has voted" in page(response)
    response = client_for(other_member).post(
        reverse("discussions:poll_vote", args=[slug, thread.pk]), {"options": str(option.pk)}
    )
    assert "You have already voted" in page(response)


# --- attachments -----------------------------------------------------------------------


def _docx() -> bytes:
    """The same bytes every call: a fixed time stamp, so a download compares equal to the
    upload even when a second has passed between them."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, text in (
            ("[Content_Types].xml", "<Types/>"),
            ("word/document.xml", "<w:document/>"),
        ):
            zf.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), text)
    return buffer.getvalue()


def test_attachment_is_only_ever_a_download(client_for, thread, other_member, member):
    post = services.thread_reply(
        actor=other_member,
        thread=thread,
        body="Template attached",
        attachments=[SimpleUploadedFile("template.docx", _docx())],
    )
    attachment = post.attachments.get()
    from django.conf import settings

    # Stored outside MEDIA_ROOT, so no media route can serve it; it has no public URL.
    assert attachment.file.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    with pytest.raises(ValueError):
        attachment.file.url  # noqa: B018
    html = page(client_for(member).get(thread.get_absolute_url()))
    assert "template.docx" in html
    response = client_for(member).get(
        reverse("discussions:attachment", args=[thread.community.slug, attachment.pk])
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "template.docx" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert b"".join(response.streaming_content) == _docx()


def test_attachment_of_a_deleted_post_is_gone(client_for, thread, other_member, member):
    post = services.thread_reply(
        actor=other_member, thread=thread, body="x", attachments=[SimpleUploadedFile("a.pdf", PDF)]
    )
    services.post_delete(actor=other_member, post=post)
    url = reverse("discussions:attachment", args=[thread.community.slug, post.attachments.get().pk])
    assert client_for(member).get(url).status_code == 404
