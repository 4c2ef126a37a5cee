"""The presenter's material (summary and actions) and private notes. Whether a reader may
see material at all is ``access.can_see_material``'s to say; what is held after a report
is hidden here. A private note has one reader, its author (``PrivateNote.objects.of``)."""

from django.db.models import QuerySet

from practice_commons.core.errors import NotFound
from practice_commons.safeguarding import selectors as safeguarding_selectors

from ..models import ActionCommitment, PrivateNote, ReflectiveSession


def action_commitments(session: ReflectiveSession, viewer=None) -> QuerySet[ActionCommitment]:
    """The presenter's actions; with ``viewer``, without those held after a report."""
    queryset = ActionCommitment.objects.filter(session_id=session.pk).order_by("created_at", "pk")
    if viewer is not None:
        queryset = safeguarding_selectors.exclude_hidden(queryset, viewer)
    return queryset


def presenter_summary_for(viewer, session: ReflectiveSession) -> str:
    """The presenter's summary as ``viewer`` may read it: empty while it is held after a
    report (the session itself is the reportable row for its summary). Whether the viewer
    may see material at all is ``can_see_material``'s to say."""
    if not session.presenter_summary:
        return ""
    if safeguarding_selectors.hidden_from(viewer, session):
        return ""
    return session.presenter_summary


def private_notes_of(user, session: ReflectiveSession | None = None) -> QuerySet[PrivateNote]:
    """The reader's own notes (optionally for one session). Nobody else's, ever."""
    qs = PrivateNote.objects.of(user)
    if session is not None:
        qs = qs.filter(session_id=session.pk)
    return qs.order_by("-created_at", "-pk")


def private_note_for(user, pk: int) -> PrivateNote:
    note = PrivateNote.objects.of(user).filter(pk=pk).first()
    if note is None:
        raise NotFound
    return note
