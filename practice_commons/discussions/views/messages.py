"""Private message pages. A conversation the reader is not in is a 404, whether or not
it exists."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from practice_commons.core.http import safe_next_url

from .. import selectors, services
from ..forms import MessageForm, NewConversationForm
from .common import int_or, is_htmx, render_page, write_or_refuse

CONVERSATIONS_PER_PAGE = 20


@login_required
def inbox(request):
    page = Paginator(selectors.conversations_for(request.user), CONVERSATIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    conversations = list(page.object_list)
    for conversation in conversations:
        conversation.others = [
            p.user for p in conversation.participants.all() if p.user_id != request.user.pk
        ]
    return render(
        request,
        "discussions/messages/inbox.html",
        {"conversations": conversations, "page_obj": page},
    )


@login_required
def conversation_new(request):
    people = selectors.messageable_people(request.user)
    initial = {}
    to = request.GET.get("to", "")
    to_id = int_or(to) if to.isdigit() else None
    if to_id is not None:
        if not people.filter(pk=to_id).exists():
            messages.error(
                request, _("You can only message people who are in a community with you.")
            )
        else:
            initial["recipients"] = [to_id]
    form = NewConversationForm(request.POST or None, people=people, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        written, status = write_or_refuse(
            form,
            services.conversation_start,
            actor=request.user,
            recipients=list(form.cleaned_data["recipients"]),
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
        )
        if written:
            messages.success(request, _("Your message has been sent."))
            return redirect(written.value)
    return render(
        request,
        "discussions/messages/new.html",
        {"form": form, "has_people": people.exists()},
        status=status,
    )


@login_required
def conversation_detail(request, pk):
    conversation = selectors.conversation_for(request.user, pk)
    form = MessageForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        written, status = write_or_refuse(
            form,
            services.message_send,
            actor=request.user,
            conversation=conversation,
            body=form.cleaned_data["body"],
        )
        if written:
            message = written.value
            if is_htmx(request):
                return render_page(
                    request,
                    "discussions/messages/includes/message_posted.html",
                    {"message": message, "form": MessageForm(), "conversation": conversation},
                )
            return redirect(message.get_absolute_url())
    if request.method == "POST" and is_htmx(request):
        return render_page(
            request,
            "discussions/messages/includes/message_form.html",
            {"form": form, "conversation": conversation},
        )
    services.conversation_mark_read(actor=request.user, conversation=conversation)
    seats = list(conversation.participants.all())
    others = [s.user for s in seats if s.user_id != request.user.pk and s.left_at is None]
    me = next(s for s in seats if s.user_id == request.user.pk)
    context = {
        "conversation": conversation,
        "messages_list": selectors.messages_in(conversation),
        "others": others,
        "form": form,
        "has_left": me.left_at is not None,
        "blocked_ids": set(selectors.blocked_people(request.user).values_list("pk", flat=True)),
    }
    return render_page(request, "discussions/messages/conversation.html", context, status=status)


@login_required
@require_POST
def conversation_leave(request, pk):
    conversation = selectors.conversation_for(request.user, pk)
    services.conversation_leave(actor=request.user, conversation=conversation)
    messages.success(request, _("You have left the conversation."))
    return redirect("messages:inbox")


@login_required
def blocked_list(request):
    return render(
        request,
        "discussions/messages/blocked.html",
        {"blocked": list(selectors.blocked_people(request.user))},
    )


@login_required
@require_POST
def block(request, user_id):
    """Block or unblock someone the reader has a conversation with or has blocked."""
    other = selectors.person_for(request.user, user_id)
    if request.POST.get("action") == "unblock":
        services.user_unblock(actor=request.user, user=other)
        messages.success(request, _("You have unblocked %(name)s.") % {"name": other.display_name})
    else:
        if not selectors.may_block(request.user, other):
            raise PermissionDenied(_("You can only block people you can message."))
        services.user_block(actor=request.user, user=other)
        messages.success(
            request,
            _("You have blocked %(name)s. They cannot message you.") % {"name": other.display_name},
        )
    return redirect(safe_next_url(request, request.POST.get("next"), reverse("messages:blocked")))
