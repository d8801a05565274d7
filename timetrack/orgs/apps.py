from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "timetrack.orgs"
    label = "orgs"
    verbose_name = "Organisations"
