"""Read-only links: only the chosen records, no account needed, revoked at once,
expired on time, nothing reachable with a wrong token."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from practice_commons.accounts.tests.factories import UserFactory
from practice_commons.confidentiality.testing import assert_service_guarded, make_pdf
from practice_commons.core.errors import NotFound
from practice_commons.cpd import selectors, services
from practice_commons.cpd.models import CpdShare

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(social_worker, make_record, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    chosen = make_record(social_worker, final=True, title="Shared with my supervisor")
    services.evidence_add(
        actor=social_worker,
        record=chosen,
        label="Certificate",
        upload=SimpleUploadedFile("cert.pdf", make_pdf("Certificate of attendance")),
    )
    other = make_record(social_worker, title="Not for the supervisor")
    share, token = services.share_create(
        actor=social_worker, record_ids=[chosen.pk], recipient="my supervisor", days=30
    )
    return {"share": share, "token": token, "chosen": chosen, "other": other}


def test_the_link_shows_only_the_shared_records_without_an_account(client, shared):
    url = reverse("cpd:shared", args=[shared["token"]])
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Shared with my supervisor" in page and "Not for the supervisor" not in page
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    evidence = shared["chosen"].evidence.get()
    download = client.get(reverse("cpd:shared_evidence", args=[shared["token"], evidence.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    shared["share"].refresh_from_db()
    assert shared["share"].last_viewed_at is not None


def test_only_the_digest_is_stored(shared):
    share = CpdShare.objects.get()
    assert shared["token"] not in share.token_digest and len(share.token_digest) == 64


def test_revoking_stops_the_link_at_once(client, social_worker, shared):
    url = reverse("cpd:shared", args=[shared["token"]])
    assert client.get(url).status_code == 200
    client.force_login(social_worker)
    response = client.post(reverse("cpd:share_revoke", args=[shared["share"].pk]))
    assert response.status_code == 302
    client.logout()
    assert client.get(url).status_code == 404
    evidence = shared["chosen"].evidence.get()
    assert (
        client.get(reverse("cpd:shared_evidence", args=[shared["token"], evidence.pk])).status_code
        == 404
    )


def test_an_expired_link_is_404(client, shared):
    CpdShare.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert client.get(reverse("cpd:shared", args=[shared["token"]])).status_code == 404
    with pytest.raises(NotFound):
        selectors.share_for_token(shared["token"])


def test_wrong_tokens_and_other_evidence_are_404(client, social_worker, shared, make_record):
    assert client.get(reverse("cpd:shared", args=["not-a-token"])).status_code == 404
    assert client.get(reverse("cpd:shared", args=["x" * 300])).status_code == 404
    other_evidence = services.evidence_add(
        actor=social_worker, record=shared["other"], label="Notes", url="https://example.org/n"
    )
    url = reverse("cpd:shared_evidence", args=[shared["token"], other_evidence.pk])
    assert client.get(url).status_code == 404


def test_only_ones_own_records_can_be_shared(social_worker, shared):
    stranger = UserFactory()
    with pytest.raises(ValidationError):
        services.share_create(
            actor=stranger, record_ids=[shared["chosen"].pk], recipient="my manager"
        )
    with pytest.raises(ValidationError):
        services.share_create(actor=social_worker, record_ids=[], recipient="my manager")
    with pytest.raises(ValidationError):
        services.share_create(
            actor=social_worker, record_ids=[shared["chosen"].pk], recipient="x", days=365
        )
    with pytest.raises(NotFound):
        services.share_revoke(actor=stranger, share=shared["share"])
    assert_service_guarded(
        lambda text: services.share_create(
            actor=social_worker, record_ids=[shared["chosen"].pk], recipient=text[:120]
        ),
        model=CpdShare,
    )


def test_the_shares_page_makes_a_link_shown_once(client, social_worker, shared):
    client.force_login(social_worker)
    page = client.get(reverse("cpd:shares")).content.decode()
    assert "For my supervisor" in page and "Working" in page
    response = client.post(
        reverse("cpd:shares"),
        {"recipient": "my team manager", "records": [str(shared["other"].pk)], "days": "7"},
    )
    assert response.status_code == 200
    link = re.search(r'value="(http://testserver/cpd/shared/[^"]+/)"', response.content.decode())
    assert link, "the new link is shown"
    client.logout()
    page = client.get(link.group(1)).content.decode()
    assert "Not for the supervisor" in page and "Shared with my supervisor" not in page
    # Other people never see someone's shares page entries.
    client.force_login(UserFactory())
    assert "my supervisor" not in client.get(reverse("cpd:shares")).content.decode()
    assert client.post(reverse("cpd:share_revoke", args=[shared["share"].pk])).status_code == 404
