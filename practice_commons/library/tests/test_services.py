"""Practice examples through review to publication, versions and their differences,
endorsements, celebrations, "read and reflected on", review-by reminders, the guard."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from practice_commons.confidentiality.guard import ConfidentialityBlocked
from practice_commons.confidentiality.testing import IDENTIFYING_TEXT, NHS_NUMBER
from practice_commons.core.errors import Conflict, NotFound, PermissionDenied
from practice_commons.library import selectors, services, signals
from practice_commons.library.models import ItemStatus, LibraryItem
from practice_commons.notifications.models import Notification

from .conftest import EXAMPLE

pytestmark = pytest.mark.django_db


def test_review_flow_publishes_through_a_facilitator(
    member, facilitator, community, django_capture_on_commit_callbacks
):
    item = services.item_create(
        actor=member, kind="practice_example", community=community, **EXAMPLE
    )
    assert item.status == ItemStatus.DRAFT and item.version == 1
    assert list(item.topics.all()) == list(community.topics.all())
    with django_capture_on_commit_callbacks(execute=True):
        services.item_submit(actor=member, item=item)
    assert item.status == ItemStatus.IN_REVIEW
    assert Notification.objects.filter(recipient=facilitator, url=item.get_absolute_url()).exists()
    with pytest.raises(PermissionDenied):  # nobody reviews their own item
        services.item_review(actor=member, item=item, approve=True)
    with pytest.raises(ValidationError):  # returning needs a note
        services.item_review(actor=facilitator, item=item, approve=False)
    services.item_review(
        actor=facilitator, item=item, approve=False, note="Add how you measured it."
    )
    assert item.status == ItemStatus.DRAFT
    services.item_submit(actor=member, item=item)
    with django_capture_on_commit_callbacks(execute=True):
        services.item_review(actor=facilitator, item=item, approve=True)
    item.refresh_from_db()
    assert item.status == ItemStatus.PUBLISHED and item.published_at
    assert Notification.objects.filter(recipient=member, url=item.get_absolute_url()).exists()
    with pytest.raises(Conflict):
        services.item_review(actor=facilitator, item=item, approve=True)


def test_without_review_a_draft_is_published_at_once(settings, member, community):
    settings.LIBRARY_REVIEW_REQUIRED = False
    item = services.item_create(
        actor=member, kind="practice_example", community=community, **EXAMPLE
    )
    services.item_submit(actor=member, item=item)
    assert item.status == ItemStatus.PUBLISHED


def test_every_edit_is_a_version_and_the_difference_shows(published, member):
    services.item_update(actor=member, item=published, outcomes="80% of plans moved to review.")
    services.item_update(actor=member, item=published, outcomes="80% of plans moved to review.")
    published.refresh_from_db()
    assert published.version == 2 and published.versions.count() == 2  # no change, no version
    assert published.status == ItemStatus.PUBLISHED
    diff = selectors.version_diff(published, 1, 2)
    assert [d.field for d in diff] == ["outcomes"]
    kinds = {k for k, _t in diff[0].parts}
    assert {"added", "removed"} <= kinds
    with pytest.raises(NotFound):
        selectors.version_diff(published, 1, 9)


def test_only_writers_and_reviewers_edit(published, other_member, outsider, facilitator):
    with pytest.raises(PermissionDenied):
        services.item_update(actor=other_member, item=published, title="Changed")
    with pytest.raises(PermissionDenied):
        services.item_update(actor=outsider, item=published, title="Changed")
    services.item_update(actor=facilitator, item=published, title="A forum for CAF practitioners")


def test_bad_input_is_refused_and_changes_nothing(member, community):
    before = LibraryItem.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.item_create(
            actor=member,
            kind="practice_example",
            community=community,
            title="",
            summary="",
            nations=["atlantis"],
            review_by=timezone.localdate() - dt.timedelta(days=1),
        )
    assert {"title", "summary", "what_was_done", "outcomes", "nations", "review_by"} <= set(
        exc.value.message_dict
    )
    with pytest.raises(ValidationError):
        services.item_create(actor=member, kind="solution", community=community, **EXAMPLE)
    with pytest.raises(ValidationError) as exc:
        services.item_create(actor=member, kind="resource", title="A guide", summary="Useful.")
    assert "url" in exc.value.message_dict
    assert LibraryItem.objects.count() == before


def test_guard_blocks_every_text_before_anything_is_written(member, community):
    for field in ("summary", "context", "what_was_done", "outcomes", "evidence", "before_trying"):
        with pytest.raises(ConfidentialityBlocked):
            services.item_create(
                actor=member,
                kind="practice_example",
                community=community,
                **{**EXAMPLE, field: IDENTIFYING_TEXT},
            )
    assert not LibraryItem.objects.exists()


def test_non_members_cannot_write_in_a_community(outsider, community):
    with pytest.raises(PermissionDenied):
        services.item_create(
            actor=outsider, kind="practice_example", community=community, **EXAMPLE
        )


def test_endorse_and_celebrate_once_each(published, other_member, member):
    services.endorsement_add(actor=other_member, item=published, note="We tried this too.")
    services.endorsement_add(actor=other_member, item=published, kind="celebrate")
    assert (published.endorsement_count, published.celebration_count) == (1, 1)
    with pytest.raises(Conflict):
        services.endorsement_add(actor=other_member, item=published)
    with pytest.raises(PermissionDenied):  # not your own
        services.endorsement_add(actor=member, item=published)
    with pytest.raises(ConfidentialityBlocked):
        services.endorsement_add(
            actor=other_member, item=published, kind="celebrate", note=f"NHS {NHS_NUMBER}"
        )


def test_reflected_on_sends_the_cpd_signal_once(
    published, other_member, django_capture_on_commit_callbacks
):
    heard = []

    def receiver(sender, **payload):
        heard.append(payload)

    signals.item_reflected.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.item_reflect(actor=other_member, item=published)
            services.item_reflect(actor=other_member, item=published)
    finally:
        signals.item_reflected.disconnect(receiver)
    assert len(heard) == 1
    assert heard[0]["source_kind"] == "library_item" and heard[0]["source_id"] == published.pk
    assert heard[0]["user_id"] == other_member.pk and heard[0]["title"] == published.title


def test_review_by_passed_marks_out_of_date_and_reminds_once(
    published, member, django_capture_on_commit_callbacks
):
    LibraryItem.objects.filter(pk=published.pk).update(
        review_by=timezone.localdate() - dt.timedelta(days=1)
    )
    published.refresh_from_db()
    assert published.is_out_of_date
    with django_capture_on_commit_callbacks(execute=True):
        assert services.review_reminders_send() == 1
        assert services.review_reminders_send() == 0
    assert (
        Notification.objects.filter(recipient=member, title__contains="may be out of date").count()
        == 1
    )


def test_private_items_never_reach_outsiders(private_item, outsider):
    assert private_item.status == ItemStatus.PUBLISHED
    assert not selectors.items_list(outsider).filter(pk=private_item.pk).exists()
    assert not selectors.items_list(None).filter(pk=private_item.pk).exists()
    with pytest.raises(NotFound):
        selectors.item_for_reader(outsider, private_item.pk)
    with pytest.raises(NotFound):
        services.endorsement_add(actor=outsider, item=private_item)


def test_items_name_only_the_writers_organisations(member, community):
    from practice_commons.accounts.tests.factories import OrganisationFactory

    elsewhere = OrganisationFactory(name="Another Council")
    with pytest.raises(ValidationError) as exc:
        services.item_create(
            actor=member,
            kind="practice_example",
            community=community,
            organisations=[elsewhere],
            **EXAMPLE,
        )
    assert "organisations" in exc.value.message_dict
    item = services.item_create(
        actor=member,
        kind="practice_example",
        community=community,
        organisations=[member.organisation],
        **EXAMPLE,
    )
    assert list(item.organisations.all()) == [member.organisation]


def test_contact_is_the_writer_or_a_colleague(member, community, outsider):
    from practice_commons.accounts.tests.factories import UserFactory

    colleague = UserFactory(full_name="Cal Colleague", organisation=member.organisation)
    with pytest.raises(ValidationError) as exc:
        services.item_create(
            actor=member, kind="practice_example", community=community, contact=outsider, **EXAMPLE
        )
    assert "contact" in exc.value.message_dict
    item = services.item_create(
        actor=member, kind="practice_example", community=community, contact=colleague, **EXAMPLE
    )
    assert item.contact == colleague
    assert colleague in selectors.contacts_for_writer(member)
    services.item_update(actor=colleague, item=item, outcomes="Plans moved on within weeks.")
    services.item_update(actor=member, item=item, contact=member)
    item.refresh_from_db()
    assert item.contact == member
