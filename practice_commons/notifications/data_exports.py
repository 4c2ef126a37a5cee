"""Telling a person that their data archive is ready, and deleting old archives.

``accounts`` builds subject-access archives and sits below us: it sends
``personal_data_export_ready`` after commit, with ids only, and this thin receiver
records one notification with the download link. The daily deletion of archives past
their seven days runs from here too: a task that calls accounts'
``personal_data_exports_expire``, on the scheduler at 01:15 UK time.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy
from django_tasks import task

from practice_commons.accounts import services as account_services
from practice_commons.accounts import signals as account_signals

from . import services
from .kinds import NotificationKind
from .scheduler import register_job


@task()
def expire_personal_data_exports() -> int:
    return account_services.personal_data_exports_expire()


def on_ready(sender, *, export_id: int, user_id: int, **kwargs) -> None:
    services.notify(
        recipient=user_id,
        kind=NotificationKind.PERSONAL_DATA,
        title=gettext_lazy("Your data is ready to download"),
        body=gettext_lazy(
            "The copy of your data you asked for is ready. Download it from your profile "
            "within 7 days; after that it is deleted and you can ask again."
        ),
        url=reverse("accounts:personal_data_download", kwargs={"export_id": export_id}),
        dedupe_key=f"personal-data:{export_id}",
    )


def register() -> None:
    account_signals.personal_data_export_ready.connect(
        on_ready, dispatch_uid="notifications.personal_data_export_ready"
    )
    register_job(
        "personal-data-export-expiry", expire_personal_data_exports.enqueue, hour=1, minute=15
    )
