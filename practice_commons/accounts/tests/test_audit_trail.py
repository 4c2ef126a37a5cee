"""The audit trail: append-only in the model, security events from signing in, the host
admins' page and its CSV export."""

import csv
import datetime
import io

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.admin.sites import site as admin_site
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from practice_commons.accounts import services
from practice_commons.accounts.models import AuditEvent, AuditTrailAppendOnly, User

from .factories import PASSWORD, HostAdminFactory, OrgAdminFactory, UserFactory
from .test_mfa import ACTIVATE, AUTHENTICATE, LOGIN, code_for, fixed_counter, open_activation

__all__ = ["fixed_counter"]  # a fixture used below

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
AUDIT = reverse("accounts:audit")
EXPORT = reverse("accounts:audit_export")
LOGOUT = reverse("account_logout")


def entries(action):
    return list(AuditEvent.objects.filter(action=action).order_by("pk"))


# --- Append-only ------------------------------------------------------------------------


class TestAppendOnly:
    def test_an_entry_cannot_be_saved_again(self):
        entry = services.audit_record(actor=None, action="test.one", reason="first")
        entry.reason = "changed"
        with pytest.raises(AuditTrailAppendOnly):
            entry.save()
        entry.refresh_from_db()
        assert entry.reason == "first"

    def test_a_new_instance_with_an_existing_id_does_not_overwrite(self):
        from django.db import IntegrityError, transaction

        entry = services.audit_record(actor=None, action="test.one")
        with pytest.raises(IntegrityError), transaction.atomic():
            AuditEvent(pk=entry.pk, action="test.forged").save()
        assert AuditEvent.objects.get(pk=entry.pk).action == "test.one"

    @pytest.mark.parametrize(
        "changes",
        [
            {"reason": "x"},
            {"action": "y"},
            {"created_at": timezone.now()},
            {"actor": None, "reason": ""},
        ],
    )
    def test_a_queryset_update_is_refused(self, changes):
        services.audit_record(actor=UserFactory(), action="test.one", reason="kept")
        with pytest.raises(AuditTrailAppendOnly):
            AuditEvent.objects.all().update(**changes)
        with pytest.raises(AuditTrailAppendOnly):
            AuditEvent.objects.filter(action="test.one").update(**changes)
        assert AuditEvent.objects.get().reason == "kept"

    def test_setting_another_actor_is_refused(self):
        entry = services.audit_record(actor=UserFactory(), action="test.one")
        with pytest.raises(AuditTrailAppendOnly):
            AuditEvent.objects.filter(pk=entry.pk).update(actor=UserFactory())

    def test_bulk_update_is_refused(self):
        entry = services.audit_record(actor=None, action="test.one")
        entry.action = "test.two"
        with pytest.raises(AuditTrailAppendOnly):
            AuditEvent.objects.bulk_update([entry], ["action"])
        assert AuditEvent.objects.get().action == "test.one"

    def test_deleting_an_entry_or_a_queryset_is_refused(self):
        entry = services.audit_record(actor=None, action="test.one")
        with pytest.raises(AuditTrailAppendOnly):
            entry.delete()
        with pytest.raises(AuditTrailAppendOnly):
            AuditEvent.objects.filter(pk=entry.pk).delete()
        with pytest.raises(AuditTrailAppendOnly):
            AuditEvent.objects.all().delete()
        assert AuditEvent.objects.filter(pk=entry.pk).exists()

    def test_the_retention_purge_deletes_only_expired_entries(self, settings):
        settings.AUDIT_RETENTION_DAYS = 100
        old = AuditEvent.objects.create(action="test.old", created_at=timezone.now() - 101 * DAY)
        young = AuditEvent.objects.create(action="test.young", created_at=timezone.now() - 99 * DAY)
        assert services.audit_events_purge() == 1
        assert not AuditEvent.objects.filter(pk=old.pk).exists()
        assert AuditEvent.objects.filter(pk=young.pk).exists()

    def test_deleting_an_actor_keeps_their_entries_without_them(self):
        person = UserFactory()
        other = UserFactory()
        mine = services.audit_record(actor=person, action="test.mine", target=other)
        theirs = services.audit_record(actor=other, action="test.theirs")
        person.delete()  # Django's SET_NULL: one queryset update of actor to NULL
        mine.refresh_from_db()
        assert mine.actor_id is None and mine.action == "test.mine"
        assert mine.actor_label == "former member"
        theirs.refresh_from_db()
        assert theirs.actor_id == other.pk

    def test_account_erasure_still_works(self):
        person = UserFactory()
        services.audit_record(actor=person, action="test.before")
        services.account_erase(actor=person, person=person, confirm_email=person.email)
        assert not User.objects.filter(pk=person.pk).exists()
        assert AuditEvent.objects.get(action="test.before").actor_label == "former member"
        assert AuditEvent.objects.get(action="account.erase").actor_label == "system"

    def test_entries_without_an_actor_are_the_system(self):
        made = services.audit_record(actor=None, action="test.one")
        assert made.system and made.actor_label == "system"
        AuditEvent.objects.bulk_create([AuditEvent(action="test.bulk")])
        assert AuditEvent.objects.get(action="test.bulk").system
        person = UserFactory(full_name="Ola Actor")
        assert services.audit_record(actor=person, action="test.two").actor_label == "Ola Actor"

    def test_the_admin_is_read_only(self, rf):
        request = rf.get("/admin/")
        request.user = HostAdminFactory()
        model_admin = admin_site._registry[AuditEvent]
        entry = services.audit_record(actor=None, action="test.one")
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request, entry)
        assert not model_admin.has_delete_permission(request, entry)

    def test_the_admin_pages_refuse_changes(self, client):
        admin = HostAdminFactory(is_staff=True)
        entry = services.audit_record(actor=None, action="test.one")
        client.force_login(admin)
        assert client.get(reverse("admin:accounts_auditevent_changelist")).status_code == 200
        assert client.get(reverse("admin:accounts_auditevent_add")).status_code == 403
        delete = reverse("admin:accounts_auditevent_delete", args=[entry.pk])
        assert client.post(delete, {"post": "yes"}).status_code == 403
        assert AuditEvent.objects.filter(pk=entry.pk).exists()


# --- Security events --------------------------------------------------------------------


def assert_no_secrets(entry, *secrets):
    text = repr((entry.reason, entry.data, entry.target_type, entry.target_id))
    for secret in secrets:
        assert secret not in text, (secret, text)


class TestSignInEvents:
    def test_a_password_sign_in_is_recorded_with_its_method(self, client):
        person = UserFactory(email="ada@riverside.example")
        response = client.post(LOGIN, {"login": person.email, "password": PASSWORD})
        assert response.status_code == 302
        (entry,) = entries("account.sign_in")
        assert entry.actor == person
        assert (entry.target_type, entry.target_id) == ("accounts.user", str(person.pk))
        assert entry.data == {"method": "password"}
        assert_no_secrets(entry, PASSWORD, person.email)

    def test_a_failed_sign_in_records_the_domain_only(self, client):
        person = UserFactory(email="ada@riverside.example")
        client.post(LOGIN, {"login": person.email, "password": "not-the-password"})
        (entry,) = entries("account.sign_in_failed")
        assert entry.actor is None
        assert entry.data == {"domain": "riverside.example"}
        assert_no_secrets(entry, "not-the-password", "ada@", "ada")
        assert not entries("account.sign_in")

    def test_an_unknown_address_is_recorded_the_same_way(self, client):
        client.post(LOGIN, {"login": "nobody@Elsewhere.Example", "password": "guess"})
        (entry,) = entries("account.sign_in_failed")
        assert entry.data == {"domain": "elsewhere.example"}
        assert_no_secrets(entry, "guess", "nobody")

    def test_what_is_not_an_address_is_not_recorded(self):
        from practice_commons.accounts.security_audit import attempted_domain

        assert attempted_domain({"email": "hunter2@x"}) == ""  # not an address
        assert attempted_domain({"username": "sam@leeds.gov.uk"}) == "leeds.gov.uk"
        assert attempted_domain({}) == ""

    def test_a_lockout_is_recorded(self, client, settings):
        person = UserFactory(email="ada@riverside.example")
        from .test_auth_flows import login_failed_limits

        _per_ip, per_key = login_failed_limits()
        for i in range(per_key):
            Client(REMOTE_ADDR=f"10.0.0.{i + 1}").post(
                LOGIN, {"login": person.email, "password": f"wrong-{i}"}
            )
        assert len(entries("account.sign_in_failed")) == per_key
        response = Client(REMOTE_ADDR="10.0.1.1").post(
            LOGIN, {"login": person.email, "password": PASSWORD}
        )
        assert "Too many failed login attempts" in response.content.decode()
        (entry,) = entries("account.sign_in_locked")
        assert entry.data == {"domain": "riverside.example"} and entry.actor is None
        assert_no_secrets(entry, PASSWORD, "ada@")
        assert not entries("account.sign_in")

    def test_sign_out_is_recorded(self, client):
        person = UserFactory()
        client.post(LOGIN, {"login": person.email, "password": PASSWORD})
        client.post(LOGOUT)
        (entry,) = entries("account.sign_out")
        assert entry.actor == person and entry.target_id == str(person.pk)

    def test_signing_out_after_deleting_ones_account_records_nothing_about_them(self, client):
        person = UserFactory()
        client.force_login(person)
        response = client.post(reverse("accounts:account_erase"), {"confirm_email": person.email})
        assert response.status_code == 302
        assert not entries("account.sign_out")
        assert not AuditEvent.objects.filter(actor_id=person.pk).exists()

    def test_a_password_change_is_recorded_without_the_passwords(self, client):
        person = UserFactory()
        client.force_login(person)
        new = "a-much-longer-new-passphrase"
        response = client.post(
            reverse("account_change_password"),
            {"oldpassword": PASSWORD, "password1": new, "password2": new},
        )
        assert response.status_code == 302, response.content.decode()[:500]
        (entry,) = entries("account.password_changed")
        assert entry.actor == person and entry.data == {"how": "changed"}
        assert_no_secrets(entry, PASSWORD, new)

    def test_two_factor_on_sign_in_with_it_and_off(
        self, client, fixed_counter, django_capture_on_commit_callbacks
    ):
        person = UserFactory(email="tomos@riverside.example")
        secret = open_activation(client, person).context["form"].secret
        with django_capture_on_commit_callbacks(execute=True):  # allauth signals on commit
            response = client.post(ACTIVATE, {"code": code_for(secret, fixed_counter)})
        assert response.status_code == 302
        activated = entries("account.mfa_activated")
        assert {e.data["type"] for e in activated} == {"totp", "recovery_codes"}
        assert all(e.actor == person for e in activated)
        for entry in activated:
            assert_no_secrets(entry, secret, code_for(secret, fixed_counter))

        client.post(LOGOUT)
        client.post(LOGIN, {"login": person.email, "password": PASSWORD})
        code = code_for(secret, fixed_counter)  # the counter is pinned: the same step
        response = client.post(AUTHENTICATE, {"code": code})
        assert response.status_code == 302, response.content.decode()[:500]
        latest = entries("account.sign_in")[-1]
        assert latest.data == {"method": "mfa", "mfa_type": "totp"}
        assert_no_secrets(latest, secret, code, PASSWORD)

        totp = Authenticator.objects.get(user=person, type=Authenticator.Type.TOTP)
        from allauth.mfa.base.internal.flows import delete_and_cleanup

        request = RequestFactory().post("/")
        request.user = person
        delete_and_cleanup(request, totp)
        removed = entries("account.mfa_deactivated")
        assert {e.data["type"] for e in removed} == {"totp", "recovery_codes"}


# --- The page ---------------------------------------------------------------------------


def signed_in(client, person):
    if person is not None:
        client.force_login(person)
    return client


class TestPagePermissions:
    @pytest.mark.parametrize("url", [AUDIT, EXPORT])
    def test_visitors_are_sent_to_sign_in(self, client, url):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN)

    @pytest.mark.parametrize("role", ["member", "non_member", "champion", "org_admin", "staff"])
    @pytest.mark.parametrize("url", [AUDIT, EXPORT])
    def test_everyone_but_host_admins_is_refused(self, client, role, url):
        from practice_commons.accounts.models import HostMembership

        person = {
            "member": lambda: UserFactory(),
            "non_member": lambda: UserFactory(host_membership=HostMembership.NON_MEMBER),
            "champion": lambda: UserFactory(org_role="champion"),
            "org_admin": lambda: OrgAdminFactory(),
            "staff": lambda: UserFactory(is_staff=True),
        }[role]()
        signed_in(client, person)
        before = AuditEvent.objects.count()
        assert client.get(url).status_code == 403
        assert AuditEvent.objects.count() == before  # no export recorded

    def test_host_admins_see_it(self, client):
        admin = HostAdminFactory()
        assert signed_in(client, admin).get(AUDIT).status_code == 200


def make_trail(admin):
    """A small trail: different actions, actors, targets and days."""
    alice = UserFactory(full_name="Alice Ames", email="alice@riverside.example")
    bob = UserFactory(full_name="Bob Banks", email="bob@hillside.example")
    gone = UserFactory(full_name="Gone Person")
    london = timezone.get_current_timezone()
    rows = [
        (alice, "account.sign_in", alice, datetime.datetime(2026, 3, 27, 9, 0, tzinfo=london)),
        (bob, "report.hide", alice, datetime.datetime(2026, 3, 28, 23, 30, tzinfo=london)),
        (
            None,
            "host_membership.expire",
            None,
            datetime.datetime(2026, 3, 29, 0, 30, tzinfo=london),
        ),
        (gone, "community.archive", None, datetime.datetime(2026, 3, 30, 12, 0, tzinfo=london)),
    ]
    made = []
    for actor, action, target, when in rows:
        made.append(
            AuditEvent.objects.create(
                actor=actor,
                action=action,
                target_type="accounts.user" if target else "",
                target_id=str(target.pk) if target else "",
                reason="Hidden after review" if action == "report.hide" else "",
                created_at=when,
            )
        )
    gone.delete()
    return {"alice": alice, "bob": bob, "made": made}


class TestPage:
    def actions(self, response):
        return [e.action for e in response.context["page_obj"].object_list]

    def test_newest_first_with_who_and_target(self, client):
        admin = HostAdminFactory()
        world = make_trail(admin)
        response = signed_in(client, admin).get(AUDIT)
        page = response.content.decode()
        # force_login's own sign-in entry is the newest.
        assert self.actions(response) == [
            "account.sign_in",
            "community.archive",
            "host_membership.expire",
            "report.hide",
            "account.sign_in",
        ]
        assert "Bob Banks" in page and "former member" in page and "system" in page
        assert f"accounts.user:{world['alice'].pk}" in page
        assert "Hidden after review" in page
        # 23:30 on 28 March 2026 in London (GMT) and 00:30 on 29 March (after the clocks
        # went forward the next day it is still GMT at that hour).
        assert "28 Mar 2026 23:30:00" in page

    def test_filters(self, client):
        admin = HostAdminFactory()
        world = make_trail(admin)
        signed_in(client, admin)
        assert self.actions(client.get(AUDIT, {"action": "report."})) == ["report.hide"]
        assert self.actions(client.get(AUDIT, {"actor": "HILLSIDE"})) == ["report.hide"]
        by_target = client.get(
            AUDIT, {"target_type": "accounts.user", "target_id": str(world["alice"].pk)}
        )
        assert self.actions(by_target) == ["report.hide", "account.sign_in"]
        one_day = client.get(AUDIT, {"date_from": "2026-03-28", "date_to": "2026-03-28"})
        assert self.actions(one_day) == ["report.hide"]
        since = client.get(AUDIT, {"date_from": "2026-03-29", "action": "host_membership"})
        assert self.actions(since) == ["host_membership.expire"]

    @pytest.mark.parametrize(
        ("query", "field", "message"),
        [
            (
                {"date_from": "2026-03-29", "date_to": "2026-03-28"},
                "date_to",
                "must be the same as or after",
            ),
            ({"action": "DROP TABLE;"}, "action", "Enter an action"),
            ({"date_from": "yesterday"}, "date_from", "as a real date"),
        ],
    )
    def test_bad_filters_say_what_is_wrong_and_show_nothing(self, client, query, field, message):
        admin = HostAdminFactory()
        make_trail(admin)
        response = signed_in(client, admin).get(AUDIT, query)
        assert response.status_code == 200
        assert response.context["page_obj"] is None
        assert message in str(response.context["form"].errors[field])
        page = response.content.decode()
        assert "govuk-error-summary" in page and "Correct the filters" in page
        # And the CSV of bad filters is not made: back to the page.
        before = AuditEvent.objects.count()
        exported = client.get(EXPORT, query)
        assert exported.status_code == 302 and exported["Location"].startswith(AUDIT)
        assert AuditEvent.objects.count() == before

    def test_pages_of_fifty(self, client):
        admin = HostAdminFactory()
        AuditEvent.objects.bulk_create(AuditEvent(action=f"test.{i}") for i in range(60))
        signed_in(client, admin)
        first = client.get(AUDIT, {"action": "test."})
        assert len(first.context["page_obj"].object_list) == 50
        second = client.get(AUDIT, {"action": "test.", "page": 2})
        assert len(second.context["page_obj"].object_list) == 10
        assert "action=test." in first.content.decode().split("page=2")[0].rsplit("href", 1)[1]

    @pytest.mark.parametrize("extra", [0, 120])
    def test_query_budget(self, client, extra, django_assert_max_num_queries):
        admin = HostAdminFactory()
        people = [UserFactory() for _ in range(5)]
        AuditEvent.objects.bulk_create(
            AuditEvent(actor=people[i % 5], action="test.x", target_type="t", target_id=str(i))
            for i in range(extra)
        )
        signed_in(client, admin)
        with django_assert_max_num_queries(8):
            assert client.get(AUDIT).status_code == 200
        with django_assert_max_num_queries(8):
            assert client.get(AUDIT, {"actor": "example", "page": 2}).status_code == 200
        with django_assert_max_num_queries(9):
            assert client.get(EXPORT).status_code == 200


class TestExport:
    def rows(self, response):
        return list(csv.reader(io.StringIO(response.content.decode())))

    def test_the_filtered_view_as_csv_and_the_export_is_audited(self, client):
        admin = HostAdminFactory()
        world = make_trail(admin)
        signed_in(client, admin)
        response = client.get(EXPORT, {"action": "report.", "actor": "hillside"})
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        assert response["Content-Disposition"].startswith("attachment;")
        header, *rows = self.rows(response)
        assert header == [
            "when",
            "who",
            "who_id",
            "action",
            "target_type",
            "target_id",
            "reason",
            "data",
        ]
        assert rows == [
            [
                "2026-03-28T23:30:00+00:00",
                "Bob Banks",
                str(world["bob"].pk),
                "report.hide",
                "accounts.user",
                str(world["alice"].pk),
                "Hidden after review",
                "{}",
            ]
        ]
        (entry,) = entries("audit.export")
        assert entry.actor == admin
        assert entry.data == {"filters": {"action": "report.", "actor_search": True}}
        assert "hillside" not in repr(entry.data)

    def test_the_whole_trail_and_formulas_are_defused(self, client):
        admin = HostAdminFactory()
        services.audit_record(actor=None, action="test.one", reason="=HYPERLINK(1)")
        signed_in(client, admin)
        _header, *rows = self.rows(client.get(EXPORT))
        reasons = {row[3]: row[6] for row in rows}
        assert reasons["test.one"] == "'=HYPERLINK(1)"
        assert "audit.export" not in reasons  # the export's own entry is not in it
        assert {row[1] for row in rows if row[3] == "test.one"} == {"system"}


# --- The database's own rule (PostgreSQL trigger, migration 0011) ------------------------


def skip_unless_postgres():
    from django.db import connection

    if connection.vendor != "postgresql":
        reason = (
            f"the audit trail's trigger exists only on PostgreSQL; this run uses "
            f"{connection.vendor}. Set DATABASE_URL=postgres://… to run it."
        )
        print(f"\nSKIPPED: {reason}")
        pytest.skip(reason)


def raw_sql(*statements):
    """Run ``statements`` (SQL, or (SQL, params)) in one transaction, past the ORM."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        for statement in statements:
            sql, params = statement if isinstance(statement, tuple) else (statement, ())
            cursor.execute(sql, params)


@pytest.mark.postgres
class TestDatabaseTrigger:
    """Raw SQL bypasses the model's rules; the trigger holds regardless."""

    @pytest.mark.parametrize(
        "sql",
        [
            "UPDATE accounts_auditevent SET reason = 'forged'",
            "UPDATE accounts_auditevent SET action = 'x', actor_id = NULL",
            "UPDATE accounts_auditevent SET created_at = now()",
        ],
    )
    def test_raw_updates_are_refused(self, sql):
        from django.db import DatabaseError

        skip_unless_postgres()
        services.audit_record(actor=UserFactory(), action="test.one", reason="kept")
        with pytest.raises(DatabaseError, match="cannot be changed"):
            raw_sql(sql)
        assert AuditEvent.objects.get().reason == "kept"

    def test_raw_delete_is_refused_even_of_an_expired_entry(self):
        from django.db import DatabaseError

        skip_unless_postgres()
        AuditEvent.objects.create(action="test.old", created_at=timezone.now() - 5000 * DAY)
        with pytest.raises(DatabaseError, match="retention purge"):
            raw_sql("DELETE FROM accounts_auditevent")
        assert AuditEvent.objects.filter(action="test.old").exists()

    def test_a_declared_cutoff_lets_only_older_entries_go(self):
        from django.db import DatabaseError

        skip_unless_postgres()
        AuditEvent.objects.create(action="test.old", created_at=timezone.now() - 10 * DAY)
        AuditEvent.objects.create(action="test.young", created_at=timezone.now() - DAY)
        cutoff = (timezone.now() - 5 * DAY).isoformat()
        declare = ("SELECT set_config('practice_commons.audit_purge_before', %s, true)", [cutoff])
        with pytest.raises(DatabaseError, match="retention purge"):
            raw_sql(declare, "DELETE FROM accounts_auditevent")
        assert AuditEvent.objects.count() == 2
        raw_sql(declare, ("DELETE FROM accounts_auditevent WHERE created_at < %s", [cutoff]))
        assert list(AuditEvent.objects.values_list("action", flat=True)) == ["test.young"]

    def test_the_purge_and_account_deletion_still_work(self, settings):
        skip_unless_postgres()
        settings.AUDIT_RETENTION_DAYS = 100
        person = UserFactory()
        AuditEvent.objects.create(action="test.old", created_at=timezone.now() - 101 * DAY)
        mine = services.audit_record(actor=person, action="test.mine")
        assert services.audit_events_purge() == 1
        person.delete()
        mine.refresh_from_db()
        assert mine.actor_id is None and mine.action == "test.mine"
