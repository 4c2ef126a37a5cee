"""Registration-period progress, the PCF coverage, the organisation figure (only for 10
or more people) and the deadline reminders (idempotent)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from practice_commons.accounts.tests.factories import (
    OrgAdminFactory,
    OrganisationFactory,
    UserFactory,
)
from practice_commons.cpd import frameworks, progress, services
from practice_commons.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_only_final_records_in_the_period_count(social_worker, make_record):
    today = timezone.localdate()
    period = frameworks.SOCIAL_WORK_ENGLAND.period_for(today)
    make_record(social_worker)  # a draft
    make_record(social_worker, final=True, hours=Decimal("1.5"))
    before = period.start - dt.timedelta(days=1)
    make_record(social_worker, final=True, date=before, peer_reflection=True, title="Last year")
    current = progress.progress_for(social_worker, today=today)
    assert current.records_final == 1 and current.tally.drafts == 1
    assert current.hours == Decimal("1.5")
    assert not current.peer_reflection_met and not current.complete
    assert current.days_left == (period.end - today).days
    missing = [r.label for r in current.requirements if not r.met]
    assert missing == ["Final records", "Final records with peer reflection"]


def test_two_records_one_with_peer_reflection_go_green(client, social_worker, make_record):
    make_record(social_worker, final=True)
    make_record(social_worker, final=True, peer_reflection=True, activity_type="peer_reflection")
    current = progress.progress_for(social_worker)
    assert current.complete and current.peer_reflection_met
    assert current.as_api()["records_final"] == 2
    client.force_login(social_worker)
    page = client.get(reverse("cpd:progress")).content.decode()
    assert "Requirements met" in page and "pc-cpd-progress--met" in page


def test_hours_count_where_the_regulator_counts_them(make_record):
    user = UserFactory(regulator="niscc")
    make_record(user, final=True, hours=Decimal(20))
    current = progress.progress_for(user)
    assert current.as_api()["hours_required"] == 90.0 and current.hours == 20
    assert [r.met for r in current.requirements] == [False]


def test_pcf_coverage_this_period_and_all_time(client, social_worker, make_record):
    make_record(social_worker, pcf_domains=["1", "6"])
    make_record(social_worker, pcf_domains=["6"], date=dt.date(2020, 5, 1))
    _f, period = (
        frameworks.SOCIAL_WORK_ENGLAND,
        frameworks.SOCIAL_WORK_ENGLAND.period_for(timezone.localdate()),
    )
    rows = {c.domain.code: c for c in progress.pcf_coverage(social_worker, period)}
    assert (rows["6"].this_period, rows["6"].all_time) == (1, 2)
    assert (rows["1"].this_period, rows["9"].all_time) == (1, 0)
    assert rows["6"].group == "Practice"
    client.force_login(social_worker)
    page = client.get(reverse("cpd:pcf")).content.decode()
    assert "<svg" in page and "<table" in page and "Critical Reflection and Analysis" in page


def _staff(organisation, n, **kwargs):
    return [UserFactory(organisation=organisation, regulator="swe", **kwargs) for _ in range(n)]


def test_organisation_figure_only_for_ten_or_more(client, make_record):
    organisation = OrganisationFactory()
    admin = OrgAdminFactory(organisation=organisation, regulator="none")
    staff = _staff(organisation, 9)
    UserFactory(regulator="swe")  # not verified at this organisation
    figure = progress.organisation_peer_reflection(organisation)
    assert figure.suppressed and figure.met is None and figure.group_size == 9
    client.force_login(admin)
    url = reverse("cpd:organisation", args=[organisation.slug])
    assert url in client.get(reverse("cpd:list")).content.decode()  # linked for its admins
    page = client.get(url).content.decode()
    assert "Not shown" in page and "at least 10" in page
    staff += _staff(organisation, 1)
    for person in staff[:3]:
        make_record(person, final=True, peer_reflection=True)
    make_record(staff[3], final=False, peer_reflection=True)  # a draft does not count
    figure = progress.organisation_peer_reflection(organisation)
    assert (figure.suppressed, figure.group_size, figure.met) == (False, 10, 3)
    page = client.get(url).content.decode()
    assert ">10<" in page and ">3<" in page
    assert "Joint training" not in page  # never a record
    # Not the organisation's admin: 404.
    client.force_login(staff[0])
    assert client.get(url).status_code == 404


def test_reminders_go_once_to_people_with_something_missing(social_worker, make_record):
    period = frameworks.SOCIAL_WORK_ENGLAND.period_for(timezone.localdate())
    near = period.end - dt.timedelta(days=20)
    done = UserFactory(regulator="swe")
    make_record(done, final=True)
    make_record(done, final=True, peer_reflection=True, title="Peer")
    UserFactory(regulator="scw")  # nothing required: no reminder
    sent = services.cpd_reminders_send(today=near)
    assert sent == 1
    note = Notification.objects.get(recipient=social_worker)
    assert note.kind == "cpd_deadline" and "20 days left" in note.title
    assert note.url == reverse("cpd:progress")
    assert services.cpd_reminders_send(today=near) == 0  # idempotent
    assert services.cpd_reminders_send(today=near + dt.timedelta(days=1)) == 0  # same band
    assert services.cpd_reminders_send(today=period.end - dt.timedelta(days=7)) == 1
    early = period.end - dt.timedelta(days=100)
    assert services.cpd_reminders_send(today=early) == 0  # too early
    assert not Notification.objects.filter(recipient=done).exists()


def test_a_welsh_reader_is_reminded_in_welsh_whoever_runs_the_job(make_record):
    """The daily job has no reader of its own: each reminder is in its person's language."""
    from django.utils import translation
    from django.utils.translation import gettext, ngettext

    welsh = UserFactory(regulator="swe", language="cy")
    english = UserFactory(regulator="swe", language="en-gb")
    period = frameworks.SOCIAL_WORK_ENGLAND.period_for(timezone.localdate())
    near = period.end - dt.timedelta(days=20)
    assert services.cpd_reminders_send(today=near) == 2
    note = Notification.objects.get(recipient=welsh)
    with translation.override("cy"):
        expected = ngettext(
            "%(days)d day left in your CPD %(period)s",
            "%(days)d days left in your CPD %(period)s",
            20,
        ) % {"days": 20, "period": gettext("registration year")}
        still_to_do = gettext("Final records").lower()
    assert note.title == expected
    assert still_to_do in note.body
    english_note = Notification.objects.get(recipient=english)
    assert english_note.title == "20 days left in your CPD registration year"
    assert note.title != english_note.title
    assert "final records" in english_note.body


def test_reminders_only_against_a_known_deadline(make_record):
    user = UserFactory(regulator="niscc")
    guessed_end = frameworks.NISCC.period_for(timezone.localdate()).end
    assert services.cpd_reminders_send(today=guessed_end - dt.timedelta(days=5)) == 0
    ends = timezone.localdate() + dt.timedelta(days=30)
    services.settings_update(actor=user, period_ends_on=ends)
    assert services.cpd_reminders_send(today=timezone.localdate()) == 1
    note = Notification.objects.get(recipient=user)
    assert "30 days left" in note.title and "hours in final records" in note.body


def test_the_reminder_job_is_registered():
    from practice_commons.notifications.scheduler import schedule

    assert "cpd-reminders" in {job_id for job_id, _f, _t in schedule()}
