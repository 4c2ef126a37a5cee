"""Your private notes: the list, the export (the only export that holds notes), and
deleting one. Nobody but their author ever reaches them (``selectors.private_notes_of``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import selectors, services
from ._common import PAGE_SIZE


@login_required
def my_notes(request):
    page = Paginator(selectors.private_notes_of(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "reflection/my_notes.html", {"page_obj": page})


@login_required
def notes_export(request):
    """The reader's own notes as a text file: the only export that holds notes."""
    notes = selectors.private_notes_of(request.user).order_by("created_at", "pk")
    lines = [_("Your private notes from reflective sessions"), ""]
    for note in notes.iterator(chunk_size=200):
        when = timezone.localtime(note.created_at)
        lines += [f"{note.session_title} — {when:%d %B %Y %H:%M}", note.body, ""]
    response = HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-reflection-notes.txt"'
    add_never_cache_headers(response)
    return response


@login_required
@require_POST
def note_delete(request, note_pk: int):
    note = selectors.private_note_for(request.user, note_pk)
    services.private_note_delete(actor=request.user, note=note)
    messages.success(request, _("Your note is deleted."))
    if request.POST.get("next") == "live" and note.session_id:
        return redirect("reflection:live", pk=note.session_id)
    return redirect("reflection:my_notes")
