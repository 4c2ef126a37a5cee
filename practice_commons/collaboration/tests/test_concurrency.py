"""Acceptance under contention, on PostgreSQL: two parties accepting at the same instant,
or one changing the text while the other accepts, never leave an agreement accepted on
different versions.

Each thread has its own connection and transaction; a ``threading.Barrier`` releases
them together. The services lock the agreement row (``SELECT … FOR UPDATE``) before
reading its current version, so the second transaction sees the first one's result:
an acceptance of a version that is no longer current is refused with ``Conflict``.
"""

import threading

import pytest
from django.db import connection, connections

from practice_commons.collaboration import services
from practice_commons.collaboration.models import Acceptance, Agreement
from practice_commons.core.errors import Conflict

from .conftest import draft, make_terms

ROUNDS = 8


def _skip_unless_postgres():
    if connection.vendor != "postgresql":
        reason = (
            f"the concurrency test needs PostgreSQL (row locks); this run uses "
            f"{connection.vendor}. Set DATABASE_URL=postgres://… to run it."
        )
        print(f"\nSKIPPED: {reason}")
        pytest.skip(reason)


def _race(*calls):
    """Run each call in its own thread and transaction, released together. Returns
    each call's result or exception."""
    barrier = threading.Barrier(len(calls), timeout=30)
    results: list = [None] * len(calls)

    def run(i, call):
        try:
            connection.ensure_connection()
            barrier.wait()
            results[i] = call()
        except BaseException as exc:  # noqa: BLE001 - returned to the test
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def assert_consistent(agreement: Agreement) -> None:
    """The invariant: an agreed agreement has every party's acceptance of the one
    version it names, with that version's hash; no acceptance carries another hash."""
    agreement.refresh_from_db()
    for acceptance in Acceptance.objects.filter(version__agreement=agreement).select_related(
        "version"
    ):
        assert acceptance.text_hash == acceptance.version.text_hash
    parties = set(agreement.parties.values_list("pk", flat=True))
    if agreement.state in ("agreed", "active"):
        assert agreement.agreed_version == agreement.current_version
        accepted = set(
            Acceptance.objects.filter(
                version__agreement=agreement, version__number=agreement.agreed_version
            ).values_list("party_id", flat=True)
        )
        assert accepted == parties, (agreement.state, accepted, parties)
    if agreement.agreed_version:
        accepted = set(
            Acceptance.objects.filter(
                version__agreement=agreement, version__number=agreement.agreed_version
            ).values_list("party_id", flat=True)
        )
        assert accepted == parties
    current = set(
        Acceptance.objects.filter(
            version__agreement=agreement, version__number=agreement.current_version
        ).values_list("party_id", flat=True)
    )
    if agreement.state == "proposed":
        assert current != parties  # fully accepted would have moved it on


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_parties_accepting_at_once(world):
    _skip_unless_postgres()
    for _round in range(ROUNDS):
        agreement = draft(world)
        services.agreement_propose(actor=world["council_admin"], agreement=agreement)
        results = _race(
            lambda a=agreement: services.agreement_accept(
                actor=world["council_admin"], agreement=a, version=1
            ),
            lambda a=agreement: services.agreement_accept(
                actor=world["police_contact"], agreement=a, version=1
            ),
        )
        assert not [r for r in results if isinstance(r, BaseException)], results
        agreement.refresh_from_db()
        assert agreement.state == "active" and agreement.agreed_version == 1
        assert_consistent(agreement)
    print(f"\n{ROUNDS} agreements accepted by both parties at once: all agreed on version 1.")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_editing_while_the_other_party_accepts(world):
    _skip_unless_postgres()
    outcomes = {"accepted then amended": 0, "amended, acceptance refused": 0}
    for round_ in range(ROUNDS):
        agreement = draft(world)
        services.agreement_propose(actor=world["council_admin"], agreement=agreement)
        services.agreement_accept(actor=world["council_admin"], agreement=agreement, version=1)
        accept, edit = _race(
            lambda a=agreement: services.agreement_accept(
                actor=world["police_contact"], agreement=a, version=1
            ),
            lambda a=agreement, r=round_: services.agreement_update(
                actor=world["council_admin"],
                agreement=a,
                title=a.title,
                terms=make_terms(purpose=f"Changed in round {r}."),
            ),
        )
        assert not isinstance(edit, BaseException), edit
        agreement.refresh_from_db()
        assert agreement.current_version == 2 and agreement.state == "proposed"
        if isinstance(accept, Conflict):
            outcomes["amended, acceptance refused"] += 1
            assert agreement.agreed_version is None
        else:
            assert not isinstance(accept, BaseException), accept
            outcomes["accepted then amended"] += 1
            assert agreement.agreed_version == 1
        assert not Acceptance.objects.filter(
            version__agreement=agreement, version__number=2
        ).exists()
        assert_consistent(agreement)
    print(f"\nEdit against acceptance, {ROUNDS} rounds: {outcomes}; never mixed versions.")
