"""Pages, by part of the library: ``items`` (home, item, write, edit, review, endorse,
versions, files, drafts, solutions), ``glossary`` and ``knowledge`` (the map and its
CSV). Views are thin: a selector or a service, then a template."""

from .glossary import glossary, glossary_decide, glossary_suggest
from .items import (
    attachment_download,
    drafts,
    home,
    item_detail,
    item_edit,
    item_endorse,
    item_new,
    item_reflect,
    item_review,
    item_submit,
    item_versions,
    review_queue,
    solution_for_thread,
)
from .knowledge import knowledge_map, knowledge_map_csv

__all__ = [
    "attachment_download",
    "drafts",
    "glossary",
    "glossary_decide",
    "glossary_suggest",
    "home",
    "item_detail",
    "item_edit",
    "item_endorse",
    "item_new",
    "item_reflect",
    "item_review",
    "item_submit",
    "item_versions",
    "knowledge_map",
    "knowledge_map_csv",
    "review_queue",
    "solution_for_thread",
]
