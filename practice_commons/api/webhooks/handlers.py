"""Thin receivers of the lower apps' after-commit signals (connected in
``ApiConfig.ready()``); each records the event's deliveries."""

from practice_commons.collaboration import signals as collaboration_signals
from practice_commons.events import signals as event_signals

from . import catalogue, services


def on_opportunity_created(sender, **ids) -> None:
    services.webhook_event_record(event_type=catalogue.OPPORTUNITY_CREATED, **ids)


def on_interest_expressed(sender, **ids) -> None:
    services.webhook_event_record(event_type=catalogue.INTEREST_EXPRESSED, **ids)


def on_agreement_accepted(sender, **ids) -> None:
    services.webhook_event_record(event_type=catalogue.AGREEMENT_ACCEPTED, **ids)


def on_registration_created(sender, **ids) -> None:
    services.webhook_event_record(event_type=catalogue.REGISTRATION_CREATED, **ids)


def connect() -> None:
    collaboration_signals.opportunity_created.connect(
        on_opportunity_created, dispatch_uid="api.webhooks.opportunity_created"
    )
    collaboration_signals.interest_expressed.connect(
        on_interest_expressed, dispatch_uid="api.webhooks.interest_expressed"
    )
    collaboration_signals.agreement_accepted.connect(
        on_agreement_accepted, dispatch_uid="api.webhooks.agreement_accepted"
    )
    event_signals.registration_created.connect(
        on_registration_created, dispatch_uid="api.webhooks.registration_created"
    )
