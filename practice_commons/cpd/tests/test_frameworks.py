"""The regulators' rules held as data: each registrant's period and requirements, and
each sees their own rules on the progress page."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from practice_commons.accounts.tests.factories import ProfessionFactory, UserFactory
from practice_commons.cpd import frameworks, progress, selectors, services

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "today, start, end",
    [
        (dt.date(2026, 12, 2), dt.date(2026, 12, 1), dt.date(2027, 11, 30)),
        (dt.date(2026, 11, 30), dt.date(2025, 12, 1), dt.date(2026, 11, 30)),
        (dt.date(2026, 12, 1), dt.date(2026, 12, 1), dt.date(2027, 11, 30)),
        (dt.date(2026, 3, 15), dt.date(2025, 12, 1), dt.date(2026, 11, 30)),
    ],
)
def test_social_work_england_year_runs_1_december_to_30_november(today, start, end):
    period = frameworks.SOCIAL_WORK_ENGLAND.period_for(today)
    assert (period.start, period.end) == (start, end)


def test_a_personal_period_rolls_to_the_one_holding_today():
    today = dt.date(2026, 12, 2)
    period = frameworks.SOCIAL_CARE_WALES.period_for(today, period_ends_on=dt.date(2024, 3, 31))
    assert (period.start, period.end) == (dt.date(2024, 4, 1), dt.date(2027, 3, 31))
    period = frameworks.SSSC.period_for(today, period_ends_on=dt.date(2027, 6, 30))
    assert (period.start, period.end) == (dt.date(2026, 7, 1), dt.date(2027, 6, 30))
    period = frameworks.SSSC.period_for(today, period_ends_on=dt.date(2029, 6, 30))
    assert (period.start, period.end) == (dt.date(2026, 7, 1), dt.date(2027, 6, 30))
    # Without one: the calendar year(s), and the page says so.
    period = frameworks.NISCC.period_for(today)
    assert (period.start, period.end) == (dt.date(2024, 1, 1), dt.date(2026, 12, 31))


def test_framework_from_regulator_then_profession():
    assert frameworks.framework_for(UserFactory(regulator="swe")) is frameworks.SOCIAL_WORK_ENGLAND
    assert frameworks.framework_for(UserFactory(regulator="sssc")) is frameworks.SSSC
    assert frameworks.framework_for(UserFactory(regulator="scw")) is frameworks.SOCIAL_CARE_WALES
    assert frameworks.framework_for(UserFactory(regulator="niscc")) is frameworks.NISCC
    assert frameworks.framework_for(UserFactory(regulator="nmc")) is frameworks.NMC
    assert frameworks.framework_for(UserFactory(regulator="hcpc")) is frameworks.HCPC
    teacher = UserFactory(regulator="none", profession=ProfessionFactory(name="Teacher"))
    assert frameworks.framework_for(teacher) is frameworks.TEACHERS
    police = UserFactory(regulator="none", profession=ProfessionFactory(name="Police officer"))
    assert frameworks.framework_for(police) is frameworks.POLICE
    visitor = UserFactory(regulator="none", profession=ProfessionFactory(name="Health visitor"))
    assert frameworks.framework_for(visitor) is frameworks.NMC
    youth = UserFactory(regulator="none", profession=ProfessionFactory(name="Youth worker"))
    assert frameworks.framework_for(youth) is frameworks.OWN_RECORD


def test_rules_are_data():
    swe = frameworks.SOCIAL_WORK_ENGLAND
    assert (swe.records_required, swe.peer_reflection_required, swe.hours_required) == (2, 1, None)
    assert frameworks.NISCC.hours_required == Decimal(90)
    assert frameworks.NISCC.period_years == 3
    nmc = frameworks.NMC
    assert (nmc.hours_required, nmc.records_required, nmc.peer_reflection_required) == (
        Decimal(35),
        5,
        1,
    )
    assert frameworks.SOCIAL_CARE_WALES.hours_required is None
    assert frameworks.HCPC.hours_required is None and frameworks.HCPC.period_years == 2
    assert frameworks.TEACHERS.hours_required is None
    assert len(frameworks.PCF_DOMAINS) == 9
    for f in frameworks.FRAMEWORKS.values():
        assert all(f.standard(code) for code in f.required_standards), f.key
        assert f.summary and f.rules


def test_the_year_parameter_picks_the_period_holding_that_deadline():
    user = UserFactory(regulator="swe")
    _f, period = selectors.framework_and_period(user, today=dt.date(2026, 12, 2), year=2026)
    assert (period.start, period.end) == (dt.date(2025, 12, 1), dt.date(2026, 11, 30))
    _f, period = selectors.framework_and_period(user, today=dt.date(2026, 12, 2))
    assert period.end == dt.date(2027, 11, 30)


def test_sssc_requirements_are_the_mandatory_learning(make_record):
    user = UserFactory(regulator="sssc")
    current = progress.progress_for(user)
    assert current.has_requirements and not current.complete
    assert {r.label for r in current.requirements} == {
        "Trauma awareness (mandatory)",
        "Adult support and protection (mandatory)",
        "Child protection (mandatory)",
    }
    for code in frameworks.SSSC.required_standards:
        make_record(user, final=True, standards=[code], title=f"Learning {code}")
    assert progress.progress_for(user).complete


def test_standards_must_be_the_persons_own_frameworks(make_record):
    from django.core.exceptions import ValidationError

    user = UserFactory(regulator="scw")
    with pytest.raises(ValidationError) as exc:
        make_record(user, standards=["swe-1"])
    assert "standards" in exc.value.message_dict
    swe = UserFactory(regulator="swe")
    assert make_record(swe, standards=["swe-4"]).standards == ["swe-4"]


def _progress_page(client, user):
    client.force_login(user)
    response = client.get(reverse("cpd:progress"))
    assert response.status_code == 200
    return response.content.decode()


def test_each_registrant_sees_their_own_rules(client):
    swe = _progress_page(client, UserFactory(regulator="swe"))
    assert "Social Work England" in swe and "30 November" in swe
    assert "peer reflection" in swe and "Final records" in swe
    assert "SSSC" not in swe and "Social Care Wales" not in swe

    sssc = _progress_page(client, UserFactory(regulator="sssc"))
    assert "Continuous Professional Learning" in sssc and "no hour count" in sssc
    assert "trauma awareness" in sssc.lower()
    assert "Social Work England" not in sssc
    assert "Set your renewal date" in sssc  # no fixed year: asks for the date

    scw = _progress_page(client, UserFactory(regulator="scw"))
    assert "Social Care Wales" in scw and "no set hours" in scw
    assert "Nothing is counted for you" in scw
    assert "Social Work England" not in scw

    for page in (swe, sssc, scw):
        assert "check them with" in page  # domain.md says *check*


def test_setting_the_renewal_date_moves_the_period(client):
    user = UserFactory(regulator="niscc")
    services.settings_update(
        actor=user, period_ends_on=timezone.localdate() + dt.timedelta(days=40)
    )
    current = progress.progress_for(user)
    assert current.days_left == 40 and not current.period_is_default
    client.force_login(user)
    response = client.post(reverse("cpd:settings"), {"period_ends_on": "1999-01-01"})
    assert response.status_code == 200 and "within the last year" in response.content.decode()
    assert progress.progress_for(user).days_left == 40


def test_a_change_of_regulator_leaves_earlier_standards_editable(make_record):
    user = UserFactory(regulator="swe")
    record = make_record(user, standards=["swe-4"])
    user.regulator = "scw"
    user.save(update_fields=["regulator"])
    record.user.refresh_from_db()
    updated = services.record_update(actor=user, record=record, data={"what_learnt": "Still mine."})
    assert updated.standards == ["swe-4"] and updated.what_learnt == "Still mine."
