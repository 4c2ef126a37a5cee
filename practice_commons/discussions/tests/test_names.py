"""Names people see: a person without a name is "New member" (never any part of their
email address) and cannot post; thread titles, poll questions and message subjects are
names (``core.text``)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from practice_commons.accounts.models import User
from practice_commons.accounts.tests.factories import UserFactory
from practice_commons.communities.tests.factories import add_member
from practice_commons.discussions import services
from practice_commons.discussions.forms import NewConversationForm, PollForm, ThreadForm
from practice_commons.discussions.mentions import mentioned_user_ids
from practice_commons.discussions.models import Mention, Post, Thread

LOCAL_PART = "dafydd.douglas.111"
NAME_MESSAGE = "Add your name to your profile before you post."


@pytest.fixture
def nameless(community):
    """A member whose profile has no name (from before names were required)."""
    return add_member(community, UserFactory(full_name="", email=f"{LOCAL_PART}@example.org"))


def _forget_name(person):
    User.objects.filter(pk=person.pk).update(full_name="")
    person.refresh_from_db()


def test_a_person_without_a_name_is_new_member_on_the_thread_page_and_in_the_api(
    community, member, other_member, make_thread, client_for, api_client_for
):
    member.email = f"{LOCAL_PART}@example.org"
    member.save(update_fields=["email"])
    thread = make_thread(member, community)
    services.thread_reply(actor=member, thread=thread, body="And another thought.")
    _forget_name(member)
    assert member.display_name == "New member"

    page = client_for(other_member).get(thread.get_absolute_url()).content.decode()
    assert "New member" in page
    assert LOCAL_PART not in page and "dafydd" not in page

    api = api_client_for(other_member)
    for url in (
        f"/api/v1/threads/{thread.pk}",
        f"/api/v1/communities/{community.slug}/threads",
    ):
        response = api.get(url)
        assert response.status_code == 200, url
        assert "dafydd" not in response.content.decode(), url
    assert api.get(f"/api/v1/threads/{thread.pk}").json()["author"]["name"] == "New member"


def test_posting_without_a_name_is_refused_with_a_link_to_the_profile(
    nameless, community, thread, other_member
):
    with pytest.raises(ValidationError) as caught:
        services.thread_create(
            actor=nameless, community=community, kind="problem_solving", title="A", body="B"
        )
    assert caught.value.messages == [NAME_MESSAGE]
    assert caught.value.code == "name_required"
    assert caught.value.params["profile_url"] == reverse("accounts:profile_edit")
    with pytest.raises(ValidationError, match=NAME_MESSAGE):
        services.thread_reply(actor=nameless, thread=thread, body="Me too")
    with pytest.raises(ValidationError, match=NAME_MESSAGE):
        services.conversation_start(actor=nameless, recipients=[other_member], body="Hello")
    assert Thread.objects.count() == 1 and Post.objects.count() == 1


def test_sending_a_message_without_a_name_is_refused(member, other_member):
    conversation = services.conversation_start(
        actor=member, recipients=[other_member], body="Hello"
    )
    _forget_name(member)
    with pytest.raises(ValidationError, match=NAME_MESSAGE):
        services.message_send(actor=member, conversation=conversation, body="Again")


def test_pages_say_to_add_a_name_before_posting(nameless, community, thread, client_for):
    client = client_for(nameless)
    profile = reverse("accounts:profile_edit")
    for url in (
        reverse("discussions:list", args=[community.slug]),
        reverse("discussions:new", args=[community.slug]),
        reverse("discussions:new", args=[community.slug]) + "?kind=problem_solving",
        thread.get_absolute_url(),
        reverse("messages:new"),
    ):
        page = client.get(url).content.decode()
        assert NAME_MESSAGE in page, url
        assert f'href="{profile}"' in page, url
        assert "Post thread" not in page and "Post reply" not in page, url
    response = client.post(
        reverse("discussions:new", args=[community.slug]),
        {"kind": "problem_solving", "title": "Transfers", "body": "How do you do it?"},
    )
    assert NAME_MESSAGE in response.content.decode()
    assert Thread.objects.count() == 1


def test_a_person_without_a_name_cannot_be_mentioned_by_their_email(
    nameless, member, community, thread
):
    assert mentioned_user_ids(f"@{LOCAL_PART} hello", community) == set()
    services.thread_reply(actor=member, thread=thread, body=f"Thanks @{LOCAL_PART}")
    assert not Mention.objects.filter(user=nameless).exists()


@pytest.mark.parametrize(
    ("title", "message"),
    [
        ("\u200b\u200b\u200b", "Title contains invisible or control characters"),
        ("Kinship\u202ecare", "Title contains invisible or control characters"),
        ("   ", "Enter a title."),
        ("x" * 201, "Title must be 200 characters or fewer; yours is 201."),
    ],
)
def test_thread_titles_are_names(member, community, title, message):
    with pytest.raises(ValidationError) as caught:
        services.thread_create(
            actor=member, community=community, kind="problem_solving", title=title, body="B"
        )
    assert caught.value.message_dict["title"][0].startswith(message)
    form = ThreadForm({"title": title, "body": "B"}, kind="problem_solving")
    assert not form.is_valid()
    assert form.errors["title"][0].startswith(message)


def test_thread_titles_are_nfc_and_single_spaced(member, community, thread):
    made = services.thread_create(
        actor=member,
        community=community,
        kind="problem_solving",
        title="Cafe\u0301 meetings  between\u00a0teams",
        body="How?",
    )
    assert made.title == "Café meetings between teams"
    post = thread.posts.get(number=0)
    with pytest.raises(ValidationError, match="invisible"):
        services.post_edit(actor=member, post=post, body=post.body, title="\u200b")


def test_poll_questions_and_message_subjects_are_names(member, other_member, thread):
    with pytest.raises(ValidationError) as caught:
        services.poll_create(
            actor=member, thread=thread, question="\u200b\u200b", options=["Yes", "No"]
        )
    assert "invisible" in caught.value.message_dict["question"][0]
    assert "invisible" in PollForm({"question": "\u200b", "options": "A\nB"}).errors["question"][0]
    with pytest.raises(ValidationError) as caught:
        services.conversation_start(
            actor=member, recipients=[other_member], body="Hi", subject="Hi\u202e"
        )
    assert "invisible" in caught.value.message_dict["subject"][0]
    form = NewConversationForm({"subject": "\u200b", "body": "Hi"}, people=None)
    assert "invisible" in form.errors["subject"][0]
