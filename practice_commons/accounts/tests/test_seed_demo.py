import json
import os
import subprocess
import sys
import tempfile
from io import StringIO
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command
from django.test import TestCase

from practice_commons.accounts.models import (
    HostMembershipClaim,
    HostMembershipRecord,
    Organisation,
    OrganisationMembership,
    User,
)
from practice_commons.accounts.seeding import DEMO_LOGINS, DEMO_PASSWORD
from practice_commons.accounts.seeding.places import council_area
from practice_commons.accounts.seeding.practice import SOCIAL_WORK_REGULATOR
from practice_commons.core.seeding import SCALES, register_seeder, unregister_seeder

from .factories import UserFactory

pytestmark = pytest.mark.django_db

SMALL = SCALES["small"]


def seed(*args) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def snapshot():
    return (
        list(User.objects.order_by("pk").values_list("email", flat=True)),
        list(Organisation.objects.order_by("pk").values_list("name", "kind", "nation")),
    )


def demo_user(key):
    return User.objects.get(email=next(d.email for d in DEMO_LOGINS if d.key == key))


@pytest.mark.parametrize(
    ("council", "area"),
    [
        ("Leeds City Council", "Leeds"),
        ("London Borough of Barking and Dagenham", "Barking and Dagenham"),
        ("Rhondda Cynon Taf County Borough Council", "Rhondda Cynon Taf"),
        ("Orkney Islands Council", "Orkney"),
        ("Derry City and Strabane District Council", "Derry City and Strabane"),
        ("The Highland Council", "Highland"),
    ],
)
def test_council_area(council, area):
    assert council_area(council) == area


def test_check_says_empty_then_seeded():
    assert seed("--check").strip() == "empty"
    seed("--scale", "small")
    assert seed("--check").strip() == "seeded"


def test_logins_lists_every_demo_login_and_the_password():
    out = seed("--logins")
    assert DEMO_PASSWORD in out
    for demo in DEMO_LOGINS:
        assert demo.email in out
        assert demo.role in out


def test_refuses_a_database_with_real_people_unless_forced(user):
    with pytest.raises(CommandError, match="not demo accounts"):
        seed("--scale", "small")
    assert not User.objects.filter(email__endswith=".example").exists()
    seed("--scale", "small", "--force")
    assert User.objects.filter(email__endswith=".example").count() == SMALL.users
    assert User.objects.filter(pk=user.pk).exists()


def test_existing_organisation_names_are_skipped_not_duplicated():
    UserFactory(organisation__name="Leeds City Council", email="real@leeds.example.org")
    seed("--scale", "small", "--force")
    assert Organisation.objects.filter(name="Leeds City Council").count() == 1


def test_registered_seeders_run_after_accounts_with_the_context():
    seen = {}

    def later(ctx):
        seen["users"] = len(ctx.user_ids)
        seen["orgs"] = len(ctx.organisation_ids)
        seen["demo"] = set(ctx.demo_users)
        seen["draw"] = ctx.rng.random()
        seen["people_in_db"] = User.objects.count()

    register_seeder("test-later", later, order=500)
    try:
        seed("--scale", "small")
    finally:
        unregister_seeder("test-later")
    assert seen["users"] == SMALL.users == seen["people_in_db"]
    assert seen["orgs"] == SMALL.organisations
    assert seen["demo"] == {d.key for d in DEMO_LOGINS}
    import random

    assert seen["draw"] == random.Random("20261122:test-later").random()


def test_a_failing_seeder_leaves_nothing_behind():
    def broken(ctx):
        raise RuntimeError("boom")

    register_seeder("test-broken", broken, order=500)
    try:
        with pytest.raises(RuntimeError):
            seed("--scale", "small")
    finally:
        unregister_seeder("test-broken")
    assert not User.objects.exists()
    assert not Organisation.objects.exists()
    assert seed("--check").strip() == "empty"


FRESH_RUN = """
import json, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("seed_demo", scale="small", stdout=open("/dev/null", "w"))
from practice_commons.accounts.models import Organisation, User
print(json.dumps([list(User.objects.order_by("pk").values_list("email", flat=True)),
                  [list(o) for o in Organisation.objects.order_by("pk")
                   .values_list("name", "kind", "nation")]]))
"""


class TestTheSmallScale(TestCase):
    """One small-scale load for every test that reads it (each test's changes, a reset
    included, are rolled back after it): loading takes most of this module's time."""

    @classmethod
    def setUpTestData(cls):
        seed("--scale", "small")

    def test_small_scale_makes_the_promised_amounts(self):
        assert User.objects.count() == SMALL.users
        assert Organisation.objects.count() == SMALL.organisations
        # Every person has a verified or pending primary address, as allauth expects.
        assert EmailAddress.objects.filter(primary=True).count() == SMALL.users
        assert EmailAddress.objects.filter(verified=True).count() >= SMALL.users * 0.95
        # Every organisation has an admin.
        orgs_with_admin = (
            OrganisationMembership.objects.filter(role="admin")
            .values("organisation")
            .distinct()
            .count()
        )
        assert (
            orgs_with_admin
            == Organisation.objects.filter(memberships__isnull=False).distinct().count()
        )

    def test_every_generated_address_is_undeliverable(self):
        assert not User.objects.exclude(email__endswith=".example").exists()

    def test_organisations_cover_the_four_nations_and_the_host(self):
        assert set(Organisation.objects.values_list("nation", flat=True)) == {
            "england",
            "scotland",
            "wales",
            "northern_ireland",
        }
        host = Organisation.objects.get(kind="professional_body")
        assert host.name == "Cross-Agency Practice Association"

    def test_regulators_match_profession_and_nation(self):
        people = User.objects.exclude(profession=None).select_related("profession")
        for person in people:
            slug = person.profession.slug
            if slug == "social-worker":
                assert person.regulator in (SOCIAL_WORK_REGULATOR[person.nation], "none"), person
            elif slug in ("health-visitor", "school-nurse", "mental-health-nurse"):
                assert person.regulator == "nmc", person
            elif slug == "teacher":
                expected = "gtc" if person.nation in ("scotland", "northern_ireland") else "none"
                assert person.regulator == expected, person
            elif slug in ("police-officer", "gp", "housing-officer", "probation-officer"):
                assert person.regulator == "none", person
        social_workers = people.filter(profession__slug="social-worker").count()
        assert social_workers > people.count() * 0.25, "social workers are the largest group"

    def test_people_work_where_their_organisation_is(self):
        for person in User.objects.exclude(organisation=None).select_related("organisation"):
            assert person.nation == person.organisation.nation

    def test_demo_logins_have_their_roles(self):
        for demo in DEMO_LOGINS:
            person = User.objects.get(email=demo.email)
            assert person.check_password(DEMO_PASSWORD)
            assert person.profile_complete
            assert EmailAddress.objects.get(user=person).verified
            membership = OrganisationMembership.objects.get(user=person)
            assert membership.organisation.name == demo.organisation
            assert membership.role == demo.org_role
            assert person.host_membership == demo.host_membership

        host = demo_user("host_admin")
        assert host.is_host_admin and host.is_superuser and host.is_staff
        assert not any(demo_user(d.key).is_staff for d in DEMO_LOGINS if d.key != "host_admin")
        assert OrganisationMembership.objects.get(user=demo_user("org_admin")).role == "admin"
        assert OrganisationMembership.objects.get(user=demo_user("champion")).role == "champion"
        assert demo_user("member").is_host_member
        assert not demo_user("non_member").is_host_member
        assert demo_user("non_member").profession.slug == "teacher"

    def test_the_register_makes_the_members(self):
        """Membership comes from the register: every demo member has a current entry with
        their address and a membership number, non-members none, and the demo has some
        history (expired entries) and claims for host admins to review."""
        for demo in DEMO_LOGINS:
            person = demo_user(demo.key)
            rows = HostMembershipRecord.objects.filter(user=person, ended_at__isnull=True)
            assert rows.exists() is (demo.host_membership == "member"), demo.key
            assert not HostMembershipClaim.objects.filter(user=person).exists()
        row = HostMembershipRecord.objects.get(user=demo_user("member"), ended_at__isnull=True)
        assert (row.email, row.source) == (demo_user("member").email, "import")
        assert row.number.startswith("CAPA-")
        members = User.objects.filter(host_membership_records__isnull=False).distinct().count()
        assert SMALL.users * 0.3 < members < SMALL.users * 0.7
        assert HostMembershipClaim.objects.filter(status="pending").exists()
        claimants = set(HostMembershipClaim.objects.values_list("user_id", flat=True))
        members = set(
            HostMembershipRecord.objects.filter(ended_at=None).values_list("user_id", flat=True)
        )
        assert not claimants & members, "only non-members claim"

    def test_reset_removes_the_demo_register(self):
        seed("--scale", "small", "--reset")
        assert HostMembershipRecord.objects.filter(user__isnull=True).count() == 0

    def test_demo_logins_sign_in(self):
        client = self.client
        response = client.post(
            "/account/login/", {"login": demo_user("org_admin").email, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302
        org = Organisation.objects.get(name="Leeds City Council")
        assert client.get(org.get_absolute_url()).status_code == 200

    def test_seeding_twice_does_nothing_the_second_time(self):
        before = snapshot()
        out = seed("--scale", "small")
        assert "already loaded" in out
        assert snapshot() == before

    def test_reset_recreates_exactly_the_same_data(self):
        first = snapshot()
        out = seed("--scale", "small", "--reset")
        assert "deleted 150 demo people" in out
        second = snapshot()
        assert second[0] == first[0]
        assert second[1] == first[1]
        assert User.objects.count() == SMALL.users

    def test_a_fresh_database_in_another_process_gets_the_same_data(self):
        """Nothing may depend on the process (hash seed, clock): a new clone gets the data the
        README and the benchmarks describe."""
        tmp_path = Path(self.enterContext(tempfile.TemporaryDirectory()))
        env = {
            **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
            "DJANGO_SETTINGS_MODULE": "config.settings_test",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
            "PYTHONHASHSEED": "12345",
            "VAR_DIR": str(tmp_path / "var"),
        }
        result = subprocess.run(  # noqa: S603 - our own interpreter, fixed script
            [sys.executable, "-c", FRESH_RUN],
            cwd=Path(__file__).resolve().parents[3],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr
        emails, orgs = json.loads(result.stdout.strip().splitlines()[-1])
        here = snapshot()
        assert emails == here[0]
        assert [tuple(o) for o in orgs] == here[1]
