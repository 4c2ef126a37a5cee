"""Objects the guard tests' writes act on (a CPD record, a library item, a job, an
agreement…), made through each app's services from a ``World``'s people; shared by the
page cases and the API writes."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone


def _member_manage(w):
    return reverse("communities:member_manage", args=[w.community.slug, w.member_membership.pk])


def _cpd_record(w):
    """A draft CPD record of ``w.practitioner`` (made once per world)."""
    from practice_commons.cpd import services

    if getattr(w, "_cpd_record", None) is None:
        w._cpd_record = services.record_create(
            actor=w.practitioner,
            data={"title": "Joint training", "date": timezone.localdate(), "hours": 2},
        )
    return w._cpd_record


def _cpd_record_data(w):
    return {
        "title": "Joint training on neglect",
        "activity_type": "training",
        "date": timezone.localdate().isoformat(),
        "hours": "2",
        "peer_reflection": "on",
    }


_CPD_TEXTS = ("title", "description", "what_learnt", "impact", "peer_roles", "peer_learning")


def _value_story(w):
    """A value-creation story by ``w.member`` (made once per world)."""
    from practice_commons.insights import services

    if getattr(w, "_value_story", None) is None:
        w._value_story = services.story_create(
            actor=w.member,
            community=w.community,
            title="Joint visits",
            cycles=["immediate"],
            what_happened="A thread.",
            what_it_gave="A contact.",
        )
    return w._value_story


_STORY_TEXTS = ("title", "what_happened", "what_it_gave", "how_used", "difference", "evidence")


def _event_payload(w):
    """An event as the API takes it (``EventIn``), by the world's organisation."""
    from .world import event_data

    data = event_data()
    return {
        **{k: v for k, v in data.items() if k not in ("starts_at", "ends_at")},
        "starts_at": data["starts_at"].isoformat(),
        "ends_at": data["ends_at"].isoformat(),
        "organisation": w.organisation.slug,
    }


def _newsletter_draft(w):
    from practice_commons.notifications import services

    return services.newsletter_create(
        actor=w.org_admin,
        scope_kind="organisation",
        scope_id=w.organisation.pk,
        subject="Practice highlights",
        body="Thank you to everyone who shared their practice.",
    )


def _library_item(w, *, publish=True, submit=False):
    """A practice example by ``member`` in ``community`` (published by its facilitator,
    or waiting for review with ``submit``)."""
    from practice_commons.library import services

    item = services.item_create(
        actor=w.member,
        kind="practice_example",
        community=w.community,
        title="A forum for lead professionals",
        summary="A monthly forum.",
        what_was_done="We met monthly.",
        outcomes="Plans moved on.",
    )
    if publish or submit:
        services.item_submit(actor=w.member, item=item)
    if publish:
        services.item_review(actor=w.facilitator, item=item, approve=True)
    return item


_LIBRARY_TEXTS = ("title", "summary", "context", "what_was_done", "outcomes", "evidence")


def _collab_partner(w):
    """Another organisation and its verified contact (made once per world)."""
    from practice_commons.accounts.tests.factories import OrganisationFactory, UserFactory

    if getattr(w, "_collab_partner", None) is None:
        org = OrganisationFactory(name="Northshire Police", slug="northshire-police")
        w._collab_partner = (org, UserFactory(organisation=org, full_name="Paz Partner"))
    return w._collab_partner


def _collab_terms():
    from practice_commons.collaboration.terms import Terms

    return Terms(
        purpose="Joint training.",
        responsibilities=["Runs the sessions.", "Hosts the sessions."],
        start_on=timezone.localdate(),
        review_on=timezone.localdate() + timedelta(days=90),
    )


def _collab_agreement(w):
    from practice_commons.collaboration import services

    if getattr(w, "_collab_agreement", None) is None:
        org, contact = _collab_partner(w)
        w._collab_agreement = services.agreement_create(
            actor=w.org_admin,
            title="Joint training on neglect",
            parties=[(w.organisation, w.org_admin), (org, contact)],
            terms=_collab_terms(),
        )
    return w._collab_agreement


def _collab_opportunity(w):
    from practice_commons.collaboration import services

    if getattr(w, "_collab_opportunity", None) is None:
        w._collab_opportunity = services.opportunity_create(
            actor=w.org_admin,
            data={
                "kind": "joint_training",
                "title": "Joint training on neglect",
                "description": "Two days together.",
                "closes_on": timezone.localdate() + timedelta(days=10),
            },
        )
    return w._collab_opportunity


def _collab_interest(w):
    from practice_commons.collaboration import services

    return services.interest_express(
        actor=w.practitioner, opportunity=_collab_opportunity(w), message="Count us in."
    )


def _collab_offer(w):
    from practice_commons.collaboration import services

    if getattr(w, "_collab_offer", None) is None:
        w._collab_offer = services.shadowing_listing_create(
            actor=w.org_admin,
            kind="offer",
            title="Shadow our front door",
            description="A day with the team.",
            organisation=w.organisation,
        )
    return w._collab_offer


def _collab_response(w):
    from practice_commons.collaboration import services

    return services.shadowing_respond(
        actor=_collab_partner(w)[1], listing=_collab_offer(w), message="I would value this."
    )


def _collab_agreement_data(w):
    org, contact = _collab_partner(w)
    return {
        "title": "Joint training on neglect",
        "purpose": "Joint training.",
        "responsibilities_0": "Runs the sessions.",
        "responsibilities_1": "Hosts the sessions.",
        "start_on": timezone.localdate().isoformat(),
        "review_on": (timezone.localdate() + timedelta(days=90)).isoformat(),
        "our_organisation": str(w.organisation.pk),
        "partner_organisation": str(org.pk),
        "partner_contact": contact.email,
    }


def _job_data(w):
    from practice_commons.accounts.models import Profession

    return {
        "organisation": str(w.organisation.pk),
        "title": "Social worker",
        "profession": str(Profession.objects.first().pk),
        "location": "Leeds",
        "contract_type": "permanent",
        "closes_on": (timezone.localdate() + timedelta(days=10)).isoformat(),
        "apply_url": "https://jobs.example.org/1",
        "description": "Join us.",
    }


def _job(w):
    from practice_commons.jobs import services

    data = _job_data(w)
    from practice_commons.accounts.models import Profession

    return services.job_create(
        actor=w.org_admin,
        organisation=w.organisation,
        data={
            **data,
            "profession": Profession.objects.first(),
            "closes_on": timezone.localdate() + timedelta(days=10),
        },
    )
