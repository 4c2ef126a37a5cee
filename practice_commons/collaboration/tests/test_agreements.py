"""Agreements: the state machine, versions and acceptances, verified contacts, the guard."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from practice_commons.accounts.models import AuditEvent
from practice_commons.collaboration import selectors, services
from practice_commons.collaboration.models import Acceptance, Agreement, AgreementVersion
from practice_commons.collaboration.terms import canonical_text, text_hash
from practice_commons.confidentiality.guard import ConfidentialityError
from practice_commons.confidentiality.testing import IDENTIFYING_TEXT
from practice_commons.core.errors import Conflict, PermissionDenied

from .conftest import agreed, draft, make_terms, today

pytestmark = pytest.mark.django_db


def test_draft_has_version_one_with_hash_of_its_canonical_text(world):
    agreement = draft(world)
    version = agreement.versions.get()
    assert agreement.state == "draft" and agreement.current_version == 1
    assert version.text_hash == text_hash(version.text)
    assert "Riverside Council (contact: Cara Council)" in version.text
    assert "Responsibilities (who):" in version.text and "Milestones (when):" in version.text
    assert list(agreement.milestones.values_list("title", flat=True)) == ["First joint session"]
    assert AuditEvent.objects.filter(action="agreement.create").count() == 1


def test_canonical_text_is_stable():
    terms = make_terms(purpose="Line one\r\nLine two   ")
    a = canonical_text(title="T", kind_label="K", parties=[("A", "a"), ("B", "b")], terms=terms)
    terms.purpose = "Line one\nLine two"
    b = canonical_text(title="T", kind_label="K", parties=[("A", "a"), ("B", "b")], terms=terms)
    assert a == b and text_hash(a) == text_hash(b)


def test_full_lifecycle(world):
    agreement = agreed(world)
    assert agreement.state == "active"  # starts today
    assert agreement.agreed_version == 1
    accepted = Acceptance.objects.filter(version__agreement=agreement)
    assert accepted.count() == 2
    assert {a.text_hash for a in accepted} == {agreement.versions.get().text_hash}
    # amend: a new version, acceptance asked again, the old one readable
    agreement = services.agreement_update(
        actor=world["police_contact"],
        agreement=agreement,
        title="Joint neglect training",
        terms=make_terms(purpose="Joint training on neglect, extended to schools."),
    )
    assert agreement.state == "proposed" and agreement.current_version == 2
    assert agreement.agreed_version == 1
    assert [v.number for v in selectors.versions_of(agreement)] == [1, 2]
    with pytest.raises(Conflict):
        services.agreement_accept(actor=world["council_admin"], agreement=agreement, version=1)
    services.agreement_accept(actor=world["council_admin"], agreement=agreement, version=2)
    agreement = services.agreement_accept(
        actor=world["police_contact"], agreement=agreement, version=2
    )
    assert agreement.state == "active" and agreement.agreed_version == 2
    agreement = services.agreement_start_review(actor=world["police_admin"], agreement=agreement)
    assert agreement.state == "under_review"
    agreement = services.agreement_renew(actor=world["council_champion"], agreement=agreement)
    assert agreement.state == "renewed"
    agreement = services.agreement_end(actor=world["council_admin"], agreement=agreement)
    assert agreement.state == "ended"
    with pytest.raises(Conflict):
        services.agreement_update(
            actor=world["council_admin"], agreement=agreement, title="X", terms=make_terms()
        )


def test_future_start_is_agreed_then_activated_by_the_daily_job(world):
    agreement = agreed(world, terms=make_terms(start_on=today() + dt.timedelta(days=3)))
    assert agreement.state == "agreed"
    assert services.agreements_activate_due(today=today()) == 0
    assert services.agreements_activate_due(today=today() + dt.timedelta(days=3)) == 1
    agreement.refresh_from_db()
    assert agreement.state == "active"


def test_draft_edits_in_place_until_anyone_accepts(world):
    agreement = draft(world)
    services.agreement_update(
        actor=world["council_admin"], agreement=agreement, title="Renamed", terms=make_terms()
    )
    assert AgreementVersion.objects.filter(agreement=agreement).count() == 1
    assert Agreement.objects.get(pk=agreement.pk).title == "Renamed"


def test_edit_while_proposed_clears_acceptances_by_making_a_new_version(world):
    agreement = draft(world)
    services.agreement_propose(actor=world["council_admin"], agreement=agreement)
    services.agreement_accept(actor=world["council_admin"], agreement=agreement, version=1)
    agreement = services.agreement_update(
        actor=world["police_contact"],
        agreement=agreement,
        title="Joint neglect training",
        terms=make_terms(recognition="Named in the annual report."),
    )
    assert agreement.current_version == 2
    assert not Acceptance.objects.filter(version__number=2, version__agreement=agreement).exists()
    with pytest.raises(Conflict):
        services.agreement_accept(actor=world["police_contact"], agreement=agreement, version=1)


def test_unchanged_text_is_not_a_new_version(world):
    agreement = agreed(world)
    with pytest.raises(Conflict):
        services.agreement_update(
            actor=world["council_admin"],
            agreement=agreement,
            title="Joint neglect training",
            terms=make_terms(),
        )
    assert Agreement.objects.get(pk=agreement.pk).current_version == 1


def test_only_named_contacts_accept_and_only_once(world):
    agreement = draft(world)
    services.agreement_propose(actor=world["council_admin"], agreement=agreement)
    for who in ("police_admin", "council_champion", "other_admin", "host_admin"):
        with pytest.raises(PermissionDenied):
            services.agreement_accept(actor=world[who], agreement=agreement, version=1)
    services.agreement_accept(actor=world["council_admin"], agreement=agreement, version=1)
    with pytest.raises(Conflict):
        services.agreement_accept(actor=world["council_admin"], agreement=agreement, version=1)


def test_accepting_a_draft_is_refused(world):
    agreement = draft(world)
    with pytest.raises(Conflict):
        services.agreement_accept(actor=world["council_admin"], agreement=agreement, version=1)


def test_contacts_must_be_verified_at_their_organisation(world):
    with pytest.raises(ValidationError) as exc:
        services.agreement_create(
            actor=world["council_admin"],
            title="T",
            parties=[
                (world["council"], world["council_admin"]),
                (world["police"], world["other_admin"]),
            ],
            terms=make_terms(),
        )
    assert "verified" in str(exc.value)
    assert not Agreement.objects.exists()


@pytest.mark.parametrize("who", ["council_member", "non_member", "host_admin", "other_admin"])
def test_only_admins_and_champions_of_a_party_draft(world, who):
    with pytest.raises(PermissionDenied):
        services.agreement_create(
            actor=world[who],
            title="T",
            parties=[
                (world["council"], world["council_admin"]),
                (world["police"], world["police_contact"]),
            ],
            terms=make_terms(),
        )


def test_champion_may_draft(world):
    agreement = services.agreement_create(
        actor=world["council_champion"],
        title="T",
        parties=[
            (world["council"], world["council_champion"]),
            (world["police"], world["police_contact"]),
        ],
        terms=make_terms(),
    )
    assert agreement.pk


@pytest.mark.parametrize("who", ["council_member", "other_admin", "host_admin", "non_member"])
def test_non_parties_cannot_change_it(world, who):
    agreement = agreed(world)
    for call in (
        lambda: services.agreement_update(
            actor=world[who], agreement=agreement, title="X", terms=make_terms(purpose="Other")
        ),
        lambda: services.agreement_start_review(actor=world[who], agreement=agreement),
        lambda: services.agreement_end(actor=world[who], agreement=agreement),
        lambda: services.agreement_set_published(
            actor=world[who], agreement=agreement, published=True
        ),
    ):
        with pytest.raises(PermissionDenied):
            call()


def test_bad_terms_are_refused_with_clear_messages(world):
    with pytest.raises(ValidationError) as exc:
        draft(
            world,
            terms=make_terms(purpose="", review_on=None, end_on=today() - dt.timedelta(days=1)),
        )
    errors = exc.value.message_dict
    assert set(errors) >= {"purpose", "review_on", "end_on"}
    assert not Agreement.objects.exists()


def test_milestone_lines_are_parsed_after_the_guard(world):
    terms = make_terms(milestones=[], milestone_lines=["not a date"])
    with pytest.raises(ValidationError) as exc:
        draft(world, terms=terms)
    assert "YYYY-MM-DD" in str(exc.value)
    terms = make_terms(milestones=[], milestone_lines=[f"{today().isoformat()} Launch"])
    agreement = draft(world, terms=terms)
    assert agreement.milestones.get().title == "Launch"


@pytest.mark.parametrize("field", ["purpose", "recognition", "data_sharing"])
def test_guard_blocks_identifying_text_before_anything_is_stored(world, field):
    with pytest.raises(ConfidentialityError):
        draft(world, terms=make_terms(**{field: IDENTIFYING_TEXT}))
    assert not Agreement.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="agreement").exists()


def test_guard_reads_responsibilities_and_milestones(world):
    with pytest.raises(ConfidentialityError) as exc:
        draft(world, terms=make_terms(responsibilities=["ok", IDENTIFYING_TEXT]))
    assert [f.field for f in exc.value.fields] == ["responsibilities.1"]
    with pytest.raises(ConfidentialityError):
        draft(world, terms=make_terms(milestones=[], milestone_lines=[IDENTIFYING_TEXT]))


def test_publishing_and_the_register(world):
    agreement = agreed(world)
    assert not selectors.public_register().exists()
    services.agreement_set_published(
        actor=world["police_admin"], agreement=agreement, published=True
    )
    assert list(selectors.public_register()) == [agreement]
    services.agreement_end(actor=world["council_admin"], agreement=agreement)
    assert not selectors.public_register().exists()


def test_milestone_done(world):
    agreement = agreed(world)
    milestone = agreement.milestones.get()
    services.milestone_mark_done(actor=world["police_contact"], milestone=milestone)
    milestone.refresh_from_db()
    assert milestone.done_on == today()
    # carried over to the next version when its title stays
    services.agreement_update(
        actor=world["council_admin"],
        agreement=agreement,
        title="Joint neglect training",
        terms=make_terms(recognition="Changed."),
    )
    assert agreement.milestones.get().done_on == today()
