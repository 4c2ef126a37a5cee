"""The CPD form can be kept on the device to write a reflection offline (core/pwa.py)."""

import pytest

pytestmark = pytest.mark.django_db


def test_new_record_form_can_be_kept_and_drafted_offline(client, user):
    client.force_login(user)
    body = client.get("/cpd/new/").content.decode()
    assert "data-offline-save" in body
    assert "Keep this form on this device to write offline" in body
    assert 'data-offline-draft="CPD reflection"' in body


def test_visitor_is_sent_to_sign_in(client):
    response = client.get("/cpd/new/")
    assert response.status_code == 302 and "/account/login/" in response["Location"]
