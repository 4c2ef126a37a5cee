"""CSV uploads (staff onboarding, the membership register) are checked by content and
size (core/uploads.py); a refused file changes nothing."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from practice_commons.accounts import services
from practice_commons.accounts.affiliation_forms import OnboardingUploadForm
from practice_commons.accounts.models import HostMembershipRecord, OnboardingImport
from practice_commons.accounts.register_forms import ImportForm

from .factories import OrgAdminFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

STAFF = b"name,email,profession,team\nAsha Patel,asha@leeds.gov.uk,,\n"
REGISTER = b"email,membership_number,valid_from,valid_until\nsam@example.org,CAPA-1,2026-04-01,\n"
HTML_AS_CSV = b"<!doctype html><script>alert(1)</script>"
PDF_AS_CSV = b"%PDF-1.7\n1 0 obj\n"


@pytest.fixture
def leeds():
    return OrganisationFactory(name="Leeds City Council", slug="leeds")


@pytest.fixture
def admin(leeds):
    return OrgAdminFactory(organisation=leeds)


def _onboard(admin, leeds, content):
    return services.onboarding_upload(
        actor=admin, organisation=leeds, file_name="staff.csv", content=content
    )


class TestOnboarding:
    def test_a_csv_is_accepted(self, admin, leeds):
        assert _onboard(admin, leeds, STAFF).pk
        assert OnboardingImport.objects.count() == 1

    @pytest.mark.parametrize("content", [HTML_AS_CSV, PDF_AS_CSV])
    def test_other_content_named_csv_is_refused_and_nothing_kept(self, admin, leeds, content):
        with pytest.raises(ValidationError) as exc:
            _onboard(admin, leeds, content)
        assert "must be a CSV file" in exc.value.message_dict["file"][0]
        assert not OnboardingImport.objects.exists()

    def test_over_the_limit_is_refused_and_nothing_kept(self, admin, leeds, settings):
        settings.UPLOAD_MAX_BYTES = {"onboarding_csv": len(STAFF) - 1}
        with pytest.raises(ValidationError, match="must be smaller than"):
            _onboard(admin, leeds, STAFF)
        assert not OnboardingImport.objects.exists()
        form = OnboardingUploadForm(files={"file": SimpleUploadedFile("staff.csv", STAFF)})
        assert not form.is_valid() and "must be smaller than" in form.errors["file"][0]


class TestRegister:
    def test_a_csv_is_accepted(self, host_admin):
        result = services.host_membership_import(actor=host_admin, csv_file=REGISTER)
        assert result.written and result.created == 1
        assert HostMembershipRecord.objects.filter(email="sam@example.org").exists()

    @pytest.mark.parametrize("content", [HTML_AS_CSV, PDF_AS_CSV])
    def test_other_content_named_csv_is_refused_and_nothing_kept(self, host_admin, content):
        result = services.host_membership_import(actor=host_admin, csv_file=content)
        assert not result.written and "must be a CSV file" in str(result.errors[0].message)
        assert not HostMembershipRecord.objects.filter(email="sam@example.org").exists()
        form = ImportForm(data={}, files={"csv_file": SimpleUploadedFile("list.csv", content)})
        assert not form.is_valid() and "must be a CSV file" in form.errors["csv_file"][0]

    def test_over_the_limit_is_refused_and_nothing_kept(self, host_admin, settings):
        settings.UPLOAD_MAX_BYTES = {"register_csv": len(REGISTER) - 1}
        result = services.host_membership_import(actor=host_admin, csv_file=REGISTER)
        assert not result.written and "must be smaller than" in str(result.errors[0].message)
        assert not HostMembershipRecord.objects.filter(email="sam@example.org").exists()
        form = ImportForm(data={}, files={"csv_file": SimpleUploadedFile("list.csv", REGISTER)})
        assert not form.is_valid() and "must be smaller than" in form.errors["csv_file"][0]
