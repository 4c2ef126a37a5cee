from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "practice_commons.accounts"
    verbose_name = "Accounts and organisations"
