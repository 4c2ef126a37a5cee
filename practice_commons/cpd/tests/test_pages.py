"""Pages: who may open each (the owner; everyone else 404, signed out to sign-in), what
they show, writes through the forms (refused input changes nothing, the guard on every
field), and fixed query budgets for the list pages at two data sizes."""

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from practice_commons.accounts.tests.factories import HostAdminFactory, OrgAdminFactory, UserFactory
from practice_commons.confidentiality.testing import assert_form_view_guarded
from practice_commons.cpd import services
from practice_commons.cpd.models import CpdRecord, CpdShare, Evidence

from .conftest import REFLECTION

pytestmark = pytest.mark.django_db

SECRET = "My-private-learning-title"


@pytest.fixture
def world(social_worker, make_record):
    record = make_record(social_worker, title=SECRET, final=True)
    evidence = services.evidence_add(
        actor=social_worker, record=record, label="Certificate", url="https://example.org/c"
    )
    share, _token = services.share_create(
        actor=social_worker, record_ids=[record.pk], recipient="my supervisor"
    )
    return {
        "owner": social_worker,
        "record": record,
        "evidence": evidence,
        "share": share,
        "others": {
            "other member": UserFactory(),
            "organisation admin": OrgAdminFactory(organisation=social_worker.organisation),
            "host admin": HostAdminFactory(),
        },
    }


def _record_pages(record, evidence):
    return [
        reverse("cpd:detail", args=[record.pk]),
        reverse("cpd:edit", args=[record.pk]),
        reverse("cpd:finalise", args=[record.pk]),
        reverse("cpd:delete", args=[record.pk]),
        reverse("cpd:evidence_add", args=[record.pk]),
        reverse("cpd:evidence_download", args=[record.pk, evidence.pk]),
    ]


OWN_PAGES = [
    "cpd:list",
    "cpd:new",
    "cpd:progress",
    "cpd:pcf",
    "cpd:settings",
    "cpd:export",
    "cpd:shares",
]


def test_owner_opens_every_page(client, world):
    client.force_login(world["owner"])
    for name in OWN_PAGES:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
    for url in _record_pages(world["record"], world["evidence"])[:5]:
        assert client.get(url).status_code == 200, url
    assert SECRET in client.get(reverse("cpd:list")).content.decode()


def test_nobody_else_opens_or_changes_a_record(client, world):
    record, evidence = world["record"], world["evidence"]
    for role, user in world["others"].items():
        client.force_login(user)
        for url in _record_pages(record, evidence):
            assert client.get(url).status_code == 404, (role, url)
        for name in ("cpd:draft", "cpd:delete", "cpd:finalise"):
            response = client.post(reverse(name, args=[record.pk]))
            assert response.status_code == 404, (role, name)
        response = client.post(reverse("cpd:edit", args=[record.pk]), {"title": "Taken"})
        assert response.status_code == 404, role
        remove = reverse("cpd:evidence_remove", args=[record.pk, evidence.pk])
        assert client.post(remove).status_code == 404, role
        revoke = reverse("cpd:share_revoke", args=[world["share"].pk])
        assert client.post(revoke).status_code == 404, role
        for name in OWN_PAGES + ["cpd:export_csv", "cpd:export_json"]:
            response = client.get(reverse(name))
            assert SECRET not in response.content.decode(), (role, name)
    record.refresh_from_db()
    assert record.title == SECRET and record.status == "final"
    assert Evidence.objects.count() == 1 and CpdShare.objects.get().revoked_at is None


def test_signed_out_is_sent_to_sign_in(client, world):
    record, evidence = world["record"], world["evidence"]
    urls = [reverse(name) for name in OWN_PAGES] + _record_pages(record, evidence)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"], url


def test_cpd_is_not_in_the_django_admin(client, world):
    assert CpdRecord not in admin.site._registry and CpdShare not in admin.site._registry
    client.force_login(world["others"]["host admin"])
    assert "Cpd record" not in client.get(reverse("admin:index")).content.decode()


def test_the_form_has_the_prompts_and_the_guidance(client, social_worker):
    client.force_login(social_worker)
    page = client.get(reverse("cpd:new")).content.decode()
    for words in ("What? What you did", "So what? What you learnt", "Now what? How it changes"):
        assert words in page
    assert "without identifying anyone" in page
    assert "Professional Capabilities Framework domains" in page
    assert "Social Work England professional standards" in page


def test_new_edit_finalise_through_the_pages(client, social_worker):
    client.force_login(social_worker)
    today = timezone.localdate().isoformat()
    response = client.post(
        reverse("cpd:new"),
        {"title": "Team reflection", "activity_type": "supervision", "date": today, "hours": "1"},
    )
    record = CpdRecord.objects.get(user=social_worker)
    assert response.status_code == 302 and response["Location"] == record.get_absolute_url()
    finalise = reverse("cpd:finalise", args=[record.pk])
    page = client.get(finalise).content.decode()
    assert "cannot be final yet" in page and "what you learnt" in page
    assert client.post(finalise).status_code == 400
    record.refresh_from_db()
    assert record.status == "draft"
    data = {
        "title": "Team reflection",
        "activity_type": "supervision",
        "date": today,
        "hours": "1",
        "peer_reflection": "on",
        "peer_roles": "my team",
        "pcf_domains": ["6"],
        **REFLECTION,
    }
    assert client.post(reverse("cpd:edit", args=[record.pk]), data).status_code == 302
    assert client.post(finalise).status_code == 302
    record.refresh_from_db()
    assert record.status == "final" and record.pcf_domains == ["6"] and record.peer_reflection


def test_refused_input_shows_messages_and_changes_nothing(client, social_worker, make_record):
    record = make_record(social_worker)
    client.force_login(social_worker)
    future = (timezone.localdate() + timezone.timedelta(days=3)).isoformat()
    response = client.post(
        reverse("cpd:edit", args=[record.pk]),
        {"title": "Changed", "activity_type": "training", "date": future, "hours": "30"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "cannot be in the future" in page and "Error:" in page
    response = client.post(
        reverse("cpd:edit", args=[record.pk]),
        {"title": "Changed", "activity_type": "training", "date": record.date, "hours": "30"},
    )
    assert "more than 24 a day" in response.content.decode()
    response = client.post(
        reverse("cpd:edit", args=[record.pk]),
        {"title": "Changed", "activity_type": "training", "date": record.date, "hours": "-2"},
    )
    assert "cannot be negative" in response.content.decode()
    record.refresh_from_db()
    assert record.title == "Joint training on neglect"


@pytest.mark.parametrize(
    "field", ["title", "description", "what_learnt", "impact", "peer_roles", "peer_learning"]
)
def test_the_form_page_guards_every_field(client, social_worker, field):
    client.force_login(social_worker)
    data = {
        "title": "Course",
        "activity_type": "course",
        "date": timezone.localdate().isoformat(),
        "hours": "2",
        "peer_reflection": "on",
    }
    text = "Visited Jayden Okafor, NHS 943 476 5919" if field in ("title", "peer_roles") else None
    kwargs = {"text": text} if text else {}
    assert_form_view_guarded(client, reverse("cpd:new"), data, field, model=CpdRecord, **kwargs)


def test_list_is_cards_not_a_table(client, social_worker, make_record):
    make_record(social_worker)
    client.force_login(social_worker)
    page = client.get(reverse("cpd:list")).content.decode()
    assert "govuk-summary-card" in page and "<table" not in page


@pytest.mark.parametrize("name", ["cpd:list", "cpd:shares", "cpd:progress", "cpd:pcf"])
def test_list_pages_have_a_fixed_query_budget(
    client, social_worker, make_record, django_assert_max_num_queries, name
):
    client.force_login(social_worker)
    first = make_record(social_worker, pcf_domains=["1"])
    services.share_create(actor=social_worker, record_ids=[first.pk], recipient="my supervisor")
    with django_assert_max_num_queries(14):
        assert client.get(reverse(name)).status_code == 200
    for i in range(30):
        record = make_record(social_worker, title=f"Record {i}", pcf_domains=["2"])
        services.share_create(
            actor=social_worker, record_ids=[record.pk, first.pk], recipient=f"manager {i}"
        )
    with django_assert_max_num_queries(14):
        assert client.get(reverse(name)).status_code == 200


def test_shared_view_has_a_fixed_query_budget(
    client, social_worker, make_record, django_assert_max_num_queries
):
    records = [make_record(social_worker, title=f"R{i}") for i in range(3)]
    _share, token = services.share_create(
        actor=social_worker, record_ids=[r.pk for r in records], recipient="my supervisor"
    )
    url = reverse("cpd:shared", args=[token])
    with django_assert_max_num_queries(8):
        assert client.get(url).status_code == 200
    more = [make_record(social_worker, title=f"S{i}") for i in range(30)]
    _share, token = services.share_create(
        actor=social_worker, record_ids=[r.pk for r in more], recipient="my supervisor"
    )
    with django_assert_max_num_queries(8):
        assert client.get(reverse("cpd:shared", args=[token])).status_code == 200


def test_an_evidence_file_is_only_ever_a_private_download(client, world, settings, tmp_path):
    from django.core.files.base import ContentFile

    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    evidence = Evidence.objects.create(
        record=world["record"],
        kind="file",
        label="Certificate",
        file=ContentFile(b"<html><script>alert(1)</script></html>", name="cert.html"),
        file_name="cert.html",
    )
    url = reverse("cpd:evidence_download", args=[world["record"].pk, evidence.pk])
    client.force_login(world["owner"])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Cache-Control"] == "private, no-store"
    for other in world["others"].values():
        client.force_login(other)
        assert client.get(url).status_code == 404
