from django.apps import AppConfig


class KpisConfig(AppConfig):
    name = "timetrack.kpis"
    label = "kpis"
    verbose_name = "Indicateurs"
