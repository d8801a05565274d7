from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "timetrack.accounts"
    label = "accounts"
