"""Reporting through safeguarding, community page panels, and the demo seeder."""

from django.urls import reverse

from practice_commons.confidentiality.guard import guard_texts
from practice_commons.core.seeding import SCALES, SeedContext
from practice_commons.discussions import seeding, services
from practice_commons.discussions.models import Message, Post, Thread
from practice_commons.discussions.seeding_content import DEMO_THREADS
from practice_commons.safeguarding import selectors as safeguarding_selectors
from practice_commons.safeguarding import services as safeguarding_services
from practice_commons.safeguarding.registry import reportable_for


def test_thread_post_and_message_are_reportable(thread, reply, member, other_member):
    for obj in (thread, reply):
        registration = reportable_for(obj)
        assert registration is not None
        assert registration.scope(obj) == thread.community
    conversation = services.conversation_start(actor=member, recipients=[other_member], body="Hi")
    message = conversation.messages.get()
    assert reportable_for(message).scope(message) is None
    assert reportable_for(message).owner(message) == member


def test_a_safeguarding_report_hides_the_post_at_once(client_for, thread, reply, member, lead):
    safeguarding_services.report_create(actor=member, target=reply, reason="safeguarding")
    assert safeguarding_selectors.is_hidden(reply)
    html = client_for(member).get(thread.get_absolute_url()).content.decode()
    assert "This post has been hidden by a moderator." in html
    assert "We hold them jointly" not in html


def test_report_on_a_thread_hides_it_from_lists(client_for, thread, other_member, lead):
    safeguarding_services.report_create(actor=other_member, target=thread, reason="confidentiality")
    listing = (
        client_for(other_member)
        .get(reverse("discussions:list", args=[thread.community.slug]))
        .content.decode()
    )
    assert thread.title not in listing
    assert client_for(other_member).get(thread.get_absolute_url()).status_code == 404


def test_report_link_on_posts(client_for, thread, reply, member):
    html = client_for(member).get(thread.get_absolute_url()).content.decode()
    assert safeguarding_selectors.report_url(reply) in html


def test_redact_through_the_registration(thread, host_admin):
    opening = thread.posts.get()
    Post.objects.filter(pk=opening.pk).update(body="NHS number 943 476 5919 mentioned")
    reportable_for(Thread).redact(thread, actor=host_admin)
    assert "943 476 5919" not in Post.objects.get(pk=opening.pk).body


def test_message_redaction(member, other_member, host_admin):
    conversation = services.conversation_start(actor=member, recipients=[other_member], body="Hi")
    message = conversation.messages.get()
    Message.objects.filter(pk=message.pk).update(body="NHS 943 476 5919")
    message.refresh_from_db()
    reportable_for(message).redact(message, actor=host_admin)
    message.refresh_from_db()
    assert "943 476 5919" not in message.body


def test_demo_texts_pass_the_guard():
    kinds = {demo.kind for demo in DEMO_THREADS}
    assert len(kinds) == 10  # every kind of thread
    for demo in DEMO_THREADS:
        texts = {
            "title": demo.title,
            "body": demo.body,
            **{f"reply{i}": r for i, r in enumerate(demo.replies)},
            **{k: v for k, v in demo.details.items() if isinstance(v, str)},
        }
        guard_texts(texts=texts)


def test_seeder_makes_threads_of_every_kind(community, member, other_member, facilitator):
    ctx = SeedContext(scale=SCALES["small"], log=lambda *_: None)
    ctx.rng = ctx.random_for("discussions")
    seeding.THREADS_PER_COMMUNITY["small"], saved = (
        len(DEMO_THREADS),
        seeding.THREADS_PER_COMMUNITY["small"],
    )
    try:
        seeding.seed_discussions(ctx)
    finally:
        seeding.THREADS_PER_COMMUNITY["small"] = saved
    threads = Thread.objects.filter(community=community)
    assert threads.count() == len(DEMO_THREADS)
    assert set(threads.values_list("kind", flat=True)) >= {d.kind for d in DEMO_THREADS}
    assert threads.filter(answer__isnull=False).exists()
    assert threads.filter(is_anonymous=True).exists()  # the community allows it
    for thread in threads:
        assert thread.posts.count() == thread.reply_count + 1
    assert Post.objects.filter(reactions__isnull=False).exists()
    # Reproducible: same seed, same choices.
    first = list(threads.order_by("pk").values_list("title", "author_id"))
    seeding.reset_discussions(ctx)
    ctx.rng = ctx.random_for("discussions")
    seeding.THREADS_PER_COMMUNITY["small"] = len(DEMO_THREADS)
    try:
        seeding.seed_discussions(ctx)
    finally:
        seeding.THREADS_PER_COMMUNITY["small"] = saved
    again = list(
        Thread.objects.filter(community=community).order_by("pk").values_list("title", "author_id")
    )
    assert again == first
