from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "practice_commons.accounts"
    verbose_name = "Accounts and organisations"

    def ready(self):
        from . import (
            handlers,  # noqa: F401 - connects the sign-in receiver
            receivers,  # noqa: F401 - matches the register to verified addresses
            security_audit,  # noqa: F401 - sign-ins, passwords, two-factor in the audit trail
            sso,  # noqa: F401 - affiliation from a single sign-on's verified address
        )
